"""Quote extraction scored on PolNeAR: content spans, source spans and who said it.

Each article's raw `.txt` becomes an `Article` as it is (no cleaning, so brat offsets index it), the
pipeline runs, and its `quotes` layer is matched against the gold attributions of the alphabetically
first annotator's `.ann` file by the rules of `spans` (see docs/evaluation.md).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rashomon.analysis.pipeline import Pipeline
from rashomon.model.layers import QuoteSpan
from rashomon.model.records import Analysis, Article, Span
from rashomon.registry import Registry
from rashomon_eval.ecbplus import EVAL_DIR_ENV, EvalDataMissing, default_eval_dir
from rashomon_eval.metrics import Accuracy, Counts, Table, counts_row
from rashomon_eval.names import same_speaker
from rashomon_eval.spans import EXACT, OVERLAP, Pieces, TokenIndex, Words, is_direct, match, shares_word

SPLITS = ("dev", "train", "all")
QUOTE_PIPELINE = ("sentences", "entities", "quotes")
KINDS = ("direct", "indirect", "all")
MATCHES = {"exact": EXACT, "overlap": OVERLAP}
_SPAN_LINE = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t", re.M)
_RELATION_LINE = re.compile(r"^E\d+\t(.*)$", re.M)

Analyzer = Callable[[Analysis], Analysis]


@dataclass(frozen=True, slots=True, kw_only=True)
class GoldQuote:
    """One gold Content span, whether it is direct, and the Source span(s) it is attributed to."""

    content: Pieces
    direct: bool
    sources: tuple[Pieces, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class GoldArticle:
    """A PolNeAR article as an Article over its raw text, with one annotator's attributions."""

    article: Article
    annotator: str
    quotes: tuple[GoldQuote, ...]

    @property
    def sources(self) -> tuple[Pieces, ...]:
        """The distinct gold Source spans of the article's attributions."""
        return tuple(dict.fromkeys(s for q in self.quotes for s in q.sources))


@dataclass(frozen=True, slots=True, kw_only=True)
class ArticleScore:
    """One article's counts, with the gold quotes missed and system quotes unmatched (overlap rule)."""

    name: str
    counts: Mapping[str, Counts]
    accuracy: Mapping[str, Accuracy]
    missed: tuple[GoldQuote, ...] = ()
    spurious: tuple[Span, ...] = ()
    misattributed: tuple[tuple[GoldQuote, Span], ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class QuoteFigures:
    """Quote extraction figures over a split, summed over its articles."""

    name: str
    counts: Mapping[str, Counts]
    accuracy: Mapping[str, Accuracy]
    articles: tuple[ArticleScore, ...] = ()
    seconds: float = 0.0

    def metrics(self) -> dict[str, float]:
        """Flat figures by name (`content_overlap_all_f1`, `speaker_accuracy`, ...), as floors.json names them."""
        out: dict[str, float] = {}
        for key, c in self.counts.items():
            out |= {f"{key}_precision": c.precision, f"{key}_recall": c.recall, f"{key}_f1": c.f1}
        out |= {f"{key}_accuracy": a.value for key, a in self.accuracy.items()}
        return out

    def tables(self) -> tuple[Table, ...]:
        """The span table (content by match and kind, source, attribution) and the speaker table."""
        rows = {key.replace("_", " "): counts_row(c) for key, c in self.counts.items()}
        rate = len(self.articles) / self.seconds if self.seconds else 0.0
        cost = f"{len(self.articles)} articles, {self.seconds:.1f} s in the pipeline ({rate:.1f} articles/s)"
        spans = Table(name=self.name, columns=("P", "R", "F1", "gold", "pred", "correct"), rows=rows, notes=(cost,))
        speaker_rows = {
            key.replace("_", " "): {"accuracy": a.value, "correct": a.correct, "scored": a.total}
            for key, a in self.accuracy.items()
        }
        speakers = Table(name=f"{self.name} speakers", columns=("accuracy", "correct", "scored"), rows=speaker_rows)
        return spans, speakers


def polnear_dir(eval_dir: Path | None = None) -> Path:
    """Return the PolNeAR data folder under `eval_dir`, or raise EvalDataMissing naming where it looked."""
    folder = (eval_dir or default_eval_dir()) / "polnear" / "data"
    if not (folder / "dev" / "attributions").is_dir():
        raise EvalDataMissing(f"PolNeAR evaluation data not found at {folder} (set {EVAL_DIR_ENV})")
    return folder


def parse_brat(text: str) -> tuple[dict[str, tuple[str, Pieces]], list[dict[str, str]]]:
    """Read brat standoff: {T id: (type, pieces)} and the relations as {role: T id} dicts.

    Only lines anchored at `T<n>\\t` / `E<n>\\t` are records: a span's text may run over several lines.
    """
    spans = {}
    for m in _SPAN_LINE.finditer(text):
        pieces = tuple((int(a), int(b)) for a, b in (p.split() for p in m[3].split(";")))
        spans[m[1]] = (m[2], pieces)
    relations = [dict(kv.split(":", 1) for kv in m[1].split() if ":" in kv) for m in _RELATION_LINE.finditer(text)]
    return spans, relations


def gold_quotes(
    text: str, spans: Mapping[str, tuple[str, Pieces]], relations: Iterable[Mapping[str, str]]
) -> tuple[GoldQuote, ...]:
    """One GoldQuote per distinct Content (Content2 pieces joined to it); relations without one are dropped."""
    sources: dict[Pieces, list[Pieces]] = {}
    for relation in relations:
        content = tuple(p for role in ("Content", "Content2") for p in _pieces(spans, relation.get(role)))
        if not content:
            continue
        content = tuple(sorted(set(content)))
        found = sources.setdefault(content, [])
        source = _pieces(spans, relation.get("Source"))
        if source and source not in found:
            found.append(source)
    return tuple(
        GoldQuote(content=c, direct=is_direct(" ".join(text[s:e] for s, e in c)), sources=tuple(found))
        for c, found in sorted(sources.items())
    )


def _pieces(spans: Mapping[str, tuple[str, Pieces]], ref: str | None) -> Pieces:
    """The pieces of the span a relation role points to; empty when the role or the span is absent."""
    return spans[ref][1] if ref is not None and ref in spans else ()


def split_folders(folder: Path, split: str) -> list[Path]:
    """The split folders of a split name: dev, train, or all (both)."""
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; choose one of: {', '.join(SPLITS)}")
    return [folder / name for name in (("dev", "train") if split == "all" else (split,))]


def first_annotations(folder: Path) -> dict[str, Path]:
    """Map each article name to its alphabetically first `<article>_<annotator>.ann` file."""
    chosen: dict[str, Path] = {}
    for path in sorted(folder.glob("attributions/*.ann")):
        chosen.setdefault(path.stem.rsplit("_", 1)[0], path)
    return chosen


def read_article(text_path: Path, ann_path: Path) -> GoldArticle:
    """Build the gold article: the raw text as the Article's text, and the attributions over it."""
    text = text_path.read_bytes().decode("utf-8")
    spans, relations = parse_brat(ann_path.read_text(encoding="utf-8"))
    article = Article(id=text_path.stem, source=str(text_path), text=text)
    return GoldArticle(
        article=article, annotator=ann_path.stem.rsplit("_", 1)[1], quotes=gold_quotes(text, spans, relations)
    )


def load_articles(split: str = "dev", *, eval_dir: Path | None = None) -> list[GoldArticle]:
    """Read every annotated article of a split, in name order."""
    articles = []
    for folder in split_folders(polnear_dir(eval_dir), split):
        for name, ann in sorted(first_annotations(folder).items()):
            articles.append(read_article(folder / "text" / f"{name}.txt", ann))
    return articles


def quote_pipeline(
    *, model: str | None = None, registry: Registry | None = None, names: Sequence[str] = QUOTE_PIPELINE
) -> Pipeline:
    """Build the pipeline the quote evaluations run: sentences, entities, quotes by default."""
    config = {name: {"model": model} for name in ("sentences", "quotes") if name in names}
    return Pipeline.from_names(names, config=config, registry=registry)


def speaker_pieces(quote: Span) -> Pieces:
    """The system quote's speaker span as pieces; empty when it names no source in the text."""
    speaker = quote.speaker if isinstance(quote, QuoteSpan) else None
    return ((speaker.start, speaker.end),) if speaker is not None and speaker.end > speaker.start else ()


@dataclass(slots=True)
class _Tally:
    counts: dict[str, Counts] = field(default_factory=dict)
    accuracy: dict[str, Accuracy] = field(default_factory=dict)

    def count(self, key: str, *, gold: int, predicted: int, correct: int) -> None:
        self.counts[key] = self.counts.get(key, Counts()) + Counts(gold=gold, predicted=predicted, correct=correct)

    def score(self, key: str, right: bool) -> None:
        self.accuracy[key] = self.accuracy.get(key, Accuracy()) + Accuracy(correct=int(right), total=1)


def _of_kind(direct: bool, kind: str) -> bool:
    """Whether a quote (direct or not) counts under a kind row: direct, indirect or all."""
    return kind == "all" or direct == (kind == "direct")


def _content_counts(tally: _Tally, gold: GoldArticle, quotes: Sequence[Span], index: TokenIndex) -> dict[int, int]:
    """Count content matches by rule and kind; returns the overlap pairs {gold index: quote index}."""
    gold_words = [index.words(q.content) for q in gold.quotes]
    system_words = [index.words(((q.start, q.end),)) for q in quotes]
    system_direct = [is_direct(index.text[q.start : q.end]) for q in quotes]
    pairs: dict[int, int] = {}
    for rule, threshold in MATCHES.items():
        pairs = match(gold_words, system_words, threshold=threshold)
        partner = {j: i for i, j in pairs.items()}
        # A matched system quote takes its gold partner's kind; an unmatched one is classed by its own text.
        kinds = [gold.quotes[partner[j]].direct if j in partner else system_direct[j] for j in range(len(quotes))]
        for kind in KINDS:
            tally.count(
                f"content_{rule}_{kind}",
                gold=sum(_of_kind(q.direct, kind) for q in gold.quotes),
                predicted=sum(_of_kind(d, kind) for d in kinds),
                correct=sum(_of_kind(gold.quotes[i].direct, kind) for i in pairs),
            )
    return pairs


def score_article(gold: GoldArticle, analysis: Analysis) -> ArticleScore:
    """Score one article's `quotes` layer against its gold attributions."""
    # A quote nested in another (a partial inside a reported clause) is one attribution, as PolNeAR marks it.
    quotes = tuple(q for q in analysis.layers.get("quotes", ()) if isinstance(q, QuoteSpan) and not q.nested)
    index = TokenIndex(gold.article.text)
    tally = _Tally()
    pairs = _content_counts(tally, gold, quotes, index)
    system_sources = list(dict.fromkeys(p for p in map(speaker_pieces, quotes) if p))
    gold_sources = gold.sources
    found = match([index.words(s) for s in gold_sources], [index.words(s) for s in system_sources])
    tally.count("source", gold=len(gold_sources), predicted=len(system_sources), correct=len(found))
    misattributed = []
    correct = 0
    for i, j in pairs.items():
        right = _attribution(tally, gold.quotes[i], quotes[j], index)
        correct += right
        if not right:
            misattributed.append((gold.quotes[i], quotes[j]))
    tally.count("attribution", gold=len(gold.quotes), predicted=len(quotes), correct=correct)
    matched = set(pairs.values())
    return ArticleScore(
        name=gold.article.id,
        counts=tally.counts,
        accuracy=tally.accuracy,
        missed=tuple(q for i, q in enumerate(gold.quotes) if i not in pairs),
        spurious=tuple(q for j, q in enumerate(quotes) if j not in matched),
        misattributed=tuple(misattributed),
    )


def _attribution(tally: _Tally, gold: GoldQuote, quote: QuoteSpan, index: TokenIndex) -> bool:
    """Score the speaker of a matched quote; return whether the attribution is right."""
    pieces = speaker_pieces(quote)
    if not gold.sources:
        tally.score("no_gold_source", not pieces)
        return not pieces
    speaker: Words = index.words(pieces)
    strict = any(shares_word(index.words(source), speaker) for source in gold.sources)
    names = (quote.speaker_name, index.text_of(pieces) if pieces else None)
    by_name = any(same_speaker(n, index.text_of(source)) for n in names for source in gold.sources)
    tally.score("speaker", strict)
    tally.score("speaker_or_name", strict or by_name)
    return strict


def score(articles: Sequence[GoldArticle], pipeline: Analyzer, *, name: str = "polnear") -> QuoteFigures:
    """Run `pipeline` over the gold articles and sum their scores."""
    results, seconds = [], 0.0
    for gold in articles:
        started = time.perf_counter()
        analysis = pipeline(Analysis(article=gold.article))
        seconds += time.perf_counter() - started
        results.append(score_article(gold, analysis))
    tally = _Tally()
    for key in _KEYS:
        tally.counts[key] = sum((r.counts.get(key, Counts()) for r in results), Counts())
    for key in ("speaker", "speaker_or_name", "no_gold_source"):
        tally.accuracy[key] = sum((r.accuracy.get(key, Accuracy()) for r in results), Accuracy())
    return QuoteFigures(
        name=name, counts=tally.counts, accuracy=tally.accuracy, articles=tuple(results), seconds=seconds
    )


_KEYS = (*(f"content_{rule}_{kind}" for rule in MATCHES for kind in KINDS), "source", "attribution")


def run_quotes(
    pipeline: Analyzer | None = None,
    *,
    split: str = "dev",
    eval_dir: Path | None = None,
    model: str | None = None,
) -> QuoteFigures:
    """Score a pipeline (default: `quote_pipeline(model=model)`) on a PolNeAR split."""
    articles = load_articles(split, eval_dir=eval_dir)
    return score(articles, pipeline or quote_pipeline(model=model), name=f"polnear_{split}_quotes")
