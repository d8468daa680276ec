"""Loaded language scored on BABE (developer part): sentence bias macro-F1 and biased-word token P/R/F1.

Each sentence becomes an `Article` and runs through sentences, entities, quotes and loaded_terms (blank
pipeline). The sentence classifier is the detector itself: a sentence is *biased* when it has at least
`MIN_TERMS` loaded term in the outlet's voice (the rule was chosen on this developer part: counting
quoted terms too, dropping hedges or intensifiers, or adding VADER's strong words moved macro-F1 by less
than 0.01; see docs/framing.md). Words: the word tokens of every loaded term (any voice) against the
tokens of the sentence's `biased_words`, case-insensitive, micro over tokens and averaged per sentence.
The lexicon is ours and was not built from BABE or MBIC, so the figures are independent of them.
"""

from __future__ import annotations

import ast
import csv
import hashlib
import re
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rashomon.analysis.pipeline import Pipeline
from rashomon.model.records import Analysis, Article
from rashomon_eval.ecbplus import EVAL_DIR_ENV, EvalDataMissing, default_eval_dir
from rashomon_eval.metrics import Counts, Table, counts_row

Analyzer = Callable[[Analysis], Analysis]
PIPELINE = ("sentences", "entities", "quotes", "loaded_terms")
MIN_TERMS = 1
LABELS = ("Biased", "Non-biased")
COLUMNS = ("P", "R", "F1", "gold", "pred", "correct")
_TOKEN = re.compile(r"\w+")


@dataclass(frozen=True, slots=True, kw_only=True)
class BabeSentence:
    """One BABE row: the sentence, its gold label and its gold biased words."""

    text: str
    label: str  # Biased | Non-biased | No agreement
    words: tuple[str, ...]
    link: str = ""

    @property
    def dev(self) -> bool:
        """True for a row of the dev split: scored, never trained on (split by article link, like upstream's)."""
        return in_dev(self.link)


# The developer file holds 11/16 of BABE (upstream's split: the last hex digit of sha1(news_link) < "b").
# The learned classifier needs rows it never trains on for its figure, so the developer part is split
# again by article, on the hash's second-last digit: 4/16 of the articles (649 sentences) are "dev",
# the rest (1,843) train. Every figure named "dev" is on the dev split alone.
DEV_DIGITS = frozenset("0123")


def in_dev(link: str) -> bool:
    """True when the article link falls in the dev split of the developer part."""
    return hashlib.sha1(link.encode("utf-8")).hexdigest()[-2] in DEV_DIGITS


@dataclass(frozen=True, slots=True, kw_only=True)
class BabeFigures:
    """Sentence macro-F1 and word-level counts over the developer part."""

    name: str
    classes: dict[str, Counts]
    words: Counts
    per_sentence: tuple[float, float, float]  # mean precision, recall, F1 over sentences with gold or found words
    sentences: int
    seconds: float = 0.0

    @property
    def macro_f1(self) -> float:
        """Mean of the Biased and Non-biased F1."""
        return sum(c.f1 for c in self.classes.values()) / len(self.classes)

    def metrics(self) -> dict[str, float]:
        """Flat figures by name, as floors.json names them."""
        return {
            "sentence_macro_f1": self.macro_f1,
            "word_precision": self.words.precision,
            "word_recall": self.words.recall,
            "word_f1": self.words.f1,
        }

    def tables(self) -> tuple[Table, ...]:
        """Two tables: the sentence classes with macro-F1, and the biased-word tokens."""
        rows = {label: counts_row(c) for label, c in self.classes.items()}
        rows["macro"] = {"F1": self.macro_f1}
        rate = self.sentences / self.seconds if self.seconds else 0.0
        sentence = Table(
            name=f"{self.name}_sentences",
            columns=COLUMNS,
            rows=rows,
            notes=(
                f"{self.sentences} sentences of the dev split (never trained on); {rate:.0f} sentences/s; "
                "anchor: BABE/MAGPIE transformer macro-F1 0.776",
            ),
        )
        p, r, f = self.per_sentence
        words = Table(
            name=f"{self.name}_words",
            columns=COLUMNS,
            rows={"micro (tokens)": counts_row(self.words), "per sentence": {"P": p, "R": r, "F1": f}},
            notes=("loaded-term tokens (any voice) vs biased_words tokens, case-insensitive",),
        )
        return sentence, words


def babe_file(eval_dir: Path | None = None) -> Path:
    """Return BABE's developer CSV under `eval_dir`, or raise EvalDataMissing naming where it looked."""
    path = (eval_dir or default_eval_dir()) / "babe" / "data" / "final_labels_SG2.csv"
    if not path.is_file():
        raise EvalDataMissing(f"BABE evaluation data not found at {path} (set {EVAL_DIR_ENV})")
    return path


def load_sentences(*, eval_dir: Path | None = None) -> list[BabeSentence]:
    """Read the developer part in place (the file holds only it)."""
    with babe_file(eval_dir).open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f, delimiter=";"))
    return [
        BabeSentence(
            text=r["text"],
            label=r["label_bias"],
            words=tuple(ast.literal_eval(r["biased_words"] or "[]")),
            link=r["news_link"],
        )
        for r in rows
    ]


def tokens(text: str) -> Counter[str]:
    """Lower-case word tokens, as a multiset."""
    return Counter(t.lower() for t in _TOKEN.findall(text))


def lexicon_pipeline(*, model: str | None = None, learned: bool = True) -> Pipeline:
    """Sentences, entities, quotes and loaded_terms (`learned=False`: the lexicon alone)."""
    config: dict[str, dict[str, object]] = {"sentences": {"model": model}, "loaded_terms": {"learned": learned}}
    return Pipeline.from_names(PIPELINE, config=config)


def outlet_rule(analysis: Analysis) -> bool:
    """The lexicon's verdict: biased when the sentence has `MIN_TERMS` loaded terms in the outlet's voice."""
    return sum(s.voice == "outlet" for s in analysis.layers.get("loaded_terms", ())) >= MIN_TERMS  # type: ignore[attr-defined]


def learned_rule() -> Callable[[Analysis], bool] | None:
    """The learned sentence model's verdict on the whole row, or None when its weights or encoder are missing."""
    from rashomon.analysis.learned.loaded import load_model
    from rashomon.resources.lexicon import default_lexicon

    model = load_model()
    if model is None:
        return None
    lexicon = default_lexicon()

    def biased(analysis: Analysis) -> bool:
        text = analysis.article.text
        return model.score(text, [(0, len(text))], lexicon)[0].probability >= model.sentence_threshold

    return biased


def score(
    sentences: Sequence[BabeSentence],
    pipeline: Analyzer,
    *,
    name: str = "babe_dev_loaded",
    biased: Callable[[Analysis], bool] = outlet_rule,
) -> BabeFigures:
    """Run `pipeline` over each sentence and count sentence classes (verdict by `biased`) and word tokens."""
    classes = {label: Counts() for label in LABELS}
    words, seconds, per = Counts(), 0.0, []
    for i, item in enumerate(sentences):
        started = time.perf_counter()
        analysis = pipeline(Analysis(article=Article(id=str(i), source="babe", text=item.text)))
        verdict = biased(analysis) if item.label in LABELS else False
        seconds += time.perf_counter() - started
        terms = analysis.layers.get("loaded_terms", ())
        found = Counter[str]()
        for span in terms:
            found.update(tokens(span.text_of(item.text)))
        gold = Counter[str]()
        for word in item.words:
            gold.update(tokens(word))
        hit = sum((found & gold).values())
        counts = Counts(gold=sum(gold.values()), predicted=sum(found.values()), correct=hit)
        words += counts
        if counts.gold or counts.predicted:
            per.append((counts.precision, counts.recall, counts.f1))
        if item.label in LABELS:
            predicted = LABELS[0] if verdict else LABELS[1]
            for label in LABELS:
                classes[label] += Counts(
                    gold=int(item.label == label),
                    predicted=int(predicted == label),
                    correct=int(item.label == label == predicted),
                )
    means = tuple(sum(x[k] for x in per) / len(per) if per else 0.0 for k in range(3))
    return BabeFigures(
        name=name,
        classes=classes,
        words=words,
        per_sentence=means,  # type: ignore[arg-type]
        sentences=len(sentences),
        seconds=seconds,
    )


def run_babe(
    pipeline: Analyzer | None = None,
    *,
    eval_dir: Path | None = None,
    model: str | None = None,
    learned: bool = True,
) -> BabeFigures:
    """Score the dev split (default pipeline: sentences, entities, quotes, loaded_terms with `model`).

    `learned=False` scores the lexicon alone (the rules the model falls back to), on the same rows.
    """
    rows = [r for r in load_sentences(eval_dir=eval_dir) if r.dev]
    rule = learned_rule() if learned else None
    chosen = pipeline or lexicon_pipeline(model=model, learned=learned)
    name = "babe_dev_loaded" if rule is not None else "babe_dev_lexicon"
    return score(rows, chosen, name=name, biased=rule or outlet_rule)
