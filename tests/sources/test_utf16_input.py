"""Text saved as "Unicode" (UTF-16 or UTF-32 with a byte-order mark) is decoded,
not refused as binary; NUL bytes without a mark are still binary."""

from __future__ import annotations

import codecs
import re
import json

import pytest

from factcheck.errors import InvalidInput
from factcheck.sources.files import decode_text

STORY = ("Council passed the $412-million budget on Monday.\n\n"
         "The vote was 7\u20132, said Mayor Janet Okafor, 52, who called it \u201ca fair plan.\u201d\n")


@pytest.mark.parametrize("encoded", [
    STORY.encode("utf-16"),
    codecs.BOM_UTF16_BE + STORY.encode("utf-16-be"),
    codecs.BOM_UTF16_LE + STORY.encode("utf-16-le"),
    STORY.encode("utf-32"),
], ids=["utf-16", "utf-16-be", "utf-16-le", "utf-32"])
def test_a_byte_order_mark_says_how_to_decode(encoded):
    assert decode_text(encoded, "story.txt") == STORY


def test_add_revision_of_a_utf16_file_stores_the_text(run, tmp_path):
    path = tmp_path / "council.txt"
    path.write_bytes(STORY.encode("utf-16"))
    result = run("add-revision", "council", str(path))
    assert result.exit_code == 0, result.output
    shown = json.loads(run("show", "council", "--format", "json").stdout)
    assert "Mayor Janet Okafor, 52" in json.dumps(shown, ensure_ascii=False)


def test_a_utf16_html_page_is_read(run, tmp_path):
    page = ("<html><head><meta charset='utf-16'><title>Council passes budget</title></head><body><article>"
            "<h1>Council passes budget</h1>" + "<p>Council passed the budget on Monday after a long debate "
            "about roads, transit and the library branches.</p>" * 3 + "</article></body></html>")
    path = tmp_path / "council.html"
    path.write_bytes(page.encode("utf-16"))
    result = run("add-revision", "council", str(path))
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("data, message", [
    (b"PK\x03\x04\x00\x00binary", "looks binary (it contains NUL bytes)"),
    (codecs.BOM_UTF16_LE + b"\x00\xd8", "starts with a UTF-16 byte-order mark but is not valid UTF-16"),
    (STORY.encode("utf-16")[:2] + "   \n".encode("utf-16-le"), "is empty"),
])
def test_what_is_still_refused(data, message):
    with pytest.raises(InvalidInput, match=re.escape(message)):
        decode_text(data, "story.txt")
