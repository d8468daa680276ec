"""Markdown sections for the voices layers: who is quoted, shared quotes, citations, the naming table.

Each section renders only when its layer was analysed (the comparison field is not None).
"""

from __future__ import annotations

from collections.abc import Mapping

from rashomon.comparison.voices import naming_table, voices_summary
from rashomon.model.records import Comparison
from rashomon.render.text import escape, truncate

QUOTE_CHARS = 220
NAMING_ROWS = 15


def voices(comparison: Comparison, labels: Mapping[str, str]) -> list[str]:
    """ "Who is quoted": per outlet, each speaker with role and number of quotes."""
    lines = ["## Who is quoted", ""]
    for row in voices_summary(comparison):
        label = escape(labels[row["article"]])
        if not row["speakers"]:
            lines.append(f"- **{label}**: quotes nobody by name or role.")
            continue
        people = ", ".join(
            f"{escape(s['speaker'])} ({s['role'] or 'unknown role'}, {s['quotes']})" for s in row["speakers"]
        )
        roles = ", ".join(f"{role} {n}" for role, n in sorted(row["roles"].items(), key=lambda kv: -kv[1]))
        lines.append(f"- **{label}** — {row['quotes']} quotes; by role: {roles}. Speakers: {people}.")
    return lines


def shared_quotes(comparison: Comparison, labels: Mapping[str, str]) -> list[str]:
    """Quotes whose words appear in more than one outlet."""
    texts = {a.id: a.text for a in comparison.articles}
    lines = ["## Quotes carried by more than one outlet", ""]
    shown: list[tuple[frozenset[str], set[str]]] = []
    for q in comparison.quotes or ():
        if not q.also_in:
            continue
        articles = frozenset({q.article, *q.also_in})
        words = set(texts[q.article][q.start : q.end].casefold().split())
        if any(a == articles and len(words & w) >= 0.8 * len(words) for a, w in shown):
            continue  # the same words, already listed from another outlet's copy
        shown.append((articles, words))
        outlets = ", ".join(escape(labels[a]) for a in (q.article, *q.also_in))
        who = escape(q.speaker_name or q.speaker or "unattributed")
        lines.append(f"- “{escape(truncate(texts[q.article][q.start : q.end], QUOTE_CHARS))}” — {who} *({outlets})*")
    if len(lines) == 2:
        lines.append("No outlet quotes the same words as another.")
    return lines


def citations(comparison: Comparison, labels: Mapping[str, str]) -> list[str]:
    """Per outlet, the outlets and agencies it names as sources."""
    lines = ["## Whom each outlet cites", ""]
    for article in comparison.articles:
        cited: dict[str, str] = {}
        for c in comparison.citations or ():
            if c.article == article.id and c.outlet not in cited:
                detail = ", ".join(x for x in (c.kind, c.country) if x)
                cited[c.outlet] = f"{escape(c.outlet)} ({detail})" if detail else escape(c.outlet)
        listed = "; ".join(cited.values()) if cited else "no other outlet or agency"
        lines.append(f"- **{escape(labels[article.id])}** cites {listed}.")
    return lines


def naming(comparison: Comparison, labels: Mapping[str, str]) -> list[str]:
    """The naming table: actor x outlet, the words each outlet attaches to the actor's name."""
    rows = [r for r in naming_table(comparison) if sum(1 for c in r["articles"] if c["descriptors"]) >= 1]
    lines = ["## How each outlet names the actors", ""]
    if not rows:
        return [*lines, "No outlet attaches a title or description to a named actor."]
    ids = [a.id for a in comparison.articles]
    lines += ["| Actor | " + " | ".join(escape(labels[i]) for i in ids) + " |", "|---" * (len(ids) + 1) + "|"]
    for row in rows[:NAMING_ROWS]:
        cells = {c["article"]: c["descriptors"] for c in row["articles"]}
        rendered = []
        for i in ids:
            if i not in cells:
                rendered.append("—")
            else:
                rendered.append("; ".join(escape(truncate(d, 90)) for d in cells[i]) or "(name only)")
        lines.append(f"| {escape(row['name'])} | " + " | ".join(rendered) + " |")
    if len(rows) > NAMING_ROWS:
        lines += ["", f"… and {len(rows) - NAMING_ROWS} more actors with descriptions (see the JSON report)."]
    lines += ["", "— = the outlet does not name this actor; (name only) = named without a title or description."]
    return lines


def sections(comparison: Comparison, labels: Mapping[str, str]) -> list[list[str]]:
    """The voices sections for the layers this comparison has."""
    out = []
    if comparison.quotes is not None:
        out += [voices(comparison, labels), shared_quotes(comparison, labels)]
    if comparison.citations is not None:
        out.append(citations(comparison, labels))
    if comparison.descriptors is not None:
        out.append(naming(comparison, labels))
    return out
