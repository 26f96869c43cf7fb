"""Integrity of the actor gazetteer (kg/rules/actors.jsonl) and the role lexicon (kg/rules/roles.json).

These are data checks, independent of the linker code: schema, ids, references, aliases that two
entries would both claim, role dates, and who holds the top offices on a given day.
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest

RULES = Path(__file__).resolve().parents[1] / "kg" / "rules"
ACTORS = RULES / "actors.jsonl"
ROLES = RULES / "roles.json"

TYPES = {"Person", "Organization", "Country", "Group"}
ROLE_IDS = {
    "head_of_state", "head_of_government", "foreign_minister", "defence_minister", "envoy", "negotiator",
    "national_security_adviser", "chief_of_staff", "spokesperson", "intelligence_chief", "military_chief",
    "secretary_general", "vice_president", "other",
}
COLLECTIVE_VALUES = {"STATE", "ARMED_FORCES"}
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
QID = re.compile(r"^Q[1-9]\d*$")

COMMON = {"id", "name", "type", "wikidata", "aliases"}
KEYS = {
    "Person": COMMON | {"country", "roles"},
    "Organization": COMMON | {"part_of", "stands_for", "country"},
    "Country": COMMON | {"demonyms", "capitals", "leader_role"},
    "Group": COMMON | {"members"},
}
REQUIRED = {
    "Person": COMMON | {"country"},
    "Organization": COMMON,
    "Country": COMMON | {"demonyms", "capitals", "leader_role"},
    "Group": COMMON | {"members"},
}
ROLE_KEYS = {"role", "of", "title", "start", "end"}

# Forms that name several people or things in this domain, or are everyday words that a case-insensitive
# matcher would find everywhere ("who", "pace", "shape"), and so must not be an alias or capital of one entry.
AMBIGUOUS = {"kim", "lee", "li", "wang", "johnson", "president", "minister", "prime minister", "leader",
             "government", "ministry", "foreign ministry", "defence ministry", "defense ministry", "general staff",
             "parliament", "council", "commission", "allies", "store", "car", "francis", "pavel", "michel",
             "kozak", "who", "pace", "shape", "au", "ft", "amnesty", "fund", "bloc", "braze", "sofia", "moroni",
             "hague", "mit", "aa", "ec", "ep", "gu", "kiwi", "kiwis", "bin salman", "states", "powell", "sullivan",
             "burns", "harris", "graham", "brown", "moore", "wallace", "dan"}

# Actors the domain cannot do without (the brief's list); renaming one is a deliberate act.
MUST_HAVE = """
vladimir-putin dmitry-peskov sergey-lavrov yuri-ushakov kirill-dmitriev vladimir-medinsky andrei-belousov
sergei-shoigu valery-gerasimov mikhail-mishustin maria-zakharova volodymyr-zelensky andriy-yermak andrii-sybiha
dmytro-kuleba rustem-umerov denys-shmyhal oleksii-reznikov kyrylo-budanov donald-trump joe-biden jd-vance
marco-rubio antony-blinken steve-witkoff keith-kellogg mike-waltz pete-hegseth lloyd-austin jake-sullivan
karoline-leavitt emmanuel-macron keir-starmer rishi-sunak olaf-scholz friedrich-merz giorgia-meloni donald-tusk
andrzej-duda viktor-orban recep-tayyip-erdogan hakan-fidan mohammed-bin-salman faisal-bin-farhan xi-jinping wang-yi
narendra-modi alexander-lukashenko mark-rutte jens-stoltenberg ursula-von-der-leyen kaja-kallas josep-borrell
antonio-costa antonio-guterres rafael-grossi pope-francis pope-leo-xiv benjamin-netanyahu alexander-stubb
robert-fico maia-sandu kim-jong-un luiz-inacio-lula-da-silva cyril-ramaphosa david-lammy jean-noel-barrot
annalena-baerbock johann-wadephul radoslaw-sikorski tamim-bin-hamad mohamed-bin-zayed
russia ukraine united-states united-kingdom france germany kremlin kremlin-press-service white-house
state-department pentagon russian-foreign-ministry ukrainian-foreign-ministry office-of-the-president-of-ukraine
elysee downing-street armed-forces-of-ukraine russian-armed-forces united-nations un-security-council
un-general-assembly nato european-union european-commission european-council osce iaea icrc g7 g20 brics csto
council-of-europe icc african-union arab-league opec world-bank imf wagner-group european-leaders western-allies
coalition-of-the-willing g7-leaders
""".split()


def norm(text: str) -> str:
    """The alias key: lower case, ’ = ', no leading "the", dots dropped, hyphens/dashes as spaces, spaces collapsed.

    (The brief's normalisation plus dot and hyphen folding, so "U.S." and "US" count as one form, as they do
    for the linker.)
    """
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'").strip()
    text = re.sub(r"^the\s+", "", text)
    text = text.replace(".", "")
    text = re.sub(r"[\s\-\u2010-\u2015]+", " ", text)
    return text.strip()


def _lines() -> list[str]:
    return ACTORS.read_text(encoding="utf-8").split("\n")


@pytest.fixture(scope="module")
def entries() -> list[dict]:
    out = []
    for n, line in enumerate(_lines(), 1):
        if line:
            out.append(json.loads(line))
    return out


@pytest.fixture(scope="module")
def by_id(entries) -> dict[str, dict]:
    return {e["id"]: e for e in entries}


@pytest.fixture(scope="module")
def lexicon() -> dict:
    return json.loads(ROLES.read_text(encoding="utf-8"))


def _day(value):
    return None if value is None else date.fromisoformat(value)


def test_file_format():
    raw = ACTORS.read_bytes()
    raw.decode("utf-8")  # valid UTF-8
    assert raw.endswith(b"\n") and not raw.endswith(b"\n\n"), "one object per line, final newline, no blank tail"
    problems = []
    for n, line in enumerate(_lines()[:-1], 1):
        if not line.strip():
            problems.append(f"line {n}: blank line")
        elif line != line.rstrip() or line != line.lstrip():
            problems.append(f"line {n}: leading or trailing whitespace")
        else:
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                problems.append(f"line {n}: invalid JSON ({exc})")
                continue
            if not isinstance(obj, dict):
                problems.append(f"line {n}: not an object")
    assert not problems, "\n".join(problems)


def test_at_least_300_entries(entries):
    assert len(entries) >= 300, len(entries)


def test_ids_unique_slugs_sorted(entries):
    ids = [e.get("id") for e in entries]
    bad = [i for i in ids if not isinstance(i, str) or not SLUG.match(i)]
    assert not bad, f"ids that are not lowercase ascii slugs: {bad}"
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    assert not dupes, f"duplicate ids: {dupes}"
    assert ids == sorted(ids), "entries must be sorted by id"


def test_schema(entries):
    problems = []
    for e in entries:
        i = e.get("id")
        t = e.get("type")
        if t not in TYPES:
            problems.append(f"{i}: type {t!r} not in {sorted(TYPES)}")
            continue
        missing = REQUIRED[t] - e.keys()
        extra = e.keys() - KEYS[t]
        if missing:
            problems.append(f"{i}: missing {sorted(missing)}")
        if extra:
            problems.append(f"{i}: unexpected keys for a {t}: {sorted(extra)}")
        if not isinstance(e.get("name"), str) or not e["name"].strip() or e["name"] != e["name"].strip():
            problems.append(f"{i}: name must be a non-empty stripped string")
        wd = e.get("wikidata")
        if wd is not None and (not isinstance(wd, str) or not QID.match(wd)):
            problems.append(f"{i}: wikidata {wd!r} is neither null nor a Q-id")
        for key in ("aliases", "demonyms", "capitals", "members"):
            if key in e:
                v = e[key]
                if not isinstance(v, list) or not all(isinstance(a, str) and a.strip() == a and a for a in v):
                    problems.append(f"{i}: {key} must be a list of non-empty stripped strings")
                elif len(set(v)) != len(v):
                    problems.append(f"{i}: duplicate values in {key}")
        for key in ("country", "part_of", "stands_for"):
            if key in e and not isinstance(e[key], str):
                problems.append(f"{i}: {key} must be an id string")
        if t == "Person":
            roles = e.get("roles", [])
            if not isinstance(roles, list):
                problems.append(f"{i}: roles must be a list")
                continue
            for r in roles:
                if not isinstance(r, dict) or r.keys() != ROLE_KEYS:
                    problems.append(f"{i}: role {r!r} must have exactly {sorted(ROLE_KEYS)}")
                elif not isinstance(r["title"], str) or not r["title"].strip():
                    problems.append(f"{i}: role without a title")
        if t == "Country":
            if not e.get("demonyms"):
                problems.append(f"{i}: a Country needs demonyms")
            if e.get("leader_role") not in ("head_of_state", "head_of_government"):
                problems.append(f"{i}: leader_role {e.get('leader_role')!r}")
    assert not problems, "\n".join(problems)


def test_wikidata_ids_not_shared(entries):
    seen = defaultdict(list)
    for e in entries:
        if e.get("wikidata"):
            seen[e["wikidata"]].append(e["id"])
    shared = {q: ids for q, ids in seen.items() if len(ids) > 1}
    assert not shared, f"one Wikidata item for several entries: {shared}"


def test_no_surface_form_claimed_by_two_entries(entries):
    """Names, aliases, demonyms and capitals: every normalised form belongs to one entry only."""
    owners: dict[str, set[str]] = defaultdict(set)
    for e in entries:
        for form in (e["name"], *e.get("aliases", ()), *e.get("demonyms", ()), *e.get("capitals", ())):
            owners[norm(form)].add(e["id"])
    clashes = {form: sorted(ids) for form, ids in sorted(owners.items()) if len(ids) > 1}
    assert not clashes, "forms claimed by several entries:\n" + "\n".join(
        f"  {form!r}: {ids}" for form, ids in clashes.items())


def test_no_ambiguous_bare_aliases(entries):
    bad = [(e["id"], a) for e in entries for a in (e["name"], *e.get("aliases", ()), *e.get("capitals", ()))
           if norm(a) in AMBIGUOUS]
    assert not bad, f"aliases too ambiguous for one entry: {bad}"


def test_references_exist_and_have_the_right_type(by_id):
    problems = []

    def ref(src, key, target, want=None):
        t = by_id.get(target)
        if t is None:
            problems.append(f"{src}: {key} -> unknown id {target!r}")
        elif want and t["type"] not in want:
            problems.append(f"{src}: {key} -> {target} is a {t['type']}, expected {sorted(want)}")

    for i, e in by_id.items():
        if "country" in e:
            ref(i, "country", e["country"], {"Country"})
        if "part_of" in e:
            ref(i, "part_of", e["part_of"], {"Country"})
        if "stands_for" in e:
            ref(i, "stands_for", e["stands_for"], {"Country"})
            if e.get("part_of") != e["stands_for"]:
                problems.append(f"{i}: stands_for {e['stands_for']} but part_of {e.get('part_of')}")
        for m in e.get("members", ()):
            ref(i, "members", m)
        for r in e.get("roles", ()):
            ref(i, "role.of", r.get("of"), {"Country", "Organization"})
    assert not problems, "\n".join(problems)


def test_persons_have_a_country(entries):
    assert not [e["id"] for e in entries if e["type"] == "Person" and not e.get("country")]


def test_role_ids_and_dates(entries):
    problems = []
    for e in entries:
        for r in e.get("roles", ()):
            if r["role"] not in ROLE_IDS:
                problems.append(f"{e['id']}: role id {r['role']!r}")
            try:
                start, end = _day(r["start"]), _day(r["end"])
            except (TypeError, ValueError):
                problems.append(f"{e['id']}: dates {r['start']!r}..{r['end']!r} are not ISO dates or null")
                continue
            if start and end and start > end:
                problems.append(f"{e['id']}: {r['title']} starts {start} after it ends {end}")
    assert not problems, "\n".join(problems)


def _holders(entries, role: str, of: str, day: date) -> list[str]:
    """Who holds `role` of `of` on `day`; a term's end day is the successor's first (handover) day."""
    out = []
    for e in entries:
        for r in e.get("roles", ()):
            if r["role"] == role and r["of"] == of:
                start, end = _day(r["start"]), _day(r["end"])
                if (start is None or start <= day) and (end is None or day < end):
                    out.append(e["id"])
    return out


def test_no_overlapping_heads(entries):
    """At most one head of state and one head of government per country at any time.

    Terms are [start, end): a same-day handover (end of one = start of the next) is not an overlap.
    """
    terms = defaultdict(list)
    for e in entries:
        for r in e.get("roles", ()):
            if r["role"] in ("head_of_state", "head_of_government"):
                terms[(r["role"], r["of"])].append((_day(r["start"]) or date.min, _day(r["end"]) or date.max,
                                                     e["id"], r["title"]))
    problems = []
    for (role, of), ts in sorted(terms.items()):
        ts.sort()
        for a, b in zip(ts, ts[1:]):
            if b[0] < a[1]:
                problems.append(f"{role} of {of}: {a[2]} ({a[0]}..{a[1]}) overlaps {b[2]} ({b[0]}..{b[1]})")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("country, expected", [
    ("russia", "vladimir-putin"), ("ukraine", "volodymyr-zelensky"), ("united-states", "donald-trump")])
def test_one_head_of_state_on_2025_03_18(entries, country, expected):
    assert _holders(entries, "head_of_state", country, date(2025, 3, 18)) == [expected]


@pytest.mark.parametrize("role, of, day, expected", [
    ("head_of_state", "united-states", date(2024, 6, 1), "joe-biden"),
    ("foreign_minister", "russia", date(2025, 3, 18), "sergey-lavrov"),
    ("foreign_minister", "ukraine", date(2024, 1, 1), "dmytro-kuleba"),
    ("foreign_minister", "ukraine", date(2025, 3, 18), "andrii-sybiha"),
    ("foreign_minister", "united-states", date(2025, 3, 18), "marco-rubio"),
    ("defence_minister", "russia", date(2023, 6, 1), "sergei-shoigu"),
    ("defence_minister", "russia", date(2025, 3, 18), "andrei-belousov"),
    ("head_of_government", "germany", date(2025, 3, 18), "olaf-scholz"),
    ("head_of_government", "germany", date(2025, 6, 1), "friedrich-merz"),
    ("head_of_government", "united-kingdom", date(2025, 3, 18), "keir-starmer"),
    ("secretary_general", "nato", date(2025, 3, 18), "mark-rutte"),
    ("secretary_general", "nato", date(2024, 3, 1), "jens-stoltenberg"),
])
def test_office_holders_on_a_date(entries, role, of, day, expected):
    assert _holders(entries, role, of, day) == [expected]


def test_must_have_entries(by_id):
    missing = [i for i in MUST_HAVE if i not in by_id]
    assert not missing, f"missing: {missing}"


def test_metonymy_institutions(by_id):
    for i, state in [("kremlin", "russia"), ("kremlin-press-service", "russia"), ("white-house", "united-states"),
                     ("state-department", "united-states"), ("pentagon", "united-states"),
                     ("russian-foreign-ministry", "russia"), ("ukrainian-foreign-ministry", "ukraine"),
                     ("office-of-the-president-of-ukraine", "ukraine"), ("elysee", "france"),
                     ("downing-street", "united-kingdom")]:
        assert by_id[i]["type"] == "Organization" and by_id[i].get("stands_for") == state, i
    # armed forces and general staffs too ("Russian forces shelled …" is an attack by Russia): the annotation
    # conventions fold a state's institutions into the state
    for i, state in [("armed-forces-of-ukraine", "ukraine"), ("russian-armed-forces", "russia"),
                     ("general-staff-of-ukraine", "ukraine"), ("russian-general-staff", "russia")]:
        assert by_id[i].get("part_of") == state and by_id[i].get("stands_for") == state, i


def test_roles_lexicon(lexicon):
    assert isinstance(lexicon.get("version"), str) and re.match(r"^\d+\.\d+\.\d+$", lexicon["version"])
    assert set(lexicon) == {"version", "titles", "collective", "joint"}
    bad = {k: v for k, v in lexicon["titles"].items() if v not in ROLE_IDS | {"LEADER"}}
    assert not bad, f"titles mapping to unknown roles: {bad}"
    bad = {k: v for k, v in lexicon["collective"].items() if v not in COLLECTIVE_VALUES}
    assert not bad, f"collective nouns with unknown values: {bad}"
    keys = [*lexicon["titles"], *lexicon["collective"], *lexicon["joint"]]
    assert all(k == k.strip().lower() and "  " not in k for k in keys), "lexicon keys: lower case, single spaces"
    assert len(set(lexicon["joint"])) == len(lexicon["joint"])
    for title, role in [("president", "head_of_state"), ("prime minister", "head_of_government"),
                        ("chancellor", "head_of_government"), ("leader", "LEADER"),
                        ("foreign minister", "foreign_minister"), ("secretary of state", "foreign_minister"),
                        ("defense secretary", "defence_minister"), ("defence minister", "defence_minister"),
                        ("special envoy", "envoy"), ("spokesman", "spokesperson"),
                        ("national security advisor", "national_security_adviser"),
                        ("chief of staff", "chief_of_staff"), ("secretary-general", "secretary_general"),
                        ("vice president", "vice_president"), ("presidents", "head_of_state"),
                        ("foreign ministers", "foreign_minister")]:
        assert lexicon["titles"].get(title) == role, title
    for noun in ("side", "delegation", "authorities", "partners"):
        assert lexicon["collective"].get(noun) == "STATE", noun
    for noun in ("military", "army", "forces", "troops"):
        assert lexicon["collective"].get(noun) == "ARMED_FORCES", noun
    assert {"both sides", "the two leaders", "the parties"} <= set(lexicon["joint"])


def test_leader_role_resolves_for_the_main_states(entries, by_id):
    day = date(2025, 3, 18)
    for country, who in [("russia", "vladimir-putin"), ("ukraine", "volodymyr-zelensky"),
                         ("united-states", "donald-trump"), ("united-kingdom", "keir-starmer"),
                         ("france", "emmanuel-macron"), ("germany", "olaf-scholz"), ("poland", "donald-tusk"),
                         ("hungary", "viktor-orban"), ("turkey", "recep-tayyip-erdogan")]:
        assert _holders(entries, by_id[country]["leader_role"], country, day) == [who], country
