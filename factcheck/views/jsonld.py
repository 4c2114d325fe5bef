"""Writing JSON-LD that is safe inside an HTML page.

JSON-LD is published inside ``<script type="application/ld+json">``. The HTML
parser ends that element at the first ``</script`` whatever the JSON around it
says, so a claim's text or a fetched headline holding ``</script><script>...``
would run as script on the story page. Every ``<``, ``>`` and ``&`` is written as
its JSON escape (``\\u003c``, ``\\u003e``, ``\\u0026``): the same string to a JSON
reader, nothing an HTML parser can act on. U+2028/U+2029 are escaped too, since
older JavaScript engines end a line at them.
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["jsonld_text", "jsonld_script"]

_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_TABLE = str.maketrans(_UNSAFE)


def jsonld_text(document: Any) -> str:
    """``document`` as indented JSON with the characters HTML acts on escaped.

    Outside strings JSON never holds these characters, so translating the whole
    text only ever touches string contents.
    """
    return json.dumps(document, ensure_ascii=False, indent=2, default=str).translate(_TABLE)


def jsonld_script(document: Any) -> str:
    """A ready ``<script type="application/ld+json">`` block for the page's ``<head>``."""
    return f'<script type="application/ld+json">\n{jsonld_text(document)}\n</script>'
