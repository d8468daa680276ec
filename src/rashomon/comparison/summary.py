"""A neutral extractive summary: consensus claims first, then the most widely shared, in story order."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rashomon.model.records import Claim, Summary, SummarySentence

MAX_SENTENCES = 6
MAX_WORDS = 160


def independent(claim: Claim) -> int:
    """Independent sources carrying a claim: copies of one upstream passage count once."""
    return claim.sources if claim.sources is not None else len(claim.articles)


def summarize(
    claims: Sequence[Claim],
    *,
    wording: Callable[[Claim], str | None] | None = None,
    max_sentences: int = MAX_SENTENCES,
    max_words: int = MAX_WORDS,
) -> Summary:
    """Pick the claims with the most independent sources (never one text's alone when others exist): consensus first.

    A claim several outlets carry only as copies of one text counts as one source, so it never leads.
    `wording` picks the sentence that states a claim (the least loaded one); None skips the claim.
    """
    wording = wording or (lambda claim: claim.text)
    multi = [c for c in claims if independent(c) > 1]
    pool = multi or list(claims)
    chosen: list[tuple[Claim, str]] = []
    words = 0
    for claim in sorted(pool, key=lambda c: (-independent(c), -len(c.articles), c.order)):
        if len(chosen) >= max_sentences:
            break
        text = wording(claim)
        if text is None:
            continue
        size = len(text.split())
        if chosen and words + size > max_words:
            continue
        chosen.append((claim, text))
        words += size
    # Consensus first, then the rest; story order within each.
    chosen.sort(key=lambda pair: (pair[0].status != "consensus", pair[0].order))
    sentences = tuple(SummarySentence(text=" ".join(t.split()), claim=c.id, articles=c.articles) for c, t in chosen)
    return Summary(text=" ".join(s.text for s in sentences), sentences=sentences)
