"""Sentence spans, paragraph by paragraph, plus the trained pipeline's entity spans when it has NER."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from rashomon.analysis.nlp import configured_model, has_ner, load_nlp, parse_paragraphs
from rashomon.model.layers import SentenceSpan
from rashomon.model.records import Analysis, Span

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan

_FINAL_PUNCT = re.compile(r"[.!?…:;\"”’')\]]\s*$")
NER_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"})


def paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of each non-blank line; cleaned text has one paragraph per line."""
    for match in re.finditer(r"[^\n]+", text):
        start, end = match.span()
        stripped = match.group().strip()
        if stripped:
            lead = len(match.group()) - len(match.group().lstrip())
            yield start + lead, start + lead + len(stripped)


def is_heading(text: str) -> bool:
    """Return True for a short line without final punctuation (a sub-heading, not a claim)."""
    return len(text.split()) <= 14 and not _FINAL_PUNCT.search(text)


# spaCy's sentencizer keeps any quote mark after a full stop with the sentence before it; right for a
# closing quote ('... he said."'), wrong for the opening quote of the next sentence ('time. "A pragmatic').
_TRAILING_OPENER = re.compile(r"\s+(?P<mark>[“‘\"']|''|``)$")


def fix_quote_boundaries(text: str, bounds: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Move opening quote marks stranded at a sentence's end to the next sentence; trim whitespace."""
    out: list[tuple[int, int]] = []
    carry: int | None = None
    for begin, end in bounds:
        if carry is not None:
            begin, carry = carry, None
        chunk = text[begin:end]
        opener = _TRAILING_OPENER.search(chunk)
        if opener and (begin, end) != bounds[-1]:
            carry = begin + opener.start("mark")
            end = begin + opener.start()
        chunk = text[begin:end]
        lead = len(chunk) - len(chunk.lstrip())
        stripped = chunk.strip()
        if stripped:
            out.append((begin + lead, begin + lead + len(stripped)))
    return out


# A full stop after a title ends no sentence: the blank sentencizer cut "Troy police Lt. | Gerry Sandoval said".
_TITLE_STOP = re.compile(r"(?:^|[\s(])(?:Mr|Mrs|Ms|Dr|Prof|Gen|Sen|Rep|Gov|Lt|Col|Capt|Sgt|Rev|Maj|Adm|Supt|Atty)\.$")


def join_after_titles(text: str, bounds: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join a sentence that ends with a title's full stop to the next one when that opens with a capital."""
    out: list[tuple[int, int]] = []
    for begin, end in bounds:
        if out and _TITLE_STOP.search(text[out[-1][0] : out[-1][1]]) and text[begin : begin + 1].isupper():
            out[-1] = (out[-1][0], end)
        else:
            out.append((begin, end))
    return out


# Where a sentence's second fact starts: a verb coordinated with the main verb ("X was fired on Thursday and
# bought a shotgun on Friday", "A died, and two men were hurt") or a contrast clause with its own subject
# ("Steinberg spoke to police, while Riva was on a ventilator"). Other subordinate clauses (when, after,
# because, that) say when or why the main fact happened, not a second fact.
_CONTRAST_MARKS = frozenset({"while", "whereas"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_PERSONAL_RELATIVES = frozenset({"who", "whom", "whose"})


def clause_pieces(sent: SpacySpan) -> list[tuple[int, int]]:
    """The (start, end) character offsets, in the sentence's doc, of the clauses that state facts of their own:
    its independent clauses (none for one) and each relative clause about a person set off by a comma
    (", who was fired on Thursday"), which lies inside one of them.

    A clause hangs from the main verb or from another clause's verb ("The plant closed in May, while the owners
    sold the land and moved the machines abroad": three clauses).
    """
    heads = {sent.root.i}
    cuts: list[int] = []
    grown = True
    while grown:  # a clause's head may stand after the clauses that hang from it
        grown = False
        for token in sent:
            if token.i in heads or token.head.i not in heads:
                continue
            coordinated = token.dep_ == "conj" and token.pos_ in ("VERB", "AUX")
            contrast = (
                token.dep_ == "advcl"
                and any(c.dep_ == "mark" and c.lower_ in _CONTRAST_MARKS for c in token.children)
                and any(c.dep_ in _SUBJECTS for c in token.children)
            )
            if coordinated or contrast:
                cuts.append(token.left_edge.i)
                heads.add(token.i)
                grown = True
    doc = sent.doc
    pieces = []
    for begin, end in zip([sent.start, *sorted(set(cuts))], [*sorted(set(cuts)), sent.end], strict=True):
        words = [t for t in doc[begin:end] if not (t.is_punct or t.dep_ in ("cc", "mark") or t.is_space)]
        if words:
            pieces.append((words[0].idx, words[-1].idx + len(words[-1])))
    pieces = pieces if len(pieces) > 1 else []
    # A relative clause about a person set off by a comma (", who was fired last week") asserts a fact of its
    # own. A "which" clause often comments on the whole clause before it (", which destroyed 1,500 houses")
    # and reads as no fact alone; with them too, one story lost a gold omission (docs/alignment.md).
    for token in sent:
        left = token.left_edge.i
        if (
            token.dep_ == "relcl"
            and token.pos_ in ("VERB", "AUX")
            and left > sent.start
            and doc[left - 1].text == ","
            and doc[left].lower_ in _PERSONAL_RELATIVES
        ):
            words = [t for t in doc[left : token.right_edge.i + 1] if not (t.is_punct or t.is_space)]
            if words:
                pieces.append((words[0].idx, words[-1].idx + len(words[-1])))
    return pieces


def repeats_title(paragraph: str, title: str | None) -> bool:
    """True when a paragraph is the article's title again, punctuation aside (extractors often keep the title
    atop the text, and feeds send "Title." as the first line): a headline, not a claim to align or summarise."""
    return bool(title) and _letters(paragraph) == _letters(title or "")


def _letters(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


class Sentences:
    """Split an article into sentences with spaCy, never across a paragraph break."""

    def __init__(self, model: str | None = None) -> None:
        self.model = configured_model(model)
        self.models = {"spacy": self.model}  # the pipeline records it in the provenance
        self.nlp = load_nlp(self.model)
        self.ner = has_ner(self.nlp)

    def __call__(self, analysis: Analysis) -> Analysis:
        """Assign the `sentences` layer (and `ner` when the pipeline is trained)."""
        text = analysis.article.text
        title = analysis.article.title
        bounds = list(paragraphs(text))
        sentences: list[SentenceSpan] = []
        ner: list[Span] = []
        docs = parse_paragraphs(self.model, [text[s:e] for s, e in bounds])
        for index, ((start, _end), doc) in enumerate(zip(bounds, docs, strict=True)):
            sents = list(doc.sents)
            heading = (len(sents) == 1 and is_heading(doc.text)) or (index == 0 and repeats_title(doc.text, title))
            bounds_here = join_after_titles(doc.text, [(x.start_char, x.end_char) for x in sents])
            pieces = [p for x in sents for p in clause_pieces(x)] if doc.has_annotation("DEP") else []
            for begin, finish in fix_quote_boundaries(doc.text, bounds_here):
                inside = [p for p in pieces if begin <= p[0] and p[1] <= finish]
                clauses = tuple(start + o for p in inside for o in p)
                sentences.append(
                    SentenceSpan(
                        start=start + begin, end=start + finish, paragraph=index, heading=heading, clauses=clauses
                    )
                )
            if self.ner:
                ner.extend(
                    Span(start=start + ent.start_char, end=start + ent.end_char, label=ent.label_)
                    for ent in doc.ents
                    if ent.label_ in NER_LABELS
                )
        result = analysis.with_layer("sentences", tuple(sentences))
        return result.with_layer("ner", tuple(ner))


def register_components(register: Callable[..., None]) -> None:
    """Register the sentences component."""
    register("sentences", Sentences, assigns=("sentences", "ner"), version=2)
