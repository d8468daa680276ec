"""Compare one story's articles: analyse each, align claims, find omissions, write the summary."""

from __future__ import annotations

import dataclasses
import functools
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rashomon.analysis.nlp import configured_model, interactive_model
from rashomon.analysis.pipeline import DEFAULT_PIPELINE, Pipeline
from rashomon.clean.article import make_article
from rashomon.comparison.align import AUTO, AlignOptions, resolve
from rashomon.comparison.align import provenance as align_provenance
from rashomon.comparison.omissions import OmissionOptions
from rashomon.errors import EmptySource, InputError, PipelineError, UnsupportedSource
from rashomon.model.records import Analysis, Article, Comparison, Document, Story
from rashomon.registry import ComparerInfo, Registry, default_registry
from rashomon.sources.read import read_story

if TYPE_CHECKING:
    import httpx

# Analysis and alignment grow with an article's length (alignment with the square of a story's sentences):
# 180 KB of prose takes about 20 s, so an article over this many characters after cleaning is left out
# (or, with strict, refused) rather than left to run for minutes. Long reads run to about 100,000.
MAX_ARTICLE_CHARS = 200_000


@dataclass(frozen=True, slots=True, kw_only=True)
class CompareOptions:
    """How to analyse and align: the spaCy model, the component names and the aligner's knobs.

    Comparing one story is interactive work where quality comes first, so the aligner re-scores with the
    sentence-embedding model when it is installed (`AUTO`; docs/alignment.md measures both paths).
    """

    model: str | None = None  # None: the trained pipeline when installed, else blank (analysis.nlp.interactive_model)
    components: tuple[str, ...] = DEFAULT_PIPELINE
    align: AlignOptions = field(default_factory=lambda: AlignOptions(embedding=AUTO))
    omissions: OmissionOptions = field(default_factory=OmissionOptions)
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
    if warn is not None:
        for line in lines:
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
    """Build the analysis pipeline the options describe (the components that read a parse share the model)."""
    model: str | None = interactive_model(options.model)[0]
    if model == configured_model(None):
        model = None  # the components' own default: the same settings hash, so layers made at ingest are reused
    config: dict[str, dict[str, str | bool | None]] = {
        name: {"model": model} for name in ("sentences", "quotes", "loaded_terms") if name in options.components
    }
    if options.align.embedding is None and "loaded_terms" in options.components:
        # Lexical alignment is the path without a sentence encoder: the loaded-language model reads the
        # encoder's vectors (1.5 s of the reference story's 4.8 s there), so the lexicon decides alone.
        config["loaded_terms"] = {"learned": False}
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
    fallback = interactive_model(options.model)[1]
    notes = [*notes, fallback] if fallback else notes
    stored = stored or {}
    analyses = [_reuse(stored.get(article.id), article, pipeline) or pipeline.analyze(article) for article in unique]
    return compare_analyses(analyses, title=title, notes=notes, options=options, provenance=pipeline.provenance)


def _reuse(analysis: Analysis | None, article: Article, pipeline: Pipeline) -> Analysis | None:
    """An earlier analysis of this very article made exactly as `pipeline` would make it, else None."""
    if analysis is None or analysis.article.text != article.text:
        return None
    return analysis if tuple(analysis.provenance) == pipeline.provenance else None


def compare_analyses(
    analyses: Sequence[Analysis],
    *,
    title: str | None = None,
    notes: Sequence[str] = (),
    options: CompareOptions | None = None,
    provenance: Sequence[str] = (),
) -> Comparison:
    """Compare analysed articles by running the registered comparers (claims, conflicts, voices, framing...)."""
    options = options or CompareOptions()
    align, note = resolve(options.align)
    options = dataclasses.replace(options, align=align)
    notes = [*notes, *([note] if note else [])]
    articles = tuple(a.article for a in analyses)
    comparison = Comparison(story=_story(articles, title), articles=articles, notes=tuple(notes),
                            analyses=tuple(analyses))  # fmt: skip
    ran = []
    for info in registered_comparers().values():
        assigned = info.fn(comparison, options)
        if assigned:
            comparison = dataclasses.replace(comparison, **assigned)
        ran.append(info.versioned_name)
    return dataclasses.replace(comparison, provenance=(*provenance, *ran, align_provenance(options.align)))


@functools.cache
def _registry() -> Registry:
    return default_registry()


def registered_comparers() -> dict[str, ComparerInfo]:
    """The registered story-level comparers in the order they run, checked once per process."""
    registry = _registry()
    available = {"analyses", "articles", "story"}
    for info in registry.comparers.values():
        missing = [field for field in info.requires if field not in available]
        if missing:
            raise PipelineError(f"comparer {info.name} requires {', '.join(map(repr, missing))}; register it later")
        available.update(info.assigns)
    return registry.comparers


def _story(articles: Sequence[Article], title: str | None) -> Story:
    dates = sorted(a.published for a in articles if a.published)
    return Story(
        title=title,
        articles=len(articles),
        outlets=len({a.outlet for a in articles if a.outlet} | {a.id for a in articles if not a.outlet}),
        first_published=dates[0] if dates else None,
        last_published=dates[-1] if dates else None,
    )


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
