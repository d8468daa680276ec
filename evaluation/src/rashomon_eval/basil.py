"""Quote speakers scored on BASIL: the quote spans annotated with a named speaker (not `other_*`).

Each article's body becomes one text (a paragraph's sentences joined by spaces, paragraphs by "\\n");
each gold span is found by searching its `txt` in the body sentences. A gold span is *found* when a
system quote shares a word token with it, and its speaker is *right* when the best-overlapping system
quote's `speaker_name` (else `speaker`) names the gold speaker by `names.same_speaker`; a lenient
figure also accepts the `speaker` text when `speaker_name` does not match (BASIL often names the
organisation a spokesperson speaks for: "a spokeswoman for the Obama campaign" -> `Obama_campaign`).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rashomon.model.layers import QuoteSpan
from rashomon.model.records import Analysis, Article
from rashomon_eval.ecbplus import EVAL_DIR_ENV, EvalDataMissing, default_eval_dir
from rashomon_eval.metrics import Accuracy, Table
from rashomon_eval.names import same_speaker
from rashomon_eval.polnear import quote_pipeline
from rashomon_eval.spans import TokenIndex

Analyzer = Callable[[Analysis], Analysis]
YEARS = tuple(range(2010, 2017))


@dataclass(frozen=True, slots=True, kw_only=True)
class GoldSpeaker:
    """A gold quote span in the body text and the speaker the annotators named."""

    start: int
    end: int
    speaker: str


@dataclass(frozen=True, slots=True, kw_only=True)
class BasilArticle:
    """A BASIL article as an Article over its joined body, with its named-speaker quote spans."""

    article: Article
    quotes: tuple[GoldSpeaker, ...]
    unlocated: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class SpeakerFigures:
    """Recall of the named-speaker quote spans and the accuracy of their speakers."""

    name: str
    found: Accuracy
    speaker: Accuracy
    speaker_or_text: Accuracy
    articles: int
    unlocated: int = 0
    seconds: float = 0.0

    @property
    def end_to_end(self) -> Accuracy:
        """Gold spans found with the right speaker, over all gold spans."""
        return Accuracy(correct=self.speaker.correct, total=self.found.total)

    def metrics(self) -> dict[str, float]:
        """Flat figures by name, as floors.json names them."""
        return {
            "quote_recall": self.found.value,
            "speaker_accuracy": self.speaker.value,
            "speaker_or_text_accuracy": self.speaker_or_text.value,
            "speaker_end_to_end": self.end_to_end.value,
        }

    def tables(self) -> tuple[Table, ...]:
        """One table: recall of the gold spans, speaker accuracy on those found, and end to end."""
        named = (
            ("quote recall", self.found),
            ("speaker accuracy", self.speaker),
            ("speaker or text accuracy", self.speaker_or_text),
            ("end to end", self.end_to_end),
        )
        rows = {name: {"value": a.value, "correct": a.correct, "of": a.total} for name, a in named}
        rate = self.articles / self.seconds if self.seconds else 0.0
        notes = (
            f"{self.articles} articles, {self.seconds:.1f} s in the pipeline ({rate:.1f} articles/s); "
            f"{self.unlocated} gold spans not found in the text",
        )
        return (Table(name=self.name, columns=("value", "correct", "of"), rows=rows, notes=notes),)


def basil_dir(eval_dir: Path | None = None) -> Path:
    """Return the BASIL folder under `eval_dir`, or raise EvalDataMissing naming where it looked."""
    folder = (eval_dir or default_eval_dir()) / "basil"
    if not (folder / "articles").is_dir() or not (folder / "annotations").is_dir():
        raise EvalDataMissing(f"BASIL evaluation data not found at {folder} (set {EVAL_DIR_ENV})")
    return folder


def body(paragraphs: Sequence[Sequence[str]]) -> tuple[str, list[tuple[int, str]]]:
    """Join the body: sentences by spaces within a paragraph, paragraphs by newlines; with each sentence's offset."""
    lines, sentences, offset = [], [], 0
    for paragraph in paragraphs:
        kept = [s for s in paragraph if s.strip()]
        if not kept:
            continue
        for sentence in kept:
            sentences.append((offset, sentence))
            offset += len(sentence) + 1
        lines.append(" ".join(kept))
    return "\n".join(lines), sentences


def locate(span: Mapping[str, Any], sentences: Sequence[tuple[int, str]]) -> tuple[int, int] | None:
    """Find a span's `txt` in the body: where its sentence-relative offsets hold, else its first occurrence."""
    txt, start = span["txt"], span.get("start", -1)
    hits = [(offset, sentence) for offset, sentence in sentences if txt in sentence]
    for offset, sentence in hits:
        if sentence[start : start + len(txt)] == txt:
            return offset + start, offset + start + len(txt)
    if hits:
        offset, sentence = hits[0]
        return offset + sentence.index(txt), offset + sentence.index(txt) + len(txt)
    return None


def named_speaker(span: Mapping[str, Any]) -> str | None:
    """The span's named speaker when it is a quote whose speaker is not a generic `other_*`."""
    speaker = span.get("speaker") or ""
    if span.get("quote") != "yes" or not speaker or speaker.startswith("other"):
        return None
    return speaker.replace("_", " ")


def article_paths(eval_dir: Path | None = None) -> Iterator[Path]:
    """The developer part's article files (2010-2016), year by year, in name order."""
    folder = basil_dir(eval_dir)
    for year in YEARS:
        yield from sorted((folder / "articles" / str(year)).glob("*.json"))


def annotation_path(path: Path) -> Path:
    """An article file's annotations: articles/<year>/<name>.json -> annotations/<year>/<name>_ann.json."""
    return path.parents[2] / "annotations" / path.parent.name / f"{path.stem}_ann.json"


def read_annotated(path: Path) -> tuple[Article, list[tuple[int, str]], list[Mapping[str, Any]]]:
    """An article over its joined body, its sentences with offsets, and its phrase-level annotations."""
    data = json.loads(path.read_text(encoding="utf-8"))
    text, sentences = body(data["body-paragraphs"])
    spans = json.loads(annotation_path(path).read_text(encoding="utf-8"))["phrase-level-annotations"]
    article = Article(id=path.stem, source=str(path), text=text, title=data.get("title"), outlet=data.get("source"))
    return article, sentences, spans


def read_article(path: Path) -> BasilArticle:
    """Build one article's text from its body and locate its named-speaker quote spans in it."""
    article, sentences, spans = read_annotated(path)
    quotes, unlocated = [], 0
    for span in spans:
        speaker = named_speaker(span)
        if speaker is None:
            continue
        where = locate(span, sentences)
        if where is None:
            unlocated += 1
            continue
        quotes.append(GoldSpeaker(start=where[0], end=where[1], speaker=speaker))
    return BasilArticle(article=article, quotes=tuple(quotes), unlocated=unlocated)


def load_articles(*, eval_dir: Path | None = None) -> list[BasilArticle]:
    """Read the developer part (2010-2016), articles with at least one named-speaker quote span."""
    articles = [read_article(path) for path in article_paths(eval_dir) if annotation_path(path).is_file()]
    return [article for article in articles if article.quotes or article.unlocated]


def score_article(gold: BasilArticle, analysis: Analysis) -> dict[str, Accuracy]:
    """Tally one article's gold spans: found, speaker right, speaker right by name or text."""
    index = TokenIndex(gold.article.text)
    quotes = [(q, index.between(q.start, q.end)) for q in analysis.layers.get("quotes", ()) if isinstance(q, QuoteSpan)]
    tally = {key: Accuracy() for key in _KEYS}
    for span in gold.quotes:
        words = index.between(span.start, span.end)
        best, shared = max(quotes, key=lambda q: len(q[1] & words), default=(None, frozenset[int]()))
        tally["found"] += Accuracy(correct=int(best is not None and bool(shared & words)), total=1)
        if best is None or not shared & words:
            continue
        name = best.speaker_name
        text = best.speaker.text_of(analysis.article.text) if best.speaker is not None else None
        right = same_speaker(name or text, span.speaker)
        tally["speaker"] += Accuracy(correct=int(right), total=1)
        tally["speaker_or_text"] += Accuracy(correct=int(right or same_speaker(text, span.speaker)), total=1)
    return tally


_KEYS = ("found", "speaker", "speaker_or_text")


def score(
    articles: Sequence[BasilArticle], pipeline: Analyzer, *, name: str = "basil_quote_speakers"
) -> SpeakerFigures:
    """Run `pipeline` over the articles and sum the recall and speaker accuracy."""
    tally, seconds = {key: Accuracy() for key in _KEYS}, 0.0
    for gold in articles:
        started = time.perf_counter()
        analysis = pipeline(Analysis(article=gold.article))
        seconds += time.perf_counter() - started
        for key, value in score_article(gold, analysis).items():
            tally[key] += value
    return SpeakerFigures(
        name=name,
        found=tally["found"],
        speaker=tally["speaker"],
        speaker_or_text=tally["speaker_or_text"],
        articles=len(articles),
        unlocated=sum(a.unlocated for a in articles),
        seconds=seconds,
    )


def run_speakers(
    pipeline: Analyzer | None = None, *, eval_dir: Path | None = None, model: str | None = None
) -> SpeakerFigures:
    """Score a pipeline (default: `quote_pipeline(model=model)`) on BASIL 2010-2016."""
    articles = load_articles(eval_dir=eval_dir)
    return score(articles, pipeline or quote_pipeline(model=model))
