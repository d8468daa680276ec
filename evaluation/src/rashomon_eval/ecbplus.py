"""Claim alignment scored on ECB+: do sentences grouped into one claim share a gold event chain?

Each (topic, sub-topic) of the developer part is one story. Its documents' annotated sentences become
articles whose `sentences` layer is the gold segmentation; the `entities` component and the aligner
run as in `rashomon compare`. Two sentences of different documents are a gold pair when they mention
one cross-document event (`ACT...`) chain, a predicted pair when the aligner put them in one group.
"""

from __future__ import annotations

import csv
import dataclasses
import gzip
import os
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from rashomon import CompareOptions
from rashomon.analysis.nlp import BLANK, configured_model
from rashomon.analysis.pipeline import Pipeline
from rashomon.comparison.actors import alignment_actors
from rashomon.comparison.align import AlignOptions, align
from rashomon.errors import RashomonError
from rashomon.model.records import Analysis, Article, Span
from rashomon_eval.metrics import Figures, PairCounts, pairwise

EVAL_DIR_ENV = "RASHOMON_EVAL_DIR"
SENTENCE_INDEX = Path("docs", "ECB+_LREC2014", "ECBplus_coreference_sentences.csv")
# The usual ECB+ split (Cybulska & Vossen 2015; Kenyon-Dean et al. 2018): dev 23-25, test 36-45 (not here).
DEV_TOPICS = frozenset({23, 24, 25})
DEVELOPER_TOPICS = frozenset(range(1, 36))
SPLITS = ("dev", "train", "all")

_NO_SPACE_BEFORE = frozenset(
    ", . ; : ! ? ) ] } % ... ” ’ ' 's 'S n't N'T 're 've 'll 'd 'm ’s ’re ’ve ’ll ’d ’m".split()
)
_NO_SPACE_AFTER = frozenset("( [ { $ £ € # “ ‘".split())
_JOINERS = frozenset("- / _".split())
_QUOTES = {"``": "“", "''": "”"}
_CLITICS = frozenset("s d m t ll re ve".split())


class EvalDataMissing(RashomonError):
    """The evaluation data folder (../shared/eval) is not where it was looked for."""


@dataclass(frozen=True, slots=True, kw_only=True)
class EcbDocument:
    """One ECB+ document reduced to its annotated sentences and their event chains."""

    name: str
    topic: int
    subtopic: str
    sentences: tuple[str, ...]
    numbers: tuple[int, ...]
    chains: tuple[frozenset[str], ...]

    @property
    def story(self) -> tuple[int, str]:
        """The gold story: (topic, sub-topic)."""
        return (self.topic, self.subtopic)


@dataclass(frozen=True, slots=True, kw_only=True)
class Story:
    """One (topic, sub-topic) ready for alignment: analyses with entities, and gold chains per sentence."""

    key: tuple[int, str]
    analyses: tuple[Analysis, ...]
    gold: Mapping[tuple[str, int], frozenset[str]]


def rebuild_sentence(tokens: Iterable[str]) -> str:
    """Join word tokens into text: no space before closing punctuation or clitics, none around - / _."""
    out: list[str] = []
    glue, open_quote, previous = True, False, ""
    for token in tokens:
        if not token:
            continue
        token = _QUOTES.get(token, token)
        if token == '"':
            attach, glue_next = glue or open_quote, not open_quote
            open_quote = not open_quote
        else:
            clitic = previous in ("’", "'") and token.lower() in _CLITICS
            attach = glue or clitic or token in _NO_SPACE_BEFORE or token in _JOINERS
            glue_next = token in _NO_SPACE_AFTER or token in _JOINERS
        out.append(token if attach or not out else " " + token)
        glue, previous = glue_next, token
    return "".join(out)


def project_root() -> Path:
    """Return the checkout holding this package (the folder with pyproject.toml), else the cwd."""
    for folder in Path(__file__).resolve().parents:
        if (folder / "pyproject.toml").is_file() and (folder / "src" / "rashomon").is_dir():
            return folder
    return Path.cwd()


def default_eval_dir() -> Path:
    """Return $RASHOMON_EVAL_DIR, else `../shared/eval` relative to the project root."""
    configured = os.environ.get(EVAL_DIR_ENV)
    return Path(configured) if configured else (project_root() / ".." / "shared" / "eval").resolve()


def ecbplus_dir(eval_dir: Path | None = None) -> Path:
    """Return the ECB+ folder under `eval_dir`, or raise EvalDataMissing naming where it looked."""
    folder = (eval_dir or default_eval_dir()) / "ecbplus"
    if not (folder / SENTENCE_INDEX).is_file() or not (folder / "ECB+").is_dir():
        where = f"set {EVAL_DIR_ENV} to the folder holding ecbplus/"
        raise EvalDataMissing(f"ECB+ evaluation data not found at {folder} ({where})")
    return folder


def split_topics(split: str) -> frozenset[int]:
    """Return the topic numbers of a split: dev (23-25), train (the rest of 1-35) or all (1-35)."""
    if split == "dev":
        return DEV_TOPICS
    if split == "train":
        return DEVELOPER_TOPICS - DEV_TOPICS
    if split == "all":
        return DEVELOPER_TOPICS
    raise ValueError(f"unknown split {split!r}; choose one of: {', '.join(SPLITS)}")


def annotated_sentences(folder: Path) -> dict[str, set[int]]:
    """Map document name ("23_1ecb") -> the sentence numbers the sentence index lists for it."""
    index: dict[str, set[int]] = defaultdict(set)
    with (folder / SENTENCE_INDEX).open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            index[f"{int(row['Topic'])}_{row['File'].strip()}"].add(int(row["Sentence Number"]))
    return index


def read_document(path: Path, keep: set[int]) -> EcbDocument:
    """Read one gzipped ECB+ document, keeping the sentences numbered in `keep`."""
    root = ET.fromstring(gzip.decompress(path.read_bytes()))
    name = path.name.removesuffix(".xml.gz")
    words: dict[int, list[tuple[int, str]]] = defaultdict(list)
    sentence_of: dict[str, int] = {}
    for token in root.iter("token"):
        number = int(token.get("sentence", "-1"))
        sentence_of[token.get("t_id", "")] = number
        if number in keep:
            words[number].append((int(token.get("number", "0")), token.text or ""))
    mention_sentence: dict[str, int] = {}
    markables = root.find("Markables")
    for markable in markables if markables is not None else ():
        anchors = [sentence_of.get(a.get("t_id", "")) for a in markable.iter("token_anchor")]
        if anchors and anchors[0] is not None:
            mention_sentence[markable.get("m_id", "")] = anchors[0]
    chains: dict[int, set[str]] = defaultdict(set)
    for relation in root.iter("CROSS_DOC_COREF"):
        note = relation.get("note", "")
        if note.startswith("ACT"):
            for source in relation.iter("source"):
                number = mention_sentence.get(source.get("m_id", ""))
                if number in keep:
                    chains[number].add(note)
    numbers = tuple(sorted(words))
    return EcbDocument(
        name=name,
        topic=int(path.parent.name),
        subtopic="ecbplus" if name.endswith("ecbplus") else "ecb",
        sentences=tuple(rebuild_sentence(w for _, w in sorted(words[n])) for n in numbers),
        numbers=numbers,
        chains=tuple(frozenset(chains.get(n, ())) for n in numbers),
    )


def load_documents(split: str = "dev", *, eval_dir: Path | None = None) -> list[EcbDocument]:
    """Read the documents of a split that have at least one annotated sentence."""
    folder = ecbplus_dir(eval_dir)
    topics = split_topics(split)
    index = annotated_sentences(folder)
    documents = []
    for topic_dir in sorted(folder.joinpath("ECB+").iterdir(), key=lambda p: p.name):
        if not topic_dir.name.isdigit() or int(topic_dir.name) not in topics:
            continue
        for path in sorted(topic_dir.glob("*.xml.gz")):
            keep = index.get(path.name.removesuffix(".xml.gz"), set())
            if keep:
                documents.append(read_document(path, keep))
    return documents


def to_analysis(document: EcbDocument) -> Analysis:
    """Build the article (sentences joined by newlines) with the gold `sentences` layer and no NER."""
    spans, offset = [], 0
    for index, sentence in enumerate(document.sentences):
        attrs = {"paragraph": index, "heading": False, "ecb_sentence": document.numbers[index]}
        spans.append(Span(start=offset, end=offset + len(sentence), label="sentence", attrs=attrs))
        offset += len(sentence) + 1
    article = Article(id=document.name, source=document.name, text="\n".join(document.sentences))
    layers = {"sentences": tuple(spans), "ner": ()}
    return Analysis(article=article, layers=layers, provenance=("ecbplus:gold-sentences",))


class Annotator:
    """Add `ner` (trained pipeline only) and `entities` to gold-segmented analyses."""

    def __init__(self, model: str | None = None) -> None:
        self.model = configured_model(model)
        self.entities = Pipeline.from_names(("entities",), provided=("sentences", "ner"))
        self.ner = None
        if self.model != BLANK:
            config = {"sentences": {"model": self.model}}
            self.ner = Pipeline.from_names(("sentences",), config=config)

    def __call__(self, analysis: Analysis) -> Analysis:
        """Return the analysis with entities (and the trained model's NER when one is configured)."""
        if self.ner is not None:
            tagged = self.ner(Analysis(article=analysis.article))
            analysis = analysis.with_layer("ner", tagged.layers.get("ner", ()))
        return self.entities(analysis)


def prepare(documents: Sequence[EcbDocument], *, model: str | None = None) -> list[Story]:
    """Group documents into stories and annotate each with entities, ready to align."""
    annotate = Annotator(model)
    by_story: dict[tuple[int, str], list[EcbDocument]] = defaultdict(list)
    for document in documents:
        by_story[document.story].append(document)
    stories = []
    for key in sorted(by_story):
        members = by_story[key]
        analyses = tuple(annotate(to_analysis(d)) for d in members)
        gold = {(d.name, i): chains for d in members for i, chains in enumerate(d.chains)}
        stories.append(Story(key=key, analyses=analyses, gold=gold))
    return stories


def score_story(story: Story, options: AlignOptions) -> PairCounts:
    """Align one story's sentences and count its cross-document pairs against the gold chains."""
    analyses = story.analyses
    groups = align(analyses, actors=alignment_actors(analyses), options=options)
    index = {(a.article.id, s.start): (a.article.id, i) for a in analyses for i, s in enumerate(a.sentences)}
    # An age claim's units are pieces of sentences (`align.ages`): scored as the sentences that hold them.
    predicted = [[index[(u.article, (u.sentence or u.span).start)] for u in group] for group in groups]
    return pairwise(predicted, story.gold, document=lambda item: item[0])


def score(stories: Sequence[Story], options: AlignOptions | None = None, *, started: float | None = None) -> Figures:
    """Micro-averaged pairwise figures of the aligner over the stories."""
    started = time.perf_counter() if started is None else started
    options = options or AlignOptions()
    counts = sum((score_story(story, options) for story in stories), PairCounts())
    return Figures.from_counts(
        counts,
        documents=sum(len(s.analyses) for s in stories),
        sentences=sum(len(s.gold) for s in stories),
        clusters=len(stories),
        seconds=time.perf_counter() - started,
    )


def run_eval(
    *, eval_dir: Path | None = None, split: str = "dev", options: CompareOptions | None = None
) -> dict[str, Figures]:
    """Score claim alignment on one ECB+ split; returns {"ecbplus_<split>_alignment": Figures}."""
    started = time.perf_counter()
    options = options or CompareOptions()
    stories = prepare(load_documents(split, eval_dir=eval_dir), model=options.model)
    return {f"ecbplus_{split}_alignment": score(stories, options.align, started=started)}


def sweep(
    values: Iterable[float],
    *,
    split: str = "train",
    knob: str = "threshold",
    eval_dir: Path | None = None,
    options: CompareOptions | None = None,
) -> dict[float, Figures]:
    """Score the aligner once per value of one AlignOptions knob (the corpus is read and tagged once)."""
    options = options or CompareOptions()
    if knob not in {f.name for f in dataclasses.fields(AlignOptions)}:
        known = ", ".join(f.name for f in dataclasses.fields(AlignOptions))
        raise ValueError(f"unknown aligner option {knob!r}; choose one of: {known}")
    stories = prepare(load_documents(split, eval_dir=eval_dir), model=options.model)
    return {value: score(stories, dataclasses.replace(options.align, **{knob: value})) for value in values}
