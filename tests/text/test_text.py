"""The text model: normalisation, blocks with roles, and news-copy sentence splitting."""

import pytest

from conftest import SEED_V1
from factcheck.text.segmentation import fingerprint, normalise, segment, sha256_of, split_sentences


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


# Each case: a paragraph and the sentences it must split into. These pin the
# abbreviations that break general-purpose splitters on news copy.
SPLITS = [
    ("France asked the U.S. for help. Ottawa declined.", ["France asked the U.S. for help.", "Ottawa declined."]),
    ("He killed Sgt. 1st Class Christopher Speer in 2002.", ["He killed Sgt. 1st Class Christopher Speer in 2002."]),
    ("He listens on Oct. 30. The trial resumes.", ["He listens on Oct. 30.", "The trial resumes."]),
    ("They met on Feb. 5, 2009, in Washington.", ["They met on Feb. 5, 2009, in Washington."]),
    ("The process in the U.S. take its course. The cable says so.",
     ["The process in the U.S. take its course.", "The cable says so."]),
    ("Mr. Smith and Dr. Jones met Gov. Brown at 10 a.m. on Monday.",
     ["Mr. Smith and Dr. Jones met Gov. Brown at 10 a.m. on Monday."]),
    ("COLORADO SPRINGS, Colo. — A gunman opened fire. Three died.",
     ["COLORADO SPRINGS, Colo. — A gunman opened fire.", "Three died."]),
    ("Rep. Diana DeGette, D-Colo., voted no. She said why.",
     ["Rep. Diana DeGette, D-Colo., voted no.", "She said why."]),
    ('"We won. We are happy," he said. Fans cheered.',
     ['"We won.', 'We are happy," he said.', "Fans cheered."]),
    ("He said it was \u201ca cancer.\u201d The U.S. agreed.", ["He said it was \u201ca cancer.\u201d", "The U.S. agreed."]),
    ("George W. Bush spoke. J.P. Morgan fell 3.5 per cent.", ["George W. Bush spoke.", "J.P. Morgan fell 3.5 per cent."]),
    ("Is it true? Yes! It is.", ["Is it true?", "Yes!", "It is."]),
    ("Acme Inc. The company said it would appeal.", ["Acme Inc.", "The company said it would appeal."]),
    ("She works for Acme Inc. in Toronto.", ["She works for Acme Inc. in Toronto."]),
    ("No. 3 seed Smith won in Washington, D.C. on Sunday.", ["No. 3 seed Smith won in Washington, D.C. on Sunday."]),
]


@pytest.mark.parametrize("paragraph, expected", SPLITS)
def test_news_abbreviations_split_where_sentences_end(paragraph, expected):
    assert sentences(paragraph) == expected


def test_normalise_folds_spacing_and_line_endings_but_keeps_quotes():
    raw = "\ufeffOne\u00a0two\u00ad three  \r\n\r\n\r\n\u201cQuote\u201d\r\n"
    assert normalise(raw) == "One two three\n\n\u201cQuote\u201d"


def test_fingerprint_ignores_cosmetic_differences():
    assert fingerprint("He said \u201cyes\u201d \u2014 twice.") == fingerprint('he said  "yes" - twice.')
    assert fingerprint("22") != fingerprint("23")


def test_seed_blocks_have_roles_and_body_numbering():
    doc = segment(SEED_V1.read_text(encoding="utf-8"))
    roles = [(b.role, b.number) for b in doc.blocks]
    assert roles[:6] == [("section", 0), ("headline", 0), ("body", 0), ("body", 1), ("caption", 0), ("credit", 0)]
    assert doc.blocks[5].text == "((Canadian Press))"
    assert len(doc.body) == 9
    fourth = doc.body[4]
    assert [s.text for s in fourth.sentences] == [
        "It was known at the time of the meeting that Kouchner brought up Khadr's case.",
        "But the cable discloses the French minister, at the end of the discussion on Guantanamo Bay, "
        "handed Clinton a paper concerning Khadr.",
        'He is described as "a 15-year old Muslim of Canadian origin."',
        "Khadr, now 24, was 22 at the time of the meeting.",
    ]
    # The non-breaking spaces of the seed are gone from the stored text.
    assert "\u00a0" not in doc.text


def test_sentence_spans_point_into_the_document_text():
    doc = segment(SEED_V1.read_text(encoding="utf-8"))
    for sentence in doc.all_sentences:
        assert doc.text[sentence.start:sentence.end] == sentence.text


def test_segment_is_idempotent_on_its_own_text():
    doc = segment(SEED_V1.read_text(encoding="utf-8"))
    again = segment(doc.text)
    assert again.blocks == doc.blocks
    assert sha256_of(again.text) == sha256_of(doc.text)


def test_hard_wrapped_paragraphs_join_and_single_line_paragraphs_split():
    wrapped = "Headline here\n\nThe council met on\nTuesday night. It voted.\n\nA second paragraph."
    doc = segment(wrapped)
    assert [b.text for b in doc.body] == ["The council met on Tuesday night. It voted.", "A second paragraph."]
    one_per_line = "First paragraph here.\nSecond paragraph here.\nThird one."
    assert len(segment(one_per_line).body) == 3


def test_empty_text_has_no_blocks():
    assert segment("   \n\n  ").blocks == ()
