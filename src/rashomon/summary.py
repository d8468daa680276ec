"""A neutral extractive summary: consensus claims first, then the most widely shared, in story order."""

from __future__ import annotations

from collections.abc import Sequence

from .model import Claim, Summary, SummarySentence

MAX_SENTENCES = 6
MAX_WORDS = 160


def independent(claim: Claim) -> int:
    """Independent sources carrying a claim: copies of one upstream passage count once."""
    return claim.sources if claim.sources is not None else len(claim.articles)


def summarize(claims: Sequence[Claim], *, max_sentences: int = MAX_SENTENCES, max_words: int = MAX_WORDS) -> Summary:
    """Pick the claims with the most independent sources (never one text's alone when others exist): consensus first.

    A claim several outlets carry only as copies of one text counts as one source, so it never leads.
    """
    multi = [c for c in claims if independent(c) > 1]
    pool = multi or list(claims)
    chosen: list[Claim] = []
    words = 0
    for claim in sorted(pool, key=lambda c: (-independent(c), -len(c.articles), c.order)):
        size = len(claim.text.split())
        if len(chosen) >= max_sentences or (chosen and words + size > max_words):
            continue
        chosen.append(claim)
        words += size
    # Consensus first, then the rest; story order within each.
    chosen.sort(key=lambda c: (c.status != "consensus", c.order))
    sentences = tuple(SummarySentence(text=c.text, claim=c.id, articles=c.articles) for c in chosen)
    return Summary(text=" ".join(s.text for s in sentences), sentences=sentences)
