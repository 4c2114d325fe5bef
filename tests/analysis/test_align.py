from __future__ import annotations

import random

from factcheck.analysis.align import Link, _heaviest_increasing, _longest_increasing, align, score_pairs

A = "The council approved the budget on Tuesday night after a long debate."
B = "Police said the driver was not injured in the crash on Highway 7."
C = "The museum will reopen in the spring with a new wing for local artists."
D = "Union members voted to accept the contract, ending a three-week strike."


def kinds(links: list[Link]) -> list[str]:
    return [link.kind for link in links]


def test_identical_sequences_are_unchanged():
    assert kinds(align([A, B, C], [A, B, C])) == ["unchanged"] * 3


def test_fingerprint_equal_text_is_edited_not_unchanged():
    links = align(['He said "yes."'], ["He said \u201cyes.\u201d"])
    assert links == [Link("edited", (0,), (0,), 1.0)]


def test_out_of_order_sentence_is_moved_and_removed_stays_in_place():
    short = "It rained."
    links = align([A, B, short, D], [short, A, D])
    assert [(l.kind, l.old, l.new) for l in links] == [
        ("moved", (2,), (0,)),
        ("unchanged", (0,), (1,)),
        ("removed", (1,), ()),
        ("unchanged", (3,), (2,)),
    ]


def test_the_shorter_sentence_is_the_one_that_moved():
    short = "It rained."
    links = align([A, short, C], [A, C, short])
    assert [(l.kind, l.old) for l in links] == [("unchanged", (0,)), ("unchanged", (2,)), ("moved", (1,))]


def test_sentence_crossing_into_another_paragraph_in_order_is_a_move():
    # [A B] [C D] -> [A] [B C D]: B left A and joined C.
    links = align([A, B, C, D], [A, B, C, D], [0, 0, 1, 1], [0, 1, 1, 1])
    assert kinds(links) == ["unchanged", "moved", "unchanged", "unchanged"]


def test_paragraph_split_or_merge_moves_nothing():
    assert set(kinds(align([A, B, C, D], [A, B, C, D], [0, 0, 0, 0], [0, 0, 1, 1]))) == {"unchanged"}
    assert set(kinds(align([A, B, C, D], [A, B, C, D], [0, 0, 1, 1], [0, 0, 0, 0]))) == {"unchanged"}


def test_edited_pair_far_away_is_moved_edited():
    edited = C.replace("spring", "summer")
    links = align([A, B, C, D], [edited, A, B, D])
    assert links[0].kind == "moved-edited" and links[0].old == (2,)
    assert 0.9 < links[0].similarity < 1


def test_split_and_merge():
    whole = "Khadr, now 24, was 22 at the time of the meeting, the cable says."
    halves = ["Khadr is now 24.", "He was 22 at the time of the meeting, the cable says."]
    split = align([A, whole], [A, *halves], [0, 1], [0, 1, 1])
    assert split[1] == Link("split", (1,), (1, 2), split[1].similarity)
    merge = align([A, *halves], [A, whole], [0, 1, 1], [0, 1])
    assert merge[1] == Link("merge", (1, 2), (1,), merge[1].similarity)


def test_split_needs_adjacent_sentences_of_one_paragraph():
    whole = "Khadr, now 24, was 22 at the time of the meeting, the cable says."
    halves = ["Khadr is now 24.", "He was 22 at the time of the meeting, the cable says."]
    links = align([whole], halves, [0], [0, 1])
    assert "split" not in kinds(links)


def test_unrelated_sentences_are_added_and_removed():
    assert kinds(align([A], [D])) == ["added", "removed"]


def test_heaviest_increasing_prefers_weight():
    assert _heaviest_increasing([0, 2, 1], [1, 1, 5]) == {0, 2}
    assert _heaviest_increasing([0, 2, 1], [1, 5, 1]) == {0, 1}
    assert _heaviest_increasing([], []) == set()


def test_blocked_scoring_finds_the_edited_partner_of_every_sentence():
    rng = random.Random(7)
    letters = "abcdefghijklmnopqrstuvwxyz"
    vocabulary = ["".join(rng.choices(letters, k=rng.randint(3, 10))) for _ in range(3000)]
    queries = [" ".join(rng.choices(vocabulary, k=14)) for _ in range(600)]
    edited = [q.replace(q.split()[3], "changed", 1) for q in queries]
    choices = list(edited)
    rng.shuffle(choices)
    scored = score_pairs(queries, choices, 60)  # 360,000 cells: the blocked path
    best = {}
    for a, b, score in scored:
        if score > best.get(a, (None, 0))[1]:
            best[a] = (b, score)
    assert {a: b for a, (b, _) in best.items()} == {a: choices.index(e) for a, e in enumerate(edited)}


def test_long_documents_align_every_sentence():
    rng = random.Random(3)
    vocabulary = [f"w{n}" for n in range(5000)]
    old = [" ".join(rng.choices(vocabulary, k=18)) + "." for _ in range(4000)]
    new = list(old)
    for k in range(0, 4000, 50):
        new[k] = new[k].replace(new[k].split()[2], "edited", 1)
    new = new[2000:] + new[:2000]
    links = align(old, new)
    assert sorted(i for l in links for i in l.old) == list(range(4000))
    assert sorted(j for l in links for j in l.new) == list(range(4000))
    assert {l.kind for l in links} <= {"unchanged", "edited", "moved", "moved-edited"}


# --------------------------------------------------------------------------- rewrites, moves, repeats

REWRITES = [
    (
        "The council voted 7-2 on Tuesday to close the Elm Street library, ending a year of debate.",
        "Ending a year of debate, the council voted 7-2 on Tuesday to close this Elm Street library.",
    ),
    (
        "Police said the driver, a 34-year-old man from Halifax, was taken to hospital.",
        "A 34-year-old Halifax man, the driver, was taken to hospital, police said.",
    ),
    (
        "The mayor, who took office in 2022, resigned on Monday after a vote of the council.",
        "After a vote of the council on Monday, the mayor resigned; she took office in 2022.",
    ),
]


def test_a_rewrite_that_reorders_clauses_is_an_edit_not_removed_and_added():
    for before, after in REWRITES:
        assert kinds(align([A, before, D], [A, after, D])) == ["unchanged", "edited", "unchanged"], before


def test_reordered_words_of_a_different_statement_do_not_pair():
    # The same vocabulary, other names and figures: two different sentences of one story.
    before = "Premier Doug Ford said the province would spend $2 billion on transit by 2030."
    after = "By 2030 the province would spend $5 billion on hospitals, Health Minister Sylvia Jones said."
    assert sorted(kinds(align([A, before], [A, after]))) == ["added", "removed", "unchanged"]
    other = "After a long night, the union said on Tuesday it would not approve the deal."
    assert sorted(kinds(align([B, A], [B, other]))) == ["added", "removed", "unchanged"]


def test_the_sentence_that_jumped_is_the_one_reported_moved():
    # The long sentence jumps over two short ones: moving it is one move, moving
    # the two it jumped over would be two, though they are less text.
    long = "The province has already committed $1.1 billion to the project, the minister said on Friday."
    short = ["It rained.", "Nobody came."]
    links = align([long, *short, D], [*short, long, D])
    assert [(l.kind, l.old) for l in links] == [("unchanged", (1,)), ("unchanged", (2,)), ("moved", (0,)), ("unchanged", (3,))]


def test_identical_sentences_keep_their_partners():
    picks = "Our editors' picks: the week's best reads from our newsroom."
    old = [A, picks, B, C, picks, D]
    # B edited and C cut: nothing unique separates the two copies any more.
    new = [A, picks, B.replace("Highway 7", "Highway 17"), picks, D]
    links = align(old, new)
    assert [(l.kind, l.old, l.new) for l in links if l.old and old[l.old[0]] == picks] == [
        ("unchanged", (1,), (1,)), ("unchanged", (4,), (3,))]
    # One copy cut: the one that stayed keeps its place, nothing moved.
    links = align([picks, A, B, picks], [A, B, picks])
    assert [(l.kind, l.old, l.new) for l in links] == [
        ("removed", (0,), ()), ("unchanged", (1,), (0,)), ("unchanged", (2,), (1,)), ("unchanged", (3,), (2,))]


def test_identical_copies_edited_alike_keep_their_order():
    # A standing line printed twice in a row and corrected the same way in both
    # places, below a sentence that was added: the copies must not cross.
    line = "After reaching a plea deal with prosecutors in October, he is expected to return to Canada within a year."
    fixed = "He is expected to return to Canada within a year, after reaching one plea deal with prosecutors in October."
    added = "His lawyer said the family had not been told of the date."
    links = align([A, line, line, B], [added, A, fixed, fixed, B])
    assert [(l.kind, l.old, l.new) for l in links if l.kind not in ("unchanged", "added")] == [
        ("edited", (1,), (2,)), ("edited", (2,), (3,))]


def test_a_rewrite_pairs_with_its_own_sentence_not_a_near_copy_elsewhere():
    # Two near-copies that differ in one word, both rewritten "A, B." -> "B, A.":
    # each keeps a little more word order with the other's rewrite than its own
    # does, but the same words as its own.
    template = ("Prime Minister Stephen Harper's government has faced heavy criticism for refusing to call for "
                "Khadr's {} repatriation, instead insisting the judicial process against him in the U.S. take its course.")
    rewrite = ("Instead insisting this judicial process against him in the U.S. take its course, Prime Minister "
               "Stephen Harper's government has faced heavy criticism for refusing to call for Khadr's {} repatriation.")
    old = [template.format("immediate"), A, B, C, template.format("eventual")]
    new = [rewrite.format("immediate"), A, B, C, rewrite.format("eventual")]
    assert [(l.kind, l.old, l.new) for l in align(old, new) if l.kind != "unchanged"] == [
        ("edited", (0,), (0,)), ("edited", (4,), (4,))]


def test_a_split_sentence_keeps_its_halves_when_a_near_copy_was_cut():
    # The story quoted the cable twice; the second quotation was cut and the
    # first split in two. The cut copy is shorter, so by similarity alone it
    # matches the second half better than the sentence that was split does.
    split = ("But Owen Lindqvist's cable discloses the French minister, at the end of the discussion on "
             "Guantanamo Bay, handed Clinton a paper concerning Khadr.")
    copy = split.replace("Owen Lindqvist's", "Ray Dube's")
    halves = ["But Owen Lindqvist's cable discloses the French minister.",
              "At the end of the discussion on Guantanamo Bay, handed Clinton a paper concerning Khadr."]
    links = align([A, split, B, C, copy], [A, *halves, B, C], [0, 1, 2, 3, 4], [0, 1, 1, 2, 3])
    assert [(l.kind, l.old, l.new) for l in links if l.kind != "unchanged"] == [
        ("split", (1,), (1, 2)), ("removed", (4,), ())]


def test_a_copy_that_moved_far_does_not_shift_the_copies_it_passed():
    # The live blog's "Read more" line after each update; the first update's
    # line was moved to the foot of the page. Putting the copies in order would
    # pair each with the next one along and report every copy moved.
    more = "Read more: the latest on the flood, updated through the day."
    updates = [A, B, C, D]
    old = [updates[0], more, updates[1], more, updates[2], more, updates[3]]
    new = [updates[0], updates[1], more, updates[2], more, updates[3], more]
    links = align(old, new)
    assert [(l.kind, l.old, l.new) for l in links if l.kind != "unchanged"] == [("moved", (1,), (6,))]


def test_longest_increasing_is_as_long_as_the_heaviest_with_equal_weights():
    rng = random.Random(7)
    for _ in range(300):
        values = [rng.randrange(40) for _ in range(rng.randrange(0, 30))]
        positions = _longest_increasing(values)
        assert positions == sorted(positions)
        assert all(values[a] < values[b] for a, b in zip(positions, positions[1:]))
        assert len(positions) == len(_heaviest_increasing(values, [1] * len(values)))
