"""False alarms found on real article pages, each pinned; the corpus test keeps
every planted defect found (tests/test_checks_corpus.py)."""

from __future__ import annotations

from datetime import date

import pytest

from factcheck.analysis.checks import CheckContext, get_check
from factcheck.text.segmentation import segment


def _found(check_id: str, text: str, published: date | None = date(2024, 5, 1)):
    doc = segment(text)
    return get_check(check_id)(doc, CheckContext(doc, published))


@pytest.mark.parametrize("story", [
    # German party names inflect: die Grüne / der Grünen, die Linke / der Linken.
    "BERLIN \u2014 Ricarda Lang of the Grünen said the heating law had failed. Lang said the Grüne "
    "parliamentary group would vote against it on Thursday.",
    "Co-leader Omid Nouripour of the Linke said no. Nouripour said the Linken would not back the budget, "
    "Nouripour said.",
    "Christian Lindner of the Liberalen said the debt brake stays. Lindner said the Liberale ministers agreed.",
    # Designations, not names.
    "Apple replaced the Lightning port with USB-C, said Tim Cook. Older chargers use USB-A, Cook said. "
    "A USB-C cable costs $19 in the U.S.",
    "Samsung's charger has one Type-A port, spokesman Kim Min-jun said. The phone itself takes Type-C, Kim said.",
    # A brand built on a word.
    "Gwynne Shotwell, president of SpaceX, said the launch was delayed, SpaceX said. Shotwell told Space News "
    "the rocket was ready.",
    "SpaceX chief Gwynne Shotwell spoke on Monday. Shotwell said Space was still hard. SpaceX said so too.",
    # Arabic nisba: Maliki is not Malik misspelled.
    "Prime Minister Nouri al-Maliki spoke on Monday. Maliki said the vote would go ahead. Sheikh Malik told "
    "reporters he would boycott it.",
    "Nouri Maliki said the vote would go ahead. The Malik family said they would boycott it. Maliki added "
    "that security in Baghdad was improving.",
])
def test_name_variant_is_silent_on_names_that_are_not_misspellings(story):
    assert _found("name-variant", story) == []


@pytest.mark.parametrize("story, suspect, usual", [
    ("French Foreign Minister Bernard Kouchner met Clinton. Kouchner said France would help. "
     "Kouchener added that Khadr's case was closed.", "Kouchener", "Kouchner"),
    ("Mayor Janet Okafor spoke first. Okafor said the budget was balanced. Okafur said taxes would rise 2%.",
     "Okafur", "Okafor"),
    ("Coach Mike Babcock, 60, was fired. Babcock said he was surprised. Babcok said he would rest.",
     "Babcok", "Babcock"),
])
def test_real_misspellings_are_still_found(story, suspect, usual):
    (finding,) = _found("name-variant", story)
    assert (finding.data["suspect"], finding.data["usual"]) == (suspect, usual)


def test_age_inconsistency_does_not_join_two_people_called_burton():
    story = ("Director Tim Burton, 65, is remaking the film. Burton said he loved the original, which starred "
             "Richard Burton. Richard Burton was 38 in 1963. Burton, now 65, said he had seen it as a boy.")
    assert _found("age-inconsistency", story) == []


def test_age_inconsistency_still_finds_one_burtons_two_ages():
    story = ("Richard Burton starred in the 1963 film. Richard Burton was 38 in 1963, the studio said. "
             "Tim Burton directed the remake. Richard Burton, who was 45 in 1963, won no Oscar.")
    (finding,) = _found("age-inconsistency", story)
    assert finding.data["person"] == "Richard Burton"


@pytest.mark.parametrize("story", [
    "SNC-Lavalin faces three charges: fraud, bribery (SNC) and conspiracy.",
    "Police laid two charges: assault (a minor, the court heard) and theft.",
    "The council approved two projects: a library ($5,000,000) and a pool ($2,000,000), the mayor said.",
])
def test_count_mismatch_reads_a_parenthesis_as_part_of_its_item(story):
    assert _found("count-mismatch", story) == []


def test_count_mismatch_still_counts_a_list_with_a_parenthesis():
    (finding,) = _found("count-mismatch", "The firm faces four charges: fraud, bribery (SNC) and conspiracy.")
    assert finding.data["announced"] == 4 and finding.data["listed"] == [3, 3]
