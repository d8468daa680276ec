"""Render a `Comparison` as the `rashomon.report/1` JSON contract (DESIGN §5) and validate reports.

Mention texts are sliced from the article text by their offsets here, never stored separately, so a
report's offsets and texts cannot drift apart.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match

from rashomon.errors import RashomonError
from rashomon.model.records import (
    Article,
    Citation,
    Claim,
    Comparison,
    Descriptor,
    Entity,
    Mention,
    Omission,
    Quote,
    SharedSource,
    StatedValue,
    Story,
    Summary,
    ValueComparison,
)
from rashomon.model.serialize import article_to_dict
from rashomon.render.schema import REPORT_SCHEMA, report_schema

__all__ = ["iso", "render", "report_dict", "validate_report"]


def iso(value: datetime | None) -> str | None:
    """Return `value` as ISO 8601 in UTC (naive times are taken as UTC), or None."""
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC).isoformat()
    return value.astimezone(UTC).isoformat()


def _story(story: Story) -> dict[str, Any]:
    return {
        "title": story.title,
        "articles": story.articles,
        "outlets": story.outlets,
        "first_published": iso(story.first_published),
        "last_published": iso(story.last_published),
    }


_ARTICLE_KEYS = ("id", "source", "outlet", "title", "url", "published", "words", "text", "removed", "notes")


def _article(article: Article) -> dict[str, Any]:
    data = {**article_to_dict(article), "published": iso(article.published), "words": article.words}
    return {key: data[key] for key in _ARTICLE_KEYS}


def _entity(entity: Entity) -> dict[str, Any]:
    return {
        "id": entity.id,
        "name": entity.name,
        "type": entity.type,
        "aliases": list(entity.aliases),
        "articles": list(entity.articles),
    }


def _mention(mention: Mention, texts: Mapping[str, str], claim_id: str) -> dict[str, Any]:
    text = texts.get(mention.article)
    if text is None:
        raise RashomonError(f"claim {claim_id} cites article {mention.article}, which is not in the story")
    if not 0 <= mention.start <= mention.end <= len(text):
        raise RashomonError(
            f"claim {claim_id}: offsets {mention.start}-{mention.end} fall outside article "
            f"{mention.article} ({len(text)} characters)"
        )
    return {
        "article": mention.article,
        "text": text[mention.start : mention.end],
        "start": mention.start,
        "end": mention.end,
    }


def _claim(claim: Claim, texts: Mapping[str, str]) -> dict[str, Any]:
    return {
        "id": claim.id,
        "text": claim.text,
        "status": claim.status,
        "articles": list(claim.articles),
        "missing": list(claim.missing),
        "mentions": [_mention(m, texts, claim.id) for m in claim.mentions],
        **({} if claim.sources is None else {"sources": claim.sources}),
        **({} if claim.confidence is None else {"confidence": claim.confidence}),
    }


def _omission(omission: Omission, texts: Mapping[str, str]) -> dict[str, Any]:
    """An omission with what searching the article found: the closest sentence, similarity, key terms."""
    out: dict[str, Any] = {"article": omission.article, "claim": omission.claim}
    if omission.confidence is None:
        return out
    closest = omission.closest
    evidence: dict[str, Any] = {
        "closest": None if closest is None else _mention(closest, texts, omission.claim),
        "similarity": omission.similarity, "cosine": omission.cosine, "coverage": omission.coverage,
        "terms": list(omission.terms), "found": list(omission.found),
    }  # fmt: skip
    return {**out, "confidence": omission.confidence, "evidence": evidence}


def _stated(v: StatedValue, texts: Mapping[str, str]) -> dict[str, Any]:
    text = texts[v.article]
    return {
        "article": v.article, "claim": v.claim, "value": text[v.start : v.end], "normalized": v.normalized,
        "display": v.display, "text": text[v.sentence_start : v.sentence_end], "start": v.sentence_start,
        "end": v.sentence_end, "value_start": v.start, "value_end": v.end, "group": v.group, "attrs": dict(v.attrs),
    }  # fmt: skip


def _fact(record: ValueComparison, texts: Mapping[str, str]) -> dict[str, Any]:
    return {"id": record.id, "claim": record.claim, "kind": record.kind, "basis": record.basis,
            "outcome": record.outcome, "about": record.about,
            **({} if record.confidence is None else {"confidence": record.confidence}),
            "values": [_stated(v, texts) for v in record.values]}  # fmt: skip


def _shared_source(group: SharedSource, texts: Mapping[str, str]) -> dict[str, Any]:
    return {
        "id": group.id, "kind": group.kind, "articles": list(group.articles), "similarity": group.similarity,
        "passages": [{"article": p.article, "text": texts[p.article][p.start : p.end], "start": p.start, "end": p.end}
                     for p in group.passages],
    }  # fmt: skip


def _facts(comparison: Comparison, texts: Mapping[str, str]) -> dict[str, Any]:
    """Conflicts, agreements and shared sources, each absent when it was not analysed."""
    out: dict[str, Any] = {}
    if comparison.conflicts is not None:
        out["conflicts"] = [_fact(c, texts) for c in comparison.conflicts]
    if comparison.agreements is not None:
        out["agreements"] = [_fact(a, texts) for a in comparison.agreements]
    if comparison.shared_sources is not None:
        out["shared_sources"] = [_shared_source(g, texts) for g in comparison.shared_sources]
    return out


def _summary(summary: Summary) -> dict[str, Any]:
    out: dict[str, Any] = {
        "text": summary.text,
        "sentences": [{"text": s.text, "claim": s.claim, "articles": list(s.articles)} for s in summary.sentences],
    }
    if summary.title is not None:
        out["title"] = summary.title
    if summary.loaded_terms is not None:
        out["loaded_terms"] = list(summary.loaded_terms)
        out["loaded_rate"] = summary.loaded_rate
        out["source_rates"] = [{"article": a, "rate": r} for a, r in summary.source_rates]
    return out


def _quote(q: Quote, texts: Mapping[str, str]) -> dict[str, Any]:
    return {
        "id": q.id,
        "article": q.article,
        "text": texts[q.article][q.start : q.end],
        "speaker": q.speaker,
        "speaker_name": q.speaker_name,
        "speaker_entity": q.speaker_entity,
        "speaker_type": q.speaker_type,
        "role": q.role,
        "cue": q.cue,
        "kind": q.kind,
        "start": q.start,
        "end": q.end,
        "also_in": list(q.also_in),
    }


def _citation(c: Citation, texts: Mapping[str, str]) -> dict[str, Any]:
    text = texts[c.article]
    return {
        "article": c.article,
        "outlet": c.outlet,
        "kind": c.kind,
        "country": c.country,
        "how": c.how,
        "text": text[c.sentence_start : c.sentence_end],
        "start": c.sentence_start,
        "end": c.sentence_end,
        "mention": {"text": text[c.start : c.end], "start": c.start, "end": c.end},
    }


def _descriptor(d: Descriptor, texts: Mapping[str, str]) -> dict[str, Any]:
    text = texts[d.article]
    return {
        "entity": d.entity,
        "article": d.article,
        "text": text[d.start : d.end],
        "mention": text[d.mention_start : d.mention_end],
        "position": d.position,
        "start": d.start,
        "end": d.end,
        "mention_start": d.mention_start,
        "mention_end": d.mention_end,
    }


def _voices(comparison: Comparison, texts: Mapping[str, str]) -> dict[str, Any]:
    """The voices layers that were analysed (a layer that was not is absent, not empty)."""
    from rashomon.comparison.voices import naming_table, outlets_of, voices_summary

    out: dict[str, Any] = {"outlets": outlets_of(comparison)}
    if comparison.descriptors is not None:
        out["descriptors"] = [_descriptor(d, texts) for d in comparison.descriptors]
        out["naming"] = naming_table(comparison)
    if comparison.quotes is not None:
        out["quotes"] = [_quote(q, texts) for q in comparison.quotes]
        out["voices"] = voices_summary(comparison)
    if comparison.citations is not None:
        out["citations"] = [_citation(c, texts) for c in comparison.citations]
    if comparison.framing is not None:
        out.update(comparison.framing.to_dict())
    return out


def report_dict(comparison: Comparison) -> dict[str, Any]:
    """Return the `rashomon.report/1` dict of `comparison`."""
    texts = {article.id: article.text for article in comparison.articles}
    return {
        "schema": REPORT_SCHEMA,
        "story": _story(comparison.story),
        "articles": [_article(a) for a in comparison.articles],
        "entities": [_entity(e) for e in comparison.entities],
        **_voices(comparison, texts),
        "claims": [_claim(c, texts) for c in comparison.claims],
        "omissions": [_omission(o, texts) for o in comparison.omissions],
        **_facts(comparison, texts),
        "summary": _summary(comparison.summary),
        "notes": list(comparison.notes),
        "provenance": list(comparison.provenance),
    }


def render(comparison: Comparison, *, indent: int | None = 2) -> str:
    """Render `comparison` as report JSON text ending in a newline."""
    return json.dumps(report_dict(comparison), indent=indent, ensure_ascii=False) + "\n"


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(report_schema())


def _where(error: ValidationError) -> str:
    path = "$"
    for part in error.absolute_path:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def validate_report(data: Mapping[str, Any]) -> None:
    """Raise RashomonError naming the first place where `data` breaks the report schema."""
    error = best_match(_validator().iter_errors(data))
    if error is not None:
        raise RashomonError(f"report does not match {REPORT_SCHEMA} at {_where(error)}: {error.message}")
