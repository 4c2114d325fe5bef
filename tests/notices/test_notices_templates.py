"""Templates: a golden file per default template, overrides, and broken templates."""

from __future__ import annotations

import os
from datetime import date

import pytest

from conftest import ROOT
from factcheck.errors import InvalidInput
from factcheck.notices.facts import Fact
from factcheck.notices.templating import Templates, ap_date, join_and

GOLDEN = ROOT / "tests" / "golden" / "notices"

NOTICES = [
    {"id": 1, "kind": "correction", "placement": "top", "dated": "2010-12-03", "dateline": "Corrected Dec. 3, 2010",
     "text": "Correction: An earlier version of this article misstated Omar Khadr's age. Khadr was 22, not 23."},
    {"id": 2, "kind": "update", "placement": "bottom", "dated": None, "dateline": None,
     "text": "This article has been updated with comments from A & B <co>."},
]

# name -> the values the template is rendered with
CASES = {
    "correction.j2": {"errors": [
        Fact("misspelled the first name of Jonathan Reyes", "It is Jonathan, not Jonathon."),
        Fact("misstated the length of the sentence", "The sentence is 14 years, not 12."),
        Fact("misquoted Anne Whitfield", 'Whitfield said "terrible," not "tragic."'),
    ]},
    "clarification.j2": {"passages": [
        {"old": "spoke against the levy", "new": "spoke, most of them in favour of the levy"},
        {"old": "a ban", "new": "a proposed ban"},
    ]},
    "update.j2": {"items": ["a revised figure (at least five people, up from three)", "comments from Dana Whitford"],
                  "removed_superseded": True},
    "editors-note.j2": {"passages": [{"text": "She also praised the police chief."}], "claims": []},
    "dateline.j2": {"kind": "correction", "verb": "Corrected", "dated": date(2010, 12, 3)},
    "block.md.j2": {"article": {"slug": "khadr"}, "notices": None},
    "block.html.j2": {"article": {"slug": "khadr"}, "notices": None},
}


def _values(name):
    values = dict(CASES[name])
    if values.get("notices", 1) is None:
        from factcheck.views.notices_block import block_items

        values["notices"] = block_items(NOTICES)
    return values


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(name):
    rendered = Templates().render(name, **_values(name))
    golden = GOLDEN / (name.replace(".j2", "") + ".txt")
    if os.environ.get("FACTCHECK_REGOLD"):
        golden.write_text(rendered + "\n", encoding="utf-8")
    assert rendered + "\n" == golden.read_text(encoding="utf-8")


def test_ap_dates():
    assert ap_date(date(2010, 12, 3)) == "Dec. 3, 2010"
    assert ap_date(date(2011, 3, 9)) == "March 9, 2011"
    assert ap_date(date(2011, 9, 1)) == "Sept. 1, 2011"
    assert ap_date(date(2011, 6, 30)) == "June 30, 2011"


def test_join_and():
    assert join_and([]) == "" and join_and(["a"]) == "a"
    assert join_and(["a", "b"]) == "a and b" and join_and(["a", "b", "c"]) == "a, b and c"


def test_override_one_file_keeps_the_other_defaults(tmp_path):
    (tmp_path / "correction.j2").write_text(
        "CORRECTION ({{ errors | length }}): {{ errors | map(attribute='right') | join(' ') }}\n", encoding="utf-8"
    )
    templates = Templates(tmp_path)
    assert templates.render("correction.j2", errors=[Fact("x", "It is 22, not 23.")]) == "CORRECTION (1): It is 22, not 23."
    assert templates.render("update.j2", items=["new information"], removed_superseded=False) == (
        "This article has been updated with new information."
    )


def test_broken_template_names_file_and_line(tmp_path):
    (tmp_path / "update.j2").write_text("line one\n{% if items %}\nno endif here\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as error:
        Templates(tmp_path)
    message = str(error.value)
    assert message.startswith(f"template {tmp_path / 'update.j2'}, line 3: Unexpected end of template")


def test_undefined_variable_names_the_template(tmp_path):
    (tmp_path / "correction.j2").write_text("Correction:\n{{ erors }}\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as error:
        Templates(tmp_path).render("correction.j2", errors=[])
    assert "correction.j2, line 2" in str(error.value) and "erors" in str(error.value)


def test_sandbox_refuses_python_internals(tmp_path):
    (tmp_path / "correction.j2").write_text("{{ errors.__class__.__mro__ }}", encoding="utf-8")
    with pytest.raises(InvalidInput):
        Templates(tmp_path).render("correction.j2", errors=[])


def test_missing_directory_is_refused(tmp_path):
    with pytest.raises(InvalidInput, match="does not exist"):
        Templates(tmp_path / "nope")
