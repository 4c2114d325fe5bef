"""A claim the desk judged wrong whose words the article fixes is a correction, even
where the figure is hedged as a running tally; claims sharing a sentence with the
edit are not named. No database: the diff and the drafting are pure."""

import pytest

from factcheck.analysis.diff import diff_documents

from factcheck.analysis.diff_types import ClaimRef
from factcheck.notices.draft import draft_notices
from factcheck.text.segmentation import segment

STORY = """Storm damage bill rises

Repairs to the seawall will cost about $240,000, the public works director said on Friday. The wall was built in 1962 and carries the coastal path.

Crews will start work in March.
"""


def _draft(new: str, *claims: ClaimRef):
    old_doc, new_doc = segment(STORY), segment(new)
    result = diff_documents(old_doc, new_doc, old_label="v1", new_label="v2", claims=claims)
    return draft_notices(result, old_doc, new_doc)


def _claim(verdict: str | None, text: str = "Repairs to the seawall will cost about $240,000", sentence: int = 0,
           status: str = "checked") -> ClaimRef:
    return ClaimRef(1, 2, text, status, verdict, 0, sentence)


def test_without_a_judged_claim_a_hedged_figure_that_rose_is_an_update():
    drafting = _draft(STORY.replace("$240,000", "$420,000"))
    assert [n.kind for n in drafting.notices] == ["update"]


@pytest.mark.parametrize("verdict", ["false", "mostly-false", "misleading", "outdated"])
def test_a_hedged_figure_in_a_claim_judged_wrong_is_corrected_naming_the_right_value(verdict):
    drafting = _draft(STORY.replace("$240,000", "$420,000"), _claim(verdict))
    (notice,) = drafting.notices
    assert notice.kind == "correction"
    assert "$420,000, not $240,000" in notice.text


def test_a_claim_checked_true_in_the_same_sentence_is_not_named_when_its_words_stand():
    drafting = _draft(STORY.replace("built in 1962", "built in 1958"),
                      ClaimRef(2, 1, "The wall carries the coastal path", "checked", "true", 0, 1))
    (notice,) = drafting.notices
    assert notice.kind == "correction"
    assert notice.warnings == []
    assert "1958, not 1962" in notice.text
