"""The extraction cache's key (kg.cache): content, rules, model and kg's extraction code.

Input: a copy of the kg package in a temporary folder. Output: pytest results.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from kg import cache as kg_cache
from kg.model import Document


def test_the_cache_key_changes_with_the_extraction_code(tmp_path):
    root = tmp_path / "kg"
    shutil.copytree(Path(kg_cache.__file__).parent, root, ignore=shutil.ignore_patterns("__pycache__"))
    before = kg_cache.code_version(root)
    assert kg_cache.code_version(root) == before
    (root / "extract" / "stances.py").write_text((root / "extract" / "stances.py").read_text() + "\n# changed\n")
    assert kg_cache.code_version(root) != before
    changed = kg_cache.code_version(root)
    (root / "report" / "html.py").write_text("# not extraction code\n")
    assert kg_cache.code_version(root) == changed


def test_the_key_depends_on_content_rules_model_and_code(monkeypatch):
    doc = Document("a.txt", "a.txt", "Trump called Putin.", None)
    key = kg_cache.Cache(None, "r1", "m1").key(doc)
    assert kg_cache.Cache(None, "r1", "m1").key(doc) == key
    assert kg_cache.Cache(None, "r2", "m1").key(doc) != key
    assert kg_cache.Cache(None, "r1", "m2").key(doc) != key
    assert kg_cache.Cache(None, "r1", "m1").key(Document("a.txt", "a.txt", "Trump called Zelensky.", None)) != key
    monkeypatch.setattr(kg_cache, "code_version", lambda: "another")
    assert kg_cache.Cache(None, "r1", "m1").key(doc) != key
