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
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from itertools import combinations
from typing import TYPE_CHECKING

from rashomon.model.layers import EntitySpan
from rashomon.model.records import Analysis, Claim, Mention, StatedValue, ValueComparison, content_id
from rashomon.resources.gazetteer import fold

if TYPE_CHECKING:
    from nicknames import NickNamer

__all__ = ["person_conflicts", "split_name"]

_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
# Given names this close are one name spelled two ways ("Stacy" / "Stacey", "Jon" / "John").
_SPELLING = 2


def _fold(word: str) -> str:
    return fold(word).strip(".,'")


def split_name(name: str) -> tuple[str, str] | None:
    """(given name, family name) of a person's name as written, folded ("Linda T. Sánchez" -> ("linda",
    "sanchez")): the given name is the first word that is not an initial ("W. Mark Felt" -> "mark")."""
    words = [w for w in (_fold(w) for w in name.split()) if w]
    while words and words[-1] in _SUFFIXES:
        words.pop()
    given = [w for w in words[:-1] if len(w) > 1]
    if not given:
        return None
    return given[0], words[-1]


def _distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


@functools.cache
def _namer() -> NickNamer:
    from nicknames import NickNamer

    return NickNamer()


@functools.cache
def _given_names() -> frozenset[str]:
    """The English given names the `nicknames` list knows (about 2,000, nicknames included)."""
    from nicknames import name_triplets

    return frozenset(n for t in name_triplets() for n in (t.name1, t.name2))


def _forms(name: str) -> set[str]:
    """The name, its nicknames and the names it is a nickname of."""
    namer = _namer()
    return {name} | namer.nicknames_of(name) | namer.canonicals_of(name)


def _same_given(a: str, b: str) -> bool:
    """One given name told two ways: an initial or a short form of the other, a nickname of it ("Jim" /
    "James", or both nicknames of one name), or a spelling a letter or two off."""
    if a.startswith(b) or b.startswith(a) or _distance(a, b) <= _SPELLING:
        return True
    return bool(_forms(a) & _forms(b))


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
