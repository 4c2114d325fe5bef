"""Pages that used to lose their body: a body inside a <form>, behind a "read more"
expander, in an opinion section named "commentary", a lede inside <header>, an
inline border style, link-heavy paragraphs. Each page's gold body is in
tests/fixtures/pages/gold/; bench/bench_page_bodies.py scores the same set."""

from __future__ import annotations

from pathlib import Path

import pytest

from factcheck.sources.body_choice import MUCH_SHORTER, choose_body, restore_dropped, trim_furniture_edges
from factcheck.sources.html import extract_article

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"


def gold(name: str) -> list[str]:
    return (PAGES / "gold" / f"{name}.txt").read_text(encoding="utf-8").strip().split("\n\n")


def extracted(name: str):
    return extract_article((PAGES / f"{name}.html").read_bytes())


# page, the path the body takes, furniture that must stay out of the stored text
CASES = [
    # ASP.NET WebForms: the whole page is one <form id="aspnetForm">.
    ("transit-aspnet-form", "filtered", ["Most popular", "Email this story", "Trappers", "Privacy policy"]),
    # The second half of the story sits in <div class="read-more-content">.
    ("hospital-read-more", "filtered", ["Read more", "More from Health", "Flu season peaked", "National NewsMedia"]),
    # Opinion pages are "commentary" on many sites; the reader comments below are not the story.
    ("opinion-commentary", "filtered", ["prairiedad", "Great column", "Comments (9)", "Most read", "retired teacher"]),
    # favor_precision drops a <header> (the lede is in it) and subheads that are links.
    ("flood-feature-header-lede", "filtered", ["Local Journalism Initiative", "newsletter", "Sign up", "Feature\n"]),
    # favor_precision drops a wrapper with an inline border style: the whole story.
    ("school-board-inline-style", "filtered", ["Apple growers", "light snow", "All rights reserved", "Letters"]),
    # Link-heavy paragraphs in a read-more wrapper: the filter still strikes most of
    # them, so the filtered body is much shorter and the plain one is kept.
    ("briefing-read-more-links", "plain", ["Web edition", "Glen P.", "Comments (6)", "Privacy", "Get the briefing"]),
    # A typical page where neither extraction loses anything.
    ("election-explainer-links", "filtered", ["Lefebvre steps down", "Donate", "Related"]),
]


@pytest.mark.parametrize("name, path, furniture", CASES, ids=[c[0] for c in CASES])
def test_the_whole_body_is_kept_and_nothing_else(name, path, furniture):
    article = extracted(name)
    assert article.paragraphs == gold(name)
    assert article.extraction["body"] == path
    text = article.to_text()
    for piece in furniture:
        assert piece not in text, piece


def test_the_record_says_how_many_words_each_path_had():
    article = extracted("briefing-read-more-links")
    words = article.extraction["words"]
    assert words["plain"] == article.word_count == 139
    assert words["filtered"] < MUCH_SHORTER * words["plain"]
    assert extracted("council-budget").extraction == {
        "body": "filtered", "words": {"filtered": 158, "plain": 158},
    }


def test_selector_bodies_record_the_selector_path():
    article = extract_article((PAGES / "bridge-collapsed.html").read_bytes(), selector="td.storytext")
    assert article.extraction == {"body": "selector"}


def test_bylines_from_metadata_and_from_the_page():
    assert extracted("transit-aspnet-form").byline == "Danielle Fortier"  # <meta name=author>
    assert extracted("hospital-read-more").byline == "Harjit Sandhu"  # JSON-LD
    assert extracted("opinion-commentary").byline == "Marta Kowalczyk"  # <span class=author-name>
    assert extracted("flood-feature-header-lede").byline == "Colin Whitehead"


def test_uncredited_lead_photo_caption_is_stored_as_a_caption():
    article = extracted("hospital-read-more")
    assert article.captions == [
        ("The emergency department entrance at Royal Columbian Hospital in New Westminster.", None)
    ]
    assert article.to_text().rstrip().endswith(
        "The emergency department entrance at Royal Columbian Hospital in New Westminster. ((Uncredited))"
    )


def _story(body_class: str, paragraphs: int = 6, footer_paragraphs: int = 14) -> str:
    body = "".join(
        f"<p>Paragraph {i} of the story says the regional council approved the new transit plan by a vote of "
        f"{i + 5} to 3 after a long public hearing on Tuesday night.</p>"
        for i in range(paragraphs)
    )
    footer = "".join(f"<p>Footer line {i}</p>" for i in range(footer_paragraphs))
    return (
        "<html><head><title>Council approves transit plan</title></head><body><article>"
        "<h1>Council approves transit plan</h1>"
        f"<p>The first paragraph of the story, free to read, says the council met for nine hours.</p>"
        f'<div class="{body_class}">{body}</div></article>'
        f'<div class="site-info">{footer}</div></body></html>'
    )


@pytest.mark.parametrize("body_class", ["subscriber-content", "story-body read-more-content", "commentary__text"])
def test_story_prose_in_a_loosely_named_box_is_body(body_class):
    article = extract_article(_story(body_class))
    assert sum(p.startswith("Paragraph ") for p in article.paragraphs) == 6
    assert article.extraction["body"] == "filtered"


def test_promo_boxes_with_teasers_are_still_noise():
    teasers = "".join(
        f'<div class="card"><h3><a href="/s/{i}">Headline number {i} about something else entirely today</a></h3>'
        f"<p><a href='/s/{i}'>A teaser that is a link and runs for enough words to look like a sentence here.</a></p></div>"
        for i in range(4)
    )
    html = _story("story-body").replace("</article>", f'</article><section class="related-stories">{teasers}</section>')
    text = extract_article(html).to_text()
    assert "Headline number" not in text and "A teaser" not in text


def test_restore_puts_back_what_precision_dropped_in_the_plain_order():
    lede = "The lede that sat inside the article header is a full sentence of story prose."
    precise = ["Second paragraph of the story, which both runs kept in full.", "Third paragraph, kept by both runs as well."]
    plain = ["Feature", lede, precise[0], "A subhead", precise[1], "Comments (3)"]
    assert restore_dropped(precise, plain) == [lede, precise[0], "A subhead", precise[1]]


def test_restore_keeps_the_precise_body_when_the_runs_chose_different_parts_of_the_page():
    precise = ["The real story's first paragraph, long enough.", "And its second paragraph, long enough too."]
    plain = ["A completely different block of text that trafilatura's plain run preferred today."]
    assert restore_dropped(precise, plain) == precise


def test_choice_prefers_the_filtered_body_unless_much_shorter():
    filtered = ["one two three four five six seven eight nine ten."]
    plain = filtered + ["eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty."]
    assert choose_body(filtered, filtered + ["x"]).path == "filtered"
    chosen = choose_body(filtered, plain)
    assert (chosen.path, chosen.paragraphs) == ("plain", plain)
    assert chosen.record() == {"body": "plain", "words": {"filtered": 10, "plain": 20}}
    # A plain run that dumped the page as one block is not the same story: keep the filtered one.
    dump = [" ".join(["Menu Sports Weather"] + filtered + plain)]
    assert choose_body(filtered, dump).path == "filtered"


def test_plain_body_edges_lose_menus_and_a_shell_is_no_body():
    lines = ["Local news", "Sports", "By Tom Lindqvist", "A story sentence that is long enough to count.", "Copyright"]
    assert trim_furniture_edges(lines) == ["A story sentence that is long enough to count."]
    assert trim_furniture_edges(["You need to enable JavaScript to run this app", "Loading\u2026"]) == []
