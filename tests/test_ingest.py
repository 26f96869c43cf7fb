"""kg.ingest and kg.formats: files → Documents or InputRejected with a stable code naming the file.

tests/data/hostile/ holds tiny hostile inputs (one per case, named after it); what cannot be committed
(a huge file, a dangling symlink, a FIFO, an unreadable file) is made in a tmp folder by the tests.
"""
from __future__ import annotations

import json
import os
import shutil
from datetime import date
from pathlib import Path

import pytest

from kg import formats
from kg.clean import clean
from kg.errors import InputRejected
from kg.ingest import read_file, read_inputs

ROOT = Path(__file__).parent
HOSTILE = ROOT / "data" / "hostile"
SEEDS = ROOT.parent / "seeds"
TITLE = "Mediators float 14-day truce for northern border"


def rejected(name: str, **kw) -> InputRejected:
    with pytest.raises(InputRejected) as info:
        read_file(HOSTILE / name, **kw)
    err = info.value
    assert name in str(err) and "\n" not in str(err)
    return err


@pytest.mark.parametrize(("name", "code"), [
    ("empty.txt", "E101"), ("whitespace.txt", "E101"), ("header_only.txt", "E107"),
    ("binary_png.txt", "E102"), ("nul_inside.txt", "E102"), ("latin1_junk.txt", "E103"),
    ("french.txt", "E104"), ("german.txt", "E104"), ("russian.txt", "E104"),
    ("junk.html", "E107"), ("notes.pdf", "E109"), ("records.jsonl", "E108"),
])
def test_hostile_file_rejected_with_code(name, code):
    assert rejected(name).code == code


def test_rejection_message_is_one_line_with_code_and_hint():
    err = rejected("french.txt")
    assert str(err).startswith(f"{HOSTILE / 'french.txt'}: E104 not English: detected 'fr'")
    assert "(hint:" in str(err)


@pytest.mark.parametrize("name", ["utf8_bom.txt", "utf16_bom.txt", "crlf.txt"])
def test_encodings_give_the_same_document(name):
    [doc] = read_file(HOSTILE / name)
    [ref] = read_file(HOSTILE / "utf8_bom.txt")
    assert doc.id == name and doc.path.endswith(name)
    assert doc.text == ref.text and "\r" not in doc.text and not doc.text.startswith("\ufeff")
    assert doc.date == date(2025, 4, 2) and doc.title == TITLE
    assert doc.text[doc.body_start:].startswith("Negotiators from Arland")
    assert doc.warnings == ()


def test_cp1252_fallback_warns_and_keeps_curly_quotes():
    [doc] = read_file(HOSTILE / "cp1252_quotes.txt")
    assert "\u201cWe see a real chance for a lasting truce,\u201d" in doc.text and "mediator\u2019s" in doc.text
    [w] = doc.warnings
    assert w == (f"{HOSTILE / 'cp1252_quotes.txt'}: W102 fallback decoding: decoded as cp1252 (fallback) "
                 "(hint: re-save the file as UTF-8)")
    assert doc.title == "Ceasefire monitors report calm along the river line" and doc.date is None


def test_impossible_header_date_warns_and_keeps_title():
    [doc] = read_file(HOSTILE / "bad_date.txt")
    assert doc.date is None and doc.title == TITLE
    expected = f"{HOSTILE / 'bad_date.txt'}: W101 impossible date in header: 2025-02-30; article kept without a date"
    assert doc.warnings == (expected,)


def test_html_article_extracted_without_chrome():
    [doc] = read_file(HOSTILE / "article.html")
    assert doc.id == "article.html" and doc.date == date(2025, 4, 2)
    assert doc.title == "Lakeside talks weigh 14-day truce"
    assert doc.url == "https://wire.example.org/world/lakeside-talks-truce"
    assert "proposal for a 14-day ceasefire along their disputed northern border" in doc.text
    for chrome in ("cookies", "Subscribe", "Most read", "All rights reserved", "Privacy"):
        assert chrome not in doc.text


def test_html_recognised_by_content_and_extracted_every_time(tmp_path):
    src = (HOSTILE / "article.html").read_text(encoding="utf-8")
    for i in range(4):  # trafilatura's shared dedup cache would drop text seen before: not ours
        (tmp_path / f"page{i}.txt").write_text(src, encoding="utf-8")
        [doc] = read_file(tmp_path / f"page{i}.txt")
        assert "humanitarian corridor" in doc.text and "<p>" not in doc.text


def test_jsonl_good_records_kept_bad_line_rejected():
    docs, rej, warnings = read_inputs([HOSTILE / "records.jsonl"])
    assert [d.id for d in docs] == ["records.jsonl#2", "wire-001"]
    second, first = docs
    assert first.date == date(2025, 4, 3) and first.title == "Prisoner swap agreed at border crossing"
    assert first.url == "https://wire.example.org/world/swap" and first.text.startswith("Arland and Belvia")
    assert second.date == date(2025, 4, 4) and second.path == str(HOSTILE / "records.jsonl")
    [err] = rej
    assert err.code == "E108" and "records.jsonl:3" in str(err) and warnings == []


def test_jsonl_missing_text_duplicate_ids_and_bad_dates(tmp_path):
    text = "A ceasefire proposal was discussed by the two delegations in Geneva on Wednesday."
    rec = json.dumps({"id": "a", "text": text})
    lines = [rec, rec, '{"title": "no text"}', "[1, 2]", "", json.dumps({"date": "someday", "text": text})]
    (tmp_path / "r.jsonl").write_text("\n".join(lines), encoding="utf-8")
    docs, rej, warnings = read_inputs([tmp_path / "r.jsonl"])
    assert [d.id for d in docs] == ["a", "a~2", "r.jsonl#6"]
    assert [(e.code, e.path) for e in rej] == [("E108", f"{tmp_path / 'r.jsonl'}:3"),
                                               ("E108", f"{tmp_path / 'r.jsonl'}:4")]
    assert [w.split(": ")[1][:4] for w in warnings] == ["W104", "W106"]
    assert docs[2].date is None


def test_folder_walk_skips_hidden_and_reports_everything():
    docs, rej, warnings = read_inputs([HOSTILE])
    assert [d.id for d in docs] == sorted(d.id for d in docs)
    assert {d.id for d in docs} == {"article.html", "bad_date.txt", "cp1252_quotes.txt", "crlf.txt",
                                    "records.jsonl#2", "utf16_bom.txt", "utf8_bom.txt", "wire-001"}
    assert sorted(e.code for e in rej) == sorted(["E101", "E101", "E102", "E102", "E103", "E104", "E104",
                                                  "E104", "E107", "E107", "E108"])
    assert not any(".hidden" in str(e) for e in rej) and not any(".hidden" in d.path for d in docs)
    assert any("W105" in w and "notes.pdf" in w for w in warnings)
    again = read_inputs([HOSTILE])
    assert again[0] == docs and [str(e) for e in again[1]] == [str(e) for e in rej]  # deterministic


def test_language_check_can_be_disabled():
    [doc] = read_file(HOSTILE / "french.txt", language_check=False)
    assert doc.text.startswith("Les négociateurs")


def test_short_non_english_text_is_kept(tmp_path):
    (tmp_path / "kurz.txt").write_text("Waffenruhe vereinbart.\n", encoding="utf-8")
    assert read_file(tmp_path / "kurz.txt")[0].title is None


def test_huge_file_rejected_before_reading(tmp_path):
    big = tmp_path / "huge.txt"
    with big.open("wb") as fh:
        fh.truncate(6_000_000)
    docs, rej, _ = read_inputs([big])
    assert docs == [] and rej[0].code == "E105" and "--max-bytes" in str(rej[0]) and "huge.txt" in str(rej[0])
    small = tmp_path / "small.txt"
    shutil.copy(HOSTILE / "utf8_bom.txt", small)
    with pytest.raises(InputRejected) as info:
        read_file(small, max_bytes=100)
    assert info.value.code == "E105"


def test_unreadable_inputs(tmp_path, monkeypatch):
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    os.mkfifo(tmp_path / "pipe.txt")  # opening it would block: must be refused without opening
    docs, rej, _ = read_inputs([tmp_path / "dangling.txt", tmp_path / "pipe.txt", tmp_path / "missing.txt"])
    assert docs == [] and [e.code for e in rej] == ["E106"] * 3
    assert "dangling symbolic link" in str(rej[0]) and "dangling.txt" in str(rej[0])
    locked = tmp_path / "locked.txt"
    shutil.copy(HOSTILE / "utf8_bom.txt", locked)
    locked.chmod(0)
    if os.access(locked, os.R_OK):  # root reads anything: simulate the permission error
        real_open = Path.open

        def deny(self, *a, **kw):
            if self.name == "locked.txt":
                raise PermissionError(13, "Permission denied", str(self))
            return real_open(self, *a, **kw)

        monkeypatch.setattr(Path, "open", deny)
    with pytest.raises(InputRejected) as info:
        read_file(locked)
    assert info.value.code == "E106" and "locked.txt" in str(info.value) and "ermission denied" in str(info.value)


def test_same_name_in_two_folders_gets_path_ids(tmp_path):
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        shutil.copy(HOSTILE / "crlf.txt", tmp_path / sub / "x.txt")
    shutil.copy(HOSTILE / "crlf.txt", tmp_path / "a" / "y.txt")
    docs, rej, _ = read_inputs([tmp_path / "b", tmp_path / "a", tmp_path / "a" / "y.txt"])
    assert [d.id for d in docs] == ["a/x.txt", "b/x.txt", "y.txt"] and rej == []


def test_seeds():
    docs, rej, warnings = read_inputs([SEEDS])
    assert rej == [] and warnings == []
    d0, d3 = docs
    assert d0.id == "000_1ff78937a44971aa.txt" and d0.date == date(2025, 3, 18)
    assert d0.title == "Details of the conversation between Trump and Putin: the Kremlin has published a statement"
    assert d0.text[d0.body_start:].startswith("Putin supported Trump's proposal")
    assert d3.id == "003_bb10ee099b003496.txt" and d3.date == date(2025, 3, 19) and d3.body_start == 0
    assert d3.title == "Overview: What did Trump and Putin discuss on phone?"


def test_offsets_of_clean_point_into_document_text():
    docs, _, _ = read_inputs([SEEDS, HOSTILE])
    for doc in docs:
        ct = clean(doc)
        assert len(ct.text) == len(doc.text)
        for sentence in ("30-day", "ceasefire", "truce", "Putin"):
            b = ct.text.find(sentence)
            if b >= 0:
                ob, oe = ct.span_to_original(b, b + len(sentence))
                assert doc.text[ob:oe] == ct.text[b:b + len(sentence)] == sentence


@pytest.mark.parametrize(("line", "expected"), [
    ("2025.03.19 11:53", date(2025, 3, 19)), ("2025-03-19", date(2025, 3, 19)),
    ("March 19, 2025", date(2025, 3, 19)), ("19 March 2025", date(2025, 3, 19)),
    ("Mar. 19, 2025", date(2025, 3, 19)), ("Published: Sept. 3rd, 2024 at 9:05 GMT", date(2024, 9, 3)),
    ("KYIV, March 19, 2025 (Wire) - Officials said the talks on a truce lasted well into the night.",
     date(2025, 3, 19)),
    ("2025.02.30 11:53", None), ("Talks resumed on Monday", None),
    ("03/19/2025", date(2025, 3, 19)), ("19/03/2025", date(2025, 3, 19)), ("3/4/2025", date(2025, 3, 4)),
    ("19.03.2025 10:05", date(2025, 3, 19)), ("4.3.2025", date(2025, 3, 4)), ("13/13/2025", None),
    ("version v1.2.2025", None), ("1/2/3/2025", None),
])
def test_dateline(line, expected):
    assert formats.find_dateline(f"Get Apps\n{line}\nSome body text follows here.\n") == expected


def test_dateline_only_near_the_top():
    text = "\n".join(["A line of article text."] * 15 + ["2025-03-19"])
    assert formats.find_dateline(text) is None


@pytest.mark.parametrize(("text", "day", "title", "start"), [
    (" date 2025-03-18 Headline here\nBody.", date(2025, 3, 18), "Headline here", 31),
    ("\n  date 2025-3-8 H\r", date(2025, 3, 8), "H\r", 19),
    ("date 2025-03-18\nBody", date(2025, 3, 18), None, 16),
    ("date 2025-13-01 Title", None, "Title", 21),
    ("update 2025-03-18 no header", None, None, None),
])
def test_header(text, day, title, start):
    h = formats.parse_header(text)
    if start is None:
        assert h is None
    else:
        assert (h.date, h.title, h.body_start) == (day, title.strip() if title else None, start)


@pytest.mark.parametrize(("data", "code"), [
    ((HOSTILE / "utf8_bom.txt").read_bytes()[3:].decode().encode("utf-16-be"), "E102"),  # UTF-16 without BOM
    (b"\xfe\xff" + "Truce talks resume in Geneva today.".encode("utf-16-be"), None),  # UTF-16 BE with BOM
    (b"\xef\xbb\xbf\xff\xfe broken", "E103"),  # a BOM that lies
    (b"Line one of a short text\rline two\r\rThird line of the short text.", None),  # old Mac CR
    (b"Get Apps\nShare\nX / Wechat / Weibo\n2025.03.19 11:53\n< Go back\n", "E107"),  # only page chrome
    (b"Truce\x01talks\x02resume\x03in\x04Geneva\x05today\x06and\x07more\x08of\x0ethis", "E102"),  # control chars
])
def test_more_encodings_and_contents(tmp_path, data, code):
    (tmp_path / "f.txt").write_bytes(data)
    docs, rej, _ = read_inputs(str(tmp_path / "f.txt"))
    if code:
        assert docs == [] and [e.code for e in rej] == [code]
    else:
        assert rej == [] and "\r" not in docs[0].text and docs[0].text.startswith(("Truce", "Line one"))


def test_title_heuristic_and_dateline_without_header(tmp_path):
    text = ("Get Apps\nWire Daily\nTruce talks resume in Geneva after a pause\nBy A. Writer\n"
            "Published: Mar. 19, 2025 11:53\n"
            "Negotiators met again on Wednesday to discuss a ceasefire proposal for thirty days, officials said.\n")
    (tmp_path / "w.md").write_text(text, encoding="utf-8")
    [doc] = read_file(tmp_path / "w.md")
    assert doc.title == "Truce talks resume in Geneva after a pause" and doc.date == date(2025, 3, 19)
    assert doc.body_start == 0 and doc.text == text


def test_plain_english_skips_langdetect_other_languages_still_checked(tmp_path, monkeypatch):
    import kg.ingest as ingest

    calls = []

    def spy(sample):
        calls.append(sample[:20])
        raise AssertionError("langdetect called")

    english = ("The minister said that the talks in Geneva would resume on Monday and that both delegations "
               "had agreed to a prisoner exchange, according to a statement from his office. ") * 4
    (tmp_path / "en.txt").write_text(english, encoding="utf-8")
    monkeypatch.setattr(ingest, "detect_langs", spy)
    assert read_file(tmp_path / "en.txt")[0].text.startswith("The minister")
    assert calls == []
    french = ("Le ministre a déclaré que les pourparlers reprendraient lundi à Genève et que les deux "
              "délégations avaient accepté un échange de prisonniers, selon un communiqué. ") * 4
    (tmp_path / "fr.txt").write_text(french, encoding="utf-8")
    with pytest.raises(AssertionError, match="langdetect called"):
        read_file(tmp_path / "fr.txt")
    assert len(calls) == 1


@pytest.mark.parametrize(("text", "expected"), [
    ("FACTBOX\n\nMOSCOW, March 18 (Reuters) - Putin said in 2025 that …", date(2025, 3, 18)),
    ("Lavrov\n\nMOSCOW, March 21. /TASS/. Talks in 2024 failed; in 2025 and 2025 they resume.", date(2025, 3, 21)),
    ("Title\nWASHINGTON/MOSCOW, March 25 (Reuters) - the 2025 talks", date(2025, 3, 25)),
    ("Title\nMOSCOW, March 18 (Reuters) - no year anywhere", None),  # no year named: no date guessed
    ("Title\nKYIV, Ukraine (AP) - in 2025", None),
    ("Title\nIn March 18 talks, 2025 was a year of talks", None),  # not a dateline
    ("Title\nMOSCOW, Feb. 30 (Reuters) - 2025", None),
])
def test_a_wire_dateline_without_its_year_takes_the_year_the_text_names(text, expected):
    assert formats.find_dateline(text) == expected
