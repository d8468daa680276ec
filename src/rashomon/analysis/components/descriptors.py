"""Descriptors: the words an article attaches to an actor's name.

Three places, all read off the text beside each person or organisation mention:
- before the name: titles and premodifiers ("President", "dictator", "Huawei executive and Chinese
  Communist Party royalty", "China's state-run");
- an appositive after it (", a professor at Nanyang Technological University ...,", "— one of the
  Canadians taken hostage —");
- an affiliation after it ("Mark Ceolin of the Canadian Chamber of Commerce").
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rashomon.model.layers import EntitySpan
from rashomon.model.records import Analysis, Span
from rashomon.resources import wordlists as lexicon
from rashomon.text import attribution as at
from rashomon.text.terms import STOP_WORDS

# Lower-case words that may describe a person before the name ("former", "pro-democracy", "narco-terrorist").
MODIFIERS = frozenset(
    """
    former senior top chief deputy acting outgoing incoming late veteran longtime long-time then so-called
    embattled beleaguered disgraced jailed detained imprisoned exiled ousted alleged accused convicted
    notorious controversial hardline hard-line moderate populist far-right far-left right-wing left-wing
    billionaire millionaire royalty mogul tycoon strongman autocrat dictator regime communist socialist
    conservative liberal progressive media tech technology business party opposition foreign policy
    prime vice state-run state-owned state-controlled state-backed pro-democracy pro-beijing pro-china
    anti-china influential powerful prominent leading renowned respected celebrated beloved hawkish dovish
    """.split()
)
_ADJECTIVE_END = re.compile(r"(?:an|ese|ist|ic|al|ive|ous|ary|ish|ian|-\w+)$")
_APPOSITIVE_START = frozenset("a an the former one now then also".split())
_PERSON_NOUNS = lexicon.TITLES | at.PERSON_ROLES | MODIFIERS | frozenset("one member citizen national".split())
_MAX_APPOSITIVE_WORDS = 30


def _describes(word: at.Word) -> bool:
    """True when a word left of a name belongs to its description."""
    low = word.lower.rstrip(".")
    if word.text[:1].isupper():
        return (
            low not in STOP_WORDS
            and low not in lexicon.CALENDAR
            and not word.text.isupper()
            or (word.text.isupper() and len(word.text) > 1)
        )
    if low in lexicon.TITLES or low in MODIFIERS or low in at.ROLE_HEADS:
        return True
    return "-" in low and bool(_ADJECTIVE_END.search(low))


def _descriptor_noun(word: at.Word) -> bool:
    low = word.lower.rstrip(".")
    return word.text[:1].islower() and (low in lexicon.TITLES or low in MODIFIERS or low in at.ROLE_HEADS)


def premodifier(text: str, ws: list[at.Word], index: int) -> tuple[int, int] | None:
    """Return the span of the description before the word at `index` (the name's first word)."""
    k = index
    while k - 1 >= 0:
        prev = ws[k - 1]
        if prev.lower.endswith(("'s", "’s")) and prev.text[:1].isupper():
            k -= 1
            break
        if prev.lower == "and" and k - 2 >= 0 and _descriptor_noun(ws[k - 2]) and k < index:
            k -= 1
            continue
        if not _describes(prev):
            break
        k -= 1
    while k < index and (ws[k].lower in STOP_WORDS or ws[k].lower == "and"):
        k += 1
    if k == index:
        return None
    return ws[k].start, ws[index - 1].end


def appositive(text: str, end: int, limit: int) -> tuple[int, int] | None:
    """Return the span of an appositive right after a name: ', a professor at ...,' or '— one of ... —'."""
    m = re.match(r"\s*(,|—|–| -- )\s*", text[end:limit])
    if not m:
        return None
    mark = m.group(1).strip()
    start = end + m.end()
    first = re.match(r"[\w’'-]+", text[start:limit])
    if not first:
        return None
    word = first.group().lower().rstrip(".")
    if word not in _APPOSITIVE_START and word not in lexicon.TITLES and word not in at.PERSON_ROLES:
        return None
    if word in ("a", "an", "the", "now", "then", "also") and not any(
        w.lower().strip(",.’'") in _PERSON_NOUNS for w in text[start:limit].split()[1:6]
    ):
        return None  # "the challenge is ...", "the secret execution of ...": a clause or a list, not a role
    stop = {",": r"[,.;:()—]", "—": r"[—.;()]", "–": r"[–.;()]", "--": r"--|[.;()]"}[mark]
    finish = _clause_end(text, start, limit, stop)
    finish = start + len(text[start:finish].rstrip())
    if len(text[start:finish].split()) > _MAX_APPOSITIVE_WORDS or finish <= start:
        return None
    return start, finish


def _clause_end(text: str, start: int, limit: int, stop: str) -> int:
    """End of an appositive; a comma followed by a capitalised name continuation does not end it."""
    pos = start
    while True:
        m = re.compile(stop).search(text, pos, limit)
        if not m:
            return limit if stop.startswith("[,") is False else start
        after = text[m.end() : limit]
        cont = re.match(r"\s*((?:[A-Z][\w’'-]*|of|and|the|for)(?:\s+(?:[A-Z][\w’'-]*|of|and|the|for))*)\s*,", after)
        if m.group() == "," and cont and cont.group(1)[:1].isupper():
            pos = m.end() + cont.end(1)
            continue
        return m.start()


def affiliation(text: str, end: int, limit: int) -> tuple[int, int] | None:
    """Return the span of 'of the Canadian Chamber of Commerce' right after a person's name."""
    m = re.match(r" of (?:the )?((?:[A-Z][\w’'.-]*)(?: (?:of|for|and|the|[A-Z][\w’'.-]*))*)", text[end:limit])
    if not m:
        return None
    return end + 1, end + len(m.group().rstrip("."))


def _after_preposition(text: str, start: int) -> bool:
    """True for a name that opens a sentence-initial phrase ("For Carney, the challenge is ...")."""
    before = text[max(0, start - 12) : start].split()
    return bool(before) and before[-1] in ("For", "To", "With", "Like", "Unlike", "As")


class Descriptors:
    """Collect the descriptors of every person and organisation mention."""

    def __call__(self, analysis: Analysis) -> Analysis:
        """Assign the `descriptors` layer: one span per description, naming its mention in attrs."""
        text = analysis.article.text
        out: list[Span] = []
        for sentence in analysis.sentences:
            ws = at.words(text, sentence.start, sentence.end)
            starts = {w.start: i for i, w in enumerate(ws)}
            for ent in analysis.entities:
                if not (sentence.start <= ent.start < sentence.end) or ent.label not in ("PERSON", "ORG", "NAME?"):
                    continue
                attrs = {
                    "name": ent.name if isinstance(ent, EntitySpan) else None,
                    "mention": ent.text_of(text),
                    "mention_start": ent.start,
                    "mention_end": ent.end,
                }
                found = []
                if ent.start in starts:
                    found.append(("title", premodifier(text, ws, starts[ent.start])))
                if ent.label != "ORG" and not _after_preposition(text, ent.start):
                    found.append(("appositive", appositive(text, ent.end, sentence.end)))
                if ent.label == "PERSON":
                    found.append(("affiliation", affiliation(text, ent.end, sentence.end)))
                for where, span in found:
                    if span is not None and text[span[0] : span[1]].strip():
                        out.append(Span(start=span[0], end=span[1], label=where, attrs=attrs))
        return analysis.with_layer("descriptors", tuple(out))


def register_components(register: Callable[..., None]) -> None:
    """Register the descriptors component."""
    register("descriptors", Descriptors, requires=("sentences", "entities"), assigns=("descriptors",), version=1)
