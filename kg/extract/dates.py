"""Resolve date expressions against the article's date.

Input: the text of a DATE entity ("on March 19", "Feb. 12", "on Tuesday", "yesterday", "the previous day"),
the article's date, and whether the clause speaks of the future. Output: a datetime.date or None.
Durations ("30 days", "1.5-hour") and vague periods ("last week", "in February") give None.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

MONTHS = {m: i + 1 for i, m in enumerate(
    "january february march april may june july august september october november december".split())}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
WEEKDAYS = {d: i for i, d in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())}
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
    if _DURATION.search(t) or ref is None:
        return None
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


def is_relative_anaphor(text: str) -> bool:
    """'that day', 'the same day', 'the previous day': dates that refer to a date already mentioned."""
    return bool(re.search(r"\b(that|the same|the previous|the following|the next) day\b", text.lower()))


def shift_anaphor(text: str, anchor: date) -> date:
    t = text.lower()
    if "previous" in t:
        return anchor - timedelta(days=1)
    if "following" in t or "next" in t:
        return anchor + timedelta(days=1)
    return anchor
