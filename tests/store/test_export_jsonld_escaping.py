"""JSON-LD goes inside <script type="application/ld+json">: no text in it may end that
element or open another. Checked by parsing the output as a browser's HTML parser
does (the tokenizer ends a script element at the first "</script"), not by string
search alone."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import lxml.html
import pytest

from conftest import CLAIMS, counts

HOSTILE_CLAIM = 'Khadr was 15 </script><script>alert(document.cookie)</script> <!-- & "AT&T" <b>bold</b>'
HOSTILE_TITLE = "France </SCRIPT ><img src=x onerror=alert(1)> & the U.S."


class _Tags(HTMLParser):
    """Every element and comment the HTML tokenizer sees, and each script's content."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.comments: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = True
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data

    def handle_comment(self, data):
        self.comments.append(data)


@pytest.fixture
def hostile_run(run, tmp_path):
    page = (CLAIMS / "khadr-wikileaks-v2.txt").read_text(encoding="utf-8")
    stored = run("add-revision", "khadr", "-", "--title", HOSTILE_TITLE, "--published", "2010-12-02", input=page)
    assert stored.exit_code == 0, stored.output
    added = run("add-claim", "khadr", HOSTILE_CLAIM, "--status", "checked", "--verdict", "false",
                "--source", "https://www.example.org/cable-09PARIS123")
    assert added.exit_code == 0, added.output
    return run


def _config(tmp_path):
    path = tmp_path / "factcheck.toml"
    path.write_text('[organisation]\nname = "CBC News <Standards> & Practices"\nurl = "https://www.cbc.ca"\n',
                    encoding="utf-8")
    return {"FACTCHECK_CONFIG": str(path)}


def _texts(document):
    reviews = [n for n in document["@graph"] if n["@type"] == "ClaimReview"]
    return [r["claimReviewed"] for r in reviews], document["@graph"][0]["headline"]


def test_claimreview_json_escapes_what_html_acts_on(hostile_run, tmp_path):
    result = hostile_run("export", "khadr", "--format", "claimreview", env=_config(tmp_path))
    assert result.exit_code == 0, result.output
    assert not set("<>&") & set(result.stdout)
    assert "\\u003c/script\\u003e" in result.stdout
    document = json.loads(result.stdout)  # the same strings to a JSON reader
    claims, headline = _texts(document)
    assert claims == [HOSTILE_CLAIM]
    assert headline == HOSTILE_TITLE
    assert document["@graph"][0]["publisher"]["name"] == "CBC News <Standards> & Practices"


def test_claimreview_html_is_one_inert_script_block(hostile_run, tmp_path, db_url):
    before = counts(db_url)
    result = hostile_run("export", "khadr", "--format", "claimreview-html", env=_config(tmp_path))
    assert result.exit_code == 0, result.output
    assert counts(db_url) == before
    page = f"<!doctype html><html><head>{result.stdout}</head><body><p id=after>story</p></body></html>"

    tags = _Tags()
    tags.feed(page)
    tags.close()
    assert [t for t, _ in tags.tags] == ["html", "head", "script", "body", "p"]
    assert tags.tags[2][1] == {"type": "application/ld+json"}
    assert tags.comments == []
    (script,) = tags.scripts
    claims, headline = _texts(json.loads(script))
    assert claims == [HOSTILE_CLAIM] and headline == HOSTILE_TITLE

    # libxml2's HTML parser, as lxml.html uses it: one script, its text whole JSON.
    tree = lxml.html.document_fromstring(page)
    scripts = tree.xpath("//script")
    assert len(scripts) == 1 and scripts[0].get("type") == "application/ld+json"
    assert not tree.xpath("//img") and not tree.xpath("//b")
    assert tree.xpath("//p[@id='after']")[0].text == "story"
    assert json.loads(scripts[0].text) == json.loads(script)


def test_the_unescaped_form_would_have_broken_out():
    """The parse above catches the attack: raw JSON in the same block gives the
    browser a second script element (what the escaping prevents)."""
    raw = json.dumps({"claimReviewed": HOSTILE_CLAIM}, ensure_ascii=False)
    tags = _Tags()
    tags.feed(f'<head><script type="application/ld+json">{raw}</script></head>')
    assert [t for t, _ in tags.tags].count("script") == 2
