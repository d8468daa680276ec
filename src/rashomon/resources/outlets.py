"""The outlet registry: resolve a name or URL to an `Outlet`, and find every registry name in a text.

The registry ships as `rashomon/data/outlets.yaml`; user files extend it (`RASHOMON_OUTLETS`). See docs/outlets.md.
"""

from __future__ import annotations

import functools
import json
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from rashomon.errors import InputError, SourceNotFound
from rashomon.model.records import OutletKind, Span
from rashomon.resources import cache
from rashomon.resources.gazetteer import fold

__all__ = ["ENV_VAR", "KINDS", "Outlet", "OutletMention", "OutletRegistry", "default_registry", "lookup_key"]

ENV_VAR = "RASHOMON_OUTLETS"
KINDS: tuple[OutletKind, ...] = ("agency", "private", "public", "state", "unknown")
FIELDS = ("name", "kind", "country", "family", "variants", "domains", "lookup_only", "not_before")
LIST_FIELDS = ("variants", "domains", "lookup_only", "not_before")
PACKAGE_FILE = "data/outlets.yaml"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_COUNTRY = re.compile(r"[A-Z]{2}")
_HOST = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+")
_PUNCTUATION = re.compile(r"[\s,:;\"“”()\[\]\-‐‑]+")
_SEP_ATOM = r"[\s\-‐‑]+"
_JOINERS = frozenset("-‐‑&")
_PAREN = re.compile(r"[^\S\n]*\(([^()\n]{1,40})\)")
_NEXT_WORD = re.compile(r"[^\S\n]+(?:(of)[^\S\n]+(?:the[^\S\n]+)?)?([\w][\w'’-]*)")
_PREV_WORD = re.compile(r"(?:^|[^\w'’.])([A-Z][a-z]*\.?)[^\S\n]+$")
_CALENDAR = frozenset(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July "
    "August September October November December".split()
)
# Capitalised words that commonly sit right before an outlet's name at the start of a sentence or clause;
# any other capitalised word there ("Michael Bloomberg", "Andrew Breitbart") makes the name a surname.
_LEADERS = _CALENDAR | frozenset(
    "The A An In On At To For From By With Via Per And But Or As Of Like Unlike Told Said Also While When After "
    "Before Then Both Even Only If So Yet Since Meanwhile However Asked Citing Exclusive Sources Today Yesterday "
    "Earlier Later Separately According Speaking Writing Reporting Neither Nor Unlike Than Whereas Although".split()
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Outlet:
    """A news outlet or agency: canonical name, home country, kind, owner group, other names, web hosts."""

    name: str
    country: str | None = None
    kind: OutletKind = "unknown"
    family: str | None = None
    variants: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """The canonical name followed by the variants."""
        return (self.name, *self.variants)


@dataclass(frozen=True, slots=True, kw_only=True)
class OutletMention:
    """A registry name found in a text: its character offsets, the outlet, and the text as written."""

    start: int
    end: int
    outlet: Outlet
    surface: str

    def as_span(self) -> Span:
        """Return the mention as a `Span` labelled OUTLET with the canonical name in `attrs`."""
        return Span(start=self.start, end=self.end, label="OUTLET", attrs={"outlet": self.outlet.name})


@dataclass(frozen=True, slots=True)
class _Surface:
    """A name `find` matches, with the context rules that apply to it."""

    outlet: Outlet
    short_caps: bool
    single_word: bool
    bare: bool
    not_before: frozenset[str]


def lookup_key(name: str) -> str:
    """Return the key `get` compares names by: folded, punctuation-light, no leading "the" or possessive."""
    key = fold(name).replace("&", " and ")
    key = re.sub(r"[.!?]", "", key)
    key = _PUNCTUATION.sub(" ", key).strip()
    key = re.sub(r"^the ", "", key)
    return re.sub(r"'s?$", "", key).strip()


def _surface_key(text: str) -> str:
    """Return the case-sensitive key of a matched surface: no accents, one apostrophe, one separator."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(_SEP_ATOM, " ", plain)


class OutletRegistry:
    """Outlets by name and web host, and a matcher that finds their names in text."""

    def __init__(self, entries: Iterable[Mapping[str, Any]]) -> None:
        self._outlets: list[Outlet] = []
        self._by_key: dict[str, Outlet] = {}
        self._by_host: dict[str, Outlet] = {}
        surfaces: dict[str, _Surface] = {}
        matchable: list[str] = []
        for entry in entries:
            outlet = _outlet(entry)
            self._outlets.append(outlet)
            self._by_key.update(dict.fromkeys(map(lookup_key, outlet.names), outlet))
            self._by_host.update(dict.fromkeys(outlet.domains, outlet))
            hidden = {_surface_key(name) for name in entry.get("lookup_only", ())}
            stop = frozenset(entry.get("not_before", ()))
            shown = [name for name in outlet.names if _surface_key(name) not in hidden]
            surfaces.update({_surface_key(name): _surface(name, outlet, stop) for name in shown})
            matchable.extend(shown)
        self._surfaces = surfaces
        self._pattern = re.compile(_trie_regex(matchable))

    @classmethod
    def load(cls, *paths: str | os.PathLike[str], builtin: bool = True) -> OutletRegistry:
        """Return the packaged registry (unless `builtin=False`) extended by each file in `paths`, in order."""
        merger = _Merger()
        if builtin:
            package = resources.files("rashomon.resources").joinpath(PACKAGE_FILE)
            merger.add(_parse(package.read_text(encoding="utf-8"), str(package), suffix=".yaml"), str(package))
        for path in paths:
            merger.add(_read(Path(path)), str(path))
        return cls(merger.entries)

    def __len__(self) -> int:
        return len(self._outlets)

    def __iter__(self) -> Iterator[Outlet]:
        return iter(self._outlets)

    def __getitem__(self, name: str) -> Outlet:
        outlet = self.get(name)
        if outlet is None:
            raise KeyError(f"no outlet named {name!r} in the registry")
        return outlet

    def get(self, name: str) -> Outlet | None:
        """Return the outlet a name or variant stands for, ignoring case, accents, "the" and possessives."""
        key = lookup_key(name)
        found = self._by_key.get(key)
        if found is None and name.rstrip().endswith(")"):
            found = self._by_key.get(lookup_key(re.sub(r"\s*\([^()]*\)\s*$", "", name)))
        if found is None and re.match(r"[^\s']+'s ", key):
            found = self._by_key.get(key.split(" ", 1)[1])
        return found

    def for_url(self, url: str) -> Outlet | None:
        """Return the outlet whose web host (or a parent domain of it) serves `url`."""
        try:
            host = urlsplit(url if "//" in url else "//" + url).hostname
        except ValueError:
            return None
        labels = (host or "").rstrip(".").split(".")
        for at in range(len(labels) - 1):
            if found := self._by_host.get(".".join(labels[at:])):
                return found
        return None

    def for_article(self, outlet: str | None, url: str | None = None) -> Outlet | None:
        """Return an article's own outlet: by its outlet name, else by its URL's host."""
        found = self.get(outlet) if outlet else None
        return found or (self.for_url(url) if url else None)

    def find(self, text: str, start: int = 0) -> list[OutletMention]:
        """Return every registry name in `text`, leftmost-longest; offsets are shifted by `start`.

        Pass a sentence with its offset in the article as `start` to get article offsets back.
        """
        # The regex consumes the character before a name, so a line break stands in for the start of the text.
        text, offset = "\n" + text, start - 1
        found: list[OutletMention] = []
        pos = 0
        while match := self._pattern.search(text, pos):
            begin, end = match.span(1)
            surface = self._surfaces.get(_surface_key(match.group(1)))
            if surface is None or not _fits(text, begin, end, surface):
                pos = begin
                continue
            end = self._abbreviation_end(text, end, surface.outlet)
            found.append(
                OutletMention(start=begin + offset, end=end + offset, outlet=surface.outlet, surface=text[begin:end])
            )
            pos = end
        return found

    def _abbreviation_end(self, text: str, end: int, outlet: Outlet) -> int:
        """Extend a mention over a following "(AP)" that abbreviates the same outlet."""
        paren = _PAREN.match(text, end)
        if paren and self._by_key.get(lookup_key(paren.group(1))) is outlet:
            return paren.end()
        return end


def _fits(text: str, begin: int, end: int, surface: _Surface) -> bool:
    """Apply the context rules that keep common words, surnames and joined acronyms from matching."""
    # "RT-PCR", "AT&T" and "RT @user" are not the outlets RT and AT.
    joined = _joined(text, begin - 1, begin - 2) or _joined(text, end, end + 1)
    if surface.short_caps and (joined or text[end : end + 3].lstrip().startswith("@")):
        return False
    after = _NEXT_WORD.match(text, end)
    if after and not after.group(1) and after.group(2).lower() in surface.not_before:
        return False
    if surface.single_word and after and after.group(2)[0].isupper() and after.group(2) not in _CALENDAR:
        return False
    if surface.bare:
        before = _PREV_WORD.search(text, max(0, begin - 40), begin)
        if before and before.group(1).rstrip(".") not in _LEADERS:
            return False
    return True


def _joined(text: str, at: int, beyond: int) -> bool:
    """Return True when text[at] joins the token to a neighbouring word ("RT-PCR", "AT&T")."""
    return 0 <= at < len(text) and 0 <= beyond < len(text) and text[at] in _JOINERS and text[beyond].isalnum()


def _surface(name: str, outlet: Outlet, not_before: frozenset[str]) -> _Surface:
    """Classify a matchable name for the context rules in `_fits`."""
    words = name.split()
    single = (len(words) == 1 or words[:-1] == ["The"]) and words[-1][0].isupper() and not words[-1].isupper()
    short_caps = len(words) == 1 and name.isupper() and len(name) <= 5
    return _Surface(outlet, short_caps, single, single and len(words) == 1, not_before)


def _trie_regex(surfaces: Iterable[str]) -> str:
    """Return one regex matching every surface, built as a character trie so each position costs little."""
    trie: dict[str, Any] = {}
    for surface in surfaces:
        node = trie
        for atom in _atoms(surface):
            node = node.setdefault(atom, {})
        node[""] = {}
    # The regex starts with the character before a name rather than a lookbehind: the engine then jumps
    # from one non-word character to the next instead of trying the trie at every position (docs/outlets.md).
    return r"[^\w](" + _trie_node(trie) + r")(?!\w)"


def _trie_node(node: dict[str, Any]) -> str:
    """Return the regex for the names below one trie node; longer continuations are tried first."""
    branches = [atom + _trie_node(child) for atom, child in sorted(node.items()) if atom]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:
        return ("(?:" + body + ")" if len(branches) == 1 else body) + "?"
    return body


def _atoms(surface: str) -> list[str]:
    """Split a name into regex atoms: characters as written, any apostrophe, one run of spaces or hyphens."""
    atoms: list[str] = []
    for char in unicodedata.normalize("NFC", surface.replace("’", "'")):
        if char.isspace() or char in "-‐‑":
            if atoms and atoms[-1] != _SEP_ATOM:
                atoms.append(_SEP_ATOM)
        else:
            atoms.append("['’]" if char == "'" else re.escape(char))
    return atoms


def _outlet(entry: Mapping[str, Any]) -> Outlet:
    """Build an `Outlet` from a validated, merged entry."""
    names = (*entry.get("variants", ()), *entry.get("lookup_only", ()))
    scalars = {k: entry[k] for k in ("name", "country", "kind", "family") if k in entry}
    others = tuple(dict.fromkeys(n for n in names if n != entry["name"]))
    return Outlet(**scalars, variants=others, domains=tuple(entry.get("domains", ())))


class _Merger:
    """Fold registry files into one list of entries: new names add outlets, known names extend them."""

    def __init__(self) -> None:
        self.entries: list[dict[str, Any]] = []
        self._owner: dict[str, int] = {}

    def add(self, raw: list[dict[str, Any]], source: str) -> None:
        """Merge one file's validated entries; a name or host claimed twice within one file is an error."""
        claimed: dict[str, int] = {}
        for item in raw:
            at = self._owner.get(lookup_key(item["name"]))
            if at is None:
                self.entries.append({"name": item["name"]})
                at = len(self.entries) - 1
            entry = self.entries[at]
            entry.update({k: v for k, v in item.items() if k not in LIST_FIELDS and k != "name"})
            for list_field in LIST_FIELDS:
                entry[list_field] = list(dict.fromkeys([*entry.get(list_field, ()), *item.get(list_field, ())]))
            self._claim(at, item, claimed, source)

    def _claim(self, at: int, item: dict[str, Any], claimed: dict[str, int], source: str) -> None:
        """Give entry `at` the names and hosts `item` lists, taking them from outlets earlier files gave them to."""
        name = self.entries[at]["name"]
        names = [(lookup_key(n), n) for n in (item["name"], *item["variants"], *item["lookup_only"])]
        for key, value in [*names, *(("//" + host, host) for host in item["domains"])]:
            if claimed.setdefault(key, at) != at:
                other = self.entries[claimed[key]]["name"]
                raise InputError(source, f"outlet {name!r}: {value!r} is also claimed by {other!r}")
            owner = self._owner.get(key, at)
            if owner != at:
                self._release(owner, key, value, source, name)
            self._owner[key] = at

    def _release(self, owner: int, key: str, name: str, source: str, taker: str) -> None:
        """Take a variant or host from the outlet an earlier file gave it to; a canonical name cannot move."""
        previous = self.entries[owner]
        if lookup_key(previous["name"]) == key:
            raise InputError(source, f"outlet {taker!r}: {name!r} is the name of outlet {previous['name']!r}")
        for list_field in ("variants", "lookup_only", "domains"):
            previous[list_field] = [n for n in previous[list_field] if key not in (lookup_key(n), "//" + n)]


def _read(path: Path) -> list[dict[str, Any]]:
    """Read and validate one user registry file (YAML, or JSON by its .json suffix)."""
    if not path.is_file():
        raise SourceNotFound(str(path), "no such outlet registry file")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(str(path), "not UTF-8 text" if isinstance(error, ValueError) else str(error)) from None
    return _parse(text, str(path), suffix=path.suffix.lower())


def _parse(text: str, source: str, *, suffix: str) -> list[dict[str, Any]]:
    """Parse registry text and validate every entry; problems raise `InputError` naming `source`."""
    try:
        data = json.loads(text) if suffix == ".json" else yaml.load(text, Loader=_LOADER)
    except json.JSONDecodeError as error:
        raise InputError(source, f"invalid JSON: {error.msg} (line {error.lineno})") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark else ""
        raise InputError(source, f"invalid YAML: {getattr(error, 'problem', None) or 'cannot parse'}{where}") from None
    items = data.get("outlets") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise InputError(source, "expected a list of outlets, or a mapping with an 'outlets' list")
    return [_validate(item, number, source) for number, item in enumerate(items, 1)]


def _validate(item: object, number: int, source: str) -> dict[str, Any]:
    """Check one entry's fields; return it with stripped strings, lower-case hosts and every list present."""
    if not isinstance(item, dict):
        raise InputError(source, f"outlet #{number}: expected a mapping, got {type(item).__name__}")
    name = item.get("name")
    if not isinstance(name, str) or not name.strip():
        raise InputError(source, f"outlet #{number}: missing 'name'")
    label = f"outlet {name.strip()!r}"
    unknown = sorted(set(item) - set(FIELDS), key=str)
    if unknown:
        raise InputError(source, f"{label}: unknown field {unknown[0]!r} (valid: {', '.join(FIELDS)})")
    entry: dict[str, Any] = {"name": name.strip(), **{k: item[k] for k in ("kind", "country", "family") if k in item}}
    problem = None
    if entry.get("kind", "unknown") not in KINDS:
        problem = f"unknown kind {entry['kind']!r} (valid: {', '.join(KINDS)})"
    elif "country" in entry and not (isinstance(entry["country"], str) and _COUNTRY.fullmatch(entry["country"])):
        problem = f"country must be an ISO 3166 alpha-2 code like 'CA', not {entry['country']!r}"
    elif "family" in entry and not (isinstance(entry["family"], str) and entry["family"].strip()):
        problem = "'family' must be a non-empty string"
    for list_field in LIST_FIELDS:
        values = item.get(list_field, [])
        if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
            problem = problem or f"{list_field!r} must be a list of non-empty strings"
            break
        entry[list_field] = [
            v.strip().lower() if list_field in ("domains", "not_before") else v.strip() for v in values
        ]
    bad_hosts = [d for d in entry.get("domains", ()) if not _HOST.fullmatch(d)]
    if not problem and bad_hosts:
        problem = f"{bad_hosts[0]!r} is not a host name like 'globalnews.ca'"
    if problem:
        raise InputError(source, f"{label}: {problem}")
    return entry


def default_registry() -> OutletRegistry:
    """Return the packaged registry extended by the files named in $RASHOMON_OUTLETS (cached per value)."""
    paths = tuple(p for p in os.environ.get(ENV_VAR, "").split(os.pathsep) if p.strip())
    return _cached_registry(paths)


@functools.lru_cache(maxsize=8)
def _cached_registry(paths: tuple[str, ...]) -> OutletRegistry:
    # Parsing the YAML and compiling the matchers took about half a second of every run; the built object
    # is cached on disk, keyed by the bytes of the packaged file and of every user file (resources/cache.py).
    try:
        source = cache.sources(resources.files("rashomon.resources").joinpath(PACKAGE_FILE), paths)
    except OSError:
        return OutletRegistry.load(*paths)  # a user file that cannot be read: load() names it
    return cache.built("outlets", source, lambda _source: OutletRegistry.load(*paths))
