"""The neutral summary: each claim in its least loaded wording, never a source's loaded word outside a quote.

`summary.summarize` picks which claims to state; this module picks how. Among the sentences that carry a
claim, it takes one with no loaded term in the outlet's own voice and that is not mostly inside a direct
quote (someone's words are not restated as fact), fewest loaded terms overall, then the shortest; a claim
with no such sentence is left out. The summary's own loaded-term rate
is then measured with the same lexicon and set beside each source's rate.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from rashomon.comparison.summary import summarize
from rashomon.model.records import Claim, Comparison, Summary
from rashomon.resources.lexicon import Lexicon, default_lexicon
from rashomon.text.quotemarks import quoted_spans


def neutral_summary(comparison: Comparison, *, lexicon: Lexicon | None = None) -> Summary:
    """Summarise a compared story with the least loaded wording of each claim, and measure the result."""
    framing = comparison.framing
    if framing is None:
        return comparison.summary
    lexicon = lexicon or default_lexicon()
    texts = {a.id: a.text for a in comparison.articles}
    terms: dict[str, list[tuple[int, str]]] = defaultdict(list)  # article -> (start, voice)
    for t in framing.loaded_terms:
        terms[t.article].append((t.start, t.voice))

    quoted: dict[str, list[tuple[int, int]]] = defaultdict(list)  # someone's words, not a fact to restate
    for q in comparison.quotes or ():
        if q.kind in ("direct", "embedded"):
            quoted[q.article].append((q.start, q.end))

    def wording(claim: Claim) -> str | None:
        best: tuple[tuple[int, int], str] | None = None
        for m in claim.mentions:
            inside = [voice for start, voice in terms.get(m.article, ()) if m.start <= start < m.end]
            said = sum(max(0, min(e, m.end) - max(s, m.start)) for s, e in quoted.get(m.article, ()))
            if "outlet" in inside or said * 2 > m.end - m.start:
                continue
            text = " ".join(texts[m.article][m.start : m.end].split())
            key = (len(inside), len(text))
            if best is None or key < best[0]:
                best = (key, text)
        return best[1] if best else None

    summary = summarize(comparison.claims, wording=wording)
    own = summary_terms(summary.text, lexicon)
    words = len(summary.text.split())
    return replace(
        summary,
        loaded_terms=tuple(own),
        loaded_rate=round(1000 * len(own) / words, 1) if words else 0.0,
        source_rates=tuple((p.article, p.outlet_rate) for p in framing.profiles),
    )


def summary_terms(text: str, lexicon: Lexicon) -> list[str]:
    """Loaded terms of a text outside its quotation marks."""
    quoted = [(q.open_at, q.close_at if q.close_at is not None else q.end) for q in quoted_spans(text)]
    return [text[m.start : m.end] for m in lexicon.find(text) if not any(s <= m.start < e for s, e in quoted)]
