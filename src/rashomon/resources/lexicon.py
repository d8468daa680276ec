"""The loaded-terms lexicon: the packaged YAML plus user files, and a fast matcher over lower-case words.

A term matches as written, as its hyphen/space variants ("far-left", "far left", "hat-in-hand") and with
the regular inflections of its first and last word (slam -> slammed, bizarre -> bizarrely). The matcher
indexes every surface form by its first word, so finding terms is one dictionary look-up per word of the
text; the longest match wins and a term's own wording beats another term's inflected form.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from rashomon.errors import InputError, SourceNotFound
from rashomon.resources import cache
from rashomon.text.terms import STOP_WORDS

__all__ = [
    "ENV_VAR",
    "POLARITIES",
    "Category",
    "Lexicon",
    "Term",
    "TermMatch",
    "default_lexicon",
    "inflections",
    "words",
]

ENV_VAR = "RASHOMON_LOADED_TERMS"
POLARITIES = ("negative", "positive", "none")
TERM_FIELDS = ("polarity", "not_before", "not_after", "forms", "exact", "note")
CATEGORY_FIELDS = ("note", "polarity", "terms")
TOP_FIELDS = ("version", "categories", "remove")

_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
_GAP = re.compile(r"[\s“”\"‘]*")  # what may separate the words of one term: spaces and quotation marks
_VOWELS = frozenset("aeiou")
_EXACT, _FORM, _INFLECTED = 0, 1, 2  # priority of a surface form: the term as written beats an inflection


@dataclass(frozen=True, slots=True, kw_only=True)
class Category:
    """A family of loaded terms, with the note that explains it and the default polarity of its terms."""

    name: str
    note: str = ""
    polarity: str = "none"


@dataclass(frozen=True, slots=True, kw_only=True)
class Term:
    """One lexicon entry: its wording, category, polarity toward its target and the contexts that cancel it."""

    text: str
    category: str
    polarity: str = "none"
    not_before: tuple[tuple[str, ...], ...] = ()
    not_after: tuple[tuple[str, ...], ...] = ()
    forms: tuple[str, ...] = ()
    exact: bool = False
    note: str | None = None
    source: str = "packaged"


@dataclass(frozen=True, slots=True, kw_only=True)
class TermMatch:
    """A term found in a text: character offsets of the matched words and the entry they matched."""

    start: int
    end: int
    term: Term


class Word(NamedTuple):
    """One word of a text: its lower-case key (possessive dropped) and its character offsets."""

    # A NamedTuple, not a frozen dataclass: the matcher makes one per word of every article (hot path).
    key: str
    start: int
    end: int


def _key(word: str) -> str:
    key = word.lower().replace("’", "'")
    return key[:-2] if key.endswith("'s") else key


def words(text: str, start: int = 0, end: int | None = None) -> list[Word]:
    """Split `text[start:end]` into words with lower-case keys (curly apostrophes folded, "'s" dropped)."""
    out = []
    for m in _WORD.finditer(text, start, len(text) if end is None else end):
        key = m.group().lower().replace("’", "'")
        if key.endswith("'s"):
            out.append(Word(key[:-2], m.start(), m.end() - 2))
        else:
            out.append(Word(key, m.start(), m.end()))
    return out


def inflections(word: str) -> set[str]:
    """Regular English inflections of a word: -s/-es, -ed/-d, -ing, doubled consonants, -ly/-ily/-ally."""
    out = {word}
    if len(word) < 3 or not word[-1].isalpha():
        return out
    out |= {word + "s", word + "es", word + "ed", word + "ing", word + "ly"}
    last, before = word[-1], word[-2]
    if last == "e":
        out |= {word + "d", word[:-1] + "ing"}
        if word.endswith("ie"):
            out.add(word[:-2] + "ying")
        if word.endswith("le"):
            out.add(word[:-1] + "y")  # laughable -> laughably
    if last == "y" and before not in _VOWELS:
        out |= {word[:-1] + "ies", word[:-1] + "ied", word[:-1] + "ily"}
    if word.endswith("ic"):
        out.add(word + "ally")
    if last not in _VOWELS and last not in "wxy" and before in _VOWELS and word[-3] not in _VOWELS:
        out |= {word + last + "ed", word + last + "ing"}  # slam -> slammed; "target" also keeps "targeted"
    return out


def _surfaces(text: str) -> set[tuple[str, ...]]:
    """The word sequences a term's wording stands for: as written, hyphens split, words hyphen-joined."""
    keys = tuple(w.key for w in words(text))
    split = tuple(part for key in keys for part in key.split("-"))
    out = {keys}
    # "far-left" is also "far left", but "would-be" is not "would be" nor "has-been" "has been".
    if not any(part in STOP_WORDS for part in split):
        out.add(split)
    if 1 < len(split) <= 4:
        out.add(("-".join(split),))
    return {s for s in out if s}


def _inflected(seq: tuple[str, ...]) -> set[tuple[str, ...]]:
    """A word sequence with its first and last word inflected (one at a time)."""
    if len(seq) == 1:
        return {(form,) for form in inflections(seq[0])}
    out = {(form, *seq[1:]) for form in inflections(seq[0])}
    out |= {(*seq[:-1], form) for form in inflections(seq[-1])}
    return out


class Lexicon:
    """Categories and terms, indexed for matching."""

    def __init__(self, categories: Mapping[str, Category], terms: Iterable[Term]) -> None:
        self.categories = dict(categories)
        self.terms = tuple(terms)
        index: dict[str, dict[tuple[str, ...], tuple[int, Term]]] = {}
        for term in self.terms:
            for priority, seq in self._forms(term):
                bucket = index.setdefault(seq[0], {})
                if seq not in bucket or priority < bucket[seq][0]:
                    bucket[seq] = (priority, term)
        self._index = {
            first: sorted(((list(seq), p, t) for seq, (p, t) in bucket.items()), key=lambda x: (-len(x[0]), x[1]))
            for first, bucket in index.items()
        }

    @staticmethod
    def _forms(term: Term) -> Iterator[tuple[int, tuple[str, ...]]]:
        for seq in _surfaces(term.text):
            yield _EXACT, seq
            if not term.exact:
                for form in _inflected(seq):
                    yield _INFLECTED, form
        for written in term.forms:
            for seq in _surfaces(written):
                yield _FORM, seq

    def __len__(self) -> int:
        return len(self.terms)

    @classmethod
    def load(cls, *paths: str | os.PathLike[str], builtin: bool = True) -> Lexicon:
        """Load the packaged lexicon (unless `builtin=False`) extended by user files, later files winning."""
        builder = _Builder()
        if builtin:
            text = (
                resources.files("rashomon.resources").joinpath("data", "loaded_terms.yaml").read_text(encoding="utf-8")
            )
            builder.add(_parse(text, "packaged loaded_terms.yaml"), "packaged")
        for path in paths:
            builder.add(_read(Path(path)), str(path))
        return cls(builder.categories, builder.terms.values())

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[TermMatch]:
        """Find the lexicon's terms in `text[start:end]`: longest match first, no overlaps."""
        ws = words(text, start, end)
        keys = [w.key for w in ws]
        index = self._index
        out: list[TermMatch] = []
        i = 0
        while i < len(ws):
            candidates = index.get(keys[i])
            found = self._match_at(text, ws, keys, i, candidates) if candidates else None
            if found is None:
                i += 1
                continue
            length, term = found
            out.append(TermMatch(start=ws[i].start, end=ws[i + length - 1].end, term=term))
            i += length
        return out

    def lookup(self, word: str) -> Term | None:
        """The term a single word is (or inflects), ignoring context; None when it is not in the lexicon."""
        key = _key(word)
        for seq, _priority, term in self._index.get(key, ()):
            if len(seq) == 1:
                return term
        return None

    def _match_at(
        self, text: str, ws: Sequence[Word], keys: list[str], i: int, candidates: list[tuple[list[str], int, Term]]
    ) -> tuple[int, Term] | None:
        for seq, _priority, term in candidates:
            n = len(seq)
            if n > 1 and (
                keys[i : i + n] != seq or not all(_joined(text, ws[i + k - 1], ws[i + k]) for k in range(1, n))
            ):
                continue
            if n == 1 and _looks_like_name(text, ws[i]):
                continue
            if (term.not_before or term.not_after) and _cancelled(text, ws, i, i + n, term):
                continue
            return n, term
        return None


def _joined(text: str, a: Word, b: Word) -> bool:
    return _GAP.fullmatch(text, a.end, b.start) is not None


def _looks_like_name(text: str, word: Word) -> bool:
    """A capitalised word inside a sentence is part of a name ("Herald", "Hero MotoCorp"), not the term."""
    if not text[word.start].isupper():
        return False
    before = text[max(0, word.start - 3) : word.start].rstrip(" “\"‘'(")
    return bool(before) and before[-1] not in ".!?:\n—–-"


def _cancelled(text: str, ws: Sequence[Word], i: int, j: int, term: Term) -> bool:
    """True when a `not_before` phrase follows the match or a `not_after` phrase precedes it."""
    for phrase in term.not_before:
        n = len(phrase)
        if j + n <= len(ws) and all(ws[j + k].key == phrase[k] for k in range(n)) and _joined(text, ws[j - 1], ws[j]):
            return True
    for phrase in term.not_after:
        n = len(phrase)
        if i - n >= 0 and all(ws[i - n + k].key == phrase[k] for k in range(n)) and _joined(text, ws[i - 1], ws[i]):
            return True
    return False


class _Builder:
    """Accumulate categories and terms from files in order; a later file's entry replaces an earlier one."""

    def __init__(self) -> None:
        self.categories: dict[str, Category] = {}
        self.terms: dict[str, Term] = {}

    def add(self, data: Mapping[str, Any], source: str) -> None:
        for text in data.get("remove", ()):
            self.terms.pop(" ".join(w.key for w in words(text)), None)
        seen: dict[str, str] = {}
        for name, raw in data.get("categories", {}).items():
            previous = self.categories.get(name)
            category = Category(
                name=name,
                note=raw.get("note", previous.note if previous else ""),
                polarity=raw.get("polarity", previous.polarity if previous else "none"),
            )
            self.categories[name] = category
            for entry in raw.get("terms", ()):
                term = _term(entry, category, source)
                key = " ".join(w.key for w in words(term.text))
                if key in seen:
                    raise InputError(source, f"term {term.text!r} is listed twice ({seen[key]!r} and {name!r})")
                seen[key] = name
                self.terms[key] = term


def _phrases(values: Sequence[str]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(w.key for w in words(v)) for v in values if words(v))


def _term(entry: str | Mapping[str, Any], category: Category, source: str) -> Term:
    if isinstance(entry, str):
        return Term(text=entry, category=category.name, polarity=category.polarity, source=source)
    ((text, options),) = entry.items()
    options = options or {}
    return Term(
        text=text,
        category=category.name,
        polarity=options.get("polarity", category.polarity),
        not_before=_phrases(options.get("not_before", ())),
        not_after=_phrases(options.get("not_after", ())),
        forms=tuple(options.get("forms", ())),
        exact=bool(options.get("exact", False)),
        note=options.get("note"),
        source=source,
    )


def _read(path: Path) -> dict[str, Any]:
    """Read and validate one user lexicon file."""
    if not path.is_file():
        raise SourceNotFound(str(path), "no such loaded-terms file")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(str(path), "not UTF-8 text" if isinstance(error, ValueError) else str(error)) from None
    return _parse(text, str(path))


def _parse(text: str, source: str) -> dict[str, Any]:
    """Parse lexicon YAML and check its shape; every problem raises `InputError` naming `source`."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark else ""
        raise InputError(source, f"invalid YAML: {getattr(error, 'problem', None) or 'cannot parse'}{where}") from None
    if not isinstance(data, dict) or not isinstance(data.get("categories", {}), dict):
        raise InputError(source, "expected a mapping with a 'categories' mapping (see docs/framing.md)")
    _unknown(data, TOP_FIELDS, "the file", source)
    if not _strings(data.get("remove", [])):
        raise InputError(source, "'remove' must be a list of terms")
    for name, raw in data.get("categories", {}).items():
        label = f"category {name!r}"
        if not isinstance(name, str) or not isinstance(raw, dict):
            raise InputError(source, f"{label}: expected a mapping with 'note', 'polarity' and 'terms'")
        _unknown(raw, CATEGORY_FIELDS, label, source)
        _polarity(raw, label, source)
        if not isinstance(raw.get("terms", []), list):
            raise InputError(source, f"{label}: 'terms' must be a list")
        for entry in raw.get("terms", []):
            _check_entry(entry, label, source)
    return data


def _check_entry(entry: object, label: str, source: str) -> None:
    if isinstance(entry, str):
        if not words(entry):
            raise InputError(source, f"{label}: a term must have at least one word, not {entry!r}")
        return
    if not isinstance(entry, dict) or len(entry) != 1:
        raise InputError(source, f"{label}: each term is a string or a one-key mapping 'term: {{options}}'")
    ((text, options),) = entry.items()
    if not isinstance(text, str) or not words(text):
        raise InputError(source, f"{label}: a term must have at least one word, not {text!r}")
    where = f"{label}, term {text!r}"
    if options is None:
        return
    if not isinstance(options, dict):
        raise InputError(source, f"{where}: options must be a mapping")
    _unknown(options, TERM_FIELDS, where, source)
    _polarity(options, where, source)
    for field in ("not_before", "not_after", "forms"):
        if not _strings(options.get(field, [])):
            raise InputError(
                source,
                f"{where}: {field!r} must be a list of words or phrases "
                "(quote words YAML reads as true/false: 'on', 'no', 'yes', 'off')",
            )
    if not isinstance(options.get("exact", False), bool):
        raise InputError(source, f"{where}: 'exact' must be true or false")


def _strings(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)


def _unknown(raw: Mapping[Any, Any], fields: Sequence[str], label: str, source: str) -> None:
    unknown = sorted(str(k) for k in raw if k not in fields)
    if unknown:
        raise InputError(source, f"{label}: unknown field {unknown[0]!r} (valid: {', '.join(fields)})")


def _polarity(raw: Mapping[str, Any], label: str, source: str) -> None:
    if "polarity" in raw and raw["polarity"] not in POLARITIES:
        raise InputError(source, f"{label}: unknown polarity {raw['polarity']!r} (valid: {', '.join(POLARITIES)})")


def default_lexicon(extra: str | os.PathLike[str] | None = None) -> Lexicon:
    """The packaged lexicon extended by the files in $RASHOMON_LOADED_TERMS and then `extra` (cached)."""
    paths = tuple(p for p in os.environ.get(ENV_VAR, "").split(os.pathsep) if p.strip())
    return _cached(paths + ((str(extra),) if extra else ()))


@functools.lru_cache(maxsize=8)
def _cached(paths: tuple[str, ...]) -> Lexicon:
    # Parsing the YAML and compiling the matchers took about half a second of every run; the built object
    # is cached on disk, keyed by the bytes of the packaged file and of every user file (resources/cache.py).
    try:
        source = cache.sources(resources.files("rashomon.resources").joinpath("data/loaded_terms.yaml"), paths)
    except OSError:
        return Lexicon.load(*paths)  # a user file that cannot be read: load() names it
    return cache.built("lexicon", source, lambda _source: Lexicon.load(*paths))
