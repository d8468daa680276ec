"""Render a `Comparison` as a Markdown report meant to be read: who reports what, and who leaves what out."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime

from rashomon.model.records import Article, Claim, Comparison
from rashomon.render.markdown_facts import confidence_note, omission_evidence
from rashomon.render.text import article_labels as labels_of
from rashomon.render.text import escape, short_source, truncate

__all__ = ["article_labels", "escape", "render", "short_source", "truncate"]

UNIQUE_CAP = 8
FURNITURE_CHARS = 160


# Underscores inside a word never make emphasis (coast_radio_0412), so only those at a word edge escape.
def article_labels(articles: Sequence[Article]) -> dict[str, str]:
    """Map each article id to its reader-facing label (`render.text.article_labels`)."""
    return labels_of([(a.id, a.outlet, a.source) for a in articles])


def _plural(n: int, word: str) -> str:
    return f"{n} {word if n == 1 else word + 's'}"


def _utc(value: datetime) -> datetime:
    return value.astimezone(UTC) if value.tzinfo else value


def _day(value: datetime) -> str:
    return f"{value.day} {value:%B %Y}"


def _date_range(comparison: Comparison) -> str:
    story = comparison.story
    known = [_utc(d) for d in (story.first_published, story.last_published) if d is not None]
    if not known:
        return "publication dates unknown"
    if known[0].date() == known[-1].date():
        return f"published {_day(known[0])}"
    return f"published between {_day(known[0])} and {_day(known[-1])}"


def _by_status(claims: Iterable[Claim], status: str) -> list[Claim]:
    return [c for c in claims if c.status == status]


def _names(ids: Iterable[str], labels: Mapping[str, str]) -> str:
    return ", ".join(escape(labels.get(i, i)) for i in ids)


def _title(comparison: Comparison) -> str:
    title = comparison.story.title or comparison.summary.title
    title = title or next((a.title for a in comparison.articles if a.title), None)
    # A trailing "#" would read as a closing sequence and vanish from the heading.
    return "# " + (re.sub(r"(?<!\\)#", r"\\#", escape(title)) if title else "Untitled story")


def _overview(comparison: Comparison) -> str:
    story, claims = comparison.story, comparison.claims
    head = f"{_plural(story.articles, 'article')} from {_plural(story.outlets, 'outlet')}, {_date_range(comparison)}."
    if len(comparison.articles) < 2:
        return (
            f"{head} With a single article there is nothing to compare: "
            f"every claim it makes ({len(claims)}) is unique to it."
        )
    if not claims:
        return f"{head} No claims were found to compare."
    consensus, shared, unique = (len(_by_status(claims, s)) for s in ("consensus", "shared", "unique"))
    copies = sum(1 for c in claims if c.sources == 1 and len(c.articles) > 1)
    tail = (f" {copies} of the claims carried by several articles rest on copies of one text alone, "
            "so they count as one source." if copies else "")  # fmt: skip
    return (
        f"{head} Of {_plural(len(claims), 'claim')}, {consensus} {'is' if consensus == 1 else 'are'} "
        f"reported by every article, {shared} by only some, and {unique} by a single article.{tail}"
    )


def _published(value: datetime | None) -> str:
    if value is None:
        return "—"
    value = _utc(value)
    return f"{value:%Y-%m-%d}" if (value.hour, value.minute) == (0, 0) else f"{value:%Y-%m-%d %H:%M} UTC"


def _outlets_table(comparison: Comparison) -> list[str]:
    rows = ["## Outlets", "", "| Outlet | Title | Published | Words | Removed |", "|---|---|---|--:|--:|"]
    labels = article_labels(comparison.articles)
    for a in comparison.articles:
        outlet = labels[a.id]
        title = escape(a.title) if a.title else "—"
        rows.append(f"| {escape(outlet)} | {title} | {_published(a.published)} | {a.words} | {len(a.removed)} |")
    return rows


def _wordings(claim: Claim, comparison: Comparison, labels: Mapping[str, str]) -> list[str]:
    texts = {a.id: a.text for a in comparison.articles}
    lines = []
    for m in claim.mentions:
        quoted = escape(texts.get(m.article, "")[m.start : m.end])
        lines.append(f"  - *{escape(labels.get(m.article, m.article))}*: “{quoted}”")
    return lines


def _sources_note(claim: Claim) -> str:
    """How many independent sources a claim rests on, when copies of one text make it fewer than its articles."""
    if claim.sources is None or claim.sources >= len(claim.articles):
        return ""
    if claim.sources == 1:
        return " *(all copies of one text: one source, not independent agreement)*"
    return f" *({claim.sources} independent sources: some articles repeat one text)*"


def _consensus(comparison: Comparison, labels: Mapping[str, str]) -> list[str]:
    lines = ["## What they all report", ""]
    claims = _by_status(comparison.claims, "consensus")
    if not claims:
        return [*lines, "No claim appears in every article."]
    for claim in claims:
        lines += [
            f"- **{escape(claim.text)}**{_sources_note(claim)}{confidence_note(claim.confidence)}",
            *_wordings(claim, comparison, labels),
        ]
    return lines


def _shared(comparison: Comparison, labels: Mapping[str, str]) -> list[str]:
    lines = ["## What only some report", ""]
    claims = _by_status(comparison.claims, "shared")
    if not claims:
        return [*lines, "No claim is carried by some articles and left out by others."]
    for claim in claims:
        left_out = f"; left out by {_names(claim.missing, labels)}" if claim.missing else ""
        lines.append(
            f"- **{escape(claim.text)}** — carried by {_names(claim.articles, labels)}{left_out}.{_sources_note(claim)}"
            + confidence_note(claim.confidence)
        )
    return lines


def _capped(items: Sequence[str], cap: int | None) -> list[str]:
    lines = [f"- {item}" for item in items[:cap]]
    if cap is not None and len(items) > cap:
        lines.append(f"- … and {len(items) - cap} more")
    return lines


def _per_article(
    heading: str,
    groups: Mapping[str, list[str]],
    labels: Mapping[str, str],
    empty: str,
    cap: int | None = None,
) -> list[str]:
    lines = [heading, ""]
    if not any(groups.values()):
        return [*lines, empty]
    for article_id, items in groups.items():
        if items:
            lines += [f"### {escape(labels.get(article_id, article_id))}", "", *_capped(items, cap), ""]
    return lines[:-1]


def _omissions(comparison: Comparison, labels: Mapping[str, str]) -> list[str]:
    texts = {c.id: c.text for c in comparison.claims}
    articles = {a.id: a.text for a in comparison.articles}
    groups: dict[str, list[str]] = {a.id: [] for a in comparison.articles}
    for o in comparison.omissions:
        groups.setdefault(o.article, []).append(escape(texts.get(o.claim, o.claim)) + omission_evidence(o, articles))
    empty = "No outlet leaves out a claim that most of the others carry."
    lines = _per_article("## What each outlet leaves out", groups, labels, empty)
    complete = [article_id for article_id, items in groups.items() if not items]
    if complete and len(complete) < len(groups):
        lines += ["", f"Nothing left out by {_names(complete, labels)}."]
    return lines


def _unique(comparison: Comparison, labels: Mapping[str, str]) -> list[str]:
    groups: dict[str, list[str]] = {a.id: [] for a in comparison.articles}
    for claim in _by_status(comparison.claims, "unique"):
        for article_id in claim.articles:
            groups.setdefault(article_id, []).append(escape(claim.text))
    empty = "No claim appears in only one article."
    return _per_article("## Reported by one outlet only", groups, labels, empty, cap=UNIQUE_CAP)


def _summary(comparison: Comparison, labels: Mapping[str, str]) -> list[str]:
    summary, lines = comparison.summary, ["## Summary", ""]
    if summary.sentences:
        for s in summary.sentences:
            lines.append(f"- {escape(s.text)} *({_names(s.articles, labels)})*")
    else:
        lines.append(escape(summary.text) if summary.text.strip() else "No summary could be drawn.")
    if summary.loaded_rate is not None:
        sources = ", ".join(f"{escape(labels.get(a, a))} {r:.1f}" for a, r in summary.source_rates)
        found = f" ({escape(', '.join(summary.loaded_terms or ()))})" if summary.loaded_terms else ""
        lines += [
            "",
            f"Loaded terms per 1,000 words outside quotes: this summary {summary.loaded_rate:.1f}{found}; "
            f"the sources in their own voice: {sources}.",
        ]
    return lines


def _notes(comparison: Comparison, labels: Mapping[str, str]) -> list[str]:
    notes = [escape(n) for n in comparison.notes]
    for a in comparison.articles:
        notes += [f"{escape(labels[a.id])}: {escape(n)}" for n in a.notes]
    return ["## Notes", "", *([f"- {n}" for n in notes] or ["Nothing to note."])]


def _furniture(comparison: Comparison, labels: Mapping[str, str]) -> list[str]:
    groups = {
        a.id: [f"*{escape(r.reason)}*: {escape(truncate(r.text, FURNITURE_CHARS))}" for r in a.removed]
        for a in comparison.articles
    }
    empty = "Cleaning removed nothing from these articles."
    return _per_article("## Removed page furniture", groups, labels, empty)


def _voice_sections(comparison: Comparison, labels: Mapping[str, str]) -> list[list[str]]:
    from rashomon.render import markdown_framing, markdown_voices

    return [*markdown_voices.sections(comparison, labels), *markdown_framing.sections(comparison, labels)]


def _fact_sections(comparison: Comparison, labels: Mapping[str, str]) -> list[list[str]]:
    from rashomon.render.markdown_facts import sections

    return sections(comparison, labels)


def render(comparison: Comparison) -> str:
    """Render `comparison` as a Markdown report."""
    labels = article_labels(comparison.articles)
    comparing = len(comparison.articles) >= 2
    sections = [
        [_title(comparison), "", _overview(comparison)],
        _outlets_table(comparison),
        *([_consensus(comparison, labels), _shared(comparison, labels)] if comparing else []),
        *([_omissions(comparison, labels)] if comparing else []),
        *_fact_sections(comparison, labels),
        _unique(comparison, labels),
        *_voice_sections(comparison, labels),
        _summary(comparison, labels),
        _notes(comparison, labels),
        _furniture(comparison, labels),
    ]
    return "\n\n".join("\n".join(section) for section in sections) + "\n"
