"""The actor gazetteer and the role lexicon, loaded from the versioned data files in kg/rules/.

Input: kg/rules/actors.jsonl, kg/rules/roles.json. Output: a Gazetteer with lookups by alias,
demonym, capital and role-at-a-date, and the span-ruler patterns that find the aliases in text.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from kg.config import RULES_DIR


def norm(text: str) -> str:
    """Normalise a name for lookup: lower case, unified apostrophes, no leading article or 's."""
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"'s$", "", text.strip())
    text = re.sub(r"^(the|a|an)\s+", "", text)
    text = re.sub(r"[.\u00b7]", "", text)  # U.S. = US
    return re.sub(r"[\s\-\u2010-\u2015]+", " ", text).strip()


@dataclass(frozen=True)
class Role:
    role: str
    of: str
    title: str
    start: date | None
    end: date | None

    def holds_on(self, day: date | None) -> bool:
        if day is None:
            return self.end is None
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


@dataclass
class Entry:
    id: str
    name: str
    type: str
    wikidata: str | None = None
    aliases: tuple[str, ...] = ()
    country: str | None = None
    part_of: str | None = None
    stands_for: str | None = None
    demonyms: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()
    leader_role: str | None = None
    members: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


@dataclass
class Gazetteer:
    entries: dict[str, Entry]
    roles_lexicon: dict = field(default_factory=dict)
    by_alias: dict[str, str] = field(default_factory=dict)
    by_demonym: dict[str, str] = field(default_factory=dict)
    by_capital: dict[str, str] = field(default_factory=dict)
    version: str = "0"

    def __post_init__(self) -> None:
        for e in sorted(self.entries.values(), key=lambda e: e.id):
            for a in (e.name, *e.aliases):
                self.by_alias.setdefault(norm(a), e.id)
            for d in e.demonyms:
                self.by_demonym.setdefault(norm(d), e.id)
            for c in e.capitals:
                self.by_capital.setdefault(norm(c), e.id)

    def lookup(self, text: str) -> str | None:
        """Actor id for a name, alias, capital or demonym-as-noun ("the Russians"), else None."""
        n = norm(text)
        return self.by_alias.get(n) or self.by_capital.get(n)

    def countries_in(self, text: str) -> list[str]:
        """Countries a word names, as an alias, a capital or a demonym; 'U.S.-Ukrainian' names two."""
        out = []
        for part in re.split(r"(?<=\S)-(?=\S)", text) if "-" in text else [text]:
            found = self.lookup(part) or self.by_demonym.get(norm(part))
            found = self.acting_as(found) if found else None
            if found and self.entries.get(found) and self.entries[found].type == "Country":
                out.append(found)
            else:
                return []
        return out

    def state_of(self, actor_id: str) -> str | None:
        """The country an actor belongs to (itself for a country)."""
        e = self.entries.get(actor_id)
        if e is None:
            return None
        if e.type == "Country":
            return e.id
        return e.stands_for or e.part_of or e.country

    def acting_as(self, actor_id: str) -> str:
        """Metonymy: an institution that stands for its state acts as the state ("the Kremlin said")."""
        e = self.entries.get(actor_id)
        return e.stands_for if e is not None and e.stands_for else actor_id

    def holder_of(self, role: str, of: str, day: date | None) -> str | None:
        """The person holding `role` of `of` on `day` (a LEADER role uses the country's leader_role)."""
        if role == "LEADER":
            country = self.entries.get(of)
            role = country.leader_role if country and country.leader_role else "head_of_state"
        found = sorted(e.id for e in self.entries.values() if any(
            r.role == role and r.of == of and r.holds_on(day) for r in e.roles))
        return found[0] if len(found) == 1 else None

    def title_role(self, title: str) -> str | None:
        return self.roles_lexicon.get("titles", {}).get(title.lower().strip())

    def ruler_patterns(self) -> list[dict]:
        """Phrase patterns for spaCy's span_ruler, matched case-sensitively (so "US" is not "us" and
        "Trump" is not "trump card"): every name, alias and capital as written, plus its capitalised
        and upper-case forms. Label = actor id."""
        seen: set[tuple[str, str]] = set()
        out = []
        for e in sorted(self.entries.values(), key=lambda e: e.id):
            for a in (e.name, *e.aliases, *e.capitals):
                a = re.sub(r"^(the|The)\s+", "", a.strip())
                if len(a) < 2:
                    continue
                for form in dict.fromkeys((a, a[0].upper() + a[1:], a.upper() if len(a) > 4 else a)):
                    if (form, e.id) not in seen:
                        seen.add((form, e.id))
                        out.append({"label": e.id, "pattern": form, "id": e.id})
        return out


def _entry(obj: dict) -> Entry:
    roles = tuple(Role(r["role"], r.get("of") or "", r.get("title") or r["role"], _day(r.get("start")),
                       _day(r.get("end"))) for r in obj.get("roles") or ())
    return Entry(
        id=obj["id"], name=obj["name"], type=obj["type"], wikidata=obj.get("wikidata"),
        aliases=tuple(obj.get("aliases") or ()), country=obj.get("country"), part_of=obj.get("part_of"),
        stands_for=obj.get("stands_for"), demonyms=tuple(obj.get("demonyms") or ()),
        capitals=tuple(obj.get("capitals") or ()), leader_role=obj.get("leader_role"),
        members=tuple(obj.get("members") or ()), roles=roles,
    )


@lru_cache(maxsize=2)
def gazetteer(rules_dir: Path = RULES_DIR) -> Gazetteer:
    """Load and index the gazetteer once per process (KG_GAZETTEER may point at another actors.jsonl)."""
    entries = {}
    actors_file = Path(os.environ.get("KG_GAZETTEER") or rules_dir / "actors.jsonl")
    with open(actors_file, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                e = _entry(json.loads(line))
                entries[e.id] = e
    roles = json.loads((actors_file.parent / "roles.json").read_text(encoding="utf-8"))
    return Gazetteer(entries, roles, version=str(roles.get("version", "0")))
