"""Who did it: one fact told of two different people with the same family name.

Aligned sentences that state one fact ("Rep. Loretta Sanchez won the vice-chair race, defeating Barbara Lee" /
"Representative Linda T. Sánchez defeated Barbara Lee to become vice chairwoman") name the person who did it;
when one outlet's person and another's share a family name but not a given name, the outlets disagree on
who it was. Guards, all for precision:

- each sentence writes the person's given and family name (a bare "Kafoury" the article resolved to someone
  is the article's reading, not what it states);
- both given names are English given names the `nicknames` package lists: a title, a role or an adjective
  written before a name ("Trooper William Hakim", "Comedian Ellen DeGeneres") is not one, and a name the
  list does not know is left alone;
- the two are not one given name told two ways: an initial, a nickname of the other or of one common name
  ("Jim" / "James"), a spelling a letter or two off ("Stacy" / "Stacey");
- neither outlet names, anywhere in its article, the person the other gives: two people of one family (a
  congressman and his wife, a father and his son) are told apart by each outlet naming both.

A given name one outlet spells another way ("He and wife Stacy" / "Mr. Cowan's wife, Stacey") is a conflict of
its own (`spelling_conflicts`): at most one outlet has the name right.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import TYPE_CHECKING

from rashomon.model.layers import EntitySpan, SentenceSpan
from rashomon.model.records import Analysis, Claim, Mention, StatedValue, ValueComparison, content_id
from rashomon.resources.gazetteer import fold
from rashomon.resources.wordlists import NAME_SUFFIXES
from rashomon.text.genders import first_name_genders, kinship_noun
from rashomon.text.spelling import edit_distance

if TYPE_CHECKING:
    from nicknames import NickNamer

__all__ = ["NAME_SUFFIXES", "nickname_forms", "person_conflicts", "spelling_conflicts", "split_name"]

# Given names this close are one name spelled two ways ("Stacy" / "Stacey", "Jon" / "John").
_SPELLING = 2
# A misspelt given name is one letter off ("Stacy" / "Stacey", "Katherine" / "Catherine"); two letters off is as
# often a short form ("Dave" / "David", "Lou" / "Louis"), which is style, not an error.
_MISSPELT = 1
# Names shorter than this are too often two names one letter apart ("Jon" / "Jan", "Ed" / "Ted").
_SHORTEST = 4


def _fold(word: str) -> str:
    return fold(word).strip(".,'")


def split_name(name: str) -> tuple[str, str] | None:
    """(given name, family name) of a person's name as written, folded ("Linda T. Sánchez" -> ("linda",
    "sanchez")): the given name is the first word that is not an initial ("W. Mark Felt" -> "mark")."""
    words = [w for w in (_fold(w) for w in name.split()) if w]
    while words and words[-1] in NAME_SUFFIXES:
        words.pop()
    given = [w for w in words[:-1] if len(w) > 1]
    if not given:
        return None
    return given[0], words[-1]


@functools.cache
def _namer() -> NickNamer:
    from nicknames import NickNamer

    return NickNamer()


@functools.cache
def _given_names() -> frozenset[str]:
    """The English given names the `nicknames` list knows (about 2,000, nicknames included)."""
    from nicknames import name_triplets

    return frozenset(n for t in name_triplets() for n in (t.name1, t.name2))


def nickname_forms(name: str) -> set[str]:
    """The name, its nicknames and the names it is a nickname of."""
    namer = _namer()
    return {name} | namer.nicknames_of(name) | namer.canonicals_of(name)


def _same_given(a: str, b: str) -> bool:
    """One given name told two ways: an initial or a short form of the other, a nickname of it ("Jim" /
    "James", or both nicknames of one name), or a spelling a letter or two off."""
    if a.startswith(b) or b.startswith(a) or edit_distance(a, b) <= _SPELLING:
        return True
    return bool(nickname_forms(a) & nickname_forms(b))


def _people(analysis: Analysis) -> list[tuple[EntitySpan, tuple[str, str]]]:
    """The article's person mentions that write a given and a family name, with the two (folded)."""
    text = analysis.article.text
    out = []
    for span in analysis.layers.get("entities", ()):
        if isinstance(span, EntitySpan) and span.label == "PERSON" and (parts := split_name(span.text_of(text))):
            out.append((span, parts))
    return out


def person_conflicts(claims: Sequence[Claim], analyses: Sequence[Analysis]) -> list[ValueComparison]:
    """Conflicts of person: in one claim, two outlets give a fact to two people of one family name."""
    people = {a.article.id: _people(a) for a in analyses}
    texts = {a.article.id: a.article.text for a in analyses}
    found: dict[tuple[str, str], dict[str, tuple[str, Mention, EntitySpan]]] = {}
    for claim in claims:
        if len(claim.articles) < 2:
            continue
        for ma, mb in combinations(claim.mentions, 2):
            if ma.article == mb.article or ma.article not in people or mb.article not in people:
                continue
            here = [(s, p) for s, p in people[ma.article] if ma.start <= s.start and s.end <= ma.end]
            there = [(s, p) for s, p in people[mb.article] if mb.start <= s.start and s.end <= mb.end]
            for (sa, (ga, fa)), (sb, (gb, fb)) in ((x, y) for x in here for y in there):
                if fa != fb or not {ga, gb} <= _given_names() or _same_given(ga, gb):
                    continue  # a role or an adjective before the name ("Coroner Gary X") is no given name
                if _names(people[ma.article], gb, fb) or _names(people[mb.article], ga, fa):
                    continue  # the outlet names the other person too: two people, not two tellings
                told = found.setdefault((claim.id, fa), {})
                told.setdefault(ma.article, (ga, ma, sa))
                told.setdefault(mb.article, (gb, mb, sb))
    return [_comparison(claim, told, texts) for (claim, _), told in found.items()]


def _names(people: Sequence[tuple[EntitySpan, tuple[str, str]]], given: str, family: str) -> bool:
    return any(f == family and _same_given(g, given) for _, (g, f) in people)


def _comparison(claim: str, told: dict[str, tuple[str, Mention, EntitySpan]], texts: dict[str, str]) -> ValueComparison:
    """One conflict: each article's person, those giving one person in one group."""
    groups: list[str] = []
    values = []
    for article, (given, mention, span) in told.items():
        group = next((i for i, g in enumerate(groups) if _same_given(g, given)), len(groups))
        if group == len(groups):
            groups.append(given)
        shown = texts[article][span.start : span.end]
        values.append(StatedValue(
            article=article, claim=claim, start=span.start, end=span.end, sentence_start=mention.start,
            sentence_end=mention.end, normalized=span.name, display=shown, attrs={"person": span.name}, group=group,
        ))  # fmt: skip
    values.sort(key=lambda v: (v.group, v.article))
    names = " or ".join(dict.fromkeys(v.display for v in values))
    return ValueComparison(id=content_id(f"{claim}|person|{'|'.join(sorted(groups))}"), claim=claim, kind="person",
                           values=tuple(values), about=f"who it was: {names}", confidence=0.6)  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Named:
    """A person's given name as an article writes it, with what ties it to one person across articles."""

    span: EntitySpan
    given: str  # folded
    shown: str  # as written
    who: str  # the family name, or the kinship noun that introduces a lone given name ("wife")
    sentence: tuple[int, int]


def _named(analysis: Analysis) -> list[_Named]:
    """The article's given names tied to a family name or, written alone, to a kinship noun ("his wife, Stacey")."""
    text = analysis.article.text
    sentences = [(s.start, s.end) for s in analysis.layers.get("sentences", ()) if isinstance(s, SentenceSpan)]
    out = []
    for span in analysis.layers.get("entities", ()):
        if not isinstance(span, EntitySpan) or span.label != "PERSON":
            continue
        written = span.text_of(text)
        words = written.split()
        if len(words) > 1:
            if not (parts := split_name(written)):
                continue
            (given, who), shown = parts, next(w for w in words if _fold(w) == parts[0])
        elif (noun := kinship_noun(text[max(0, span.start - 16) : span.start])) is not None:
            given, who, shown = _fold(written), noun, written
        else:
            continue
        sentence = next(((a, b) for a, b in sentences if a <= span.start < b), (span.start, span.end))
        out.append(_Named(span=span, given=given, shown=shown, who=who, sentence=sentence))
    return out


def _misspelt(a: _Named, b: _Named, genders: dict[str, str]) -> bool:
    """Whether two given names tied to one person are one name spelled two ways: one letter apart, neither short,
    and both names of one gender ("Mark" / "Mary" are two people)."""
    if a.who != b.who or a.given == b.given or min(len(a.given), len(b.given)) < _SHORTEST:
        return False
    gender = genders.get(a.given)
    return gender is not None and genders.get(b.given) == gender and edit_distance(a.given, b.given) == _MISSPELT


def spelling_conflicts(claims: Sequence[Claim], analyses: Sequence[Analysis]) -> list[ValueComparison]:
    """Conflicts of spelling: two outlets write one person's given name two ways, each outlet only its own way."""
    genders = first_name_genders()
    named = {a.article.id: _named(a) for a in analyses}
    words = {a.article.id: set(re.findall(r"\w+", fold(a.article.text))) for a in analyses}
    texts = {a.article.id: a.article.text for a in analyses}
    found: dict[tuple[str, frozenset[str]], dict[str, _Named]] = {}
    for first, second in combinations(named, 2):  # in the story's article order
        for a in named[first]:
            for b in named[second]:
                if not _misspelt(a, b, genders) or b.given in words[first] or a.given in words[second]:
                    continue  # an outlet writing both spellings names two people, or spells one both ways
                told = found.setdefault((a.who, frozenset((a.given, b.given))), {})
                told.setdefault(first, a)
                told.setdefault(second, b)
    claim_of = {(m.article, m.start): c.id for c in claims for m in c.mentions}
    return [_spelling(told, texts, claim_of) for told in found.values()]


def _spelling(told: dict[str, _Named], texts: dict[str, str], claim_of: dict[tuple[str, int], str]) -> ValueComparison:
    """One conflict: each article's spelling, those writing one spelling in one group."""
    spellings = list(dict.fromkeys(n.given for n in told.values()))
    claim = next((c for a, n in told.items() if (c := claim_of.get((a, n.sentence[0])))), "")
    values = []
    for article, n in told.items():
        start = n.span.start + texts[article][n.span.start : n.span.end].find(n.shown)
        values.append(StatedValue(
            article=article, claim=claim, start=start, end=start + len(n.shown), sentence_start=n.sentence[0],
            sentence_end=n.sentence[1], normalized=n.given, display=n.shown,
            attrs={"person": n.span.name, "spelling": n.shown}, group=spellings.index(n.given),
        ))  # fmt: skip
    values.sort(key=lambda v: (v.group, v.article))
    names = " or ".join(dict.fromkeys(v.display for v in values))
    return ValueComparison(id=content_id(f"spelling|{'|'.join(sorted(spellings))}"), claim=claim, kind="person",
                           values=tuple(values), about=f"how the name is spelled: {names}", basis="story",
                           confidence=0.5)  # fmt: skip
