"""kg.clean: same-length blanking of header and page chrome, offsets unchanged, idempotent, never raises."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.clean import CleanText, chrome_line, clean, load_rules, rules_version
from kg.model import Document

SEEDS = Path(__file__).parent.parent / "seeds"
BLANK = " \n"


def doc(text: str, body_start: int = 0) -> Document:
    return Document(id="t.txt", path="t.txt", text=text, body_start=body_start)


def kept_lines(ct: CleanText) -> list[str]:
    return [line.strip() for line in ct.text.split("\n") if line.strip()]


def check_invariants(original: str, ct: CleanText) -> None:
    assert len(ct.text) == len(original)
    for i, (a, b) in enumerate(zip(original, ct.text, strict=True)):
        assert a == b or b in BLANK, (i, a, b)
        if a == "\n":
            assert b == "\n"
    for i in ct.line_breaks:
        assert ct.text[i] == "\n"
    for b, e in ct.removed:
        assert ct.text[b:e].strip() == "" and ct.span_to_original(b, e) == (b, e)
    assert list(ct.line_breaks) == sorted(set(ct.line_breaks))


def test_seed_003_chrome_removed_article_kept():
    text = (SEEDS / "003_bb10ee099b003496.txt").read_text(encoding="utf-8")
    ct = clean(doc(text))
    check_invariants(text, ct)
    lines = kept_lines(ct)
    assert lines[0] == "Overview: What did Trump and Putin discuss on phone?"
    assert lines[1].startswith("Russian President Vladimir Putin and U.S. President Donald Trump")
    assert lines[-1].startswith("U.S.-Russian Foreign Minister phone call: On March 15")
    for chrome in ("Get Apps", "dotdotnews", "Through dots", "Deepline", "2025.03.19 11:53", "Wechat", "Weibo",
                   "Related News", "Palestinians", "Tag:", "Comment", "Go back", "Search Content", "Keyword",
                   "Old to new", "No Result", "Site Map", "Light Dark"):
        assert chrome not in ct.text, chrome
    assert "\nX\n" not in ct.text
    assert ct.text.count("Zelensky") == text[:text.index("Related News:")].count("Zelensky")


def test_seed_000_header_blanked_and_glued_chrome_stripped():
    text = (SEEDS / "000_1ff78937a44971aa.txt").read_text(encoding="utf-8") + "Get Apps\nGet Apps\n"
    body_start = text.index("\n") + 1
    ct = clean(doc(text, body_start))
    check_invariants(text, ct)
    assert ct.text[:body_start].strip() == "" and ct.removed[0] == (0, body_start)
    assert ct.removed[1:] == ((len(text) - 18, len(text) - 10), (len(text) - 9, len(text) - 1))
    assert ct.text.rstrip().endswith("The presidents agreed to remain in contact on all issues raised.")
    details = ct.text.index("\nDetails\n") + len("\nDetails")
    assert details in ct.line_breaks  # the heading "Details" is its own sentence
    assert kept_lines(ct)[0].startswith("Putin supported Trump's proposal")


def test_general_chrome_of_another_site():
    text = ("Skip to main content\nNorthwind Wire\nMenu\nWorld\nShare\nFacebook | Twitter | Email\n"
            "Updated: April 2, 2025 09:15 GMT\nWe use cookies to improve your experience. Accept all cookies?\n"
            "Lakeside talks weigh 14-day truce\n"
            "Negotiators from Arland and Belvia discussed a proposal for a 14-day ceasefire on Wednesday, officials said.\n"
            "Advertisement\n"
            "Arland's foreign minister said her government would accept the truce only under conditions.Subscribe\n"
            "Northwind Wire\n"
            "Read also: Storm hits coastal towns\n"
            "The mediator said a second round of talks was planned for next Tuesday in the lakeside town.\n"
            "Most read\nStorm hits coastal towns\nMarkets slip on rate fears\n© 2025 Northwind Wire\n")
    ct = clean(doc(text))
    check_invariants(text, ct)
    assert kept_lines(ct) == [
        "Lakeside talks weigh 14-day truce",
        "Negotiators from Arland and Belvia discussed a proposal for a 14-day ceasefire on Wednesday, officials said.",
        "Arland's foreign minister said her government would accept the truce only under conditions.",
        "The mediator said a second round of talks was planned for next Tuesday in the lakeside town."]


def test_section_block_runs_to_the_next_real_paragraph():
    para = "The delegations met again on Thursday and discussed the ceasefire proposal in great detail."
    text = f"{para}\nRead more\nStorm hits coastal towns\n{para}\n{para}\nComments\nNice article, thanks."
    ct = clean(doc(text))
    assert kept_lines(ct) == [para] * 3
    page = (SEEDS / "003_bb10ee099b003496.txt").read_text(encoding="utf-8")
    twice = clean(doc(page + "\n" + page))  # two scraped pages in one file: both articles kept
    once = kept_lines(clean(doc(page)))
    assert kept_lines(twice) == once + once[1:]  # (the second headline is inside the first page's tail)


def test_no_real_paragraph_means_no_head_rule():
    assert clean(doc("Truce agreed.")).text == "Truce agreed."
    assert clean(doc("Waffenruhe\nvereinbart")).text == "Waffenruhe\nvereinbart"


def test_recurring_short_lines_and_colons():
    para = "Officials from both sides said the ceasefire proposal would be discussed again next week."
    text = f"Wire Daily\n{para}\nWire Daily\n{para}\nPutin:\n{para}\nPutin:\n{para}\n"
    lines = kept_lines(clean(doc(text)))
    assert "Wire Daily" not in lines and lines.count("Putin:") == 2  # speaker labels are kept


def test_line_breaks_and_wrapped_text():
    ct = clean(doc("Details\nThe talks went on.\nA heading without stop\nand its lowercase continuation.\n"))
    text = ct.text
    assert [text[:i].rsplit("\n", 1)[-1] for i in ct.line_breaks] == [
        "Details", "The talks went on.", "and its lowercase continuation."]
    wrapped = ("Negotiators from Arland and Belvia met in Geneva on Wednesday to\n"
               "discuss a proposal for a fourteen-day ceasefire along their border\n"
               "Officials said the plan drafted by a Norwegian mediator would\n"
               "freeze troop movements and open a humanitarian corridor for the\n"
               "civilians trapped near the town of Velsk, where fighting has cut\n"
               "power for a week.\n"
               "Further talks are expected next week.\n")
    ct = clean(doc(wrapped))
    assert [ct.text[:i].rsplit("\n", 1)[-1] for i in ct.line_breaks] == [
        "power for a week.", "Further talks are expected next week."]


def test_clean_text_api():
    ct = clean(doc("Some article text that is long enough to be a sentence."))
    assert ct.to_original(3) == 3 and ct.span_to_original(2, 9) == (2, 9)
    assert ct.rules_version == rules_version() == load_rules().version
    with pytest.raises(IndexError):
        ct.to_original(len(ct.text) + 1)
    with pytest.raises(IndexError):
        ct.span_to_original(5, 2)
    with pytest.raises(dataclasses.FrozenInstanceError):
        ct.text = ""  # type: ignore[misc]


def test_chrome_line():
    for line in ("Get Apps", "X / Wechat / Weibo", "  New   to old ", "2025.03.19 11:53", "Light Dark",
                 "< Go back", "Copy link", "Advertisement", "Published: March 19, 2025"):
        assert chrome_line(line), line
    for line in ("Details", "Putin said X was wrong.", "", "The talks will resume on March 19, 2025."):
        assert not chrome_line(line), line


def test_body_start_out_of_range_is_harmless():
    assert clean(doc("abc", body_start=99)).text == "\n\n\n"
    assert clean(doc("abc", body_start=-5)).text == "abc"


CHROME = ["Get Apps", "X", "Wechat", "Share", "Related News:", "Tag:·a· b", "Comment", "Site Map", "< Go back",
          "2025.03.19 11:53", "Light Dark", "Northwind", "Through dots,we connect.", "Read more", "", " ",
          "Putin:", "Details"]
SENTENCES = ["The delegations discussed a ceasefire proposal for thirty days along the front line.",
             "Russia said it would stop strikes on energy infrastructure for thirty days, officials said.",
             "Talks resume Monday", "issues raised.Get Apps", "and a lowercase continuation line here."]
lines = st.lists(st.one_of(st.sampled_from(CHROME + SENTENCES), st.text(max_size=30)), max_size=25)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), lines.map("\n".join)), st.integers(min_value=-3, max_value=50))
def test_property_same_length_unchanged_or_blank_idempotent(text, body_start):
    ct = clean(doc(text, body_start))
    check_invariants(text, ct)
    again = clean(doc(ct.text))
    assert again.text == ct.text and again.line_breaks == ct.line_breaks and again.removed == ()


@pytest.mark.parametrize("text, first", [
    ("ISTANBUL, May 16 (Reuters) - Russia and Ukraine agreed.", "Russia"),
    ("KYIV, Ukraine (AP) — Ukrainian President Volodymyr Zelensky said.", "Ukrainian"),
    ("WASHINGTON (AP) — The White House said.", "The"),
    ("\n\nMOSCOW/WASHINGTON, March 18 (Wire) - Putin agreed.", "Putin"),
    ("PETROPAVLOVSK-KAMCHATSKY, March 3 (Reuters) - A quake hit.", "A"),
    ("Putin, who spoke on Tuesday - said nothing.", None),
    ("The Kremlin said on Tuesday that talks would go on.", None),
    ("MOSCOW, March 13. /TASS/. Russia agrees with the proposal.", "Russia"),  # agency between slashes
    ("Title: Talks in Jeddah\n\n\nJEDDAH, Saudi Arabia (Reuters) - Ukraine said.", "Ukraine"),  # after a title
    ("Title: Talks\nThe Kremlin said.\nLONDON, March 15 (AP) — Starmer said.", None),  # not the body's start
    ("Putin said. MOSCOW, March 13. /TASS/. Peskov said.", None),
    ("FACTBOX-What did Trump and Putin agree on in their call?\n\nMOSCOW, March 18 (Reuters) - U.S. President "
     "Donald Trump spoke.", "U.S."),  # a title may ask a question
    ("Did they speak? " * 8 + "\nMOSCOW, March 18 (Reuters) - Putin spoke.", None),  # a body's questions
])
def test_first_sentence_after_a_wire_dateline(text, first):
    from kg.clean import _dateline_start

    starts = _dateline_start(text)
    assert (text[starts[0]:].split()[0] if starts else None) == first


def test_dateline_is_its_own_sentence_in_the_parse():
    from kg import nlp as kg_nlp

    text = "ISTANBUL, May 16 (Reuters) - Russia and Ukraine agreed to swap prisoners."
    cleaned = clean(Document("d.txt", "d.txt", text, None))
    nlp = kg_nlp.load()
    doc = nlp.make_doc(cleaned.text)
    doc.user_data["line_breaks"] = cleaned.line_breaks
    doc.user_data["sentence_starts"] = cleaned.sentence_starts
    doc = nlp(doc)
    assert [s.text.strip() for s in doc.sents][-1] == "Russia and Ukraine agreed to swap prisoners."
