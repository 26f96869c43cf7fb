"""Clean: Document → CleanText, the article with its header line and web-page chrome blanked out.

Input: a `Document`. Output: a `CleanText` whose `text` has exactly the length of `doc.text`: removed
characters are replaced by "\\n" (whole lines) or " " (chrome glued to the end of a line), every other
character is unchanged. Offsets into `CleanText.text` therefore ARE offsets into `Document.text`:
`to_original` is the identity (kept as a method so that callers do not rely on it).

What is removed (patterns in the versioned data file `kg/rules/boilerplate.json`, not in code):
  1. the header line (everything before `doc.body_start`);
  2. lines that are known chrome anywhere: "Get Apps", "< Go back", cookie banners, "Advertisement",
     search-box words, lines made only of share-button names ("X / Wechat / Weibo"), lines that are only a
     timestamp ("2025.03.19 11:53", "Updated: March 19, 2025");
  3. in the head (the lines before the first real paragraph, at most `head.max_lines` non-empty lines;
     no head when there is no real paragraph), lines of at most `head.max_words` words: site names,
     slogans, section names;
  4. short lines (≤ `recurring_max_words` words, no final punctuation, no colon) that occur more than once;
  5. a section block: from a line like "Related News:", "Tags: ...", "Comment", "Site Map" up to the next
     real paragraph, or to the end of the text (so the related-links / tags / comments / search-box tail
     of a page goes, and so does each page's tail when several pages are concatenated in one file);
  6. chrome glued after the final punctuation of a line ("...issues raised.Get Apps").
A real paragraph is a line of ≥ `real_paragraph_min_words` words ending with . ! or … (quotes allowed).
The passes are repeated until nothing changes, so cleaning is idempotent.

`line_breaks` are the offsets of the "\\n" ending each kept line after which a new sentence must start
(the nlp stage forces a sentence start at the first token after each). A line end is NOT a break when the
next line follows directly and starts with a lowercase letter, or when the text looks hard-wrapped
(most lines about equally long, ≤ 100 characters) and the line is long and lacks final punctuation.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

from kg.formats import DATE_RE, TIME_RE
from kg.model import Document

RULES_PATH = Path(__file__).parent / "rules" / "boilerplate.json"
_FINAL = re.compile(r"[.!?…][\"'”’»)\]]*$")
_REAL_END = re.compile(r"[.!…][\"'”’»)\]]*$")
_LINE = re.compile(r"[^\n]+")
_NOT_NL = re.compile(r"[^\n]")


@dataclass(frozen=True)
class CleanText:
    """The text spaCy parses: same length as `Document.text`, chrome blanked (see the module docstring)."""

    text: str
    line_breaks: tuple[int, ...] = ()  # offsets i with text[i] == "\n" after which a sentence must start
    removed: tuple[tuple[int, int], ...] = ()  # (begin, end) spans that were blanked (header included)
    rules_version: str = ""  # version of kg/rules/boilerplate.json
    sentence_starts: tuple[int, ...] = ()  # offsets where a sentence must start (after a wire dateline)

    def to_original(self, i: int) -> int:
        """Offset in `Document.text` of offset `i` of this text (0 ≤ i ≤ len(text))."""
        if not 0 <= i <= len(self.text):
            raise IndexError(f"offset {i} outside 0..{len(self.text)}")
        return i

    def span_to_original(self, begin: int, end: int) -> tuple[int, int]:
        """Span of `Document.text` for span [begin, end) of this text."""
        if not 0 <= begin <= end <= len(self.text):
            raise IndexError(f"span {begin}..{end} outside 0..{len(self.text)}")
        return begin, end


@dataclass(frozen=True)
class Rules:
    version: str
    line: re.Pattern[str]
    section: re.Pattern[str]
    share: re.Pattern[str]
    timestamp: re.Pattern[str]
    glued: re.Pattern[str]
    head_lines: int
    head_words: int
    real_words: int
    recurring_words: int


def _alt(patterns) -> str:
    return "(?:" + "|".join(f"(?:{p})" for p in patterns) + ")"


@lru_cache(maxsize=8)
def load_rules(path: str | None = None) -> Rules:
    """The boilerplate rules from `path` (default: the bundled kg/rules/boilerplate.json)."""
    data = json.loads(Path(path or RULES_PATH).read_text(encoding="utf-8"))
    button = _alt(re.escape(b) for b in sorted(data["share_buttons"], key=len, reverse=True))
    sep = r"(?:\s*[|/·•,:]\s*|\s+)"  # exactly one way to match: no backtracking blow-up
    label = _alt(re.escape(x) for x in data["timestamp_labels"])
    glued = _alt(data["glued_patterns"]["patterns"])
    return Rules(
        version=data["version"],
        line=re.compile(_alt(data["line_patterns"]), re.IGNORECASE),
        section=re.compile(_alt(data["section_patterns"]), re.IGNORECASE),
        share=re.compile(rf"{button}(?:{sep}{button})*\s*[|/·•,:]?", re.IGNORECASE),
        timestamp=re.compile(rf"(?:{label}\s*:?\s*)?(?:{DATE_RE.pattern})(?:{TIME_RE.pattern})?\s*",
                             re.IGNORECASE),
        glued=re.compile(rf"(?<=[.!?…\"'”’»)\]])[ \t]*{glued}(?:[ \t]*{glued})*[ \t]*$"),
        head_lines=data["head"]["max_lines"], head_words=data["head"]["max_words"],
        real_words=data["real_paragraph_min_words"],
        recurring_words=data["recurring_max_words"])


def rules_version() -> str:
    return load_rules().version


def chrome_line(line: str, rules: Rules | None = None) -> bool:
    """Whether a whole line is known chrome anywhere in a page (rule 2 of the module docstring)."""
    rules = rules or load_rules()
    norm = " ".join(line.split())
    return bool(norm) and any(p.fullmatch(norm) for p in (rules.line, rules.share, rules.timestamp))


def _lines(text: str) -> list[tuple[int, int, str]]:
    """(begin, end, whitespace-normalised content) of every line that is not blank."""
    out = []
    for m in _LINE.finditer(text):
        norm = " ".join(m.group().split())
        if norm:
            out.append((m.start(), m.end(), norm))
    return out


def _pass(text: str, rules: Rules) -> list[tuple[int, int, str]]:
    """One pass of rules 2–6: the (begin, end, fill character) spans to blank."""
    lines = _lines(text)
    words = [n.count(" ") + 1 for _, _, n in lines]
    drop = {k for k, (_, _, n) in enumerate(lines) if chrome_line(n, rules)}
    real = [k not in drop and words[k] >= rules.real_words and bool(_REAL_END.search(n))
            for k, (_, _, n) in enumerate(lines)]
    first_real = next((k for k, r in enumerate(real) if r), 0)  # no real paragraph: no head
    drop |= {k for k in range(min(first_real, rules.head_lines)) if words[k] <= rules.head_words}
    short = {k for k, (_, _, n) in enumerate(lines) if words[k] <= rules.recurring_words
             and not _FINAL.search(n) and not n.endswith(":") and not n[0].isdigit()}
    counts = Counter(lines[k][2] for k in short)
    drop |= {k for k in short if counts[lines[k][2]] > 1}
    k = 0
    while k < len(lines):  # rule 5: a section block runs up to the next real paragraph
        if not real[k] and rules.section.fullmatch(lines[k][2]):
            while k < len(lines) and not real[k]:
                drop.add(k)
                k += 1
        k += 1
    spans = [(lines[k][0], lines[k][1], "\n") for k in sorted(drop)]
    for k, (s, e, _) in enumerate(lines):
        line = text[s:e]
        if k not in drop and not _FINAL.search(line.rstrip()):
            m = rules.glued.search(line)
            if m and line[:m.start()].strip():
                spans.append((s + m.start(), e, " "))
    return spans


def _apply(text: str, spans: list[tuple[int, int, str]]) -> tuple[str, list[tuple[int, int]]]:
    """`text` with each span's characters other than "\n" replaced by its fill; the spans that changed."""
    pieces, pos, changed = [], 0, []
    for b, e, fill in sorted(spans):
        b = max(b, pos)
        if b >= e:
            continue
        old = text[b:e]
        new = _NOT_NL.sub(fill, old)
        if new != old:
            changed.append((b, e))
        pieces += [text[pos:b], new]
        pos = e
    pieces.append(text[pos:])
    return "".join(pieces), changed


def _line_breaks(text: str) -> tuple[int, ...]:
    lines = _lines(text)
    if not lines:
        return ()
    widths = sorted(len(n) for _, _, n in lines)
    width = widths[int(0.9 * (len(widths) - 1))]
    joined = [n for (_, e, n), (b, _, _) in pairwise(lines) if b == e + 1]
    wrapped = len(lines) >= 6 and width <= 100 and sum(len(n) >= 0.8 * width for n in joined) >= 0.5 * len(lines)
    breaks = []
    for (_, e, n), (b, _, nxt) in pairwise(lines + [(len(text) + 2, 0, "")]):
        if e >= len(text):
            continue
        if b == e + 1 and (nxt[0].islower() or (wrapped and not _FINAL.search(n) and len(n) >= 0.6 * width)):
            continue
        breaks.append(e)
    return tuple(breaks)


_SPACES = {c: " " for c in (0x00A0, 0x2007, 0x2009, 0x200A, 0x202F, 0x205F, 0x3000, 0x200B, 0xFEFF)}


# A wire dateline opening the body: "KYIV, March 18 (Reuters) -", "ISTANBUL, May 16 (AP) —"
DATELINE = re.compile(r"^\s*[A-Z][A-Za-z/.' -]{1,40},\s+((?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8})"
                      r"(?:,?\s+\d{4})?)\s*(?:\(|[-\u2013\u2014])")
_AGENCY_DATELINE = re.compile(r"^[A-Z][A-Z/.' -]{1,40}(?:,\s+[A-Z][A-Za-z.' -]{1,30})?"  # "KYIV, Ukraine (AP) —"
                              r"\s+\([A-Za-z.& ]{1,20}\)\s*[-\u2013\u2014]")
_SLASH_DATELINE = re.compile(r"^[A-Z][A-Z.' -]{1,40},\s+(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8})\.?"
                             r"\s+/[A-Za-z-]{2,20}/\.?\s+(?=\S)")  # "MOSCOW, March 13. /TASS/. Russia…"
_DATELINE_END = re.compile(r"^\s*[^\n]{1,80}?\s[-\u2013\u2014]+\s+(?=\S)")  # up to the dash after the agency


def _dateline_start(text: str, lines: int = 3) -> tuple[int, ...]:
    """Where the first sentence after a wire dateline starts ("ISTANBUL, May 16 (Reuters) - Russia…": the
    offset of "Russia"), so that the parser does not read the dateline as part of that sentence. The
    dateline opens the body: one of the first `lines` non-blank lines (title lines may come first)."""
    pos = 0
    for _ in range(lines):
        first = pos + len(text[pos:]) - len(text[pos:].lstrip())
        if first >= len(text):
            return ()
        line_end = text.find("\n", first)
        line = text[first:line_end if line_end >= 0 else len(text)]
        slash = _SLASH_DATELINE.match(line)
        if slash and slash.end() < len(line):
            return (first + slash.end(),)
        if DATELINE.match(line) or _AGENCY_DATELINE.match(line):
            m = _DATELINE_END.match(line)
            return (first + m.end(),) if m and m.end() < len(line) else ()
        ends = line.rstrip()[-1:]
        if line_end < 0 or ends in (".", "!", '"', "\u201d") or (ends == "?" and len(line.split()) > 20):
            return ()  # a sentence: the body has begun without a dateline (a title line has no full stop; it
            # may ask a question: "FACTBOX-What did Trump and Putin agree on in their call?")
        pos = line_end
    return ()


def clean(doc: Document) -> CleanText:
    """Blank the header line and page chrome of `doc` (see the module docstring); never raises on any text."""
    rules = load_rules()
    text, removed = _apply(doc.text, [(0, max(0, min(doc.body_start, len(doc.text))), "\n")])
    for _ in range(10):  # a pass exposes no new chrome in practice; the loop only guarantees idempotence
        text, changed = _apply(text, _pass(text, rules))
        if not changed:
            break
        removed += changed
    merged: list[tuple[int, int]] = []
    for b, e in sorted(removed):
        if merged and b <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((b, e))
    text = text.translate(_SPACES)  # no-break and thin spaces parse as spaces; same length, same offsets
    return CleanText(text, _line_breaks(text), tuple(merged), rules.version, sentence_starts=_dateline_start(text))
