"""Compare one story's articles: analyse each, align claims, find omissions, write the summary."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import httpx

from rashomon.analysis.nlp import configured_model
from rashomon.analysis.pipeline import DEFAULT_PIPELINE, Pipeline
from rashomon.clean.article import make_article
from rashomon.comparison.actors import canonical_entities, entity_index
from rashomon.comparison.align import AlignOptions, align
from rashomon.comparison.align import provenance as align_provenance
from rashomon.comparison.claims import build_claims, omissions
from rashomon.comparison.facts.conflicts import find_conflicts
from rashomon.comparison.summary import summarize
from rashomon.comparison.upstream import count_sources, find_shared_sources
from rashomon.comparison.voices import build_citations, build_descriptors, build_quotes
from rashomon.errors import EmptySource, InputError, UnsupportedSource
from rashomon.model.records import Analysis, Article, Comparison, Document, Story
from rashomon.sources.read import read_story

# Analysis and alignment grow with an article's length (alignment with the square of a story's sentences):
# 180 KB of prose takes about 20 s, so an article over this many characters after cleaning is left out
# (or, with strict, refused) rather than left to run for minutes. Long reads run to about 100,000.
MAX_ARTICLE_CHARS = 200_000


@dataclass(frozen=True, slots=True, kw_only=True)
class CompareOptions:
    """How to analyse and align: the spaCy model, the component names and the aligner's knobs."""

    model: str | None = None
    components: tuple[str, ...] = DEFAULT_PIPELINE
    align: AlignOptions = field(default_factory=AlignOptions)
    max_chars: int = MAX_ARTICLE_CHARS  # the longest article text compared


def compare(
    sources: Sequence[str],
    *,
    manifest: str | os.PathLike[str] | None = None,
    options: CompareOptions | None = None,
    client: httpx.Client | None = None,
    strict: bool = False,
    warn: Callable[[str], None] | None = None,
) -> Comparison:
    """Read, clean, analyse and compare the articles named by `sources` (paths, dirs, URLs, "-").

    A source, file, record or article that cannot be used is left out, with a note in the report and a
    call of `warn` naming it and the problem; the comparison fails only when no usable article remains.
    With `strict`, the first one raises instead.
    """
    options = options or CompareOptions()
    ingested = read_story(sources, manifest=manifest, client=client, strict=strict)
    skipped = list(ingested.skipped)
    articles = []
    for document in ingested.documents:
        try:
            articles.append(_usable(document, options.max_chars))
        except InputError as error:
            if strict:
                raise
            skipped.append(error)
    if not articles:
        raise (
            skipped[0]
            if len(skipped) == 1
            else EmptySource("sources", f"none of {len(skipped)} could be used; the first: {skipped[0]}")
        )
    lines = [f"skipped {error}" for error in skipped]
    for line in lines if warn is not None else ():
        warn(line)
    return compare_articles(articles, title=ingested.title, notes=[*ingested.notes, *lines], options=options)


def _usable(document: Document, max_chars: int) -> Article:
    """The document as a cleaned article, or an InputError naming it when it is empty or too long."""
    if len(document.text) > 2 * max_chars:  # not even worth cleaning
        raise UnsupportedSource(
            document.source, f"text of {len(document.text):,} characters is over the cap of {max_chars:,}"
        )
    article = make_article(document)
    if len(article.text) > max_chars:
        raise UnsupportedSource(
            document.source, f"text of {len(article.text):,} characters is over the cap of {max_chars:,}"
        )
    return article


def build_pipeline(options: CompareOptions) -> Pipeline:
    """Build the analysis pipeline the options describe."""
    config = {"sentences": {"model": options.model}} if "sentences" in options.components else {}
    return Pipeline.from_names(options.components, config=config)


def analyze(articles: Sequence[Article], *, options: CompareOptions | None = None) -> list[Analysis]:
    """Run the analysis pipeline over each article."""
    pipeline = build_pipeline(options or CompareOptions())
    return [pipeline.analyze(article) for article in articles]


def compare_articles(
    articles: Sequence[Article],
    *,
    title: str | None = None,
    notes: Sequence[str] = (),
    options: CompareOptions | None = None,
    stored: Mapping[str, Analysis] | None = None,
) -> Comparison:
    """Compare already-cleaned articles (duplicates are counted once and noted).

    `stored` maps article ids to analyses made earlier (e.g. at ingest, on other machines); one is reused
    when its provenance is exactly this pipeline's, otherwise the article is analysed again.
    """
    options = options or CompareOptions()
    unique, dropped = _dedupe(articles)
    if not unique:
        raise EmptySource("story", "no articles to compare")
    notes = [*notes, *dropped]
    if len(unique) == 1:
        notes.append("only one article: nothing to compare it with, so every claim is unique to it")
    pipeline = build_pipeline(options)
    stored = stored or {}
    analyses = [_reuse(stored.get(article.id), article, pipeline.names, options) or pipeline.analyze(article)
                for article in unique]  # fmt: skip
    return compare_analyses(analyses, title=title, notes=notes, options=options, provenance=pipeline.names)


def _reuse(analysis: Analysis | None, article: Article, names: Sequence[str], options: CompareOptions
           ) -> Analysis | None:  # fmt: skip
    """An earlier analysis of this very article by these components on this spaCy model, else None."""
    if analysis is None or analysis.article.text != article.text:
        return None
    components = [step for step in analysis.provenance if step.startswith("rashomon.")]
    models = [step for step in analysis.provenance if step.startswith("spacy:")]
    wanted = [f"spacy:{configured_model(options.model)}"] if "sentences" in options.components else []
    return analysis if components == list(names) and models == wanted else None


def compare_analyses(
    analyses: Sequence[Analysis],
    *,
    title: str | None = None,
    notes: Sequence[str] = (),
    options: CompareOptions | None = None,
    provenance: Sequence[str] = (),
) -> Comparison:
    """Compare analysed articles: entities, claims, omissions and summary."""
    options = options or CompareOptions()
    articles = tuple(a.article for a in analyses)
    entities = canonical_entities(analyses)
    index = entity_index(entities, analyses)
    groups = align(analyses, actors=index, options=options.align)
    voices = _voices(analyses, entities, index)
    shared = find_shared_sources(analyses, voices["quotes"] or ())
    claims = count_sources(build_claims(groups, articles), shared)
    facts = find_conflicts(claims, articles, analyses=analyses)
    dates = sorted(a.published for a in articles if a.published)
    story = Story(
        title=title,
        articles=len(articles),
        outlets=len({a.outlet for a in articles if a.outlet} | {a.id for a in articles if not a.outlet}),
        first_published=dates[0] if dates else None,
        last_published=dates[-1] if dates else None,
    )
    comparison = Comparison(
        story=story,
        articles=articles,
        entities=entities,
        claims=claims,
        omissions=omissions(claims, articles),
        summary=summarize(claims),
        conflicts=facts.conflicts,
        agreements=facts.agreements,
        shared_sources=shared,
        **voices,
        notes=tuple(notes),
        provenance=(*provenance, align_provenance(options.align)),
        analyses=tuple(analyses),
    )
    if _has(analyses, "loaded_terms") or _has(analyses, "tone"):
        from rashomon.comparison.framing import analyze_framing
        from rashomon.comparison.neutral import neutral_summary

        comparison = dataclasses.replace(comparison, framing=analyze_framing(comparison))
        comparison = dataclasses.replace(comparison, summary=neutral_summary(comparison))
    return comparison


def _has(analyses: Sequence[Analysis], layer: str) -> bool:
    return bool(analyses) and all(layer in a.layers for a in analyses)


def _voices(analyses: Sequence[Analysis], entities, index) -> dict:
    """Quotes, citations and descriptors of the story, each None when its layer was not analysed."""
    from rashomon.resources.outlets import default_registry

    descriptors = build_descriptors(analyses, index) if _has(analyses, "descriptors") else None
    return {
        "descriptors": descriptors,
        "quotes": build_quotes(analyses, entities, descriptors or (), default_registry())
        if _has(analyses, "quotes")
        else None,
        "citations": build_citations(analyses) if _has(analyses, "citations") else None,
    }


def _dedupe(articles: Sequence[Article]) -> tuple[list[Article], list[str]]:
    """Keep the first of articles with the same id (same URL or same text); note the others."""
    seen: dict[str, Article] = {}
    notes = []
    for article in articles:
        if article.id in seen:
            notes.append(f"{article.source}: same article as {seen[article.id].source}; counted once")
            continue
        seen[article.id] = article
    return list(seen.values()), notes
