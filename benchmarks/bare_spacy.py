"""The baseline: bare spaCy over the same articles kg builds.

Input (argv): article files or folders (`python -m benchmarks.bare_spacy benchmarks/corpus/n300`), optional
`--model NAME` and `--batch-size N`. Output: one line on stdout, `docs=<n> tokens=<t> seconds=<s>`.
It loads the same installed pipeline kg uses (kg.nlp.model_name: KG_MODEL / en_core_web_sm / its
re-upload), without kg's additions (line-break sentence starts, gazetteer span ruler), reads each file as
UTF-8 text and runs `nlp.pipe` over all of them; nothing is written. This is the floor kg is compared to.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import spacy

from kg.nlp import model_name


def texts(paths: list[str]) -> list[str]:
    """The texts of the files (folders walked recursively, sorted; hidden files skipped)."""
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files += sorted(f for f in p.rglob("*") if f.is_file() and not f.name.startswith("."))
        else:
            files.append(p)
    return [f.read_text(encoding="utf-8", errors="replace") for f in files]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.bare_spacy", description=__doc__.splitlines()[0])
    ap.add_argument("inputs", nargs="+")
    ap.add_argument("--model", default=None)
    ap.add_argument("--batch-size", type=int, default=32)
    args = ap.parse_args(argv)
    t = time.perf_counter()
    nlp = spacy.load(model_name(args.model))
    docs = texts(args.inputs)
    tokens = sum(len(doc) for doc in nlp.pipe(docs, batch_size=args.batch_size))
    print(f"docs={len(docs)} tokens={tokens} seconds={time.perf_counter() - t:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
