"""previously-checked: a sentence that states a claim already fact-checked.

A claim judged false in one story comes back in the next one, or a claim another
fact-checker debunked turns up in a reporter's copy. The check is given, per
sentence, the known claims that may apply (``ctx.known``: the imported ClaimReviews
the sentence holds enough rare words of, and the claims judged in the ledger's
other articles it says a quarter of; see :mod:`factcheck.app.known_factchecks`)
and reads no database itself. Each sentence has its own: what it is compared with
does not depend on what else the article says. (A caller may also give one list
for every sentence.)

A sentence is compared only when it says enough of one of its candidates for
:func:`~factcheck.analysis.claim_matching.statement_score` to reach
:data:`~factcheck.analysis.claim_matching.MATCH_THRESHOLD`
(:meth:`~factcheck.analysis.claim_matching.CandidateIndex.in_reach`: most
sentences of an article have no candidate at all, and most of the others none in
reach). It is then ranked against those it says a quarter of
(:mod:`factcheck.analysis.claim_matching`); of the closest three, the one it
states most is a finding when it reaches the threshold.
A sentence that only shares the topic ("the council discussed the water supply")
stays under it: the score asks how much of the known claim the sentence states.
The severity follows the rating: a claim rated false, mostly false or misleading
is a warning, any other rating (true, mixed, unproven) is for information.
"""

from __future__ import annotations

from typing import Mapping

from factcheck.analysis.checks import CheckContext
from factcheck.analysis.findings import Finding, Span
from factcheck.text.segmentation import Document

CHECK_ID = "previously-checked"

#: Verdicts whose restatement an editor must look at before publication.
_WARN = frozenset({"false", "mostly-false", "misleading"})
#: Sentences shorter than this state no checkable claim ("He declined to comment.").
MIN_WORDS = 6


def _finding(sentence, match) -> Finding:  # type: ignore[no-untyped-def]
    known, score = match.candidate, match.score
    severity = "warning" if known.verdict in _WARN else "info"
    span = Span(sentence.paragraph, sentence.index, sentence.text)
    if known.claim is not None:
        verdict = (known.verdict or "judged").replace("-", " ")
        message = (f"This sentence restates claim {known.claim} of article '{known.article}', checked and "
                   f"judged {verdict}: \"{known.text}\"")
        data = {"claim": known.claim, "article": known.article, "verdict": known.verdict, "text": known.text,
                "score": score}
    else:
        who = known.publisher or "a fact-checker"
        rated = f" and rated \"{known.rating}\"" if known.rating else ""
        message = f"This sentence states a claim {who} already checked{rated}: \"{known.text}\" ({known.url})"
        data = {"url": known.url, "publisher": known.publisher, "rating": known.rating, "verdict": known.verdict,
                "text": known.text, "score": score}
    return Finding(CHECK_ID, severity, message, (span,), data)


def check(doc: Document, ctx: CheckContext) -> list[Finding]:
    if not ctx.known:
        return []
    from factcheck.analysis.claim_matching import MATCH_THRESHOLD, CandidateIndex

    # Per sentence (what the pipeline gives: each sentence its own candidates), or
    # one list for every sentence (a caller's own known claims).
    per_sentence = ctx.known if isinstance(ctx.known, Mapping) else None
    shared = None if per_sentence is not None else CandidateIndex(ctx.known)
    findings = []
    for sentence in doc.sentences:
        # Most sentences have no candidates: that is asked first.
        if per_sentence is None:
            index = shared
        elif candidates := per_sentence.get(sentence.text):
            index = CandidateIndex(candidates)
        else:
            continue
        if len(sentence.text.split()) < MIN_WORDS:
            continue
        # Of the closest few by ranking of those it could state (the others cannot
        # reach the threshold), the one the sentence states most is the finding.
        best = index.most_stated(sentence.text, limit=3)
        if best is not None and best.score >= MATCH_THRESHOLD:
            findings.append(_finding(sentence, best))
    return findings
