"""Markdown sections for facts across outlets: where they disagree (and agree within rounding), shared sources.

Each section renders only when its layer was analysed (the comparison field is not None).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from rashomon.model.records import Comparison, Omission, StatedValue, ValueComparison
from rashomon.render.text import escape, truncate

SENTENCE_CHARS = 240
PASSAGE_CHARS = 300
_WHERE = {"claim": "the same claim", "figure": "the same figure in different passages",
          "story": "the same measure elsewhere in the story"}  # fmt: skip
_KIND = {"number": "number", "quantity": "figure", "date": "date", "statement": "statement", "person": "person",
         "place": "place"}  # fmt: skip


def _value(v: StatedValue, texts: Mapping[str, str]) -> str:
    """The value as written, with its normalised reading where that adds something (a scale, a resolved date)."""
    written = texts[v.article][v.start : v.end]
    plain = (
        v.normalized in ("negative", "positive")
        or v.display.casefold() == written.casefold()
        or (v.attrs.get("kind") in ("count", "duration") and v.attrs.get("qualifier") == "exact")
    )
    return f"**{escape(written)}**" + ("" if plain else f" (= {escape(v.display)})")


def _reworded(a: ValueComparison, texts: Mapping[str, str]) -> bool:
    return len({texts[v.article][v.start : v.end].casefold() for v in a.values}) > 1


def confidence_note(value: float | None) -> str:
    """A claim's or record's confidence as a short italic note ("" when not measured)."""
    return "" if value is None else f" *(confidence {value:.2f})*"


def omission_evidence(omission: Omission, texts: Mapping[str, str]) -> str:
    """What the search of the omitting article found, in one short italic note."""
    if omission.confidence is None:
        return ""
    parts = [f"confidence {omission.confidence:.2f}"]
    if omission.terms:
        parts.append(f"{len(omission.found)} of {len(omission.terms)} key terms found")
    if omission.closest is not None:
        closest = omission.closest
        sentence = escape(truncate(texts.get(closest.article, "")[closest.start : closest.end], 120))
        parts.append(f"closest sentence “{sentence}” (similarity {omission.similarity or 0:.2f})")
    return " *(" + "; ".join(parts) + ")*"


def _claim_text(comparison: Comparison, claim_id: str) -> str:
    return next((c.text for c in comparison.claims if c.id == claim_id), claim_id)


def _conflict(
    c: ValueComparison, comparison: Comparison, labels: Mapping[str, str], texts: Mapping[str, str]
) -> list[str]:
    where = _WHERE.get(c.basis, _WHERE["story"])
    claim = escape(truncate(_claim_text(comparison, c.claim), 160))
    about = f" — {escape(c.about)}" if c.about else ""
    sure = f" (confidence {c.confidence:.2f})" if c.confidence is not None else ""
    lines = [f"- A {_KIND[c.kind]} told differently{about} ({where}){sure}: *{claim}*"]
    sizes = Counter(v.group for v in c.values)
    for v in sorted(c.values, key=lambda v: (-sizes[v.group], v.group)):
        sentence = texts[v.article][v.sentence_start : v.sentence_end]
        lines.append(f"  - *{escape(labels.get(v.article, v.article))}*: {_value(v, texts)} — "
                     f"“{escape(truncate(sentence, SENTENCE_CHARS))}”")  # fmt: skip
    return lines


def _agreement(a: ValueComparison, labels: Mapping[str, str], texts: Mapping[str, str]) -> str:
    parts = [f"*{escape(labels.get(v.article, v.article))}* {_value(v, texts)}" for v in a.values]
    return "- " + "; ".join(parts) + "."


def disagreements(comparison: Comparison, labels: Mapping[str, str]) -> list[str]:
    """ "Where the outlets disagree": each conflict with each outlet's value and sentence; agreements briefly."""
    texts = {a.id: a.text for a in comparison.articles}
    lines = ["## Where the outlets disagree", ""]
    conflicts = comparison.conflicts or ()
    if not conflicts:
        lines.append("No two outlets give different numbers, dates or statements for the same fact.")
    for c in conflicts:
        lines += _conflict(c, comparison, labels, texts)
    agreements: Sequence[ValueComparison] = [a for a in comparison.agreements or () if _reworded(a, texts)]
    if agreements:
        lines += ["", "Figures and dates that differ in wording but agree within rounding:", ""]
        lines += [_agreement(a, labels, texts) for a in agreements]
    return lines


def shared_sources(comparison: Comparison, labels: Mapping[str, str]) -> list[str]:
    """ "Passages from a shared source": passages several outlets copied or paraphrased from one text."""
    texts = {a.id: a.text for a in comparison.articles}
    lines = ["## Passages from a shared source", ""]
    groups = comparison.shared_sources or ()
    if not groups:
        return [*lines, "No passage appears copied or closely paraphrased from one text in several outlets."]
    lines += ["Claims resting on these passages count each upstream text once as evidence.", ""]
    for g in groups:
        names = ", ".join(escape(labels.get(a, a)) for a in g.articles)
        lines.append(f"- {g.kind.capitalize()} in {names}:")
        for p in g.passages:
            passage = escape(truncate(texts[p.article][p.start : p.end], PASSAGE_CHARS))
            lines.append(f"  - *{escape(labels.get(p.article, p.article))}*: “{passage}”")
    return lines


def sections(comparison: Comparison, labels: Mapping[str, str]) -> list[list[str]]:
    """The facts sections whose layers were analysed."""
    out = []
    if comparison.conflicts is not None and len(comparison.articles) > 1:
        out.append(disagreements(comparison, labels))
    if comparison.shared_sources is not None and len(comparison.articles) > 1:
        out.append(shared_sources(comparison, labels))
    return out
