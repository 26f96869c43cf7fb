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


def _extraction(doc: Document):
    from kg.model import DocExtraction, Evidence, Proposal

    x = DocExtraction(doc)
    x.proposals.append(Proposal("proposal|donald-trump|energy|P30D", ["donald-trump"], "stop strikes on energy",
                                "energy", [Evidence(doc.id, 0, 19, doc.text[:19])] * 3, "P30D"))
    return x


def test_entries_are_compressed_and_read_back_whole_or_packed(tmp_path):
    """put writes the zlib-compressed pickle (kg.merge.Packed's format) and returns it; get gives the equal
    extraction, or with packed=True those bytes unopened (the merge unpacks them)."""
    import pickle

    from kg.merge import Packed

    doc = Document("a.txt", "a.txt", "Trump called Putin. " * 200, None)
    store = kg_cache.Cache(tmp_path, "r1", "m1")
    x = _extraction(doc)
    blob = store.put(doc, x)
    assert len(blob) < len(pickle.dumps(x)) / 3 and store._path(doc).read_bytes() == blob
    assert store.get(doc) == x
    packed = store.get(doc, packed=True)
    assert isinstance(packed, Packed) and packed.blob == blob and packed.unpack() == x
    other = Document("b.txt", "b.txt", "Another article.", None)
    assert store.get(other) is None and store.get(other, packed=True) is None


def test_an_uncompressed_entry_is_still_read_and_a_damaged_one_is_a_miss(tmp_path):
    """Entries written as plain pickles (before compression) are read; a truncated entry is a miss in both
    modes (zlib's checksum), so the article is extracted again rather than failing the merge."""
    import pickle

    doc = Document("a.txt", "a.txt", "Trump called Putin.", None)
    store = kg_cache.Cache(tmp_path, "r1", "m1")
    x = _extraction(doc)
    store.put(doc, x)
    path = store._path(doc)
    path.write_bytes(pickle.dumps(x, protocol=pickle.HIGHEST_PROTOCOL))
    assert store.get(doc) == x and store.get(doc, packed=True).unpack() == x
    store.put(doc, x)
    path.write_bytes(path.read_bytes()[:-7])
    assert store.get(doc) is None and store.get(doc, packed=True) is None
    path.write_bytes(pickle.dumps(_extraction(Document("b.txt", "b.txt", "Trump called Putin.", None))))
    assert store.get(doc) is None and store.get(doc, packed=True) is None  # another document's extraction
