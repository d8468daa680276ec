"""One canonical name per actor across a story's articles ("Xi", "President Xi Jinping" -> Xi Jinping)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

from rashomon.comparison.facts.persons import nickname_forms
from rashomon.model.layers import DescriptorSpan, EntitySpan
from rashomon.model.records import Analysis, Entity, content_id
from rashomon.resources.gazetteer import fold
from rashomon.resources.wordlists import NAME_SUFFIXES
from rashomon.text.genders import first_name_genders
from rashomon.text.terms import ACRONYM


def _parts(name: str) -> tuple[str, ...]:
    return tuple(fold(name).replace(".", "").split())


def canonical_entities(analyses: Sequence[Analysis], *, variants: bool = True) -> tuple[Entity, ...]:
    """Group the entity mentions of all articles into story-level actors with one name each.

    `variants=False` keeps full names written two ways apart ("John A. Boehner" / "John Boehner") and one name
    typed two ways apart (`_story_types`): the aligner's actor terms (`alignment_actors`) were measured so."""
    counts: dict[tuple[str, tuple[str, ...]], Counter[str]] = defaultdict(Counter)
    surfaces: dict[tuple[str, tuple[str, ...]], set[str]] = defaultdict(set)
    articles: dict[tuple[str, tuple[str, ...]], set[str]] = defaultdict(set)
    described: set[tuple[str, tuple[str, ...]]] = set()
    typed = _story_types(analyses) if variants else {}
    for analysis in analyses:
        # A lone name an article describes ("Dutch firm Vandermeer") is an actor even though no article
        # introduces it with a full name.
        marked = {d.mention.start for d in analysis.layers.get("descriptors", ()) if isinstance(d, DescriptorSpan)}
        for span in analysis.entities:
            if not isinstance(span, EntitySpan):
                continue
            parts = _parts(span.name)
            key = (typed.get((span.label, parts), span.label), parts)
            counts[key][span.name] += 1
            surfaces[key].add(span.text_of(analysis.article.text))
            articles[key].add(analysis.article.id)
            if span.start in marked:
                described.add(key)
    parent = _merge_short_forms(list(counts), articles if variants else None)
    parent.update(_spelled_out(counts, parent))
    groups: dict[tuple[str, tuple[str, ...]], list[tuple[str, tuple[str, ...]]]] = defaultdict(list)
    for key in counts:
        if parent[key][0] != "NAME?" or parent[key] in described:  # a lone name no article introduces names no actor
            groups[parent[key]].append(key)
    order = {a.article.id: i for i, a in enumerate(analyses)}
    entities = []
    for root, members in groups.items():
        names: Counter[str] = Counter()
        for member in members:
            names.update(counts[member])
        name = max(names, key=lambda n: (len(_parts(n)) > 1, names[n], len(n)))
        aliases = sorted({s for m in members for s in surfaces[m]} | set(names) - {name})
        seen = sorted({a for m in members for a in articles[m]}, key=order.__getitem__)
        entities.append(
            Entity(
                id=content_id(f"{root[0]}:{name}"),
                name=name,
                type=root[0],
                aliases=tuple(aliases),
                articles=tuple(seen),
            )
        )
    entities.sort(key=lambda e: (-len(e.articles), -sum(1 for _ in e.aliases), e.name))
    return tuple(entities)


# Ties between the types a story gives one name go to the first here: a name typed a person by one article and
# an organisation by another is more often a firm named after a person ("Gordon Advisors") than the reverse.
_TYPE_ORDER = ("ORG", "GPE", "LOC", "FAC", "NORP", "PERSON")


def _story_types(analyses: Sequence[Analysis]) -> dict[tuple[str, tuple[str, ...]], str]:
    """One type for a name the story's articles type differently: (label, name parts) -> the type most of its
    mentions have.

    The tagger types one name differently from article to article ("Paul Riva" a person six times and an
    organisation twice, "the White House" an organisation and a place), which split one actor in two for the
    naming table and tone. A name of two words or more is one actor whatever its types; a single word is one
    name of a place or an organisation across its types but stays apart where one article types it a person
    ("Jordan", "Hope", "Washington" may be a person and a place in one story). The type is a person's when the
    story also writes the name's last word alone as a person's ("Peyton Manning" typed an organisation four
    times and a person three, "Manning" a person), else the type most of its mentions have ("Gordon Advisors":
    an organisation eight times, a person twice)."""
    tally: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    surnames: set[str] = set()  # names written alone as a person's
    for analysis in analyses:
        for span in analysis.entities:
            if not isinstance(span, EntitySpan):
                continue
            parts = _parts(span.name)
            if span.label != "NAME?":
                tally[parts][span.label] += 1
            if span.label in ("PERSON", "NAME?") and len(parts) == 1:
                surnames.update(parts)
    rank = {label: i for i, label in enumerate(_TYPE_ORDER)}
    out: dict[tuple[str, tuple[str, ...]], str] = {}
    for parts, labels in tally.items():
        joined = {label: n for label, n in labels.items() if len(parts) > 1 or label != "PERSON"}
        if len(joined) < 2:
            continue
        if "PERSON" in joined and parts[-1] in surnames:
            chosen = "PERSON"  # a person the story also calls by family name alone ("Manning", "Jones")
        else:
            chosen = max(joined, key=lambda label: (joined[label], -rank.get(label, len(rank))))
        out.update({(label, parts): chosen for label in joined})
    return out


def _merge_short_forms(
    keys: list[tuple[str, tuple[str, ...]]],
    articles: Mapping[tuple[str, tuple[str, ...]], set[str]] | None = None,
) -> dict[tuple[str, tuple[str, ...]], tuple[str, tuple[str, ...]]]:
    """Map each key to its group root: full person names that name one person join (`_merge_variants`, only
    when given the articles each name is in), and a one-word person name joins the unique group whose names it
    starts or ends."""
    parent = {key: key for key in keys}
    persons = [k for k in keys if k[0] == "PERSON" and len(k[1]) > 1]
    if articles is not None:
        parent.update(_merge_variants(persons, articles))
    family = _family if articles is not None else lambda parts: parts[-1]
    for key in keys:
        label, parts = key
        if label not in ("PERSON", "NAME?") or len(parts) != 1:
            continue
        matches = {parent[p] for p in persons if parts[0] in (p[1][0], p[1][-1], family(p[1]))}
        if len(matches) == 1:
            parent[key] = matches.pop()
    return parent


# Words an acronym skips ("National Association for the Advancement of Colored People": NAACP).
_UNSPELLED = frozenset("of the and for in on at to de du la".split())


def _initials(name: str) -> str:
    """The letters an acronym of a name would be: each word's first letter, an abbreviation's every letter
    ("U.S. Geological Survey": usgs)."""
    out = []
    for word in name.replace("-", " ").split():
        letters = word.replace(".", "")
        if word.count(".") > 1 or (letters.isupper() and len(letters) <= 3):
            out.append(letters)  # "U.S.", "UK" spell their own letters
        elif letters.lower() not in _UNSPELLED and letters[:1].isalpha():
            out.append(letters[0])
    return "".join(out).lower()


def _spelled_out(
    counts: Mapping[tuple[str, tuple[str, ...]], Counter[str]],
    parent: Mapping[tuple[str, tuple[str, ...]], tuple[str, tuple[str, ...]]],
) -> dict[tuple[str, tuple[str, ...]], tuple[str, tuple[str, ...]]]:
    """An acronym the story writes ("FBI", "N.Y.", "UAE") joins the one name of the story it spells ("Federal Bureau
    of Investigation", "New York", "United Arab Emirates"), whatever type each got; one that spells two names
    ("DNC": the Democratic National Committee and Convention) joins neither, and people are never spelled so
    ("D.C." is no "Dick Cheney"). Otherwise one organisation or place was two actors, and two outlets that wrote
    it two ways shared no actor in the aligner's terms."""
    spelled: dict[str, set[tuple[str, tuple[str, ...]]]] = defaultdict(set)
    for key, names in counts.items():
        if key[0] not in ("PERSON", "NAME?") and len(key[1]) > 1:
            spelled[_initials(names.most_common(1)[0][0])].add(parent[key])
    out = {}
    for key, names in counts.items():
        if key[0] in ("PERSON", "NAME?") or len(key[1]) != 1 or not any(ACRONYM.match(n) for n in names):
            continue
        roots = spelled.get(key[1][0], set())
        if len(roots) == 1:
            out[key] = next(iter(roots))
    return out


_SHORTEST_FORM = 3  # a given name's short form has at least this many letters ("Chris", "Dan"; not "Al")


def _name_parts(parts: tuple[str, ...]) -> tuple[str, str, str, str] | None:
    """(given name, initials of the middle names, family name, suffix) of a folded full name, or None.

    A leading initial is passed over ("J. Christopher Stevens" is Christopher): the given name is the first
    word of two letters or more."""
    words = list(parts)
    suffix = words.pop() if len(words) > 2 and words[-1] in NAME_SUFFIXES else ""
    while len(words) > 2 and len(words[0]) == 1:
        words.pop(0)
    if len(words) < 2:
        return None
    given, *middles, family = words
    return given, "".join(m[0] for m in middles), family, suffix


def _family(parts: tuple[str, ...]) -> str:
    named = _name_parts(parts)
    return named[2] if named else ""


def _same_given(a: str, b: str) -> bool:
    """One given name written two ways: the same, a nickname ("Chuck" / "Charles"), or a short form ("Chris")."""
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    if len(short) >= _SHORTEST_FORM and long.startswith(short):
        return True
    # One must be a form of the other: two names that only share a third ("Fred" and "William", both forms
    # of "Wilfred" in the list) are two people.
    return a in nickname_forms(b) or b in nickname_forms(a)


def _same_person(a: tuple[str, ...], b: tuple[str, ...], *, together: bool = False) -> bool:
    """Whether two full names name one person: "John A. Boehner" / "John Boehner", "Eric H. Holder Jr." / "Eric
    Holder", "Charles E. Schumer" / "Chuck Schumer", "Comedian Ellen DeGeneres" / "Ellen DeGeneres".

    Middle initials both written must agree ("George H. W. Bush" is not "George W. Bush"), as must suffixes both
    written ("Jr." / "Sr."); given names one letter apart are two people ("Mary" / "Mark"). An article that writes
    one name with a suffix and the other without (`together`) tells a father from a son: "his father, the Rev.
    Jesse L. Jackson" and "Jesse L. Jackson Jr."."""
    for longer, shorter in ((a, b), (b, a)):
        if len(longer) > len(shorter) >= 2 and longer[-len(shorter) :] == shorter:
            if longer[0] not in first_name_genders():
                return True  # a role or a word of a headline before the name: "GM Theo Epstein"
    first, second = _name_parts(a), _name_parts(b)
    if first is None or second is None or first[2] != second[2]:
        return False
    if first[1] and second[1] and first[1] != second[1]:
        return False
    if (first[3] and second[3] and first[3] != second[3]) or (together and bool(first[3]) != bool(second[3])):
        return False
    return _same_given(first[0], second[0])


def _merge_variants(
    persons: list[tuple[str, tuple[str, ...]]], articles: Mapping[tuple[str, tuple[str, ...]], set[str]]
) -> dict[tuple[str, tuple[str, ...]], tuple[str, tuple[str, ...]]]:
    """Group full person names that name one person, fullest first; a name that could join two groups ("George
    Bush" beside "George H. W. Bush" and "George W. Bush") joins neither."""
    groups: list[list[tuple[str, tuple[str, ...]]]] = []
    for key in sorted(persons, key=lambda k: (-len(k[1]), k[1])):
        fits = [
            g
            for g in groups
            if all(
                _same_person(key[1], m[1], together=bool(articles.get(key, set()) & articles.get(m, set()))) for m in g
            )
        ]
        if len(fits) == 1:
            fits[0].append(key)
        else:
            groups.append([key])
    return {member: group[0] for group in groups for member in group}


def alignment_actors(analyses: Sequence[Analysis]) -> dict[tuple[str, int], str]:
    """The actor of each mention as the aligner reads it: full names written two ways stay two actors.

    Joining them in the aligner's terms too moved claims in 43 of 91 unannotated stories, and made a list of
    candidates ("Representatives Tom Hale, Bill Ortiz and Jane Ruiz") share the actor of one candidate's
    announcement; the report's actors join them (`canonical_entities`)."""
    return entity_index(canonical_entities(analyses, variants=False), analyses, variants=False)


def entity_index(
    entities: Sequence[Entity], analyses: Sequence[Analysis], *, variants: bool = True
) -> dict[tuple[str, int], str]:
    """Map (article id, mention start) -> entity id for every entity mention, of entities built by
    `canonical_entities` with the same `variants`."""
    lookup: dict[tuple[str, str], str] = {}
    acronyms: dict[str, set[str]] = defaultdict(set)  # an acronym joins its name whatever its type (`_spelled_out`)
    for entity in entities:
        for alias in (entity.name, *entity.aliases):
            lookup[(entity.type, fold(alias))] = entity.id
            if ACRONYM.match(alias):
                acronyms[fold(alias)].add(entity.id)
    index = {}
    typed = _story_types(analyses) if variants else {}
    for analysis in analyses:
        for span in analysis.entities:
            if not isinstance(span, EntitySpan):
                continue
            label = "PERSON" if span.label == "NAME?" else typed.get((span.label, _parts(span.name)), span.label)
            entity_id = lookup.get((label, fold(span.name))) or lookup.get((span.label, fold(span.name)))
            if entity_id is None and len(acronyms.get(fold(span.name), ())) == 1:
                (entity_id,) = acronyms[fold(span.name)]
            if entity_id:
                index[(analysis.article.id, span.start)] = entity_id
    return index
