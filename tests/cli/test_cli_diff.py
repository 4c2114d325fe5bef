"""``factcheck diff``: file mode end to end, the ledger branch against a stand-in ledger,
and every bad input ending in one line on stderr."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from factcheck.cli import cli
from factcheck.cli.base import AppContext
from factcheck.analysis.diff_types import ClaimRef
from factcheck.errors import NotFound
from factcheck.sources.files import MAX_INPUT_BYTES

CLAIMS = Path(__file__).resolve().parents[2] / "claims"
V1, V2, V3 = (str(CLAIMS / f"khadr-wikileaks-v{n}.txt") for n in (1, 2, 3))


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text("Headline here\n\nThe mayor said three people died.\n\nIt rained.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Headline here\n\nThe mayor said four people died.\n\nIt rained.\n", encoding="utf-8")
    return tmp_path


def test_identical_files_say_no_changes(runner, files):
    result = runner.invoke(cli, ["diff", "a.txt", "a.txt"])
    assert (result.exit_code, result.stdout, result.stderr) == (0, "no changes\n", "")


def test_mixed_line_endings_are_not_a_change(runner, files):
    (files / "crlf.txt").write_bytes(b"Headline here\r\n\r\nThe mayor said three people died.\n\r\nIt rained.\r")
    result = runner.invoke(cli, ["diff", "a.txt", "crlf.txt"])
    assert (result.exit_code, result.stdout) == (0, "no changes\n")


def test_text_view_plain_markers(runner, files):
    result = runner.invoke(cli, ["diff", "a.txt", "b.txt"])
    assert result.exit_code == 0
    assert result.stdout == (
        "a.txt → b.txt\n"
        "\n"
        "paragraph 0\n"
        "  The mayor said [-three-]{+four+} people died.\n"
        "\n"
        "a.txt → b.txt: 2 unchanged, 1 edited\n"
        "\n"
        "Findings\n"
        '  warning number-changed: The number "three" became "four": "The mayor said four people died."\n'
    )


def test_context_shows_neighbouring_paragraphs(runner, files):
    result = runner.invoke(cli, ["diff", "a.txt", "b.txt", "--context", "1"])
    assert "paragraph 1\n  It rained.\n" in result.stdout


def test_json_output(runner, files):
    result = runner.invoke(cli, ["diff", "a.txt", "b.txt", "--format", "json", "--article", "storm"])
    payload = json.loads(result.stdout)
    assert payload["from"] == {"article": "storm", "label": "a.txt"}
    assert [c["kind"] for c in payload["changes"]] == ["unchanged", "edited", "unchanged"]
    assert payload["findings"][0]["data"] == {"old": "three", "new": "four"}


def test_ignore_cosmetic_hides_a_typo_fix(runner, files):
    (files / "typo.txt").write_text("Headline here\n\nThe mayor siad three people died.\n\nIt rained.\n", encoding="utf-8")
    shown = runner.invoke(cli, ["diff", "typo.txt", "a.txt"])
    assert "[-siad-]{+said+}" in shown.stdout and "[cosmetic]" in shown.stdout
    hidden = runner.invoke(cli, ["diff", "typo.txt", "a.txt", "--ignore-cosmetic"])
    assert (hidden.exit_code, hidden.stdout) == (0, "no changes\n")


def test_html_and_markdown_formats(runner, files):
    html = runner.invoke(cli, ["diff", "a.txt", "b.txt", "--format", "html"])
    assert html.exit_code == 0 and html.stdout.startswith("<!DOCTYPE html>")
    markdown = runner.invoke(cli, ["diff", "a.txt", "b.txt", "--format", "markdown"])
    assert markdown.exit_code == 0 and "~~three~~" in markdown.stdout


def test_seed_v1_v2_text(runner):
    result = runner.invoke(cli, ["diff", V1, V2])
    assert result.exit_code == 0
    assert "Khadr, now 24, was [-22-]{+23+} at the time of the meeting." in result.stdout
    assert "[moved from paragraph 4]" in result.stdout
    assert result.stdout.rstrip().endswith("duplicate-removed: A repeated paragraph was removed; the paragraph it "
                                           'repeated is still there: "France asked the United States for "assistance" '
                                           'with Omar Khadr even as Ottawa declined t…"')


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: (d / "empty.txt").write_bytes(b""), "Error: empty.txt is empty; pass a file that holds the article text.\n"),
        (lambda d: (d / "empty.txt").write_bytes(b" \n\n \n"), "Error: empty.txt is empty; pass a file that holds the article text.\n"),
        (
            lambda d: (d / "empty.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00"),
            "Error: empty.txt looks binary (it contains NUL bytes); pass a plain-text or HTML article.\n",
        ),
        (
            lambda d: (d / "empty.txt").write_bytes("caf\u00e9".encode("latin-1")),
            "Error: empty.txt is not valid UTF-8 (byte 3); re-save it as UTF-8, e.g. iconv -f latin1 -t utf-8.\n",
        ),
        (
            lambda d: (d / "empty.txt").write_bytes(b"word " * (MAX_INPUT_BYTES // 5 + 1)),
            "Error: empty.txt is 5.0 MB, over the 5 MB limit for one article; pass the article text, "
            "not an archive or binary file.\n",
        ),
    ],
    ids=["empty", "blank", "binary", "latin1", "oversize"],
)
def test_bad_input_is_one_line(runner, files, make, message):
    make(files)
    result = runner.invoke(cli, ["diff", "a.txt", "empty.txt"])
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)


def test_missing_file(runner, files):
    result = runner.invoke(cli, ["diff", "a.txt", "missing.txt"])
    assert (result.exit_code, result.stderr) == (2, "Error: missing.txt does not exist; check the path.\n")


def test_context_is_refused_with_json(runner, files):
    result = runner.invoke(cli, ["diff", "a.txt", "b.txt", "--format", "json", "--context", "2"])
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: --context applies to --format text, html and markdown, not json. (see cli diff --help)\n")


def test_help_ends_with_an_example(runner):
    result = runner.invoke(cli, ["diff", "--help"])
    assert "  Example:\n\n      factcheck diff v1 v2 --article khadr\n" in result.stdout


# --------------------------------------------------------------------------- ledger branch


class StandInLedger:
    """The ledger API the diff command relies on, over the seed revisions."""

    def __init__(self) -> None:
        self.texts = {label: Path(path).read_text(encoding="utf-8") for label, path in (("v1", V1), ("v2", V2))}

    def resolve_article(self, slug):
        if slug not in (None, "khadr"):
            raise NotFound(f"no article {slug!r}; articles: khadr.")
        return SimpleNamespace(slug="khadr")

    def get_revision(self, article, label):
        if label not in self.texts:
            raise NotFound(f"khadr has no revision {label!r}; revisions: v1, v2.")
        return SimpleNamespace(label=label, text=self.texts[label], published=None)

    def claim_refs(self, revision, doc=None):
        return [ClaimRef(3, 1, "Khadr was 22 at the time of the meeting.", "checked", "true", 4, 3)]


@pytest.fixture
def ledger(monkeypatch):
    stand_in = StandInLedger()
    monkeypatch.setattr(AppContext, "ledger", lambda self: stand_in)
    return stand_in


def test_ledger_labels(runner, ledger):
    result = runner.invoke(cli, ["diff", "v1", "v2", "--format", "json"])
    payload = json.loads(result.stdout)
    assert payload["from"] == {"article": "khadr", "label": "v1"}
    assert [f["check"] for f in payload["findings"]] == ["number-changed", "duplicate-removed", "claim-changed"]


def test_ledger_unknown_label(runner, ledger):
    result = runner.invoke(cli, ["diff", "v1", "v9"])
    assert (result.exit_code, result.stderr) == (1, "Error: khadr has no revision 'v9'; revisions: v1, v2.\n")
