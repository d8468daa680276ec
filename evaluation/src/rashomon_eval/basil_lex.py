"""Loaded language scored on BASIL's lexical-bias spans (2010-2016): span recall and precision, token P/R/F1.

Each article's body is joined as in `basil` and its `lex` spans are located by their text. A gold span is
*found* when a loaded-term span shares a word token with it; a loaded-term span is *right* when it
shares a word with any gold `lex` span. Token figures count the word tokens inside loaded-term spans
against those inside gold spans. Counts are summed over articles (micro-average). Annotators marked
loaded words in quotes too (79 of the 319 spans), so every voice is scored; the outlet voice alone is a
second row.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rashomon.model.records import Analysis, Article
from rashomon_eval.babe import PIPELINE
from rashomon_eval.basil import annotation_path, article_paths, locate, read_annotated
from rashomon_eval.metrics import Counts, Table, counts_row
from rashomon_eval.polnear import quote_pipeline
from rashomon_eval.spans import TokenIndex

Analyzer = Callable[[Analysis], Analysis]
VOICES = {"all voices": ("outlet", "quoted"), "outlet voice": ("outlet",)}


@dataclass(frozen=True, slots=True, kw_only=True)
class LexArticle:
    """A BASIL article over its joined body, with its located `lex` spans."""

    article: Article
    spans: tuple[tuple[int, int], ...]
    unlocated: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class LexFigures:
    """Span recall/precision and token counts, per voice selection."""

    name: str
    recall: dict[str, Counts] = field(default_factory=dict)  # correct = gold spans found
    precision: dict[str, Counts] = field(default_factory=dict)  # correct = system spans on a gold span
    tokens: dict[str, Counts] = field(default_factory=dict)
    articles: int = 0
    unlocated: int = 0
    seconds: float = 0.0

    def metrics(self) -> dict[str, float]:
        """Flat figures by name (all voices), as floors.json names them."""
        key = "all voices"
        return {
            "span_recall": self.recall[key].recall,
            "span_precision": self.precision[key].precision,
            "token_precision": self.tokens[key].precision,
            "token_recall": self.tokens[key].recall,
            "token_f1": self.tokens[key].f1,
        }

    def tables(self) -> tuple[Table, ...]:
        """Spans (recall, precision) and tokens (P/R/F1) for all voices and the outlet voice."""
        rows = {}
        for key in VOICES:
            rows[f"spans, {key}"] = {
                "P": self.precision[key].precision,
                "R": self.recall[key].recall,
                "gold": self.recall[key].gold,
                "pred": self.precision[key].predicted,
            }
            rows[f"tokens, {key}"] = counts_row(self.tokens[key])
        notes = (
            f"{self.articles} articles; {self.unlocated} gold spans not found in the text; "
            f"{self.seconds:.1f} s in the pipeline",
        )
        return (Table(name=self.name, columns=("P", "R", "F1", "gold", "pred", "correct"), rows=rows, notes=notes),)


def read_article(path: Path) -> LexArticle:
    """One article's body and its located `lex` spans."""
    article, sentences, spans = read_annotated(path)
    located = [locate(span, sentences) for span in spans if span.get("bias") == "lex"]
    return LexArticle(
        article=article,
        spans=tuple(w for w in located if w is not None),
        unlocated=sum(1 for w in located if w is None),
    )


def load_articles(*, eval_dir: Path | None = None) -> list[LexArticle]:
    """Every article of the developer part (2010-2016), with or without `lex` spans (precision needs both)."""
    return [read_article(path) for path in article_paths(eval_dir) if annotation_path(path).is_file()]


def score(articles: Sequence[LexArticle], pipeline: Analyzer, *, name: str = "basil_lex_spans") -> LexFigures:
    """Run `pipeline` over the articles and count span and token matches per voice selection."""
    recall = {k: Counts() for k in VOICES}
    precision = {k: Counts() for k in VOICES}
    tokens = {k: Counts() for k in VOICES}
    seconds = 0.0
    for gold in articles:
        started = time.perf_counter()
        analysis = pipeline(Analysis(article=gold.article))
        seconds += time.perf_counter() - started
        index = TokenIndex(gold.article.text)
        gold_words = [index.between(s, e) for s, e in gold.spans]
        all_gold = frozenset().union(*gold_words)
        for key, voices in VOICES.items():
            found = [
                index.between(s.start, s.end)
                for s in analysis.layers.get("loaded_terms", ())
                if getattr(s, "voice", s.attrs.get("voice")) in voices
            ]
            all_found = frozenset().union(*found)
            recall[key] += Counts(gold=len(gold_words), correct=sum(bool(g & all_found) for g in gold_words))
            precision[key] += Counts(predicted=len(found), correct=sum(bool(f & all_gold) for f in found))
            tokens[key] += Counts(gold=len(all_gold), predicted=len(all_found), correct=len(all_gold & all_found))
    return LexFigures(
        name=name,
        recall=recall,
        precision=precision,
        tokens=tokens,
        articles=len(articles),
        unlocated=sum(a.unlocated for a in articles),
        seconds=seconds,
    )


def run_basil_lex(
    pipeline: Analyzer | None = None, *, eval_dir: Path | None = None, model: str | None = None
) -> LexFigures:
    """Score a pipeline (default: sentences, entities, quotes, loaded_terms with `model`) on BASIL's lex spans."""
    return score(load_articles(eval_dir=eval_dir), pipeline or quote_pipeline(model=model, names=PIPELINE))
