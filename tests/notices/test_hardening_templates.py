"""House templates that fail while rendering: one line naming file and line, exit 2, nothing stored."""

from __future__ import annotations

import pytest

from conftest import CLAIMS, counts
from factcheck.errors import InvalidInput
from factcheck.notices.templating import MAX_OUTPUT, Templates


@pytest.mark.parametrize("source, said", [
    ("Correction:\n{% for i in range(100000000) %}x{% endfor %}", "a value is too large (Range too big."),
    ("Correction:\n{% macro again() %}{{ again() }}{% endmacro %}\n{{ again() }}",
     "it calls itself without end"),
    ('Correction:\n{{ "x" * 4000000000 }}', "a value is too large (repeating 1 items 4,000,000,000 times"),
    ("Correction:\n{{ 7 ** 99999999 }}", "a value is too large (the exponent 99999999 is over the limit"),
    ("Correction:\n{% for i in range(99999) %}{% for j in range(99999) %}xxxxxxxxxx{% endfor %}{% endfor %}",
     f"its output is over the {MAX_OUTPUT:,} character limit"),
    ("Correction:\n{{ errors | ap_date }}", "AttributeError: "),
])
def test_a_failing_template_is_one_line_with_file_and_line(tmp_path, source, said):
    (tmp_path / "correction.j2").write_text(source, encoding="utf-8")
    with pytest.raises(InvalidInput) as error:
        Templates(tmp_path).render("correction.j2", errors=[])
    message = str(error.value)
    assert message.startswith(f"template {tmp_path / 'correction.j2'}, line ")
    assert said in message, message
    assert message.endswith("; fix the template, or remove it to use the default.")
    assert "\n" not in message


def test_a_binary_template_and_a_file_for_a_directory_are_one_line(tmp_path):
    (tmp_path / "update.j2").write_bytes(b"\xff\xfe\x00binary\x89PNG")
    with pytest.raises(InvalidInput) as error:
        Templates(tmp_path)
    assert str(error.value).startswith(f"template {tmp_path / 'update.j2'} is not a UTF-8 text file (byte 0)")
    file = tmp_path / "update.j2"
    with pytest.raises(InvalidInput) as error:
        Templates(file)
    assert str(error.value) == (f"templates directory {file} is a file, not a directory; pass the directory that "
                                "holds the .j2 files.")


def test_a_runaway_template_stores_nothing(run, db_url, tmp_path):
    assert run("import", str(CLAIMS / "khadr-wikileaks.yaml")).exit_code == 0
    for label in ("v2", "v3"):
        assert run("add-revision", "khadr-wikileaks", str(CLAIMS / f"khadr-wikileaks-{label}.txt"),
                   "--published", "2010-12-03").exit_code == 0
    (tmp_path / "correction.j2").write_text("{% macro again() %}{{ again() }}{% endmacro %}{{ again() }}",
                                            encoding="utf-8")
    before = counts(db_url)
    result = run("notice", "khadr-wikileaks", "v2", "v3", "--templates", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: template {tmp_path / 'correction.j2'}, line 1: it calls itself")
    assert result.stderr.count("\n") == 1
    assert counts(db_url) == before
    listed = run("notice", "khadr-wikileaks", "v2", "v3", "--templates", str(tmp_path / "correction.j2"))
    assert listed.exit_code == 2 and "is a file, not a directory" in listed.stderr
