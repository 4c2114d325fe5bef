"""Progress of long work: a bar on a terminal, a line per batch elsewhere, never a
long silence; and the --on-change hook's own output passed through."""

from __future__ import annotations

import io
import json
import sys

import pytest

from factcheck.app.archive_import import import_archive
from factcheck.progress import Progress, megabytes
from httpfixtures import Response, fixture_bytes, site  # noqa: F401  (fixture)

COUNCIL = fixture_bytes("pages", "council-budget.html")


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def lines_of(stream: io.StringIO) -> list[str]:
    return stream.getvalue().splitlines()


def test_line_mode_prints_a_line_per_batch_after_a_quick_first_one():
    out, clock = io.StringIO(), Clock()
    with Progress("importing", 3000, stream=out, clock=clock, unit="records") as progress:
        for batch in range(3):
            progress.advance(1000)
            clock.now += 2
            progress.batch(f"{(batch + 1) * 1000} stored")
    assert lines_of(out) == [
        "importing: 2,000 of 3,000 records (66%); 2000 stored",
        "importing: 3,000 of 3,000 records (100%); 3000 stored",
    ]


def test_a_small_quick_job_prints_nothing():
    out, clock = io.StringIO(), Clock()
    with Progress("importing", 40, stream=out, clock=clock) as progress:
        progress.advance(40)
        progress.batch("40 stored")
        progress.finish()
    assert out.getvalue() == ""


def test_a_long_first_batch_is_never_silent_for_long():
    # The 181-page import: every record is slow to extract, and the first batch is all of them.
    out, clock = io.StringIO(), Clock()
    with Progress("importing", 181 * 50_000, amount=megabytes, stream=out, clock=clock) as progress:
        for _page in range(181):
            clock.now += 0.17
            progress.advance(50_000)
        progress.batch("181 stored")
    printed = lines_of(out)
    assert len(printed) == 4  # at 10 s, 20 s and 30 s, then the batch
    assert printed[0] == "importing: 2.8 MB of 8.6 MB (32%)"  # after QUIET_SECONDS, not at the end
    assert printed[-1] == "importing: 8.6 MB of 8.6 MB (100%); 181 stored"


def test_every_n_units_gives_a_line_per_batch_of_pages():
    out, clock = io.StringIO(), Clock()
    with Progress("checking", 60, unit="pages", every=25, stream=out, clock=clock) as progress:
        for _ in progress.iterate(range(60), detail=lambda: "ok"):
            pass
    assert lines_of(out) == ["checking: 25 of 60 pages (41%); ok", "checking: 50 of 60 pages (83%); ok"]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_it_is_a_bar_not_lines():
    out = Terminal()
    with Progress("importing", 100, stream=out, every=10) as progress:
        for _ in range(10):
            progress.advance(10)
            progress.batch("10 stored")
    assert "importing" in out.getvalue() and "10 stored" not in out.getvalue()


def test_import_reports_each_record_as_it_is_read_and_each_batch_when_stored(ledger, tmp_path):
    archive = tmp_path / "archive.jsonl"
    rows = [{"article": f"levy-{n}", "text": f"Levy vote {n}\n\nCouncil voted {n + 3} to 2 on the levy on Tuesday."}
            for n in range(5)]
    archive.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    read, batches = [], []
    summary = import_archive(ledger, str(archive), batch_size=2, progress=read.append,
                             on_batch=lambda so_far: batches.append(so_far.stored))
    assert summary.stored == 5
    assert len(read) == 5 and all(size > 0 for size in read)
    assert batches == [2, 4, 5]


def test_import_archive_prints_batch_lines_when_not_on_a_terminal(run, tmp_path, monkeypatch):
    import factcheck.progress

    monkeypatch.setattr(factcheck.progress, "QUIET_SECONDS", 0.0)  # every batch is "slow" here
    archive = tmp_path / "archive.jsonl"
    rows = [{"article": f"levy-{n}", "text": f"Levy vote {n}\n\nCouncil voted {n + 3} to 2 on the levy on Tuesday."}
            for n in range(3)]
    archive.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    result = run("import-archive", str(archive), "--batch-size", "1", "--format", "json")
    assert result.exit_code == 0, result.output
    batch_lines = [line for line in result.stderr.splitlines() if "stored, " in line]
    assert batch_lines[-1].endswith("(100%); 3 stored, 0 already stored, 0 problems")
    assert json.loads(result.stdout)["stored"] == 3  # progress never reaches stdout


def test_watch_round_over_many_pages_prints_a_line_per_batch(run, site, monkeypatch):
    import factcheck.cli.watch

    monkeypatch.setattr(factcheck.cli.watch, "_PAGES_PER_LINE", 2)
    for n in range(5):
        page = COUNCIL.replace(b"$412-million", f"${400 + n}-million".encode())
        run("watch", "add", site.route(f"/local/story-{n}", Response(page)), "--article", f"story-{n}")
    result = run("watch", "--once")
    assert result.exit_code == 0, result.output
    progress = [line for line in result.stderr.splitlines() if line.startswith("checking: ")]
    assert progress == ["checking: 2 of 5 pages (40%); 2 changed", "checking: 4 of 5 pages (80%); 4 changed"]
    assert len(result.stdout.splitlines()) == 5


HOOK = """
import json, sys
change = json.load(sys.stdin)
print("posted", change["article"], "to #standards")
print("rate limit: 58 of 60 left", file=sys.stderr)
"""


def test_hook_output_is_passed_through_prefixed(run, site, tmp_path):
    script = tmp_path / "notify.py"
    script.write_text(HOOK, encoding="utf-8")
    url = site.route("/local/council", Response(COUNCIL))
    run("watch", "add", url, "--article", "council")
    result = run("watch", "--once", "--on-change", f"{sys.executable} {script}")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"council: v1 stored from {url} (new article, ")
    assert len(result.stdout.splitlines()) == 1  # stdout stays one line per change
    assert result.stderr.splitlines()[:2] == [
        "on-change council: posted council to #standards",
        "on-change council: rate limit: 58 of 60 left",
    ]


def test_a_failing_hook_shows_what_it_said_before_the_failure(run, site, tmp_path):
    script = tmp_path / "notify.py"
    script.write_text("import sys\nsys.stdin.read()\nprint('connecting to slack')\nsys.exit('slack is down')\n")
    run("watch", "add", site.route("/local/council", Response(COUNCIL)), "--article", "council")
    result = run("watch", "--once", "--on-change", f"{sys.executable} {script}")
    assert result.exit_code == 0
    assert result.stderr.splitlines()[:2] == [
        "on-change council: connecting to slack",
        f"--on-change command {sys.executable!r} failed with exit status 1: slack is down",
    ]


@pytest.mark.parametrize("lines, shown", [(3, 3), (80, 51)])
def test_a_chatty_hook_is_cut_short(lines, shown):
    from factcheck.app.watch import HOOK_LINES, run_hook

    ran = run_hook([sys.executable, "-c", f"import sys; sys.stdin.read(); print('\\n'.join(map(str, range({lines}))))"],
                   {"article": "x"})
    assert ran.problem is None and len(ran.output) == shown
    if lines > HOOK_LINES:
        assert ran.output[-1] == f"... ({lines - HOOK_LINES} more lines)"
