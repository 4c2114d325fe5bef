from pathlib import Path

from factcheck.analysis.checks import run_checks
from factcheck.text.segmentation import normalise, segment

SEED = Path(__file__).resolve().parents[2] / "claims" / "khadr-wikileaks-v1.txt"


def variants(text):
    return run_checks(segment(text), only=["name-variant"])


def test_seed_has_no_variant():
    assert variants(SEED.read_text(encoding="utf-8")) == []


def test_misspelt_surname_in_the_seed():
    text = normalise(SEED.read_text(encoding="utf-8")).replace("assistance Kouchner", "assistance Kouchener")
    (finding,) = variants(text)
    assert finding.message == (
        "\u201cKouchener\u201d in paragraph 5 looks like a misspelling of \u201cKouchner\u201d, "
        "as Bernard Kouchner is written twice elsewhere in the story."
    )
    assert [s.paragraph for s in finding.spans] == [2, 5]


def test_given_name_spelled_two_ways_for_one_person():
    text = ("Mohammed Khan, the club's treasurer, resigned on Friday.\n\n"
            "Mohamed Khan said the accounts were in order.")
    (finding,) = variants(text)
    assert "Mohammed Khan's name is spelled both" in finding.message


def test_people_sharing_a_surname_are_not_variants():
    text = ("Jane Smith and her brother John Smith opened the bakery in 2010.\n\n"
            "Jane said the recipes came from their grandmother; John said he handles the books.")
    assert variants(text) == []


def test_similar_surnames_with_different_given_names_are_two_people():
    text = "Mark Hansen scored twice and Peter Hanson added a third, coach Ellen Moore said."
    assert variants(text) == []
