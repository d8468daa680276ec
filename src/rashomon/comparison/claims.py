"""Turn aligned sentence groups into claims with status, missing articles and omissions."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rashomon.comparison.align import Unit
from rashomon.model.records import Article, Claim, Mention, Omission, content_id

_QUOTE_MARKS = re.compile(r"[\"“”]")
_DEPENDENT_START = re.compile(
    r"^(?:he|she|it|they|this|that|these|those|but|and|so|yet|also|his|her|its|their)\b", re.IGNORECASE
)


def status_of(carriers: int, total: int) -> str:
    """Return consensus (every article), shared (several) or unique (one)."""
    if carriers >= total and total > 1:
        return "consensus"
    return "shared" if carriers > 1 else "unique"


def representative(group: Sequence[Unit], texts: dict[str, str]) -> Unit:
    """Pick the mention that best stands alone: no quote marks, no leading pronoun, mid length."""

    def cost(unit: Unit) -> tuple[int, int, int]:
        text = unit.span.text_of(texts[unit.article])
        return (bool(_QUOTE_MARKS.search(text)), bool(_DEPENDENT_START.match(text)), abs(len(text.split()) - 25))

    return min(group, key=cost)


def build_claims(groups: Sequence[Sequence[Unit]], articles: Sequence[Article]) -> tuple[Claim, ...]:
    """Make one claim per group, ordered by consensus then by where the story tells it."""
    ids = [a.id for a in articles]
    texts = {a.id: a.text for a in articles}
    claims = []
    for group in groups:
        carriers = tuple(i for i in ids if any(u.article == i for u in group))
        rep = representative(group, texts)
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
            )
        )
    rank = {"consensus": 0, "shared": 1, "unique": 2}
    claims.sort(key=lambda c: (rank[c.status], -len(c.articles), c.order))
    return tuple(claims)


def omissions(claims: Sequence[Claim], articles: Sequence[Article]) -> tuple[Omission, ...]:
    """Claims that most of the *other* articles carry and this article does not."""
    out = []
    for claim in claims:
        for article_id in claim.missing:
            others = len(articles) - 1
            if others > 0 and 2 * len(claim.articles) > others:
                out.append(Omission(article=article_id, claim=claim.id))
    return tuple(out)
