"""Ingest: input paths (files or folders) → Documents, rejections and warnings.

Input: paths. Output: `read_inputs` → (documents sorted by id, InputRejected list, warning strings);
`read_file` → the Documents of one file (raises InputRejected).

Files: .txt .text .md (plain text), .html .htm (or any text starting with `<!doctype html` / `<html`),
.jsonl .ndjson .json (JSON Lines; a .json file may also hold one array of records). A file named
explicitly with another extension is rejected (E109); inside folders (walked recursively, in sorted order,
hidden files and folders skipped, symlinked folders not followed) such files are skipped with one W105
warning per folder.

Document.text is the decoded text exactly as read, BOM stripped and CRLF/CR normalised to LF: every
offset of later stages counts characters of that text. For HTML it is trafilatura's extracted main text.
  * date and title: a first line `date YYYY-MM-DD <headline>` (leading whitespace allowed) gives both,
    `body_start` is the offset after it (an impossible date → W101, no date, title kept). Otherwise the
    date is the first dateline in the first 15 non-empty lines (kg.formats.find_dateline) and the title
    the first line of 4–30 words there that is not page chrome (kg.formats.guess_title). HTML: title and
    date from trafilatura's metadata first; JSON Lines: the record's `date`, `title`, `url` fields first.
  * ids: a file's name ("000_x.txt"). When several inputs share a name, each of them gets its shortest
    path suffix that tells them apart ("a/x.txt", "b/x.txt"). JSON Lines records: the record's `id`, else
    "<file id>#<line>". Any id still repeated gets "~2", "~3"... in input order (W106).
  * rejected: E101 empty / whitespace only, E102 binary, E103 undecodable, E104 not English (on the first 2,000
    cleaned characters with ≥ 200 letters: accepted at once when a quarter of the words are English function
    words, else langdetect with a fixed seed, rejected when P(en) < 0.5),
    E105 larger than max_bytes, E106 unreadable (missing, dangling symlink, not a regular file, OS error),
    E107 no article text (header only, only page chrome, HTML without article), E108 bad JSON Lines record
    (that line only), E109 unsupported file type.
"""
from __future__ import annotations

import os
import re
import stat
from collections import Counter
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from langdetect import DetectorFactory, detect_langs
from langdetect.lang_detect_exception import LangDetectException

from kg import formats
from kg.clean import chrome_line, clean
from kg.errors import InputRejected, KgError
from kg.model import Document

TEXT_SUFFIXES = (".txt", ".text", ".md")
HTML_SUFFIXES = (".html", ".htm")
JSON_SUFFIXES = (".jsonl", ".ndjson", ".json")
SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + JSON_SUFFIXES
LANG_SAMPLE, LANG_MIN_LETTERS, LANG_MIN_PROB = 2000, 200, 0.5
# English's commonest function words: in English news they are 35–50 % of the words, in other languages
# (French, German, Spanish, Dutch, Italian: under 5 %) almost absent. A sample above ENGLISH_SHARE is
# accepted at once; anything else goes to langdetect (43 ms an article: 4 % of a build before this).
ENGLISH_WORDS = frozenset(
    "the of and to a in that is was for on with as by at from it he she his her its they their be has have "
    "had were are will would said not but this an which who after been".split())
ENGLISH_SHARE = 0.25
_WORD = re.compile(r"[^\W\d_]+")


def _safe(s: str) -> str:
    """A file name fit for ids and one-line messages (undecodable bytes and line breaks escaped)."""
    s = s.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return s.replace("\n", "\\n").replace("\r", "\\r")


def read_file(path: str | Path, *, max_bytes: int = 5_000_000, language_check: bool = True) -> list[Document]:
    """The Documents of one file (several for JSON Lines); raises the file's first InputRejected, also when
    only one JSON Lines record is bad (`read_inputs` keeps the good records instead)."""
    docs, rejected = _read(Path(path), _safe(Path(path).name), max_bytes, language_check)
    if rejected:
        raise rejected[0]
    return _unique(docs)[0]


def read_inputs(paths: Iterable[str | Path], *, max_bytes: int = 5_000_000, language_check: bool = True,
                defer_text_checks: bool = False) -> tuple[list[Document], list[InputRejected], list[str]]:
    """Documents (sorted by id, ids unique), rejections and warnings for files and folders `paths`.

    defer_text_checks: the checks that need the cleaned text (E107 only chrome, E104 not English; see
    check_text) are left to the caller for text and HTML files (kg.pipeline runs them on the articles its
    cache does not know, with the text it cleans for the NLP anyway); JSON Lines records are checked here."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    files, rejected, warnings = _collect(paths)
    docs: list[Document] = []
    for path, name in zip(files, _names(files), strict=True):
        got, bad = _read(path, name, max_bytes, language_check, defer_text_checks)
        docs += got
        rejected += bad
        warnings += [w for d in got for w in d.warnings]
    docs, renamed = _unique(docs)
    return sorted(docs, key=lambda d: d.id), rejected, warnings + renamed


def _unique(docs: list[Document]) -> tuple[list[Document], list[str]]:
    """Give repeated ids a "~2", "~3"... suffix in input order (W106)."""
    seen: Counter[str] = Counter(d.id for d in docs)
    count: Counter[str] = Counter()
    out, warnings = [], []
    for d in docs:
        count[d.id] += 1
        if count[d.id] > 1:
            k = count[d.id]
            while f"{d.id}~{k}" in seen:
                k += 1
            new = f"{d.id}~{k}"
            seen[new] += 1
            w = str(KgError("W106", f"id {d.id!r} already used; this one is {new!r}", path=d.path))
            d = Document(new, d.path, d.text, d.date, d.title, d.url, d.body_start, d.warnings + (w,))
            warnings.append(w)
        out.append(d)
    return out, warnings


def _collect(paths: Iterable[str | Path]) -> tuple[list[Path], list[InputRejected], list[str]]:
    files: list[Path] = []
    rejected: list[InputRejected] = []
    warnings: list[str] = []
    for p in map(Path, paths):
        if not p.is_dir():
            files.append(p)
            continue
        skipped: list[str] = []

        def vanished(err: OSError) -> None:
            rejected.append(InputRejected("E106", f"cannot list folder ({err.strerror or err})",
                                          "check that it exists and is readable", path=_safe(str(err.filename))))

        for root, dirs, names in os.walk(p, onerror=vanished):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for n in sorted(names):
                if n.startswith("."):
                    continue
                (files if n.lower().endswith(SUFFIXES) else skipped).append(Path(root, n))
        if skipped:
            shown = ", ".join(_safe(str(s.relative_to(p))) for s in skipped[:5]) + (", ..." if len(skipped) > 5 else "")
            warnings.append(str(KgError("W105", f"{len(skipped)} file(s) with unsupported extensions: {shown}",
                                        f"kg reads {' '.join(SUFFIXES)}", path=_safe(str(p)))))
    unique, real = [], set()
    for f in files:  # the same file named twice (explicitly and through its folder) is read once
        key = os.path.realpath(f)
        if key not in real:
            real.add(key)
            unique.append(f)
    return unique, rejected, warnings


def _names(files: list[Path]) -> list[str]:
    """File names, or the shortest distinguishing path suffixes for names shared by several files."""
    names = [f.name for f in files]
    for name, n in Counter(names).items():
        if n < 2:
            continue
        group = [i for i, x in enumerate(names) if x == name]
        parts = {i: files[i].absolute().parts for i in group}
        for k in range(2, max(len(v) for v in parts.values()) + 1):
            tails = {i: "/".join(parts[i][-k:]) for i in group}
            if len(set(tails.values())) == len(group):
                break
        for i in group:
            names[i] = tails[i]
    return [_safe(n) for n in names]


def _load(path: Path, max_bytes: int) -> bytes:
    where = _safe(str(path))
    try:
        st = path.stat()
    except OSError as exc:
        what = "dangling symbolic link" if path.is_symlink() else (exc.strerror or str(exc)).lower()
        raise InputRejected("E106", f"cannot read ({what})", "check the path", path=where) from None
    if stat.S_ISDIR(st.st_mode):
        raise InputRejected("E109", "is a folder", "pass folders to read_inputs", path=where)
    if not stat.S_ISREG(st.st_mode):
        raise InputRejected("E106", "not a regular file (FIFO, socket or device)", "pass a regular file", path=where)
    if not path.name.lower().endswith(SUFFIXES):
        raise InputRejected("E109", f"unsupported extension {path.suffix or '(none)'!r}",
                            f"kg reads {' '.join(SUFFIXES)}; rename plain text to .txt", path=where)
    hint = f"raise --max-bytes (now {max_bytes}) or split the file"
    if st.st_size > max_bytes:
        raise InputRejected("E105", f"{st.st_size} bytes > {max_bytes}", hint, path=where)
    try:
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise InputRejected("E106", f"cannot read ({exc.strerror or exc})", "check its permissions",
                            path=where) from None
    if len(data) > max_bytes:
        raise InputRejected("E105", f"more than {max_bytes} bytes", hint, path=where)
    return data


def _read(path: Path, name: str, max_bytes: int, language_check: bool, defer: bool = False,
          ) -> tuple[list[Document], list[InputRejected]]:
    where = _safe(str(path))
    try:
        data = _load(path, max_bytes)
        if not data.strip():
            raise InputRejected("E101", "0 bytes" if not data else "only whitespace", "remove it", path=where)
        text, warnings = formats.decode(data, where)
        if not text.strip():
            raise InputRejected("E101", "only whitespace", "remove it", path=where)
        suffix = path.suffix.lower()
        if suffix in JSON_SUFFIXES:
            return _records(text, path, name, warnings, language_check)
        if formats.looks_html(text, suffix):
            body, title, day, url = formats.extract_html(text, where)
            return [_document(name, where, body, warnings, language_check, day, title, url, check=not defer)], []
        return [_document(name, where, text, warnings, language_check, check=not defer)], []
    except InputRejected as exc:
        return [], [exc]


def _records(text: str, path: Path, name: str, warnings: list[str], language_check: bool
             ) -> tuple[list[Document], list[InputRejected]]:
    docs, rejected = [], []
    where = _safe(str(path))
    for n, rec in formats.json_records(text, where):
        if isinstance(rec, InputRejected):
            rejected.append(rec)
            continue
        w = list(warnings)
        day = None
        if isinstance(rec.get("date"), str) and rec["date"].strip():
            day = formats.parse_date(rec["date"])
            if day is None:
                w.append(str(KgError("W104", f"line {n}: date {rec['date'][:40]!r} not understood; record kept "
                                     "without a date", "write dates as YYYY-MM-DD", path=where)))
        rid = rec.get("id")
        rid = _safe(str(rid)) if isinstance(rid, (str, int)) and not isinstance(rid, bool) and str(rid) else None
        title = rec["title"].strip() or None if isinstance(rec.get("title"), str) else None
        url = rec["url"].strip() or None if isinstance(rec.get("url"), str) else None
        body = rec["text"].replace("\r\n", "\n").replace("\r", "\n")
        try:
            docs.append(_document(rid or f"{name}#{n}", where, body, w, language_check, day, title, url,
                                  where=f"{where}:{n}"))
        except InputRejected as exc:
            rejected.append(exc)
    return docs, rejected


def _document(doc_id: str, path: str, text: str, warnings: list[str], language_check: bool,
              day: date | None = None, title: str | None = None, url: str | None = None,
              where: str | None = None, check: bool = True) -> Document:
    """A Document from decoded text: header, dateline and title heuristics, then (check) check_text."""
    where = where or path
    warnings = list(warnings)
    body_start = 0
    header = formats.parse_header(text)
    if header:
        body_start = header.body_start
        if header.date is None:
            warnings.append(str(KgError("W101", f"{header.date_text}; article kept without a date", path=where)))
        day = day or header.date
        title = title or header.title
        if not text[body_start:].strip():
            raise InputRejected("E107", "only a header line, no article text", "add the article text", path=where)
    if day is None and not (header and header.date is None):
        day = formats.find_dateline(text, body_start)
    title = title or formats.guess_title(text, body_start, chrome_line)
    doc = Document(doc_id, path, text, day, title, url, body_start, tuple(warnings))
    if check:
        check_text(clean(doc).text, language_check, where)
    return doc


def check_text(cleaned: str, language_check: bool, where: str) -> None:
    """The checks on an article's cleaned text (kg.clean): E107 when nothing but page chrome is left,
    E104 when it is not English (with language_check). Raises InputRejected naming `where`."""
    sample = " ".join(cleaned.split())
    if not _letters(sample, 1):
        raise InputRejected("E107", "no article text (only page chrome)", "check the file", path=where)
    if language_check:
        _check_language(sample[:LANG_SAMPLE], where)


def _letters(sample: str, enough: int) -> bool:
    """At least `enough` letters in sample (stops counting there)."""
    n = 0
    for c in sample:
        if c.isalpha():
            n += 1
            if n >= enough:
                return True
    return False


def _check_language(sample: str, where: str) -> None:
    if not _letters(sample, LANG_MIN_LETTERS):
        return
    words = _WORD.findall(sample.lower())
    if words and sum(w in ENGLISH_WORDS for w in words) >= ENGLISH_SHARE * len(words):
        return
    DetectorFactory.seed = 0
    try:
        langs = detect_langs(sample)
    except LangDetectException:
        return
    p_en = next((x.prob for x in langs if x.lang == "en"), 0.0)
    if p_en < LANG_MIN_PROB:
        top = langs[0]
        raise InputRejected("E104", f"detected {top.lang!r} (p={top.prob:.2f}), English p={p_en:.2f}",
                            "kg extracts from English text only; translate it or disable the language check",
                            path=where)
