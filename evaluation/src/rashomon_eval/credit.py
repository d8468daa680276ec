"""Summary credit on the annotated stories: is every summary sentence stated by each outlet it is credited to?

Each story folder of ../shared/eval/stories is compared as `rashomon compare FOLDER` does. For every summary
sentence and every article it credits, the article *states* the sentence when one of its sentences holds at
least `STATES` of the summary sentence's content words (lower-case, no stemming) and the article holds every
number and every capitalised name of the summary sentence. The check is written apart from the product's own
credit rule (`comparison.neutral.CREDIT`, stems within the claim's mentions), so it can catch that rule's
mistakes. Gold is not needed: the story texts alone decide. Nothing of the data is copied.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rashomon_eval.metrics import Table
from rashomon_eval.stories_gold import compare_story, stories_dir, story_names

if TYPE_CHECKING:
    from rashomon.comparison.compare import CompareOptions
    from rashomon_eval.tasks import EvalOptions

STATES = 0.5  # share of the summary sentence's content words one sentence of the article must hold
_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
_NUMBER = re.compile(r"\b\d[\d,.]*\d\b|\b\d\b")
_NAME = re.compile(r"(?<![.!?“\"]\s)(?<!^)\b[A-Z][a-z][\w’'-]*")
_ABBREVIATION = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Sgt|Col|Capt|St|Rev|Prof)|(?<=\s)[A-Z])\.$")
_OPENING = re.compile(r"^\W*\w+")
_SENTENCE = re.compile(r"(?<=[.!?”\"])\s+(?=[“\"A-Z0-9])|\n+")
_FUNCTION = frozenset(
    """a an the and or but of to in on at for with by from as is are was were be been being that this these
    those it its he she they his her their them him who whom which what when where while than then so not no
    has have had do does did will would can could may might must shall should also just only about after
    before over under into out up down more most some any all each other such there here said says""".split()
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Credit:
    """One (summary sentence, credited article) pair and whether the article states the sentence."""

    story: str
    sentence: str
    article: str
    states: bool
    cover: float  # best share of the sentence's content words in one article sentence
    missing: tuple[str, ...]  # names and numbers of the sentence the article lacks


@dataclass(frozen=True, slots=True, kw_only=True)
class CreditFigures:
    """Every credit checked, and per story the summary's sentences."""

    credits: tuple[Credit, ...]
    sentences: int
    stories: int

    @property
    def wrong(self) -> tuple[Credit, ...]:
        """Credits to an article that does not state the sentence."""
        return tuple(c for c in self.credits if not c.states)

    def metrics(self) -> dict[str, float]:
        """Flat figures by name, as floors.json names them."""
        total = len(self.credits)
        return {
            "credits_right": (total - len(self.wrong)) / total if total else 1.0,
            "credits_wrong": float(len(self.wrong)),
            "sentences": float(self.sentences),
        }


def content_words(text: str) -> set[str]:
    """Lower-case content words (no function words, no single letters)."""
    return {w for w in _WORD.findall(text.lower().replace("’", "'")) if w not in _FUNCTION and len(w) > 1}


def states(sentence: str, article: str) -> tuple[bool, float, tuple[str, ...]]:
    """Whether `article` states `sentence`: (verdict, best content-word cover, missing names and numbers)."""
    wanted = content_words(sentence)
    cover = max(
        (len(wanted & content_words(s)) / len(wanted) for s in sentences(article) if s.strip()),
        default=0.0,
    ) if wanted else 1.0  # fmt: skip
    flat = fold(" ".join(article.split()))
    body = _OPENING.sub("", sentence)  # a capitalised first word is not a name ("Sentencing has been set ...")
    wanted_names = [t for t in _NAME.findall(body) if len(t) > 3]  # "Mr", "Mrs", "Rep": titles, not names
    missing = tuple(t for t in [*_NUMBER.findall(sentence), *wanted_names] if fold(t) not in flat)
    return cover >= STATES and not missing, round(cover, 3), missing


def sentences(text: str) -> list[str]:
    """Split at a full stop, question or exclamation mark before a capital, but not after a title or an
    initial: "… to fill Sen. John Kerry's seat" and "Robert L. Wilkins" are one sentence each."""
    out: list[str] = []
    for piece in _SENTENCE.split(text):
        if out and _ABBREVIATION.search(out[-1]):
            out[-1] += " " + piece
        else:
            out.append(piece)
    return out


def fold(text: str) -> str:
    """Lower case without accents or thousands separators ("Vendôme" = "Vendome", "26,000" = "26000")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().replace(",", "")


def check_report(name: str, report: Mapping[str, Any]) -> list[Credit]:
    """Check every credit of one report's summary."""
    texts = {a["id"]: a.get("text", "") for a in report.get("articles", [])}
    out = []
    for sentence in (report.get("summary") or {}).get("sentences", []):
        for article in sentence.get("articles", []):
            verdict, cover, missing = states(sentence["text"], texts.get(article, ""))
            out.append(
                Credit(
                    story=name, sentence=sentence["text"], article=article, states=verdict, cover=cover, missing=missing
                )
            )
    return out


def run_credit(*, eval_dir: Path | None = None, options: CompareOptions | None = None) -> CreditFigures:
    """Compare every annotated story and check its summary's credits."""
    folder = stories_dir(eval_dir)
    credits: list[Credit] = []
    sentences = 0
    names: Sequence[str] = story_names(folder)
    for name in names:
        report = compare_story(folder / name, options)
        sentences += len((report.get("summary") or {}).get("sentences", []))
        credits.extend(check_report(name, report))
    return CreditFigures(credits=tuple(credits), sentences=sentences, stories=len(names))


def credit_table(figures: CreditFigures) -> Table:
    """One row per story (credits, wrong) and a total row."""
    rows: dict[str, dict[str, float | int | str]] = {}
    for credit in figures.credits:
        row = rows.setdefault(credit.story, {"credits": 0, "wrong": 0})
        row["credits"] = int(row["credits"]) + 1
        row["wrong"] = int(row["wrong"]) + int(not credit.states)
    metrics = figures.metrics()
    rows["all"] = {"credits": len(figures.credits), "wrong": len(figures.wrong), "right": metrics["credits_right"]}
    notes = tuple(
        f"wrong: {c.story}: {c.article} for {c.sentence[:60]!r} (cover {c.cover}, missing {list(c.missing)})"
        for c in figures.wrong
    )
    return Table(
        name="summary_credit",
        columns=("credits", "wrong", "right"),
        rows=rows,
        notes=(
            f"{figures.sentences} summary sentences over {figures.stories} stories; an article states a sentence "
            f"when one of its sentences holds {STATES:.0%} of its content words and it holds all its names and numbers",
            *notes,
        ),
    )


def run_task(options: EvalOptions) -> tuple[Table, ...]:
    """The `summary-credit` evaluation task: every annotated story (every split checks the same stories)."""
    compare = options.compare_options()
    return (credit_table(run_credit(eval_dir=options.eval_dir, options=compare)),)
