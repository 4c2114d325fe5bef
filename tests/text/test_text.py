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
    ("The river broke its banks shortly after 2 a.m. Marlies goalie Dan Kessler made 31 saves.",
     ["The river broke its banks shortly after 2 a.m.", "Marlies goalie Dan Kessler made 31 saves."]),
    ("Polls close at 8 p.m. Police said lines were short.", ["Polls close at 8 p.m.", "Police said lines were short."]),
    ("The vote is set for 7 p.m. Tuesday at city hall.", ["The vote is set for 7 p.m. Tuesday at city hall."]),
    ("Doors open at 9 a.m. ET and close at 5 p.m. Eastern time.",
     ["Doors open at 9 a.m. ET and close at 5 p.m. Eastern time."]),
    ("The game starts at 1 p.m. Jan. 4 in Winnipeg.", ["The game starts at 1 p.m. Jan. 4 in Winnipeg."]),
    ("COLORADO SPRINGS, Colo. — A gunman opened fire. Three died.",
     ["COLORADO SPRINGS, Colo. — A gunman opened fire.", "Three died."]),
    ("Rep. Diana DeGette, D-Colo., voted no. She said why.",
     ["Rep. Diana DeGette, D-Colo., voted no.", "She said why."]),
    ('"We won. We are happy," he said. Fans cheered.',
     ['"We won. We are happy," he said.', "Fans cheered."]),
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


# Real copy the splitter used to get wrong: quoted speech with its attribution,
# embedded tweets, wire credits, lower-case brand names opening a sentence.
REAL_COPY = [
    ('"We won. We are happy," he said. Fans cheered.', ['"We won. We are happy," he said.', "Fans cheered."]),
    ("\u201cIs it over? I hope so,\u201d she said. The jury left.",
     ["\u201cIs it over? I hope so,\u201d she said.", "The jury left."]),
    ('"It was chaos. People ran" \u2014 one witness said. Police came.',
     ['"It was chaos. People ran" \u2014 one witness said.', "Police came."]),
    # A quotation that is a whole sentence, or one left open for the next
    # paragraph, keeps its inner sentences.
    ('"We won. We are happy." Fans cheered.', ['"We won.', 'We are happy."', "Fans cheered."]),
    ("\u201cWe will rebuild. We always do.", ["\u201cWe will rebuild.", "We always do."]),
    ("Have you seen this man? pic.twitter.com/AbC123xyz \u2014 Toronto Police (@TPSOperations) May 3, 2018 "
     "Officers said he is 30.",
     ["Have you seen this man? pic.twitter.com/AbC123xyz \u2014 Toronto Police (@TPSOperations) May 3, 2018",
      "Officers said he is 30."]),
    ("Shares rose 3 per cent. (Reporting by Dan Morrow in Toronto; Editing by Paul Simao)",
     ["Shares rose 3 per cent.", "(Reporting by Dan Morrow in Toronto; Editing by Paul Simao)"]),
    ("Shares rose, the company said.(Additional reporting by A. Singh. Editing by J. Doe)",
     ["Shares rose, the company said.", "(Additional reporting by A. Singh. Editing by J. Doe)"]),
    ("Sales fell in the quarter. eBay said it would cut jobs. iPhone sales rose.",
     ["Sales fell in the quarter.", "eBay said it would cut jobs.", "iPhone sales rose."]),
    ("Coun. Josh Matlow voted against. Ald. Ann Smith agreed.", ["Coun. Josh Matlow voted against.", "Ald. Ann Smith agreed."]),
    ("OTTAWA \u2014 the party said on Monday it would vote no. It did.",
     ["OTTAWA \u2014 the party said on Monday it would vote no.", "It did."]),
]


@pytest.mark.parametrize("paragraph, expected", REAL_COPY)
def test_real_copy_splits_where_sentences_end(paragraph, expected):
    assert sentences(paragraph) == expected


def test_segment_finds_the_same_sentences_as_split_sentences_per_paragraph():
    # segment() scans the whole document at once; the paragraphs must not leak.
    text = "Headline here\n\n" + "\n\n".join(p for p, _ in SPLITS + REAL_COPY)
    doc = segment(text)
    assert [[s.text for s in b.sentences] for b in doc.body] == [e for _, e in SPLITS + REAL_COPY]


def test_printable_one_line_text_normalises_to_itself():
    assert normalise("  He said \u201cyes.\u201d  ") == "He said \u201cyes.\u201d"
    assert normalise("two  spaces\u00a0here") == "two spaces here"
    assert normalise("e\u0301t\u00e9") == "\u00e9t\u00e9"  # NFC still applied
