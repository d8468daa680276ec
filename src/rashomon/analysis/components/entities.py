"""Entity mentions (people, organisations, places) with names resolved within the article.

Two paths: the trained pipeline's NER spans when present, else rules over capitalised runs
(titles mark people, head nouns mark organisations, a gazetteer marks places). Both paths then strip
titles and resolve short forms ("Carney", "Xi") to the full name the article used earlier.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Iterable, Iterator, Sequence
from dataclasses import dataclass

from rashomon.model.layers import EntitySpan
from rashomon.model.records import Analysis, Span
from rashomon.resources import wordlists as lexicon
from rashomon.resources.gazetteer import place_name
from rashomon.text.genders import first_name_genders, honorific_gender, kinship_gender, name_gender
from rashomon.text.spelling import edit_distance
from rashomon.text.terms import ACRONYM, STOP_WORDS, title_case

_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W_](?:[\w&’'.\-]*\w)?\.?")
_POSSESSIVE = re.compile(r"[’']s?$")
_PAREN_ACRONYM = re.compile(r"\s*\(([A-Z][A-Za-z.]{1,7})\)")
# Titles and their written abbreviations ("Gov. Maria Alvarez", "Lt. Gov.", "Atty. Gen."): the abbreviation
# must strip like the title, or it is kept as part of the person's name.
TITLES = lexicon.TITLES | frozenset("gov lt atty supt cmdr adm rev sgt capt col maj gen pres pro tem tempore".split())
# Party-state tags ("D-Ga.", "R-Texas") name a party and a state, never an actor.
_PARTY_STATE = re.compile(r"^[DRI]-[A-Z][A-Za-z.]{1,12}$")


@dataclass(frozen=True, slots=True)
class Tok:
    """One word of a sentence, with absolute offsets."""

    text: str
    start: int
    end: int
    first: bool

    @property
    def capitalised(self) -> bool:
        """True when the word starts with an upper-case letter."""
        return self.text[:1].isupper()


def tokens(text: str, offset: int) -> list[Tok]:
    """Split a sentence into word tokens, dropping possessive endings and stray final dots."""
    out = []
    for i, m in enumerate(_TOKEN.finditer(text)):
        word, start = m.group(), offset + m.start()
        initial = len(word) == 2 and word[0].isupper() and not first_of(m.start(), text)  # "Thomas J. Reese"
        if word.endswith(".") and not ACRONYM.match(word) and word.lower() not in lexicon.ABBREVIATIONS and not initial:
            word = word[:-1]
        stem = _POSSESSIVE.sub("", word) if len(word) > 2 else word
        out.append(Tok(stem, start, start + len(stem), i == 0))
    return out


_GIVEN_NAMES = frozenset("jan may june april august".split())  # calendar words that are also first names


def _calendar(toks: list[Tok], i: int) -> bool:
    """A day or month word, unless it is a first name: "Jan Brewer" (a surname follows, no date number)."""
    word = toks[i].text.lower().rstrip(".")  # "Sept.", "Jan." are months, never speakers
    if word not in lexicon.CALENDAR and word not in ("sept", "jan", "feb", "aug", "oct", "nov", "dec", "apr"):
        return False
    if word in _GIVEN_NAMES and not toks[i].text.endswith(".") and i + 1 < len(toks) and toks[i + 1].capitalised:
        following = toks[i + 1].text.lower()
        return following in lexicon.CALENDAR or following in STOP_WORDS
    return True


def first_of(at: int, text: str) -> bool:
    """True when position `at` opens the sentence text (a lone capital there ends no name)."""
    return not text[:at].strip()


def runs(toks: list[Tok], text: str) -> Iterator[list[Tok]]:
    """Yield maximal runs of capitalised tokens, bridging "of"/"for" after an organisation head.

    A run never crosses punctuation ("Wednesday, Carney"), a possessive ("Toronto's CityNews")
    or a calendar word.
    """
    i = 0
    while i < len(toks):
        if not toks[i].capitalised or _calendar(toks, i):
            i += 1
            continue
        j = i + 1
        while j < len(toks):
            if text[toks[j - 1].end : toks[j].start].strip() or _calendar(toks, j):
                break
            if toks[j].capitalised and toks[j].text.lower() not in STOP_WORDS:
                j += 1
                continue
            bridge = _bridge(toks, j)
            if bridge and toks[j - 1].text.lower() in lexicon.ORG_HEADS:
                j += bridge
                continue
            break
        yield toks[i:j]
        i = j


def _bridge(toks: list[Tok], j: int) -> int:
    """Return how many connector tokens at j lead to a capitalised token (0 if none)."""
    if toks[j].text not in ("of", "for"):
        return 0
    k = j + 1
    if k < len(toks) and toks[k].text == "the":
        k += 1
    return k - j if k < len(toks) and toks[k].capitalised else 0


def _trim(run: list[Tok]) -> list[Tok]:
    """Drop leading and trailing function words ("The", "Some", "In") from a run."""
    while run and run[0].text.lower() in STOP_WORDS:
        run = run[1:]
    while run and run[-1].text.lower() in STOP_WORDS | {"of", "for"}:
        run = run[:-1]
    return run


def classify(run: list[Tok], previous: str | None) -> tuple[str, list[Tok]] | None:
    """Return (label, name tokens) for a capitalised run, or None when it names no entity."""
    words = [t.text for t in run]
    lowered = [w.lower().rstrip(".") for w in words]
    titles = title_positions(lowered)
    # An organisation word before the title names the office, not the person: "House Speaker Nancy Pelosi".
    if titles and titles[-1] < len(run) - 1 and not any(w in lexicon.ORG_HEADS for w in lowered[titles[-1] + 1 :]):
        return "PERSON", run[titles[-1] + 1 :]
    if titles or any(w in lexicon.EVENT_HEADS for w in lowered):
        return None
    if any(w in lexicon.ORG_HEADS for w in lowered[1:]) or (
        len(run) > 1 and lowered[0] in lexicon.ORG_HEADS and len(run) > 2
    ):
        return "ORG", run
    if any(w in lexicon.FACILITY_HEADS for w in lowered[1:]):
        return "LOC", run
    joined = " ".join(words)
    if place_name(joined):
        return "GPE", run
    if len(run) == 1:
        return _single(run[0], previous)
    if lexicon.is_demonym(words[-1]) or any(sum(c.isupper() for c in w) > 1 for w in words[1:]):
        return None
    if lowered[-1] in lexicon.PARTY_WORDS:
        return None  # "Senate Democratic (leader)", "House Republican (aides)": a party, never a name's end
    while len(run) > 2 and (lexicon.is_demonym(run[0].text) or run[0].text.lower() in lexicon.AFFILIATIONS):
        run = run[1:]
    if len(run) <= 4 and not any(ch.isdigit() for ch in joined):
        return "PERSON", run
    return None


def title_positions(lowered: Sequence[str], given: Container[str] = ()) -> list[int]:
    """Positions of the title words in a name's words (lower-cased, without their dots).

    A title stands before a name: a title word that ends the name, or that only a suffix follows, after a given
    name (the table's, or one of `given`) or an initial is the family name ("Steve King", "Martin Luther King
    Jr.", "B. B. King", "Erik Prince", "Kevin Judge"), not a title ("King Abdullah", "Judge Ann Lee")."""
    titles = [i for i, w in enumerate(lowered) if w in TITLES]
    if titles:
        last = titles[-1]
        before = lowered[last - 1] if last else ""
        ends = all(w in lexicon.NAME_SUFFIXES for w in lowered[last + 1 :])
        if ends and (before in first_name_genders() or before in given or (len(before) == 1 and before.isalpha())):
            titles.pop()
    return titles


def _given_by_text(text: str, toks: Sequence[Tok]) -> frozenset[str]:
    """The word before a title word ending a name the model tags a person, as a given name the table lacks
    ("Tishana King"): capitalised, no title, demonym or place, and never written in lower case in the text (a
    common word, "Police Chief", is). A title written as an acronym ("Qualys CTO") is no one's family name."""
    if len(toks) < 2 or (toks[-1].text.isupper() and len(toks[-1].text) > 1):
        return frozenset()
    word = toks[-2].text
    low = word.lower().rstrip(".")
    if not word[:1].isupper() or not word.isalpha() or low in TITLES or lexicon.is_demonym(word) or place_name(word):
        return frozenset()
    return frozenset() if re.search(rf"\b{re.escape(low)}\b", text) else frozenset({low})


def _family_name_of(text: str, word: str, people: Sequence[Span]) -> bool:
    """Whether `word` ends a person's name found earlier in the article ("King" after "Tishana King")."""
    return any(p.label == "PERSON" and p.text_of(text).endswith(" " + word) for p in people)


def _starts_name(word: str, *, alone: bool = False) -> bool:
    """Whether a word can open a person's name: a capital, or a particle that more of the name follows
    ("al-Qaddafi", "de Blasio"; "van" alone is a vehicle)."""
    particle, _, rest = word.lower().partition("-")
    return word[:1].isupper() or (particle in lexicon.NAME_PARTICLES and (bool(rest) or not alone))


_CONTRACTION = re.compile(r"([A-Za-z]+)['’](?:m|s|re|ve|ll|d|t)")


def _single(tok: Tok, previous: str | None) -> tuple[str, list[Tok]] | None:
    """Classify a lone capitalised word: acronym organisation, or a surname to resolve later."""
    word = tok.text
    if word.lower() in STOP_WORDS or lexicon.is_demonym(word) or word.lower() in lexicon.AFFILIATIONS:
        return None
    if (contraction := _CONTRACTION.fullmatch(word)) and contraction.group(1).lower() in STOP_WORDS:
        return None  # "I’m", "It’s", "We’re" opening a quote: a pronoun and its verb, no name
    if _PARTY_STATE.match(word) or len(word.rstrip(".")) == 1:  # "(R)", "(D)": a party, never an actor
        return None
    if ACRONYM.match(word):
        return None if word.replace(".", "") in lexicon.NOT_ORG_ACRONYMS else ("ORG", [tok])
    if previous and previous.lower().rstrip(".") in TITLES:
        return "PERSON", [tok]
    return "NAME?", [tok]


class Entities:
    """Find entity mentions and resolve each to a full name within the article."""

    def __call__(self, analysis: Analysis) -> Analysis:
        """Assign the `entities` layer: one `EntitySpan` per mention, with its name resolved in the article."""
        text = analysis.article.text
        ner = analysis.layers.get("ner", ())
        found = (
            _one_label_per_name(self._from_ner(text, ner), text) if ner else self._from_rules(text, analysis.sentences)
        )
        spans = tuple(resolve(found, text))
        return analysis.with_layer("entities", spans)

    def _from_rules(self, text: str, sentences: tuple[Span, ...]) -> list[Span]:
        found = []
        for sentence in sentences:
            toks = tokens(sentence.text_of(text), sentence.start)
            index = {id(t): i for i, t in enumerate(toks)}
            for run in runs(toks, text):
                at = index[id(run[0])]
                previous = toks[at - 1].text if at else None
                trimmed = _trim(run)
                result = classify(trimmed, previous) if trimmed else None
                if result:
                    label, name = result
                    found.append(Span(start=name[0].start, end=name[-1].end, label=label))
                    found.extend(_acronym_after(text, name[-1].end, label))
        return found

    def _from_ner(self, text: str, ner: tuple[Span, ...]) -> list[Span]:
        found: list[Span] = []
        for span in ner:
            if span.label == "NORP":
                continue
            label = {"FAC": "LOC"}.get(span.label, span.label)
            toks = _trim(tokens(span.text_of(text), span.start))
            if len(toks) == 1 and _PARTY_STATE.match(toks[0].text):
                continue
            # Small models mislabel titled names ("Chancellor Olaf Scholz" as ORG); the title decides.
            before = text[max(0, span.start - 40) : span.start].split()
            if before and before[-1].lower().rstrip(".") in TITLES and label != "PERSON" and not _headline(text, span):
                label = "PERSON"
            elif label == "ORG" and _person_by_who(text, span):
                label = "PERSON"
            elif label == "PERSON" and _institution(toks):
                label = "ORG"
            if label == "PERSON":
                lowered = [t.text.lower().rstrip(".") for t in toks]
                titles = title_positions(lowered, given=_given_by_text(text, toks))
                if len(toks) == 1 and titles and _family_name_of(text, toks[0].text, found):
                    titles = []  # "King told" after "Tishana King": her family name, not a title
                toks = toks[titles[-1] + 1 :] if titles else toks
                if toks and not _starts_name(toks[0].text, alone=len(toks) == 1):
                    toks = []  # no name: "of Spain" once "the King" goes, "lesbian servicemembers", "03/08/2013"
            if toks:
                found.append(Span(start=toks[0].start, end=toks[-1].end, label=label))
                found.extend(_acronym_after(text, toks[-1].end, label))
        return found


def _institution(toks: Sequence[Tok]) -> bool:
    """A name the model took for a person that ends in an organisation's head noun and opens with no first
    name: "Central Mat-Su Fire Department" before "Chief James Steele" ("Emily Post" stays a person)."""
    return (
        len(toks) > 1
        and toks[-1].text.lower() in lexicon.ORG_HEADS
        and toks[0].text.lower() not in first_name_genders()
    )


_HEADLINE_WORDS = 4  # fewer words are a name or a label, not a line of title case


def _headline(text: str, span: Span) -> bool:
    """Whether the span stands in a line written in title case ("Greek Prime Minister Calls Bank Workers' Riot
    Deaths 'Murder'"), where every word after a title is capitalised whether or not it is a name."""
    start, end = text.rfind("\n", 0, span.start) + 1, text.find("\n", span.end)
    line = text[start : end if end >= 0 else len(text)]
    return len(line.split()) >= _HEADLINE_WORDS and title_case(line)


def _one_label_per_name(found: list[Span], text: str) -> list[Span]:
    """A lone name the model tags as a person somewhere is a person wherever it stands, when the text says so.

    The small model tags "Cowan" as a person in one sentence and an organisation in the next ("Cowan said
    Patrick offered him the job"), so "he said" after it could not go back to him. Teams and products get
    the same mixed tags ("Colts", "Mozilla"), so the text must also mark the name as a person's once: an
    honorific before it ("Mr. Cowan"), an age or "who" after it ("Cowan, 43, ...", "Cowan, who ...").
    """
    people = {s.text_of(text) for s in found if s.label == "PERSON" and len(s.text_of(text).split()) == 1}
    people = {word for word in people if _person_mark(word).search(text)}
    out = []
    for span in found:
        word = span.text_of(text)
        if span.label == "ORG" and word in people and not ACRONYM.match(word) and word.lower() not in lexicon.ORG_HEADS:
            span = Span(start=span.start, end=span.end, label="PERSON", attrs=span.attrs)
        out.append(span)
    return out


def _person_mark(word: str) -> re.Pattern[str]:
    """What marks `word` as a person's name: "Mr. Cowan", "Cowan, 43,", "Cowan, who"."""
    name = re.escape(word)
    return re.compile(rf"\b(?:Mr|Ms|Mrs|Miss|Dr)\.?\s+{name}\b|\b{name},\s+(?:\d{{1,3}},|who\b)")


_WHO = re.compile(r",\s+who(?:se)?\b")


def _person_by_who(text: str, span: Span) -> bool:
    """A name the model took for an organisation that is a person: a given name, and "who" after it.

    The small model tags "Felipe Calderon, who was president of Mexico ..." as an organisation, so no
    pronoun could find him. Organisations take "which"; a known given name opening the name ("Felipe") keeps
    "the Smiths, who ..." out, and no head noun of an organisation may stand in it ("Sierra Club, who ...").
    """
    words = span.text_of(text).split()
    return (
        2 <= len(words) <= 4
        and all(w[:1].isupper() for w in words)
        and words[0].lower() in first_name_genders()
        and not any(w.lower() in lexicon.ORG_HEADS for w in words)  # "Sierra Club, who ..."
        and bool(_WHO.match(text, span.end))
    )


def _acronym_after(text: str, end: int, label: str) -> list[Span]:
    """Return a span for "(ABC)" right after a name, as an alias of it."""
    m = _PAREN_ACRONYM.match(text, end)
    if not m or label == "PERSON":
        return []
    return [Span(start=m.start(1), end=m.end(1), label=label, attrs={"alias_of_end": end})]


def resolve(found: list[Span], text: str) -> Iterator[EntitySpan]:
    """Attach a resolved `name` to each mention; short forms take the latest matching full name."""
    full: list[tuple[int, str, str]] = []  # (start, label, name) of multi-word names seen so far
    # The latest earlier person name, and the first anywhere, by its first or last word: kept as the names
    # are met instead of a pass over every name for each lone word (quadratic: 4,000 mentions, 80 s).
    latest: dict[str, str] = {}
    anywhere = _first_persons(found, text)
    by_end: dict[int, tuple[str, str]] = {}  # end offset -> (name, label) of the mentions resolved so far
    holders: dict[str, list[_Holder]] = {}  # surname -> the full person names that end in it, in order met
    alone = {s.text_of(text) for s in found if s.label == "PERSON" and len(s.text_of(text).split()) == 1}
    for span in sorted(found, key=lambda s: s.start):
        surface = span.text_of(text)
        name, label = surface, span.label
        if "alias_of_end" in span.attrs and span.attrs["alias_of_end"] in by_end:
            name, label = by_end[span.attrs["alias_of_end"]]
        elif len(surface.split()) == 1 and (label in ("PERSON", "NAME?") or latest.get(surface)):
            match = _holder(holders.get(surface, []), text[max(0, span.start - 8) : span.start])
            match = match or latest.get(surface) or anywhere.get(surface)
            if not match and label in ("PERSON", "NAME?"):
                match = _misspelt_surname(surface, (*latest.values(), *anywhere.values(), *alone), text)
            if match:
                name, label = match, "PERSON"
            elif label == "NAME?" and place_name(surface):
                name, label = place_name(surface) or surface, "GPE"
            # An unresolved lone name stays "NAME?": the story may introduce it in another article.
        elif label == "GPE":
            name = place_name(surface) or surface
        if not label or not name:
            continue
        if len(name.split()) > 1:
            full.append((span.start, label, name))
            if label == "PERSON":
                parts = name.split()
                latest[parts[0]] = latest[family_word(parts)] = name
                if len(surface.split()) > 1:  # named in full here, not a short form resolved to the name
                    _add_holder(
                        holders.setdefault(family_word(parts), []), name, text[max(0, span.start - 16) : span.start]
                    )
        by_end[span.end] = (name, label)
        yield EntitySpan(start=span.start, end=span.end, label=label, name=name)


@dataclass(slots=True)
class _Holder:
    """A full person name met in the article: how often, and whether a kinship noun introduced it."""

    name: str
    mentions: int = 0
    relative: bool = False


def _add_holder(holders: list[_Holder], name: str, before: str) -> None:
    """Count a full-name mention of `name` among the holders of its surname."""
    holder = next((h for h in holders if h.name == name), None)
    if holder is None:
        holder = _Holder(name=name, relative=kinship_gender(before) is not None)
        holders.append(holder)
    holder.mentions += 1


def _holder(holders: list[_Holder], before: str) -> str | None:
    """The person a surname two or more full names share most likely means, or None for the usual rule.

    An honorific rules out the holders of the other gender ("Mr. Cruz" is not Heidi Cruz); news names a
    relative ("his wife, Heidi Cruz") once and then by given name, so a surname alone means someone else when
    there is someone else; a name that opens with a known given name beats a headline's run of capitalised
    words; then the person named in full most often, the first met among equals (the story's principal:
    "Donald Trump" twice, then "Melania Trump" twice, then "Trump said").
    """
    if len(holders) < 2:
        return None
    wanted = honorific_gender(before)
    fits = [h for h in holders if wanted is None or name_gender(h.name) in (wanted, None)] or holders
    fits = [h for h in fits if not h.relative] or fits
    # A name that opens with a given name beats a headline's run of capitalised words ("Obama Reverses Bush").
    fits = [h for h in fits if h.name.split()[0].lower() in first_name_genders()] or fits
    return max(fits, key=lambda h: h.mentions).name  # max keeps the first of equals


_MISSPELT_MIN = 5  # shorter surnames one letter apart are too often two names ("Olson" / "Olsen" is five)


def _misspelt_surname(word: str, names: Iterable[str], text: str) -> str | None:
    """The one person name whose surname `word` misspells by a letter ("said Cowen" in an article about Mo
    Cowan, who is "Cowan" everywhere else), or None: with two such names, a short word, a given name, or a
    spelling the article writes as often as the other, it is no typo but another person."""
    if len(word) < _MISSPELT_MIN or word.lower() in first_name_genders():
        return None
    near = {n for n in names if _one_letter_off(family_word(n.split()), word)}
    if len(near) != 1:
        return None
    (name,) = near
    times = len(re.findall(rf"\b{re.escape(word)}\b", text))
    return name if len(re.findall(rf"\b{re.escape(family_word(name.split()))}\b", text)) > times else None


def _one_letter_off(surname: str, word: str) -> bool:
    """One letter apart, same first letter, and not a plural of the other ("Euros" is no typo of "Euro")."""
    a, b = surname.lower(), word.lower()
    return a[0] == b[0] and edit_distance(a, b) == 1 and a + "s" != b and b + "s" != a


def _first_persons(found: list[Span], text: str) -> dict[str, str]:
    """The first multi-word person name among `found` (in its order) for each first and last word."""
    first: dict[str, str] = {}
    for span in found:
        if span.label == "PERSON" and len(parts := span.text_of(text).split()) > 1:
            first.setdefault(parts[0], span.text_of(text))
            first.setdefault(family_word(parts), span.text_of(text))
    return first


def family_word(parts: Sequence[str]) -> str:
    """The word a full name is called by alone: its last but a suffix ("Jesse L. Jackson Jr." is "Jackson")."""
    words = list(parts)
    while len(words) > 2 and words[-1].lower().rstrip(".").strip(",") in lexicon.NAME_SUFFIXES:
        words.pop()
    return words[-1]


def register_components(register: Callable[..., None]) -> None:
    """Register the entities component."""
    register("entities", Entities, requires=("sentences", "ner"), assigns=("entities",), version=1)
