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
import re
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rashomon.model.records import Analysis, Article
from rashomon_eval.ecbplus import EVAL_DIR_ENV, EvalDataMissing, default_eval_dir
from rashomon_eval.metrics import Counts, Table, counts_row
from rashomon_eval.polnear import quote_pipeline

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
                f"{self.sentences} sentences, biased when >= {MIN_TERMS} outlet-voice "
                f"loaded term; {rate:.0f} sentences/s; anchor: BABE/MAGPIE "
                "transformer macro-F1 0.776",
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
        BabeSentence(text=r["text"], label=r["label_bias"], words=tuple(ast.literal_eval(r["biased_words"] or "[]")))
        for r in rows
    ]


def tokens(text: str) -> Counter[str]:
    """Lower-case word tokens, as a multiset."""
    return Counter(t.lower() for t in _TOKEN.findall(text))


def score(sentences: Sequence[BabeSentence], pipeline: Analyzer, *, name: str = "babe_dev_loaded") -> BabeFigures:
    """Run `pipeline` over each sentence and count sentence classes and word tokens."""
    classes = {label: Counts() for label in LABELS}
    words, seconds, per = Counts(), 0.0, []
    for i, item in enumerate(sentences):
        started = time.perf_counter()
        analysis = pipeline(Analysis(article=Article(id=str(i), source="babe", text=item.text)))
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
            biased = sum(s.attrs["voice"] == "outlet" for s in terms) >= MIN_TERMS
            predicted = LABELS[0] if biased else LABELS[1]
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
    pipeline: Analyzer | None = None, *, eval_dir: Path | None = None, model: str | None = None
) -> BabeFigures:
    """Score a pipeline (default: sentences, entities, quotes, loaded_terms with `model`) on BABE."""
    return score(load_sentences(eval_dir=eval_dir), pipeline or quote_pipeline(model=model, names=PIPELINE))
