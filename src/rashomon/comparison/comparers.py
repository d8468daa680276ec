"""The built-in story-level comparers, registered through the same hook as a plugin's comparers.

A comparer reads fields of the `Comparison` being built (its `requires`) and returns new values for the
fields it `assigns`; `compare_analyses` runs them in registration order and checks each one's
requirements first, as the analysis pipeline does for components. A comparer never runs analysis
components: a layer the pipeline did not produce leaves the fields that need it at None ("not analysed").
Each comparer imports what it runs when it runs: building the registry (to render a cached report, say)
must not load scikit-learn.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from rashomon.comparison.actors import alignment_actors, canonical_entities, entity_index
from rashomon.model.records import Analysis, Comparison

if TYPE_CHECKING:
    from rashomon.comparison.compare import CompareOptions

Assigned = Mapping[str, Any]


def _has(analyses: Sequence[Analysis], layer: str) -> bool:
    return bool(analyses) and all(layer in a.layers for a in analyses)


def _index(comparison: Comparison) -> dict[tuple[str, int], str]:
    return entity_index(comparison.entities, comparison.analyses)


def entities(comparison: Comparison, options: CompareOptions) -> Assigned:
    """Story-level actors: one canonical name per actor across the articles."""
    return {"entities": canonical_entities(comparison.analyses)}


def descriptors(comparison: Comparison, options: CompareOptions) -> Assigned:
    """The words each article attaches to each actor (None when the layer was not analysed)."""
    from rashomon.comparison.voices import build_descriptors

    analyses = comparison.analyses
    return {"descriptors": build_descriptors(analyses, _index(comparison)) if _has(analyses, "descriptors") else None}


def quotes(comparison: Comparison, options: CompareOptions) -> Assigned:
    """Quotes with story-level speakers, roles and the other articles carrying them."""
    from rashomon.comparison.voices import build_quotes
    from rashomon.resources.outlets import default_registry

    analyses = comparison.analyses
    if not _has(analyses, "quotes"):
        return {"quotes": None}
    found = build_quotes(analyses, comparison.entities, comparison.descriptors or (), default_registry())
    return {"quotes": found}


def citations(comparison: Comparison, options: CompareOptions) -> Assigned:
    """The outlets and agencies each article names as its source."""
    from rashomon.comparison.voices import build_citations

    analyses = comparison.analyses
    return {"citations": build_citations(analyses) if _has(analyses, "citations") else None}


def shared_sources(comparison: Comparison, options: CompareOptions) -> Assigned:
    """Passages several articles copied or closely paraphrased from one upstream text."""
    from rashomon.comparison.upstream import find_shared_sources

    return {"shared_sources": find_shared_sources(comparison.analyses, comparison.quotes or ())}


def claims(comparison: Comparison, options: CompareOptions) -> Assigned:
    """Aligned claims with status, missing articles and independent sources, and each article's omissions."""
    from rashomon.comparison.align import align_story
    from rashomon.comparison.claims import build_claims
    from rashomon.comparison.omissions import verify_omissions
    from rashomon.comparison.upstream import count_sources

    alignment = align_story(comparison.analyses, actors=alignment_actors(comparison.analyses), options=options.align)
    built = build_claims(alignment.groups, comparison.articles, scored=alignment.scored,
                         threshold=options.align.threshold)  # fmt: skip
    found = count_sources(built, comparison.shared_sources or ())
    scored = alignment.scored
    omitted = verify_omissions(found, comparison.articles, scored, scored.terms, options=options.omissions)
    return {"claims": found, "omissions": omitted}


def conflicts(comparison: Comparison, options: CompareOptions) -> Assigned:
    """Values that disagree beyond their precision, and those that agree within it."""
    from rashomon.comparison.align import AUTO
    from rashomon.comparison.facts.conflicts import find_conflicts

    encoder = None
    if options.align.embedding and options.align.embedding != AUTO:
        from rashomon.analysis.embeddings import load_encoder

        encoder = load_encoder(options.align.embedding)
    facts = find_conflicts(comparison.claims, comparison.articles, analyses=comparison.analyses, encoder=encoder)
    return {"conflicts": facts.conflicts, "agreements": facts.agreements}


def summary(comparison: Comparison, options: CompareOptions) -> Assigned:
    """The extractive summary: consensus claims first, then the most widely shared."""
    from rashomon.comparison.summary import summarize

    return {"summary": summarize(comparison.claims)}


def framing(comparison: Comparison, options: CompareOptions) -> Assigned:
    """Loaded terms, tone, profiles and contrasts, when the pipeline analysed loaded terms or tone."""
    analyses = comparison.analyses
    if not (_has(analyses, "loaded_terms") or _has(analyses, "tone")):
        return {}
    from rashomon.comparison.framing import analyze_framing

    return {"framing": analyze_framing(comparison)}


def neutral_summary(comparison: Comparison, options: CompareOptions) -> Assigned:
    """The summary in each claim's least loaded wording, once framing is known."""
    if comparison.framing is None:
        return {}
    from rashomon.comparison.neutral import neutral_summary as neutral

    # Lexical alignment is the path without a sentence encoder; the bias model reads the encoder's vectors.
    return {"summary": neutral(comparison, learned=options.align.embedding is not None)}


def register_comparers(register: Callable[..., None]) -> None:
    """Register the built-in comparers in the order they run."""
    register("entities", entities, requires=("analyses",), assigns=("entities",))
    register("descriptors", descriptors, requires=("entities",), assigns=("descriptors",))
    register("quotes", quotes, requires=("entities", "descriptors"), assigns=("quotes",))
    register("citations", citations, requires=("analyses",), assigns=("citations",))
    register("shared_sources", shared_sources, requires=("quotes",), assigns=("shared_sources",))
    register("claims", claims, requires=("entities", "shared_sources"), assigns=("claims", "omissions"))
    register("conflicts", conflicts, requires=("claims",), assigns=("conflicts", "agreements"))
    register("summary", summary, requires=("claims",), assigns=("summary",))
    register("framing", framing, requires=("claims", "descriptors", "quotes"), assigns=("framing",))
    register("neutral_summary", neutral_summary, requires=("summary", "framing"), assigns=("summary",))
