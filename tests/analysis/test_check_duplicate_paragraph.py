from pathlib import Path

from factcheck.analysis.checks import run_checks
from factcheck.analysis.checks.duplicate_paragraph import expanded_fingerprint
from factcheck.text.segmentation import segment

SEED = Path(__file__).resolve().parents[2] / "claims" / "khadr-wikileaks-v1.txt"


def findings(text):
    return run_checks(segment(text), only=["duplicate-paragraph"])


def test_seed_repeated_lede_found_despite_abbreviation():
    (finding,) = findings(SEED.read_text(encoding="utf-8"))
    assert finding.message == (
        "Paragraph 1 repeats paragraph 0 word for word except for abbreviations; "
        "one of them is probably left over from an edit."
    )
    assert finding.data == {"paragraphs": [0, 1], "similarity": 1.0}
    assert [s.paragraph for s in finding.spans] == [0, 1]
    assert "United States" in finding.spans[0].text and "U.S." in finding.spans[1].text


def test_identical_paragraphs_are_word_for_word():
    para = "The council voted 7-2 on Tuesday to close the Elm Street library branch by the end of March."
    (finding,) = findings(f"Headline here\n\n{para}\n\nSomething else entirely happened at the meeting later on.\n\n{para}")
    assert finding.message.startswith("Paragraph 2 repeats paragraph 0 word for word;")


def test_reworded_paragraph_is_found_with_its_similarity():
    a = "The council voted on Tuesday to close the Elm Street library branch by the end of March, officials said."
    b = "The council voted Tuesday to close the Elm Street library branch by the end of March, officials said."
    (finding,) = findings(f"{a}\n\n{b}")
    assert "almost word for word" in finding.message
    assert finding.data["similarity"] > 0.9


def test_different_paragraphs_on_one_subject_are_not_duplicates():
    a = "The council voted on Tuesday to close the Elm Street library branch by the end of March, officials said."
    b = "The council will vote next month on whether to reopen the Oak Avenue pool, which closed last summer."
    assert findings(f"{a}\n\n{b}") == []


def test_short_recurring_paragraphs_are_ignored():
    assert findings("He declined to comment.\n\nMore news here today.\n\nHe declined to comment.") == []


def test_expansion_spells_out_abbreviations_but_not_the_word_us():
    assert expanded_fingerprint("The U.S. told us.") == "the united states told us"


def test_which_paragraphs_are_compared_does_not_change_from_one_process_to_the_next():
    """The sketch once hashed str tuples, which Python salts per process: which
    pairs were compared, and so what the check found, changed from run to run."""
    import os
    import subprocess
    import sys

    code = ("from factcheck.analysis.checks.duplicate_paragraph import _sketch; "
            "print(sorted(_sketch('police said the fire started in a garage behind the pharmacy on main street')))")
    sketches = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                               env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2", "3")}
    assert len(sketches) == 1
