"""Whether an edit only changes a verb's tense ("does not comment" -> "did not comment").

A tense change states the same fact from a later point in time: the desk fixes it
without telling readers (a silent edit), unlike a changed value or wording.
"""

from __future__ import annotations

__all__ = ["same_verb"]

# Irregular forms, each group one verb (present forms, then past ones).
_GROUPS = [
    ("is", "are", "am", "was", "were", "be", "been"),
    ("has", "have", "had"),
    ("does", "do", "did"),
    ("says", "say", "said"),
    ("tells", "tell", "told"),
    ("will", "would"),
    ("can", "could"),
    ("shall", "should"),
    ("may", "might"),
    ("gets", "get", "got"),
    ("makes", "make", "made"),
    ("goes", "go", "went"),
    ("comes", "come", "came"),
    ("takes", "take", "took", "taken"),
    ("gives", "give", "gave", "given"),
    ("knows", "know", "knew", "known"),
    ("thinks", "think", "thought"),
    ("keeps", "keep", "kept"),
    ("leaves", "leave", "left"),
    ("finds", "find", "found"),
    ("holds", "hold", "held"),
    ("stands", "stand", "stood"),
    ("sees", "see", "saw", "seen"),
    ("runs", "run", "ran"),
    ("leads", "lead", "led"),
    ("pays", "pay", "paid"),
    ("sells", "sell", "sold"),
    ("writes", "write", "wrote", "written"),
    ("speaks", "speak", "spoke", "spoken"),
    ("meets", "meet", "met"),
    ("spends", "spend", "spent"),
    ("plans", "plan", "planned"),
]
_GROUP_OF = {word: i for i, group in enumerate(_GROUPS) for word in group}


def _stem(word: str) -> str:
    """"comments" / "commented" / "commenting" -> "comment"; "denies"/"denied" -> "deni"."""
    for suffix in ("ies", "ied", "es", "ed", "s", "ing"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)]
            if suffix in ("ies", "ied"):
                return stem + "y"
            return stem
    return word


def same_verb(old: str, new: str) -> bool:
    """True when ``old`` and ``new`` (single words or equal-length runs of words)
    differ only in the tense of their verbs."""
    old_words, new_words = old.lower().split(), new.lower().split()
    if not old_words or len(old_words) != len(new_words):
        return False
    differs = False
    for o, n in zip(old_words, new_words):
        if o == n:
            continue
        differs = True
        if o in _GROUP_OF or n in _GROUP_OF:
            if _GROUP_OF.get(o) != _GROUP_OF.get(n):
                return False
            continue
        if not (o.isalpha() and n.isalpha()):
            return False
        stem_o, stem_n = _stem(o), _stem(n)
        # "announces" -> "announced": stems "announc" and "announc"
        if stem_o != stem_n and stem_o.rstrip("e") != stem_n.rstrip("e"):
            return False
    return differs
