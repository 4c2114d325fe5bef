"""A house template that loops without writing anything is stopped by the time limit
(the output and range limits never see it): one line with file and line."""

from __future__ import annotations

import time

import pytest

from factcheck.errors import InvalidInput
from factcheck.notices.templating import MAX_SECONDS, Templates


@pytest.mark.parametrize("source", [
    "Correction:\n{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}",
    "Correction:\n{% for i in range(99999) %}{% for j in range(99999) %}{% set x = j %}{% endfor %}{% endfor %}",
    "Correction:\n{% for i in range(99999) %}{% for j in range(99999) %}{{ '' if j|string|length > 99 }}"
    "{% endfor %}{% endfor %}",
])
def test_a_silent_runaway_loop_stops_at_the_time_limit(tmp_path, source):
    (tmp_path / "correction.j2").write_text(source, encoding="utf-8")
    templates = Templates(tmp_path)
    started = time.monotonic()
    with pytest.raises(InvalidInput) as error:
        templates.render("correction.j2", errors=[])
    assert time.monotonic() - started < MAX_SECONDS + 3
    assert str(error.value).startswith(f"template {tmp_path / 'correction.j2'}, line ")
    assert f"it runs longer than the {MAX_SECONDS:g} s limit for a notice (a runaway loop?)" in str(error.value)
    assert "\n" not in str(error.value)


def test_templates_that_use_range_normally_still_work(tmp_path):
    (tmp_path / "correction.j2").write_text(
        "Correction: {% for i in range(3) %}{{ i }}{% endfor %} {{ range(5)|length }} {{ range(4)[2] }} "
        "{% for i in range(3)|reverse %}{{ i }}{% endfor %}", encoding="utf-8")
    assert Templates(tmp_path).render("correction.j2") == "Correction: 012 5 2 210"


def test_each_render_gets_its_own_time(tmp_path):
    (tmp_path / "correction.j2").write_text("Correction: {% for i in range(20000) %}{% endfor %}done",
                                            encoding="utf-8")
    templates = Templates(tmp_path)
    for _ in range(3):
        assert templates.render("correction.j2") == "Correction: done"
