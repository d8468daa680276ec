"""Markdown sections for framing: loaded language by outlet, naming contrasts, wording contrasts, tone.

Rendered only when the comparison has a `framing` result (the loaded_terms/tone layers were analysed).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping

from rashomon.comparison.framing import MIN_RATE_WORDS, MIN_SENTENCES, TONE_THRESHOLD, ToneCell, tone_direction
from rashomon.model.records import Comparison
from rashomon.render.text import escape, truncate

TERMS_PER_OUTLET = 25
TONE_ACTORS = 10
CONTRASTS = 12


_MARKS = {"warm": "▲", "cold": "▼", "neutral": "■"}


def _score(value: float) -> str:
    return f"{_MARKS[tone_direction(value)]} {value:+.2f}"


def _rate(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def loaded_language(comparison: Comparison, labels: Mapping[str, str]) -> list[str]:
    """Per outlet: loaded-term rate in its own voice and in quotes, top categories, its own-voice terms."""
    framing = comparison.framing
    assert framing is not None
    lines = [
        "## Loaded language",
        "",
        "Rates are loaded terms per 1,000 words. Words inside quotes are the speaker's, counted apart. "
        f"No rate (—) below {MIN_RATE_WORDS} words.",
        "",
        "| Outlet | Own voice | Quoted | Top categories |",
        "|---|--:|--:|---|",
    ]
    for p in framing.profiles:
        top = ", ".join(f"{c} {n}" for c, n in p.categories[:3]) or "—"
        lines.append(
            f"| {escape(labels[p.article])} | {_rate(p.outlet_rate)} | {_rate(p.quoted_rate)} | {escape(top)} |"
        )
    own: dict[str, Counter[str]] = defaultdict(Counter)
    for t in framing.loaded_terms:
        if t.voice == "outlet":
            own[t.article][t.term] += 1
    lines.append("")
    for article in comparison.articles:
        terms = own.get(article.id)
        if not terms:
            lines.append(f"- **{escape(labels[article.id])}**, own voice: none found.")
            continue
        most = terms.most_common(TERMS_PER_OUTLET)
        listed = ", ".join(f"{escape(term)}{f' ×{n}' if n > 1 else ''}" for term, n in most)
        more = f" … and {len(terms) - TERMS_PER_OUTLET} more" if len(terms) > TERMS_PER_OUTLET else ""
        lines.append(f"- **{escape(labels[article.id])}**, own voice: {listed}{more}.")
    return lines


def naming_contrasts(comparison: Comparison, labels: Mapping[str, str]) -> list[str]:
    """Descriptions one outlet gives an actor that no other outlet naming the actor uses; loaded ones first."""
    framing = comparison.framing
    assert framing is not None
    rows = sorted(framing.naming_contrasts, key=lambda c: (not c.loaded, c.name))
    lines = ["## Naming contrasts", ""]
    if not rows:
        return [*lines, "No outlet describes an actor in words the others do not use."]
    for c in rows[:CONTRASTS]:
        others = "; ".join(f"{escape(labels[a])}: {escape(', '.join(d) or 'name only')}" for a, d in c.others)
        loaded = f" — loaded: **{escape(', '.join(c.loaded))}**" if c.loaded else ""
        lines.append(
            f"- **{escape(c.name)}** in {escape(labels[c.article])}: "
            f"{escape('; '.join(c.descriptors))}{loaded} *(elsewhere — {others or 'not named'})*"
        )
    return lines


def wording_contrasts(comparison: Comparison, labels: Mapping[str, str]) -> list[str]:
    """For claims several outlets carry: loaded words one outlet's version has and the others' lack."""
    framing = comparison.framing
    assert framing is not None
    texts = {a.id: a.text for a in comparison.articles}
    lines = ["## Same fact, different words", ""]
    shown = 0
    for c in framing.claim_contrasts:
        loaded = [w for w in c.words if w.term and w.voice == "outlet"]
        if not loaded:
            continue
        text = texts[c.article]
        words = ", ".join(f"**{escape(text[w.start : w.end])}**" for w in loaded)
        lines.append(
            f"- {escape(labels[c.article])} says {words} where "
            f"{escape(', '.join(labels[o] for o in c.others))} do not: “{escape(text[c.start : c.end])}”"
        )
        shown += 1
        if shown == CONTRASTS:
            break
    if not shown:
        lines.append("No outlet adds loaded words to a fact the others report plainly.")
    return lines


def tone(comparison: Comparison, labels: Mapping[str, str]) -> list[str]:
    """Actor x outlet tone table for the actors most outlets mention (▲ warm, ▼ cold, ■ neutral)."""
    framing = comparison.framing
    assert framing is not None
    cells = {(c.entity, c.article): c for c in framing.tone}
    reach = Counter(c.entity for c in framing.tone if c.finding)
    actors = [e for e in comparison.entities if reach[e.id] >= 1][:TONE_ACTORS]
    lines = [
        "## Tone toward the main actors",
        "",
        "Mean score of the sentences that mention the actor (−1 cold … +1 warm; ▲ above "
        f"+{TONE_THRESHOLD:.2f}, ▼ below −{TONE_THRESHOLD:.2f}), with how many sentences. A score is shown only "
        f"where the outlet mentions the actor in {MIN_SENTENCES} or more sentences and several of them lean "
        "one way; · marks too little evidence. Tone is lexical and has not been measured against labelled data.",
        "",
    ]
    if not actors:
        return [*lines, "No outlet says enough about any actor to judge its tone."]
    ids = [a.id for a in comparison.articles]
    lines += ["| Actor | " + " | ".join(escape(labels[i]) for i in ids) + " |", "|---" * (len(ids) + 1) + "|"]
    for entity in actors:
        row = []
        for i in ids:
            cell = cells.get((entity.id, i))
            row.append("—" if cell is None else f"{_score(cell.score)} ({cell.mentions})" if cell.finding else "·")
        lines.append(f"| {escape(entity.name)} | " + " | ".join(row) + " |")
    return [*lines, "", *_tone_evidence(comparison, labels, [e.id for e in actors], cells)]


EVIDENCE_CHARS = 220


def _tone_evidence(
    comparison: Comparison, labels: Mapping[str, str], actors: list[str], cells: Mapping[tuple[str, str], ToneCell]
) -> list[str]:
    """Per outlet, the sentence behind its coldest and its warmest score toward the table's actors."""
    texts = {a.id: a.text for a in comparison.articles}
    names = {e.id: e.name for e in comparison.entities}
    lines = ["The sentences behind each outlet's coldest and warmest scores:", ""]
    for article in comparison.articles:
        scored = [
            cells[(e, article.id)]
            for e in actors
            if (e, article.id) in cells and cells[(e, article.id)].evidence and cells[(e, article.id)].finding
        ]
        if not scored:
            continue
        coldest, warmest = min(scored, key=lambda c: c.score), max(scored, key=lambda c: c.score)
        picks = {coldest.entity: "coldest", warmest.entity: "warmest"}
        for entity, which in picks.items():
            cell = cells[(entity, article.id)]
            ev = max(cell.evidence, key=lambda e: abs(e.score))
            sentence = truncate(texts[article.id][ev.start : ev.end], EVIDENCE_CHARS)
            lines.append(
                f"- **{escape(labels[article.id])}**, {which} toward {escape(names[entity])} "
                f"({_score(cell.score)}): “{escape(sentence)}” ({_score(ev.score)})"
            )
    return lines


def sections(comparison: Comparison, labels: Mapping[str, str]) -> list[list[str]]:
    """The framing sections, when the comparison has a framing result."""
    if comparison.framing is None:
        return []
    return [
        loaded_language(comparison, labels),
        naming_contrasts(comparison, labels),
        wording_contrasts(comparison, labels),
        tone(comparison, labels),
    ]
