"""The extraction cue lexicons (kg/rules/cues.json) and the rules' version.

Input: the versioned data files in kg/rules/. Output: the parsed lexicons, and `rules_version()`,
a content hash of every rules file that goes into the cache keys and the graph's provenance.
"""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from kg.config import RULES_DIR


@lru_cache(maxsize=1)
def cues() -> dict:
    """The cue lexicons, with `places` normalised to lower case."""
    data = json.loads((RULES_DIR / "cues.json").read_text(encoding="utf-8"))
    data["places"] = sorted({p.lower() for p in data["places"]})
    return data


@lru_cache(maxsize=1)
def rules_version() -> str:
    """`<cues version>+<first 12 hex of the hash of all rules files>`."""
    h = hashlib.sha256()
    for p in sorted(Path(RULES_DIR).glob("*.json*")):
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return f"{cues()['version']}+{h.hexdigest()[:12]}"
