"""Newsroom titles before a name never end a sentence: council, police and
legislature titles as Canadian copy prints them."""

from __future__ import annotations

import pytest

from factcheck.text.segmentation import segment, split_sentences


def sentences(paragraph: str) -> list[str]:
    return [paragraph[start:end] for start, end in split_sentences(paragraph)]


@pytest.mark.parametrize(
    "paragraph, expected",
    [
        ("Coun. Aisha Rahman voted against the plan. She said businesses were not consulted.",
         ["Coun. Aisha Rahman voted against the plan.", "She said businesses were not consulted."]),
        ("Couns. Mark Devlin and Sandra Whyte voted against it.", ["Couns. Mark Devlin and Sandra Whyte voted against it."]),
        ("Ald. Tom Ryan moved the motion on Tuesday. It passed 9-4.",
         ["Ald. Tom Ryan moved the motion on Tuesday.", "It passed 9-4."]),
        ("Supt. Greg Belanger told council ridership had recovered.", ["Supt. Greg Belanger told council ridership had recovered."]),
        ("Insp. Ray Li said two people were arrested. Police did not name them.",
         ["Insp. Ray Li said two people were arrested.", "Police did not name them."]),
        ("Cpl. Amy Fox of the RCMP confirmed the death.", ["Cpl. Amy Fox of the RCMP confirmed the death."]),
        ("Const. Mark Lee testified on Monday.", ["Const. Mark Lee testified on Monday."]),
        ("Cst. Mark Lee of the RCMP testified on Monday.", ["Cst. Mark Lee of the RCMP testified on Monday."]),
        ("Det. Sgt. Ann Roy led the investigation. Charges were laid in March.",
         ["Det. Sgt. Ann Roy led the investigation.", "Charges were laid in March."]),
        ("Liberal M.P.P. John Fraser asked the question. The minister did not answer.",
         ["Liberal M.P.P. John Fraser asked the question.", "The minister did not answer."]),
        ("Hon. Lisa Raitt was sworn in on Thursday.", ["Hon. Lisa Raitt was sworn in on Thursday."]),
        # A title as the last word of a sentence still lets the next one start.
        ("The question came from John Fraser, M.P.P. The minister did not answer.",
         ["The question came from John Fraser, M.P.P.", "The minister did not answer."]),
        ("The motion was moved by the deputy mayor. Coun. Linda Okonkwo seconded it.",
         ["The motion was moved by the deputy mayor.", "Coun. Linda Okonkwo seconded it."]),
    ],
)
def test_titles_before_a_name_do_not_end_the_sentence(paragraph, expected):
    assert sentences(paragraph) == expected


def test_a_councillor_quoted_in_a_story_is_one_sentence_per_statement():
    story = (
        "Council passes transit fare increase\n\n"
        "City council voted 7-4 on Thursday to raise bus fares by 25 cents. "
        "Coun. Terry Mahoney, who chairs the transit committee, called it the least painful option. "
        "Ald. Joan Petrie disagreed.\n"
    )
    body = segment(story).sentences
    assert [s.text for s in body] == [
        "City council voted 7-4 on Thursday to raise bus fares by 25 cents.",
        "Coun. Terry Mahoney, who chairs the transit committee, called it the least painful option.",
        "Ald. Joan Petrie disagreed.",
    ]
