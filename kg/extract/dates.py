"""Resolve date expressions against the article's date.

Input: the text of a DATE entity ("on March 19", "Feb. 12", "on Tuesday", "yesterday", "the previous day"),
the article's date, and whether the clause speaks of the future. Output: a datetime.date or None.
Durations ("30 days", "1.5-hour") and vague periods ("last week", "in February") give None.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

MONTHS = {m: i + 1 for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"])}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
WEEKDAYS = {d: i for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_MD = re.compile(_MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4}))?")
_DM = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r"(?:,?\s+(\d{4}))?")
_ISO = re.compile(r"\b(\d{4})[-./](\d{1,2})[-./](\d{1,2})\b")
_DURATION = re.compile(r"\b\d+(\.\d+)?[\s-]*(day|days|hour|hours|week|weeks|month|months|year|years|minute|minutes)\b")


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _year_for(month: int, day: int, ref: date, future: bool) -> int:
    """The year that puts month/day nearest the article: a past event lies before it, a future one after."""
    candidate = _safe(ref.year, month, day)
    if candidate is None:
        return ref.year
    if not future and candidate > ref + timedelta(days=7):
        return ref.year - 1
    if future and candidate < ref - timedelta(days=7):
        return ref.year + 1
    return ref.year


def resolve_date(text: str, ref: date | None, future: bool = False) -> date | None:
    """The calendar date an expression names, or None when it names no single day."""
    t = text.lower().strip()
    m = _ISO.search(t)
    if m:
        return _safe(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    for rx, month_group, day_group in ((_MD, 1, 2), (_DM, 2, 1)):
        m = rx.search(t)
        if m:
            month = MONTHS.get(m.group(month_group).rstrip(".")[:4]) or MONTHS.get(m.group(month_group)[:3])
            day = int(m.group(day_group))
            if month is None:
                continue
            if m.group(3):
                return _safe(int(m.group(3)), month, day)
            if ref is None:
                return None
            return _safe(_year_for(month, day, ref, future), month, day)
    if is_relative_anaphor(t) or ref is None:
        return None
    if _DURATION.search(t) and not re.search(r"\b(ago|earlier|later)\b", t):
        return None
    m = re.search(rf"\b{_COUNT} (day|week)s? ago\b", t)
    if m:
        n = int(m.group(1)) if m.group(1).isdigit() else _COUNTS[m.group(1)]
        return ref - timedelta(days=n * (7 if m.group(2) == "week" else 1))
    if re.search(r"\bnext (monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", t):
        future = True
    if re.search(r"\b(today|tonight|this morning|this evening)\b", t):
        return ref
    if re.search(r"\byesterday\b", t):
        return ref - timedelta(days=1)
    if re.search(r"\btomorrow\b", t):
        return ref + timedelta(days=1)
    for name, wd in WEEKDAYS.items():
        if re.search(rf"\b{name}\b", t):
            delta = (ref.weekday() - wd) % 7
            if future:
                return ref + timedelta(days=(wd - ref.weekday()) % 7)
            return ref - timedelta(days=delta)
    return None


_COUNT = r"(a|an|one|two|three|four|five|six|seven|\d+)"
_RELATIVE = re.compile(
    r"\b(that|the same|the previous|the following|the next) day\b|\bthe day (before|after)\b|"
    rf"\b{_COUNT} days? (earlier|later|before|after)\b")
_COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}


def is_relative_anaphor(text: str) -> bool:
    """'that day', 'the previous day', 'the day before', 'two days earlier': relative to a date already named."""
    return bool(_RELATIVE.search(text.lower()))


def shift_anaphor(text: str, anchor: date) -> date:
    t = text.lower()
    m = re.search(rf"\b{_COUNT} days? (earlier|later|before|after)\b", t)
    n = (int(m.group(1)) if m.group(1).isdigit() else _COUNTS[m.group(1)]) if m else 1
    if "previous" in t or "before" in t or "earlier" in t:
        return anchor - timedelta(days=n)
    if "following" in t or "next" in t or "after" in t or "later" in t:
        return anchor + timedelta(days=n)
    return anchor
