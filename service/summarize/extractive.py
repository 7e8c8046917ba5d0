"""An extractive neutral summary built by code: the fallback when the model's drafts fail.

The same shortlist is what the model chooses among in the `select` task.
"""

import re

from schemas.llm import POINT_MAX_CHARS, DraftPoint, SummaryDraft
from service.evidence.flag_types import SPECS
from service.evidence.model import ClaimEvidence, Evidence
from service.summarize.neutral import neutralize
from service.text import Document

_SKIP_KINDS = frozenset({"anonymous_source"})


SHORTLIST_PER_POINT = 2
"""The shortlist holds twice as many sentences as points."""


def extractive_summary(document: Document, evidence: Evidence, max_points: int) -> SummaryDraft:
    """The earliest sentences of the shortlist, neutralized.

    News puts the essentials first, so among the informative, undoubtful sentences the earliest
    win: on REALSumm (`deskcheck eval`, 100 documents) ROUGE-1 40.0, where the best-scored
    sentences scored 35.5 and lead-3 scores 40.9 with 41 loaded terms to this rule's none.
    """
    chosen = shortlist(document, evidence, max_points)[:max_points]
    return SummaryDraft(points=[neutral_point(document, claim) for claim in chosen])


def shortlist(document: Document, evidence: Evidence, max_points: int) -> list[ClaimEvidence]:
    """The most informative, least doubtful sentences, in article order."""
    best = ranked_claims(document, evidence)[: max_points * SHORTLIST_PER_POINT]
    return sorted(best, key=lambda c: c.sentence)


def ranked_claims(document: Document, evidence: Evidence) -> list[ClaimEvidence]:
    """The article's claims that may enter a summary, most summary-worthy first.

    An instruction aimed at a model is never among them, whatever its score: it is evidence of
    tampering, not content (`embedded_instructions`).
    """
    excluded = evidence.instruction_sentences()
    eligible = [c for c in evidence.claims if c.sentence not in excluded]
    return sorted(eligible, key=lambda c: _score(document, c), reverse=True)


def neutral_point(document: Document, claim: ClaimEvidence) -> DraftPoint:
    """The claim's sentence as a point, its loaded terms replaced or dropped."""
    sentence = document.sentences[claim.sentence]
    loaded = [s for s in claim.signals if s.type == "loaded_language"]
    text = clause_cut(neutralize(sentence.text, sentence.start, loaded))
    return DraftPoint(text=text, sentences=[sentence.index])


_CLAUSE_END = re.compile(r"(?:[;:,]|\s[—–-])\s+|\s+(?=(?:and|but|while|which|who|after|as)\s)")
_ELLIPSIS = "…"


def clause_cut(text: str, limit: int = POINT_MAX_CHARS) -> str:
    """`text` if it fits in `limit` characters, else its longest run of whole clauses that does
    (whole words when no clause ends early enough), marked with an ellipsis.

    An article's own sentence may run far past a summary point's bound (REALSumm has
    400-character ones; an unpunctuated wire paste has thousands): cut, never refused.
    """
    if len(text) <= limit:
        return text
    room = limit - len(_ELLIPSIS)
    clause_ends = [m.start() for m in _CLAUSE_END.finditer(text, 0, room + 1)]
    cut = max((end for end in clause_ends if end >= room // 3), default=None)
    if cut is None:
        cut = text.rfind(" ", 0, room + 1)
    if cut <= 0:
        cut = room
    return text[:cut].rstrip(" ,;:—–-") + _ELLIPSIS


def _score(document: Document, claim: ClaimEvidence) -> float:
    text = document.sentences[claim.sentence].text
    score = 3.0 / (1 + claim.sentence)  # news puts the essentials first
    score += sum(ch.isdigit() for ch in text) > 0
    score += 0.5 * sum(1 for w in text.split()[1:] if w[:1].isupper())
    score += 1.0 if claim.attribution.kind == "named_source" else 0.0
    score -= sum(SPECS[s.type].summary_penalty for s in claim.signals)
    score -= 5.0 if claim.attribution.kind in _SKIP_KINDS or claim.opinion else 0.0
    return score
