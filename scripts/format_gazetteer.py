"""Put kg/rules/actors.jsonl in canonical form after a hand edit: one object a line, sorted by id, keys in
schema order, UTF-8 (no \\u escapes), no trailing spaces. Run tests/test_gazetteer.py afterwards.

Usage: python scripts/format_gazetteer.py [--check] [PATH]
  --check  change nothing; exit 1 if the file is not in canonical form.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[1] / "kg" / "rules" / "actors.jsonl"
KEY_ORDER = ["id", "name", "type", "wikidata", "aliases", "demonyms", "capitals", "leader_role", "part_of",
             "stands_for", "country", "members", "roles"]
ROLE_ORDER = ["role", "of", "title", "start", "end"]


def canonical(obj: dict) -> dict:
    out = {k: obj[k] for k in KEY_ORDER if k in obj}
    out.update({k: obj[k] for k in sorted(obj) if k not in out})  # unknown keys kept; the test flags them
    if isinstance(out.get("roles"), list):
        out["roles"] = [{**{k: r[k] for k in ROLE_ORDER if k in r}, **{k: r[k] for k in r if k not in ROLE_ORDER}}
                        if isinstance(r, dict) else r for r in out["roles"]]
    return out


def render(text: str) -> str:
    objs = [canonical(json.loads(line)) for line in text.splitlines() if line.strip()]
    objs.sort(key=lambda o: str(o.get("id", "")))
    return "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objs)


def main(argv: list[str]) -> int:
    check = "--check" in argv
    paths = [a for a in argv if not a.startswith("--")]
    path = Path(paths[0]) if paths else DEFAULT
    text = path.read_text(encoding="utf-8")
    new = render(text)
    if check:
        if new != text:
            print(f"{path}: not in canonical form (run scripts/format_gazetteer.py)", file=sys.stderr)
            return 1
        return 0
    if new != text:
        path.write_text(new, encoding="utf-8")
        print(f"{path}: rewritten")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
