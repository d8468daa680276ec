"""Turn aligned sentence groups into claims with status, missing articles and omissions."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from rashomon.comparison.align import Scored, Unit
from rashomon.model.records import Article, Claim, Mention, Omission, content_id

# Width of the logistic that turns a pair score into agreement: a pair 0.1 above the merge threshold
# reads as 0.88, 0.1 below as 0.12.
CONFIDENCE_SCALE = 0.05
_QUOTE_MARKS = re.compile(r"[\"“”]")
_DEPENDENT_START = re.compile(
    r"^(?:he|she|it|they|this|that|these|those|but|and|so|yet|also|his|her|its|their)\b", re.IGNORECASE
)


def status_of(carriers: int, total: int) -> str:
    """Return consensus (every article), shared (several) or unique (one)."""
    if carriers >= total and total > 1:
        return "consensus"
    return "shared" if carriers > 1 else "unique"


def representative(
    group: Sequence[Unit], texts: dict[str, str], taken: frozenset[tuple[str, int]] = frozenset()
) -> Unit:
    """Pick the mention that best stands alone: not another claim's text, no quote marks or leading pronoun, mid length.

    A sentence may carry several claims (multi-membership); each claim is shown by a sentence of its own
    where it has one, so two claims never read the same.
    """

    def cost(unit: Unit) -> tuple[int, int, int, int]:
        text = unit.span.text_of(texts[unit.article])
        return ((unit.article, unit.span.start) in taken, bool(_QUOTE_MARKS.search(text)),
                bool(_DEPENDENT_START.match(text)), abs(len(text.split()) - 25))  # fmt: skip

    return min(group, key=cost)


def agreement(score: np.ndarray | float, *, threshold: float) -> np.ndarray:
    """How strongly a pair score says "one fact": a logistic centred on the merge threshold (0.5 there)."""
    return np.asarray(1.0 / (1.0 + np.exp(-(np.asarray(score, dtype=float) - threshold) / CONFIDENCE_SCALE)))


def confidence(group: Sequence[Unit], scored: Scored, *, threshold: float) -> float:
    """A claim's confidence: its cross-article pairs' mean agreement, or, alone, 1 - its best match elsewhere."""
    index = {id(unit): i for i, unit in enumerate(scored.items)}
    members = [index[id(u)] for u in group if id(u) in index]
    if not members:
        return 0.0
    articles = np.array([u.article for u in scored.items])
    mine = {scored.items[i].article for i in members}
    if len(mine) > 1:
        pairs = [scored.similarity[i, j] for i in members for j in members if i < j and articles[i] != articles[j]]
        return round(float(agreement(np.array(pairs), threshold=threshold).mean()), 3)
    others = np.flatnonzero(~np.isin(articles, list(mine)))
    if not len(others):
        return 1.0
    return round(
        1.0 - float(agreement(scored.similarity[np.ix_(np.array(members), others)].max(), threshold=threshold)), 3
    )


def build_claims(
    groups: Sequence[Sequence[Unit]],
    articles: Sequence[Article],
    *,
    scored: Scored | None = None,
    threshold: float = 0.3,
) -> tuple[Claim, ...]:
    """Make one claim per group, ordered by consensus then by where the story tells it."""
    ids = [a.id for a in articles]
    texts = {a.id: a.text for a in articles}
    claims = []
    taken: set[tuple[str, int]] = set()
    for group in sorted(groups, key=len, reverse=True):
        carriers = tuple(i for i in ids if any(u.article == i for u in group))
        rep = representative(group, texts, frozenset(taken))
        taken.add((rep.article, rep.span.start))
        text = rep.span.text_of(texts[rep.article])
        mentions = tuple(Mention(article=u.article, start=u.span.start, end=u.span.end) for u in group)
        key = "|".join(f"{m.article}:{m.start}" for m in mentions)
        claims.append(
            Claim(
                id=content_id(key),
                text=text,
                status=status_of(len(carriers), len(ids)),  # type: ignore[arg-type]
                articles=carriers,
                missing=tuple(i for i in ids if i not in carriers),
                mentions=mentions,
                order=sum(u.position for u in group) / len(group),
                confidence=None if scored is None else confidence(group, scored, threshold=threshold),
            )
        )
    rank = {"consensus": 0, "shared": 1, "unique": 2}
    claims.sort(key=lambda c: (rank[c.status], -len(c.articles), c.order))
    return tuple(claims)


def omissions(claims: Sequence[Claim], articles: Sequence[Article]) -> tuple[Omission, ...]:
    """Claims that most of the *other* articles carry and this article does not (unverified: see `omissions.py`)."""
    out = []
    for claim in claims:
        for article_id in claim.missing:
            others = len(articles) - 1
            if others > 0 and 2 * len(claim.articles) > others:
                out.append(Omission(article=article_id, claim=claim.id))
    return tuple(out)
