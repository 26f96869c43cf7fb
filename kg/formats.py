"""Input formats: bytes → decoded text, header / dateline → date and title, HTML → article text, JSON Lines → records.

Input: the raw bytes or decoded text of one file. Output: plain values (str, date, dicts); problems raise
`InputRejected` (E102, E103, E107) or come back as warning strings (W101, W102). `kg.ingest` assembles them.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import charset_normalizer

from kg.errors import InputRejected, KgError

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
#: A date inside a line: 2025.03.19 / 2025-03-19 / 2025/3/19, March 19, 2025 / Mar. 19 2025, 19 March 2025,
#: 03/19/2025 (slashes: month first, as US sites write, unless the first number cannot be a month) and
#: 19.03.2025 (dots: day first, as European sites write, unless the second number cannot be a month).
DATE_RE = re.compile(
    r"(?<![\d.])(?P<y>(?:19|20)\d\d)[./-](?P<m>\d{1,2})[./-](?P<d>\d{1,2})(?!\d)"
    rf"|\b(?P<mon>{_MONTH})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>(?:19|20)\d\d)(?!\d)"
    rf"|(?<![\d.])(?P<d3>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mon3>{_MONTH})\.?,?\s+(?P<y3>(?:19|20)\d\d)(?!\d)"
    r"|(?<![\w./])(?P<a4>\d{1,2})(?P<sep4>[./])(?P<b4>\d{1,2})(?P=sep4)(?P<y4>(?:19|20)\d\d)(?![\d./])",
    re.IGNORECASE)
#: A clock time after a date: 11:53, 11:53:07, 9:05 a.m. GMT, T11:53:00Z, 11:53 UTC+3.
TIME_RE = re.compile(r"(?:[T\s,|·-]|\bat\b)*\d{1,2}:\d\d(?::\d\d(?:\.\d+)?)?\s*(?:[ap]\.?m\.?)?"
                     r"\s*(?:Z|[A-Z]{2,5}(?:[+-]\d{1,2}(?::?\d\d)?)?|[+-]\d\d:?\d\d)?", re.IGNORECASE)
HEADER_RE = re.compile(r"\A\s*date:?[ \t]+(\d{4}-\d{1,2}-\d{1,2})(?:[ \t]+([^\n]*))?[ \t]*(?:\n|\Z)",
                       re.IGNORECASE)
DATELINE_LINES = 15  # how many non-empty lines are searched for a dateline
TITLE_WORDS = (4, 30)  # a title heuristically taken from the text has this many words
_HTML_START = re.compile(r"\A\s*<(?:!doctype\s+html|html)\b", re.IGNORECASE)
_CONTROL = set(range(0x09)) | set(range(0x0E, 0x20)) | {0x7F}
_CONTROL_BYTES = bytes(sorted(_CONTROL))
_CONTROL_CHARS = re.compile("[" + "".join(f"\\x{c:02x}" for c in sorted(_CONTROL)) + "]")
_PREFERRED = ("cp1252", "iso8859_15", "latin_1")  # reported instead of an equivalent guess


def date_from_match(m: re.Match[str]) -> date | None:
    """The date a DATE_RE match denotes, or None if impossible (2025-02-30)."""
    try:
        if m.group("y"):
            return date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        if m.group("mon"):
            return date(int(m.group("y2")), MONTHS[m.group("mon")[:3].lower()], int(m.group("d2")))
        if m.group("mon3"):
            return date(int(m.group("y3")), MONTHS[m.group("mon3")[:3].lower()], int(m.group("d3")))
        a, b, year = int(m.group("a4")), int(m.group("b4")), int(m.group("y4"))
        month_first = (m.group("sep4") == "/" and a <= 12) or b > 12
        return date(year, a, b) if month_first else date(year, b, a)
    except ValueError:
        return None


def parse_date(value: str) -> date | None:
    """A date from a metadata string: ISO (`2025-03-19`, `2025-03-19T10:00Z`) or any DATE_RE format."""
    m = DATE_RE.search(value.strip()[:64])
    return date_from_match(m) if m else None


@dataclass(frozen=True)
class Header:
    date_text: str
    date: date | None
    title: str | None
    body_start: int


def parse_header(text: str) -> Header | None:
    """The optional first line `date YYYY-MM-DD <headline>` (leading whitespace allowed), or None."""
    m = HEADER_RE.match(text)
    if not m:
        return None
    y, mo, d = (int(x) for x in m.group(1).split("-"))
    try:
        day: date | None = date(y, mo, d)
    except ValueError:
        day = None
    title = (m.group(2) or "").strip() or None
    return Header(m.group(1), day, title, m.end())


def _nonempty_lines(text: str, start: int, limit: int) -> Iterator[str]:
    n = 0
    for line in text[start:].split("\n"):
        if line.strip():
            yield line.strip()
            n += 1
            if n >= limit:
                return


#: A wire dateline without its year: `MOSCOW, March 18 (Reuters) -`, `MOSCOW, March 21. /TASS/.`
YEARLESS_RE = re.compile(rf"^[A-Z][A-Za-z./ '-]{{1,40}},\s+(?P<mon>{_MONTH})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b"
                         r"(?!,?\s*(?:19|20)\d\d)", re.IGNORECASE)
YEAR_RE = re.compile(r"(?<![\d.,/-])(?:19|20)\d\d(?![\d.,/-]\d)")


def find_dateline(text: str, start: int = 0) -> date | None:
    """The first possible date in the first DATELINE_LINES non-empty lines from `start`, where the line is
    short (≤ 12 words) or the date begins within its first 40 characters (`KYIV, March 19, 2025 -- ...`).
    Else a wire dateline without its year (`MOSCOW, March 18 (Reuters) -`) in the year the text names
    most often (the latest of equals); no year named, no date."""
    lines = list(_nonempty_lines(text, start, DATELINE_LINES))
    for line in lines:
        for m in DATE_RE.finditer(line):
            if len(line.split()) <= 12 or m.start() <= 40:
                day = date_from_match(m)
                if day:
                    return day
    for line in lines:
        m = YEARLESS_RE.match(line)
        if m:
            years = Counter(int(y) for y in YEAR_RE.findall(text))
            if not years:
                return None
            year = max(years, key=lambda y: (years[y], y))
            try:
                return date(year, MONTHS[m.group("mon")[:3].lower()], int(m.group("d")))
            except ValueError:
                return None
    return None


def guess_title(text: str, start: int, is_chrome) -> str | None:
    """The first line of 4–30 words among the first DATELINE_LINES non-empty lines that is neither page
    chrome (`is_chrome(line)`) nor a dateline; None if there is none."""
    for line in _nonempty_lines(text, start, DATELINE_LINES):
        if TITLE_WORDS[0] <= len(line.split()) <= TITLE_WORDS[1] and not is_chrome(line):
            return line
    return None


def decode(data: bytes, where: str) -> tuple[str, list[str]]:
    """Bytes → text with CRLF/CR normalised to LF and any BOM stripped, plus warnings (W102).
    UTF-8/16/32 with a BOM and BOM-less UTF-8 are decoded strictly; anything else is guessed with
    charset-normalizer. Raises E102 (NUL bytes, control characters) or E103 (nothing decodes)."""
    boms = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
            (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
    warnings: list[str] = []
    encoding = next((enc for bom, enc in boms if data.startswith(bom)), None)
    if encoding is None:
        _check_binary(data[:8192], b"\x00" in data, where)
    try:
        text = data.decode(encoding or "utf-8")
    except UnicodeDecodeError as exc:
        if encoding:
            raise InputRejected("E103", f"not valid {encoding} despite its byte-order mark ({exc.reason})",
                                "re-save the file as UTF-8", path=where) from None
        text, encoding = _guess(data, where)
        warnings.append(str(KgError("W102", f"decoded as {encoding} (fallback)",
                                    "re-save the file as UTF-8", path=where)))
    text = text.lstrip("\ufeff")
    _check_binary(text[:8192], "\x00" in text, where)
    return text.replace("\r\n", "\n").replace("\r", "\n"), warnings


def _check_binary(head: bytes | str, has_nul: bool, where: str) -> None:
    if isinstance(head, bytes):  # counted in C: deleting them, or matching them
        controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    else:
        controls = len(_CONTROL_CHARS.findall(head))
    if has_nul or (controls >= 3 and controls > 0.05 * len(head)):
        what = "NUL bytes" if has_nul else f"{controls} control characters in its first 8 KB"
        raise InputRejected("E102", f"looks binary ({what})",
                            "pass text, HTML or JSON Lines files; UTF-16 text needs a byte-order mark", path=where)


def _guess(data: bytes, where: str) -> tuple[str, str]:
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise InputRejected("E103", "not UTF-8 and no other encoding decodes it sensibly",
                            "re-save the file as UTF-8", path=where)
    text = str(best)
    for enc in _PREFERRED:  # charset-normalizer may name cp1250 where cp1252 gives the same text
        try:
            if data.decode(enc) == text:
                return text, enc
        except UnicodeDecodeError:
            continue
    return text, best.encoding


def looks_html(text: str, suffix: str) -> bool:
    return suffix in (".html", ".htm") or bool(_HTML_START.match(text[:512]))


def extract_html(html: str, where: str) -> tuple[str, str | None, date | None, str | None]:
    """HTML → (main text, title, date, url) with trafilatura; E107 if no article text is found.
    A fresh deduplication cache per page: trafilatura's shared one drops text seen in earlier calls."""
    import trafilatura  # here: a quarter of a second to import, and most corpora hold no HTML
    from trafilatura.deduplication import LRUCache

    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True,
                               deduplicate=LRUCache(maxsize=1024)) or ""
    if len(text.split()) < 5 or sum(c.isalpha() for c in text) < 20:
        raise InputRejected("E107", "HTML page without article text (only navigation or boilerplate)",
                            "save the article page itself, or its text", path=where)
    meta = trafilatura.extract_metadata(html)
    title = day = url = None
    if meta is not None:
        title = (meta.title or "").strip() or None
        day = parse_date(meta.date) if meta.date else None
        url = meta.url or None
    return text.replace("\r\n", "\n").replace("\r", "\n"), title, day, url


def json_records(text: str, where: str) -> Iterator[tuple[int, dict | InputRejected]]:
    """(line number, record or E108 rejection) for each non-blank line of JSON Lines. A file holding one
    JSON array (or object) is also accepted: the number is then the element's position (1-based)."""
    try:
        whole = json.loads(text)
    except ValueError:
        whole = None
    if isinstance(whole, (list, dict)):
        items = list(enumerate(whole if isinstance(whole, list) else [whole], start=1))
    else:
        items = []
        for n, line in enumerate(text.split("\n"), start=1):
            if not line.strip():
                continue
            try:
                items.append((n, json.loads(line)))
            except ValueError as exc:
                items.append((n, InputRejected("E108", f"bad JSON: {exc.msg} (column {exc.colno})",
                                               "fix or remove this line", path=f"{where}:{n}")))
    for n, rec in items:
        if isinstance(rec, InputRejected):
            yield n, rec
        elif not isinstance(rec, dict):
            yield n, InputRejected("E108", f"a JSON {type(rec).__name__}, not an object",
                                   'write one {"text": ...} object per line', path=f"{where}:{n}")
        elif not isinstance(rec.get("text"), str) or not rec["text"].strip():
            yield n, InputRejected("E108", 'missing or empty "text"', 'every record needs a "text" string',
                                   path=f"{where}:{n}")
        else:
            yield n, rec
