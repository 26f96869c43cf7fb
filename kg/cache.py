"""Per-article cache of extractions, keyed by the article's content, the rules, the model and kg's code.

Input: a cache folder, the rules' version and the model's version. Output: get/put of DocExtraction
(stored as kg.merge.Packed's bytes: a zlib-compressed pickle; get(packed=True) returns them unopened).
A changed article, rule file, model or extraction code (code_version) gives a different key, so stale
entries are never read; entries are written atomically (temporary file then rename), so an interrupted
build leaves no half-written entry.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import zlib
import tempfile
from pathlib import Path

from kg.merge import Packed
from kg.model import DocExtraction, Document

FORMAT = "2"
PICKLE = b"\x80"  # the first byte of a pickle (protocol ≥ 2); a zlib stream starts otherwise
DEFAULT_FOLDER = Path(".kg-cache")
KG_DIR = Path(__file__).resolve().parent
#: the code that turns a Document into a DocExtraction: a change to it must not reuse old extractions
#: (ingest.py: an article is cached only after its text checks, kg.ingest.check_text)
EXTRACTION_CODE = ("ingest.py", "clean.py", "nlp.py", "attribute_index.py", "entity_windows.py", "mentions.py",
                   "anaphora.py", "linking_data.py", "rules_data.py", "model.py", "extract")


def code_version(root: Path = KG_DIR) -> str:
    """A hash of the source of kg's extraction stages (EXTRACTION_CODE), part of every cache key."""
    h = hashlib.sha256()
    for name in EXTRACTION_CODE:
        path = root / name
        for f in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            h.update(str(f.relative_to(root)).encode() + b"\x00")
            h.update(f.read_bytes() if f.exists() else b"")
    return h.hexdigest()[:16]


class Cache:
    def __init__(self, folder: Path | None, rules: str, model: str):
        self.folder = Path(folder) if folder else DEFAULT_FOLDER
        self.salt = f"{FORMAT}\x00{rules}\x00{model}\x00{code_version()}"

    def key(self, doc: Document) -> str:
        h = hashlib.sha256(self.salt.encode())
        for part in (doc.id, doc.path, doc.text, str(doc.date), str(doc.title), str(doc.url), str(doc.body_start)):
            h.update(b"\x00" + part.encode("utf-8", "surrogatepass"))
        return h.hexdigest()

    def _path(self, doc: Document) -> Path:
        k = self.key(doc)
        return self.folder / k[:2] / f"{k}.pickle"

    def get(self, doc: Document, packed: bool = False) -> DocExtraction | Packed | None:
        """The cached extraction of `doc` (None if there is none, or it is unreadable or not doc's).

        packed=True: as a kg.merge.Packed of the entry's compressed bytes, checked by zlib's checksum only
        (the entry's name is the hash of the document and the salt), not unpickled: the merge does that."""
        path = self._path(doc)
        try:
            with open(path, "rb") as f:
                blob = f.read()
            if blob[:1] == PICKLE:  # an entry written before entries were compressed
                value = pickle.loads(blob)
            else:
                raw = zlib.decompress(blob)
                if packed:
                    return Packed(doc.id, blob)
                value = pickle.loads(raw)
        except (OSError, EOFError, zlib.error, pickle.UnpicklingError, AttributeError, ImportError):
            return None
        if not (isinstance(value, DocExtraction) and value.document == doc):
            return None
        return Packed.of(value) if packed else value

    def put(self, doc: Document, x: DocExtraction) -> bytes:
        """Store x as doc's extraction (its pickle, zlib-compressed: a third of the size); returns those bytes."""
        path = self._path(doc)
        blob = Packed.of(x).blob
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(fd, "wb") as f:
                f.write(blob)
            os.replace(tmp, path)
        except OSError:
            pass  # a cache that cannot be written only costs time
        return blob
