"""Revision pairs whose right alignment is known because they are built from it.

An edit script (edit, rewrite, remove, add, move, split, merge) is applied to
one of the articles of :mod:`gold.articles`; every sentence of the new revision
remembers which old sentence(s) it came from and how, so the generator returns
the alignment a standards editor would draw by hand next to the two texts.
Sentences are numbered in body reading order from 0 on each side.

Each sentence is touched by at most one operation, and a moved sentence jumps
at least two paragraphs, so that the explanation with the fewest moved
sentences is the planted one.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from gold.articles import ADDITIONS, Article

OPERATIONS = ("edit", "rewrite", "remove", "add", "move", "split", "merge")

# Replacements an editor makes: a figure corrected, a word tightened.
_SWAPS = {"more than": "nearly", "at least": "about", "Tuesday": "Wednesday", "Friday": "Thursday",
          "spring": "summer", "second": "third", "two": "three", "said": "told reporters"}
# First words that stay lower case when a clause moves behind another.
_COMMON_OPENERS = {"The", "A", "An", "In", "On", "At", "After", "Under", "More", "One", "Our", "His", "Her"}
_NUMBER = re.compile(r"\d+")


@dataclass
class Item:
    """A sentence of the new revision and where it came from."""

    text: str
    origin: tuple[int, ...] = ()  # old sentence numbers; () for an added sentence
    kind: str = "unchanged"


@dataclass
class Gold:
    old_text: str
    new_text: str
    #: (kind, old sentence numbers, new sentence numbers), sorted
    expected: list[tuple[str, tuple[int, ...], tuple[int, ...]]] = field(default_factory=list)
    script: list[str] = field(default_factory=list)


def render(headline: str, paragraphs: list[list[str]]) -> str:
    return headline + "\n\n" + "\n\n".join(" ".join(p) for p in paragraphs if p) + "\n"


def build(article: Article, script: list[str], rng: random.Random) -> Gold:
    """Apply ``script`` (operation names, see OPERATIONS) to ``article``."""
    paragraphs: list[list[Item]] = []
    number = 0
    for paragraph in article.paragraphs:
        paragraphs.append([])
        for text in paragraph:
            paragraphs[-1].append(Item(text, (number,)))
            number += 1
    texts = [text for paragraph in article.paragraphs for text in paragraph]
    repeated = {text for text in texts if texts.count(text) > 1}
    additions = list(ADDITIONS)
    rng.shuffle(additions)
    done: list[str] = []
    # The move goes last, once: it must jump over two sentences still in place
    # whatever else was cut, or moving the neighbour would explain it as well.
    for operation in [o for o in script if o != "move"] + (["move"] if "move" in script else []):
        if _apply(operation, paragraphs, additions, repeated, rng):
            done.append(operation)
    return _gold(article, paragraphs, number, done)


def _untouched(paragraphs: list[list[Item]]) -> list[tuple[int, int]]:
    return [(p, s) for p, items in enumerate(paragraphs) for s, item in enumerate(items)
            if item.kind == "unchanged" and item.origin]


def _apply(
    operation: str, paragraphs: list[list[Item]], additions: list[str], repeated: set[str], rng: random.Random
) -> bool:
    free = _untouched(paragraphs)
    if operation == "add":
        if not additions:
            return False
        p = rng.randrange(len(paragraphs))
        items = paragraphs[p]
        # Anywhere but between the two halves of a split (they stay adjacent).
        spots = [at for at in range(len(items) + 1)
                 if not (0 < at < len(items) and items[at].kind == "split" and items[at - 1].origin == items[at].origin)]
        items.insert(rng.choice(spots), Item(additions.pop(), (), "added"))
        return True
    if not free:
        return False
    rng.shuffle(free)
    for p, s in free:
        item = paragraphs[p][s]
        if operation in ("remove", "move", "merge") and item.text in repeated:
            continue  # which of two identical copies went is not for a test to say
        if operation == "edit":
            edited = _edit(item.text, rng)
            if edited:
                paragraphs[p][s] = Item(edited, item.origin, "edited")
                return True
        elif operation == "rewrite":
            rewritten = _rewrite(item.text)
            if rewritten:
                paragraphs[p][s] = Item(rewritten, item.origin, "edited")
                return True
        elif operation == "remove":
            del paragraphs[p][s]  # the old sentence no new one comes from: removed
            return True
        elif operation == "split":
            halves = _split(item.text)
            if halves:
                paragraphs[p][s : s + 1] = [Item(halves[0], item.origin, "split"), Item(halves[1], item.origin, "split")]
                return True
        elif operation == "merge":
            if s + 1 < len(paragraphs[p]):
                after = paragraphs[p][s + 1]
                # Adjacent in the old text too: two sentences with a cut one between
                # them are not a merge the diff's JSON can express (a side covers
                # adjacent sentences); the engine reports an edit and a removal.
                adjacent = after.origin == (item.origin[-1] + 1,)
                if after.kind == "unchanged" and adjacent and after.text not in repeated:
                    merged = item.text.rstrip(".") + "; " + after.text
                    paragraphs[p][s : s + 2] = [Item(merged, item.origin + after.origin, "merge")]
                    return True
        elif operation == "move":
            del paragraphs[p][s]
            targets = [(q, at) for q in range(len(paragraphs)) for at in (0, len(paragraphs[q]))
                       if _in_place_between(paragraphs, (p, s), (q, at)) >= 2]
            if targets:
                q, at = rng.choice(targets)
                paragraphs[q].insert(at, Item(item.text, item.origin, "moved"))
                return True
            paragraphs[p].insert(s, item)
    return False


def _in_place_between(paragraphs: list[list[Item]], start: tuple[int, int], end: tuple[int, int]) -> int:
    """How many old sentences, still in place, lie between two insertion points."""
    low, high = sorted((start, end))
    between = [item for p, items in enumerate(paragraphs) for s, item in enumerate(items) if low <= (p, s) < high]
    return len({item.origin for item in between if item.origin and item.kind != "moved"})


def _edit(text: str, rng: random.Random) -> str | None:
    for old, new in _SWAPS.items():
        if f" {old} " in text:
            return text.replace(f" {old} ", f" {new} ", 1)
    numbers = list(_NUMBER.finditer(text))
    if numbers:
        match = rng.choice(numbers)
        value = str(int(match.group(0)) + rng.randint(1, 9))
        return text[: match.start()] + value + text[match.end():]
    return None


def _rewrite(text: str) -> str | None:
    """ "A, B." -> "B, A." with a word changed: the heavy rewrite."""
    if "\u201c" in text or '"' in text or text.count(", ") != 1:
        return None
    first, second = text.rstrip(".").split(", ")
    if len(first.split()) < 4 or len(second.split()) < 4:
        return None
    head = first.split()[0]
    if head in _COMMON_OPENERS:
        first = head.lower() + first[len(head):]
    reordered = second[0].upper() + second[1:] + ", " + first + "."
    return reordered.replace(" the ", " this ", 1) if " the " in reordered else reordered.replace(" a ", " one ", 1)


def _split(text: str) -> tuple[str, str] | None:
    if "\u201c" in text or '"' in text or ", " not in text:
        return None
    at = text.index(", ")
    first, rest = text[:at], text[at + 2:]
    if len(first.split()) < 5 or len(rest.split()) < 5:
        return None
    lead = "It" if rest.split()[0] in ("which", "that", "who") else ""
    second = (lead + " " + rest) if lead else rest[0].upper() + rest[1:]
    return first + ".", second


def _gold(article: Article, paragraphs: list[list[Item]], count: int, done: list[str]) -> Gold:
    old_text = render(article.headline, [list(p) for p in article.paragraphs])
    new_text = render(article.headline, [[item.text for item in p] for p in paragraphs])
    expected: list[tuple[str, tuple[int, ...], tuple[int, ...]]] = []
    seen: set[int] = set()
    items = [item for p in paragraphs for item in p]
    by_origin: dict[tuple[int, ...], list[int]] = {}
    for j, item in enumerate(items):
        by_origin.setdefault(item.origin, []).append(j)
    for j, item in enumerate(items):
        if not item.origin:
            expected.append(("added", (), (j,)))
        elif item.kind == "split":
            if item.origin[0] not in seen:
                expected.append(("split", item.origin, tuple(by_origin[item.origin])))
        else:
            expected.append((item.kind, item.origin, (j,)))
        seen.update(item.origin)
    expected.extend(("removed", (i,), ()) for i in range(count) if i not in seen)
    return Gold(old_text, new_text, sorted(expected), done)
