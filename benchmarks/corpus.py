"""Synthetic benchmark corpora: numbered copies of the seed articles.

Input: a folder, a number of articles N (and the seeds folder). Output: N files `<n>_<seed>.txt` in the
folder, each a copy of one seed (alternating) whose first line is the kg header
`date YYYY-MM-DD <title> #n` (a distinct title per copy) and whose body gains one unique sentence, so no
two articles share content and no per-article cache can short-circuit a build. `write_corpus` reuses an
existing folder when it already holds exactly these N files (same manifest), else rewrites it.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
HEADER_PREFIX = "date "


def seed_texts(seeds: Path = SEEDS) -> list[tuple[str, str, str]]:
    """(stem, date, body) of each seed, sorted by name; a seed without a header gets the 2025-03-19 date."""
    out = []
    for path in sorted(seeds.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        first, _, rest = text.partition("\n")
        words = first.strip().split(" ", 2)
        if first.strip().startswith(HEADER_PREFIX) and len(words) >= 2:
            date, body = words[1], rest
        else:
            date, body = "2025-03-19", text
        out.append((path.stem, date, body))
    return out


def article(n: int, seeds: list[tuple[str, str, str]]) -> tuple[str, str]:
    """(file name, text) of article number n: a copy of seed n % len(seeds) with a distinct header."""
    stem, date, body = seeds[n % len(seeds)]
    day = dt.date.fromisoformat(date) + dt.timedelta(days=n % 28)
    title = f"Benchmark copy of {stem} number {n}"
    unique = f"\nThis benchmark copy carries the serial number {n} and no other claim.\n"
    return f"{n:06d}_{stem}.txt", f"{HEADER_PREFIX}{day.isoformat()} {title} #{n}\n{body.rstrip()}\n{unique}"


def write_corpus(folder: Path, n: int, seeds: Path = SEEDS, start: int = 0) -> list[Path]:
    """Write articles start..start+n-1 into `folder` (emptied first unless it already matches)."""
    folder = Path(folder)
    items = [article(i, seed_texts(seeds)) for i in range(start, start + n)]
    digest = hashlib.sha256("\0".join(name + "\0" + text for name, text in items).encode()).hexdigest()
    manifest = folder / ".manifest"
    if manifest.is_file() and manifest.read_text() == digest:
        return [folder / name for name, _ in items]
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for name, text in items:
        (folder / name).write_text(text, encoding="utf-8")
    manifest.write_text(digest)
    return [folder / name for name, _ in items]


def word_count(paths: list[Path]) -> int:
    """Whitespace-separated words in the files (the words/s denominator)."""
    return sum(len(p.read_text(encoding="utf-8").split()) for p in paths)
