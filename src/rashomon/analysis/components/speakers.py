"""Who a quote's speaker is: the named actor, a pronoun resolved to one, or a role kept as written."""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from rashomon.model.layers import EntitySpan, QuoteSpan, SpeakerType
from rashomon.model.records import Analysis, Span
from rashomon.resources import wordlists as lexicon
from rashomon.text import attribution as at
from rashomon.text.genders import GENDER, KINSHIP_NOUNS, honorific_gender, kinship_gender, name_gender
from rashomon.text.quotemarks import CLOSERS, OPENERS, inside_quote, quoted_spans
from rashomon.text.spans import Intervals
from rashomon.text.terms import STOP_WORDS

if TYPE_CHECKING:  # quotes imports this module
    from rashomon.analysis.components.quotes import Found

_PRONOUN_WINDOW = 3  # paragraphs back a pronoun may reach
_WHO_REACH = 80  # characters between a name and the "who" after it: an apposition, not a new clause
_WHICH_AFTER = re.compile(r",?[ \t]+which\b")
# A name after a preposition (and its lowercase modifiers) completes another noun, whose "which" or "who" it may
# be: "the death of dictator Saparmurat Niyazov, which kindled hopes", "a resident of Ashgabat who declined",
# "seamen on board the MV Gibe, who said". An agent is the actor: "condemned by Mr. Romney, who called for".
# The modifiers are no prepositions themselves: in "by a spokesman for Acme" Acme completes "for", not "by".
_PREPOSITIONS = r"(?i:of|in|on|at|for|from|with|by|to|about|after|before|against)"
_AFTER_PREPOSITION = re.compile(
    rf"\b(?P<preposition>{_PREPOSITIONS})[ \t]+(?:(?!{_PREPOSITIONS}[ \t])[a-z][\w-]*[ \t]+){{0,3}}$"
)


def actor_mentions(analysis: Analysis) -> list[at.Mention]:
    """Entity mentions (and outlet names the registry knows) a speaker phrase can be built on."""
    text = analysis.article.text
    out = [
        at.Mention(start=s.start, end=s.end, label=s.label if s.label != "NAME?" else "PERSON", name=s.name)
        for s in analysis.entities
        if isinstance(s, EntitySpan)
        and _first_word(s.text_of(text)) not in STOP_WORDS
        and not _opening_lone_name(s, text)
    ]
    out = sorted([*out, *_surname_mentions(text, out)], key=lambda m: m.start)
    out = sorted([*out, *_title_mentions(text, out)], key=lambda m: m.start)
    # A registry name beats a partial entity ("Mail" in "The Globe and Mail"), but not a surname the entities
    # resolved to a person named in full: "Bloomberg said" after "Michael Bloomberg" is the man, not the outlet.
    people = {(m.start, m.end) for m in out if m.label == "PERSON" and m.name and len(m.name.split()) > 1}
    outlets = [o for o in _outlet_mentions(text) if (o.start, o.end) not in people]
    # An outlet overlaps a mention when one starting before the mention's end reaches past its start: the
    # furthest end among outlets sorted by start, by bisection (every pair: 4,000 of each, 16 million checks).
    ordered = sorted((o.start, o.end) for o in outlets)
    starts = [start for start, _ in ordered]
    furthest = list(itertools.accumulate((end for _, end in ordered), max))
    out = [m for m in out if not _overlapped(m, starts, furthest)]
    return sorted([*out, *outlets], key=lambda m: m.start)


def _surname_mentions(text: str, mentions: list[at.Mention]) -> list[at.Mention]:
    """A person's surname standing alone after their full name, where the entity recogniser missed it.

    The small English model tags "Ana Ruiz" but often not the "Ruiz" of '“...” Ruiz demanded.' two lines on,
    so no speaker phrase could be built on it. A surname two full names share ("Linda Sanchez", "Loretta
    Sanchez") stays unresolved: it names neither for sure.
    """
    full: dict[str, set[str]] = {}
    first_seen: dict[str, int] = {}
    for m in mentions:
        if m.label == "PERSON" and m.name and len(m.name.split()) >= 2:
            surname = m.name.split()[-1]
            full.setdefault(surname, set()).add(m.name)
            first_seen[surname] = min(first_seen.get(surname, m.end), m.end)
    taken = Intervals((m.start, m.end) for m in mentions)
    out = []
    for surname, names in full.items():
        if len(names) != 1 or not surname[:1].isupper():
            continue
        for hit in re.finditer(rf"\b{re.escape(surname)}\b(?![’']s?\w)", text[first_seen[surname] :]):
            start, end = first_seen[surname] + hit.start(), first_seen[surname] + hit.end()
            if not taken.overlapping(start, end):
                out.append(at.Mention(start=start, end=end, label="PERSON", name=next(iter(names))))
    return out


_TITLE_WORD = re.compile(r"\b([A-Z][a-z]{2,})\s+$")


def _title_mentions(text: str, mentions: list[at.Mention]) -> list[at.Mention]:
    """ "The sheriff" after "Genesee County Sheriff Robert J. Pickell": a title the article itself set before a
    person's name, used later as a description, is a mention of that person.

    The role lists cannot hold every office a local story names (sheriff, coach, superintendent, detective),
    so "“Very subdued,” the sheriff said." had no speaker; the article's own titled names say who is meant.
    A title several people bear is left alone unless the description's nearest titled holder is one person.
    Words the role lists and the title forms know are left to the description rule (`_described`), which also
    reads appositives and weighs several holders of one title.
    """
    holders: dict[str, list[at.Mention]] = {}
    for m in mentions:
        if m.label != "PERSON" or not m.name or len(m.name.split()) < 2:
            continue
        found = _TITLE_WORD.search(text, max(0, m.start - 25), m.start)
        word = found.group(1).lower() if found else ""
        if word and word not in _KNOWN_TITLES and word not in STOP_WORDS and word not in lexicon.CALENDAR:
            holders.setdefault(word, []).append(m)
    taken = Intervals((m.start, m.end) for m in mentions)
    out = []
    for word, titled in holders.items():
        for hit in re.compile(rf"\b[Tt]he {word}\b").finditer(text, titled[0].end):
            before = [m for m in titled if m.end <= hit.start()]
            names = {m.name for m in before}
            if len(names) == 1 and not taken.overlapping(hit.start(), hit.end()):
                out.append(at.Mention(start=hit.start(), end=hit.end(), label="PERSON", name=before[-1].name))
    return out


def _overlapped(mention: at.Mention, starts: list[int], furthest: list[int]) -> bool:
    index = bisect_left(starts, mention.end)
    return index > 0 and furthest[index - 1] > mention.start


def _opening_lone_name(span: Span, text: str) -> bool:
    """An unresolved lone capitalised word that opens a sentence is an adverb more often than a speaker."""
    before = text[max(0, span.start - 3) : span.start].strip()
    return span.label == "NAME?" and (not before or before[-1] in ".!?“\n")


def _first_word(name: str) -> str:
    word = name.split()[0] if name.split() else ""
    return re.split(r"[’']", word.lower())[0]


def _outlet_mentions(text: str) -> list[at.Mention]:
    from rashomon.resources.outlets import default_registry

    return [
        at.Mention(start=m.start, end=m.end, label="ORG", name=m.outlet.name) for m in default_registry().find(text)
    ]


_LABEL_TYPES: dict[str, SpeakerType] = {"PERSON": "person", "ORG": "organisation", "GPE": "institutional"}


def _speaker_type(speaker: at.Speaker) -> SpeakerType:
    if speaker.head is not None:
        return _LABEL_TYPES.get(speaker.head.label, "person")
    if speaker.role is not None:
        return at.role_kind(speaker.role)
    if speaker.text.lower() in _RELATIVES:
        return "anonymous"  # a "who" or "which" whose antecedent was not found names no one
    return "person"


_PLACES = frozenset({"GPE", "LOC"})
# A word before a place that makes it locate or qualify another word of the phrase ("reports from Ashgabat",
# "Analyst Rob Enderle of Enderle Group in Silicon Valley", "a visit to Detroit"): the prepositions after which
# a name completes another noun of a speaker phrase, and those of direction and nearness.
# The preposition may have an article and other names between it and the place ("a maid at the Biloxi hotel",
# "police in Palermo, Sicily", "the mayors of Chicago and Boston").
_LOCATING = re.compile(
    r"\b(?i:" + "|".join(sorted(at.COMPLEMENT_PREPOSITIONS | {"to", "near", "outside"})) + r")\W+"
    r"(?:(?i:the|a|an)\s+)?(?:[A-Z][\w.'’-]*,?\s+(?:and\s+)?)*$"
)
# "Nashville, Tenn., girl", "the Redmond, Wash. company": a place and its state before the noun they qualify,
# not an apposition describing a name the tagger took for a place ("Tsikala Stephania, a public sector worker").
_PLACE_AND_STATE = re.compile(r",\s*[A-Z][\w.]*,?\s+[a-z]")


def _named_head(text: str, speaker: at.Speaker, mentions: Sequence[at.Mention]) -> at.Speaker:
    """The speaker phrase with a place as its named actor only where the place heads it ("Turkmenistan said",
    "the White House said", "White House officials said"); a place that locates or qualifies another word of
    the phrase ("reports from Ashgabat", "New York-based Human Rights Watch", "Greece's debt crisis") gives way
    to the phrase's other named actor, a person first, or to its role word. A place followed by an apposition
    keeps the phrase: the tagger often takes a foreign name for a place ("Tsikala Stephania, a worker")."""
    head = speaker.head
    if head is None or head.label not in _PLACES:
        return speaker
    after = text[head.end : speaker.end].strip()
    first_after = after.split()[0].lower() if after.split() else ""
    apposed = after.startswith(",")  # "Tsikala Stephania, a public sector worker": a name tagged as a place
    # The place and its state may run past a phrase cut at the comma ("said the Nashville, Tenn., woman").
    qualifies = _PLACE_AND_STATE.match(text, head.end) is not None
    if (
        not qualifies
        and not _LOCATING.search(text, speaker.start, head.start)
        and (not after or apposed or first_after.strip(".,;:") in at.ROLE_HEADS)
    ):
        return speaker
    others = [m for m in mentions if speaker.start <= m.start and m.end <= speaker.end and m.label not in _PLACES]
    other = next((m for m in others if m.label == "PERSON"), others[0] if others else None)
    if other is not None:
        return replace(speaker, head=other)
    before = at.words(text, speaker.start, head.start)
    nouns = [w.lower for w in (*before, *at.words(text, head.end, speaker.end)) if w.text[:1].isalpha()]
    role = next((w for w in reversed(nouns) if w in at.ROLE_HEADS), nouns[-1] if nouns else None)
    return replace(speaker, head=None, role=role)


_MARKS = OPENERS + CLOSERS + '"‘`'  # double quotation marks, and the single opening ones
_SPACE = ", \t\n"


# When the statement was made, closing a speaker phrase: "Deval Patrick (D) on Wednesday", "Microsoft today".
# Narrower than attribution's time words on purpose: a month or "Today" ends names ("Theresa May", "USA Today").
_WHEN_AFTER = re.compile(
    r"\s+(?:on\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|today|yesterday|tonight"
    r"|(?:this|last)\s+(?:week|weekend|month|year))[\s,]*$"
)


def _speaker_span(text: str, start: int, end: int) -> Span | None:
    """The speaker's span without commas or spaces at its edges ("Jim Manley, a spokesman,"), nor a quotation
    mark the span does not pair ("used, "Woodward wrote": a paragraph's unbalanced closing mark), nor the day it
    closes with ("Microsoft today", "A judge on Saturday"); a scare quote it holds whole stays ("A “senior
    government official”"). None when nothing is left."""
    if (when := _WHEN_AFTER.search(text, start, end)) is not None and when.start() > start:
        end = when.start()
    while start < end:
        if text[start] in _SPACE or (text[start] in _MARKS and not any(c in _MARKS for c in text[start + 1 : end])):
            start += 1
        elif text[end - 1] in _SPACE or (
            text[end - 1] in _MARKS and not any(c in _MARKS for c in text[start : end - 1])
        ):
            end -= 1
        else:
            break
    return Span(start=start, end=end, label="speaker") if start < end else None


def resolve_speakers(
    text: str, found: Sequence[Found], mentions: list[at.Mention], *, subjects: Sequence[int] | None = None
) -> Iterator[QuoteSpan]:
    """Turn found quotes into spans, resolving pronoun speakers to the actor they refer to.

    `subjects` holds the sorted start offsets of main-clause subjects when a parse gave them; without one, a
    mention's subject position is guessed from the words before it.
    """
    history: list[tuple[int, str, str]] = []  # (position, name, label) of resolved speakers
    genders: dict[str, str] = {}
    relatives: set[int] = set()  # mentions no pronoun refers to: a kin's ("his son John"), a thing's
    for m in mentions:
        before = text[max(0, m.start - 16) : m.start]
        honorific = honorific_gender(before)
        if honorific and m.name:
            genders[m.name] = honorific
        kin = kinship_gender(before)
        if kin and m.name:
            genders[m.name] = kin
            relatives.add(m.start)
        if m.name and m.label == "PERSON" and m.name not in genders and name_gender(m.name):
            genders[m.name] = name_gender(m.name) or ""
    # A name the article follows with "which" is a thing the tagger took for a person ("INS Mysore, which
    # replaced the frigate"): no "he" or "she" refers to it.
    things = {
        m.name
        for m in mentions
        if m.name and m.label == "PERSON" and _WHICH_AFTER.match(text, m.end) and not _after_preposition(text, m.start)
    }
    relatives.update(m.start for m in mentions if m.name in things)
    resolved_by_start: dict[int, tuple[str | None, str]] = {}
    quoted = quoted_spans(text)
    mentions = [m for m in mentions if not inside_quote(m.start, quoted)]
    for f in found:
        speaker = _named_head(text, f.speaker, mentions) if f.speaker is not None else None
        name: str | None = None
        kind: SpeakerType = "unknown"
        if speaker is not None:
            key = (speaker.start, speaker.pronoun)
            if speaker.pronoun:
                name, kind = _resolve_pronoun(
                    text, speaker, speaker.pronoun, mentions, history, genders, relatives, subjects
                )
            elif speaker.head is not None:
                name, kind = speaker.head.name, _speaker_type(speaker)
            elif speaker.text.lower() in _RELATIVES and (antecedent := _who_stands_for(text, speaker, mentions)):
                body = speaker.text.lower() != "who"  # "which" and "that" stand for a body, whatever the label
                name, kind = antecedent.name, "organisation" if body else _LABEL_TYPES.get(antecedent.label, "person")
            elif speaker.role in DOCUMENTS:
                name, kind = _document_author(text, speaker, mentions)
            elif document := _document_before(text, speaker):
                name, kind = _document_author(text, replace(speaker, role=document), mentions)
            elif described := _described(text, speaker, mentions):
                name, kind = described, "person"
            elif (stands_for := _epithet(speaker)) is not None:
                # "…,” the New York businessman said": an epithet for someone already in the story, who is found
                # as a "he" or "she" would be (the latest speaker, or a newer subject); a gender only where the
                # noun gives one.
                name, kind = _resolve_pronoun(
                    text, speaker, stands_for or "he", mentions, history, genders, relatives, subjects,
                    any_gender=not stands_for,
                )  # fmt: skip
                if name and not _described_so(text, speaker, name, mentions):
                    name = None  # "the Mexican-born journalist" after "Trump took his questions" is not Trump
                kind = kind if name else _speaker_type(speaker)
            else:
                kind = _speaker_type(speaker)
            resolved_by_start[key[0]] = (name, kind)
            # A quote nested in another's reported words is the outer speaker's report ("Kovrig thought that
            # while Carney appears to …"): its speaker is not who the next "he said" continues.
            nested = dict(f.extra).get("nested", False)
            # "said an officer" or "the Navy spokesperson said", then "he said": the one who spoke, unnamed; not
            # a second speaker of a sentence that named its first ("Kelly said ..., but a source said ...").
            unnamed = kind != "person" and _one_unnamed_person(speaker) and not _spoke_before(text, history, speaker)
            if name and not nested:
                history.append((speaker.start, name, _HISTORY_LABELS.get(kind, "ORG")))
                if speaker.pronoun in ("he", "she") and name not in genders:
                    genders[name] = GENDER[speaker.pronoun]
            elif not nested and speaker.pronoun is None and (speaker.group or is_group(speaker)):
                # "Protesters gathered ..., calling for ..." then "They argued": a "they" continues the group.
                history.append((speaker.start, _group_label(speaker.text), "GROUP"))
            if unnamed and not nested:
                history.append((speaker.start, "", "PERSON"))
        extra = dict(f.extra)
        appositive = speaker.appositive if speaker is not None else None
        yield QuoteSpan(
            start=f.start,
            end=f.end,
            label=f.kind,
            speaker=_speaker_span(text, speaker.start, speaker.end) if speaker else None,
            speaker_name=name,
            speaker_type=kind if speaker else None,
            cue=Span(start=f.cue[0], end=f.cue[1], label="cue") if f.cue else None,
            appositive=Span(start=appositive[0], end=appositive[1], label="appositive") if appositive else None,
            nested=bool(extra.get("nested", False)),
            continued=bool(extra.get("continued", False)),
            block=bool(extra.get("block", False)),
            handle=_text(extra.get("handle")),
            posted=_text(extra.get("posted")),
            group=speaker is not None and (speaker.group or kind == "group" or (name is None and is_group(speaker))),
            confidence=f.confidence,
        )


_HISTORY_LABELS = {"person": "PERSON", "group": "GROUP"}  # how a resolved speaker is kept for later pronouns


def _group_label(words: str) -> str:
    """A group speaker's phrase as a label, up to its first comma or "including" ("Supporters of the mosque,
    including the mayor" -> "Supporters of the mosque")."""
    return re.split(r",|\s+including\s", words, maxsplit=1)[0].strip()


def _text(value: object) -> str | None:
    """A found quote's text field (an embedded post's handle or date), which is a string or None."""
    return value if isinstance(value, str) else None


# Plural nouns that name a collective speaker without "s": "police said", "staff said", "many said".
_COLLECTIVE = frozenset("people police staff family many some others several most few both all public".split())


def is_group(speaker: at.Speaker) -> bool:
    """A speaker phrase that names a group, not one actor: "Democratic lawmakers", "critics", "they"."""
    if speaker.head is not None and speaker.head.label == "PERSON":
        return False
    if speaker.pronoun is not None:
        return speaker.pronoun in ("they", "we")
    last = speaker.text.split()[-1].strip(",.;:") if speaker.text.split() else ""
    lower = last.lower()
    if lower in _COLLECTIVE:
        return True
    if at.GROUP_NAME.match(last) and speaker.head is None:
        return True
    return lower in at.PERSON_ROLES and lower.endswith("s") and lower not in _SINGULAR_S


_SINGULAR_S = frozenset({"witness"})  # role nouns that end in "s" and name one person


# The endings of nouns for people ("nominee", "businessman", "journalist"); a capitalised noun of a party or a
# place's people ("the Oklahoma Republican", "the Texan"). Role nouns for unnamed sources ("the official",
# "the spokesman") introduce someone new and stay in `at.ROLE_HEADS`.
_PERSON_NOUN = re.compile(r"^(?:[a-z-]{2,}(?:ee|man|woman|ist)|[A-Z][a-z]+(?:-[A-Z][a-z]+)?(?:an|at))$")


def _epithet(speaker: at.Speaker) -> str | None:
    """The pronoun a definite description of one person stands for ("she" for "the congresswoman", "" when the
    noun gives no gender), or None when the phrase is no such epithet: "the presumptive Republican nominee",
    "the New York businessman", "the Vermont senator" when no senator is named are; "the spokesman", "the
    letter", "the president's team" are not."""
    words = speaker.text.split()
    if len(words) < 2 or words[0].lower() != "the" or speaker.head is not None:
        return None
    if any(w.endswith(("'s", "’s")) for w in words):
        return None
    head = words[-1].strip(",.;:")
    lower = head.lower()
    if lower in at.ROLE_HEADS or lower in DOCUMENTS or lower in _COLLECTIVE:
        return None
    if lower not in lexicon.TITLES and not _PERSON_NOUN.match(head):
        return None
    return "she" if lower.endswith(("woman", "lady")) else "he" if lower.endswith("man") else ""


def _described_so(text: str, speaker: at.Speaker, name: str, mentions: list[at.Mention]) -> bool:
    """Whether the article itself describes `name` with a word of the epithet: in the words right before one of
    its mentions ("Republican nominee Donald Trump", "former Alaska Gov. Sarah Palin") or in the appositive
    after one ("Ramos, a Mexican-born journalist"). An epithet is a reader's shorthand for what the article
    said of someone; the latest speaker alone was the wrong person in 8 of 23 epithets on BASIL and PolNeAR dev.
    """
    words = {w.strip(",.;:").lower() for w in speaker.text.split()[1:]} - STOP_WORDS
    head = speaker.text.split()[-1].strip(",.;:").lower()
    words |= set(_TITLE_FORMS.get(head, ()))
    for m in mentions:
        if m.name != name:
            continue
        before = set(itertools.takewhile(_modifies, reversed(text[max(0, m.start - 50) : m.start].lower().split())))
        after = re.split(r"[.;:\n]", text[m.end : m.end + 80].lower())[0]
        appositive = {w.strip(",.;:()") for w in _appositive_words(after)} if after.startswith(",") else set()
        if words & (before | appositive):
            return True
    return False


def _modifies(word: str) -> bool:
    """Whether a word before a name may belong to the phrase that describes it ("former Alaska Gov."), not end
    the clause before it ("the judge to allow", "said,"); "of" stays inside a title ("Secretary of State")."""
    return word == "of" or word not in STOP_WORDS and not word.endswith((",", ";", ":", '"', "”"))


DOCUMENTS = at.DOCUMENTS  # a document that speaks ("the statement said") speaks for whoever issued it
# Who puts a document out: "said in a statement", "answered with an ad", "is airing a new television commercial",
# "adopted a resolution".
_ISSUING = (
    r"(?:in|with|issued|issuing|released|releasing|sent|sending|wrote|posted|signed|aired|airing|ran|running|"
    r"broadcast|broadcasting|launched|launching|unveiled|published|adopted|passed|approved)"
)
_ISSUED = re.compile(
    r"^(?:[’']s\s+|\s*,?\s*(?:\w+\s+){0,3}" + _ISSUING + r"\s+(?:a|an|the|his|her|its|their)\s+"
    r"(?:[\w-]+\s+){0,2})(?P<document>" + "|".join(DOCUMENTS) + r")s?\b"
)
# "a statement from Grimm's attorney, William McGinley": a possessive and a role before the issuer's name.
_FROM = re.compile(
    r"(?P<document>" + "|".join(DOCUMENTS) + r")s?\s+(?:from|by|of|issued by|signed by)\s+(?:[\w’']+,?\s+){0,3}$"
)
# Names of one kind of document: whoever put out "a television commercial" is who "the ad" speaks for, and the
# one who "issued a statement" is not the author of "the letter".
_DOCUMENT_KINDS = {"advertisement": "ad", "commercial": "ad", "release": "statement", "memorandum": "memo"}


def _document_kind(noun: str) -> str:
    """The kind of document a noun names: "commercial" and "advertisement" are ads, "release" a statement."""
    return _DOCUMENT_KINDS.get(noun, noun)


# A document a described owner holds ("the group's first ad"): the owner is not named, so no earlier issuer is.
_DESCRIBED_OWNER = re.compile(r"^(?:[Tt]he|[Aa]n?)\s+[a-z][\w-]*['’]s\s")


# Written forms of a title, so "the senator" finds "Sen. Marco Rubio" and "the congressman" "Rep. Tom Cole".
_TITLE_FORMS = {
    "senator": ("senator", "sen."),
    "congressman": ("congressman", "rep.", "representative"),
    "congresswoman": ("congresswoman", "rep.", "representative"),
    "representative": ("representative", "rep."),
    "governor": ("governor", "gov."),
    "lieutenant": ("lieutenant", "lt."),
    "general": ("general", "gen."),
    "president": ("president",),
}


_KNOWN_TITLES = at.ROLE_HEADS | frozenset(_TITLE_FORMS)


# Roles no person holds as a title: "the Obama administration said" is not the person a headline's "Obama
# Administration Flips Bush Ruling" sets after the word, nor "the report said" whoever follows "report".
_NO_TITLE = at.WORKS | frozenset("administration campaign government".split())


def _described(text: str, speaker: at.Speaker, mentions: list[at.Mention]) -> str | None:
    """The person a definite description names: "the senator" is the latest person titled or described so.

    The description's last word must stand right before a person's name in the window (a title: "Sen. Marco
    Rubio") or in the appositive after it ("Elizabeth Lauten, a communications aide to ..."); otherwise the
    description stays a role, unresolved.
    """
    words = speaker.text.lower().split()
    if len(words) < 2 or words[0] != "the" or speaker.role is None or speaker.role in _NO_TITLE:
        return None
    if speaker.role in at.INSTITUTION_ROLES and speaker.role not in at.PERSON_ROLES:
        return None  # "The police say they don't have suspects": a body, not the person a "state police" describes
    forms = _TITLE_FORMS.get(words[-1], (words[-1],))
    deputy = words[-2] in _DEPUTY  # "the lieutenant governor" is the titled "Lt. Gov.", "the governor" is not
    window = _window_start(text, speaker.start)
    earlier = [
        m for m in mentions if m.start < speaker.start and m.label == "PERSON" and not _subject_after(text, m, speaker)
    ]
    for m in reversed([m for m in earlier if window <= m.start]):
        if _titled(text, m, forms, deputy):
            return m.name
    # Beyond the window, a title the article gave one person only still names that person ("the
    # congressman" twenty paragraphs after "Representative Michael G. Grimm", the only one so titled).
    titled = {m.name for m in earlier if m.start < window and m.name and _title_before(text, m, forms, deputy)}
    if len(titled) < 2:
        return titled.pop() if titled else None
    # Several so titled: the one the article is about, named more often than any other ("the governor" in a
    # story on Gov. Deval Patrick's pick, where Gov. Nikki R. Haley is named once); a tie names no one.
    named = Counter(m.name for m in earlier if m.name in titled)
    (first, most), (_, second) = named.most_common(2)
    return first if most > second else None


def _subject_after(text: str, m: at.Mention, speaker: at.Speaker) -> bool:
    """Whether the description right after a name is the next clause's subject, not the name's appositive:
    "... in her hometown of Wasilla, the church's minister said" (no comma closes it before the verb)."""
    return re.fullmatch(r",\s*", text[m.end : speaker.start]) is not None and not text[speaker.end :].startswith(",")


def _title_before(text: str, m: at.Mention, forms: Sequence[str], deputy: bool = False) -> bool:
    """Whether a title's written form stands right before a person mention ("Representative Michael Grimm")."""
    before = text[max(0, m.start - 30) : m.start].lower().split()
    return bool(before) and _holds_office(before, len(before) - 1, forms, deputy)


def _titled(text: str, m: at.Mention, forms: Sequence[str], deputy: bool = False) -> bool:
    """Whether a person mention carries one of a title's written forms before it or in an appositive after it."""
    before = text[max(0, m.start - 30) : m.start].lower().split()[-3:]
    # A title with a preposition after it is another's ("a spokeswoman for the Obama campaign"): Obama is not
    # the spokeswoman; only the words after the last preposition may hold the title.
    cut = max((k + 1 for k, w in enumerate(before) if w in at.COMPLEMENT_PREPOSITIONS | {"to"}), default=0)
    after = re.split(r"[.;:\n]", text[m.end : m.end + 80].lower())[0]
    words = _appositive_words(after) if after.startswith(",") else []
    return any(_holds_office(before, k, forms, deputy) for k in range(cut, len(before))) or any(
        _holds_office(words, k, forms, deputy) for k in range(len(words))
    )


# Words that make a title another office: "Lt. Gov. Timothy Murray" is not "the governor", nor is a vice
# president "the president".
_DEPUTY = frozenset("lt. lieutenant vice deputy assistant".split())


def _holds_office(words: Sequence[str], k: int, forms: Sequence[str], deputy: bool) -> bool:
    """Whether words[k] is one of the title's forms, and the office is the deputy's exactly when `deputy`."""
    return words[k].strip(",") in forms and (k > 0 and words[k - 1].strip(",") in _DEPUTY) == deputy


_APPOSITIVE_START = frozenset("a an the his her their its one".split())


def _appositive_words(after: str) -> list[str]:
    """The words of the appositive after a name (", a former aide to ..."), or none when a verb follows.

    "Ann Lee, a congressional aide," describes Ann Lee; "Ann Lee, interviewed the congressman," does not:
    the piece must open with a determiner, a possessive or a title (an age before it is passed over).
    """
    pieces = [p.split() for p in after.lstrip(",").split(",")]
    while len(pieces) > 1 and len(pieces[0]) == 1 and pieces[0][0].isdigit():
        pieces = pieces[1:]  # an age before the description: "Ann Lee, 45, a teacher"
    piece = pieces[0]
    if not piece:
        return []
    first = piece[0]
    if first in _APPOSITIVE_START or first.endswith(("'s", "’s")) or first in lexicon.TITLES:
        return piece
    return []


# "a new campaign ad that vows …", "a statement, which said …": a relative pronoun after a document's noun.
_DOCUMENT_THEN_RELATIVE = re.compile(r"\b(" + "|".join(DOCUMENTS) + r")s?,?\s+$", re.IGNORECASE)


def _body_after(text: str, m: at.Mention) -> bool:
    """Whether the word right after a person's name is a body or people that speak for the person ("the Romney
    campaign", "Vance's lawyers"), as in a speaker phrase (`attribution.speaks_for`)."""
    first = re.match(r"(?:['’]s)?\s+[\w-]+", text[m.end : m.end + 40])
    return m.label == "PERSON" and first is not None and at.speaks_for(text, m, m.end + first.end())


def _document_before(text: str, speaker: at.Speaker) -> str | None:
    """The document a relative "that" or "which" speaker stands for, when the noun right before it names one."""
    if speaker.text.lower() not in ("that", "which"):
        return None
    found = _DOCUMENT_THEN_RELATIVE.search(text, max(0, speaker.start - 40), speaker.start)
    return found.group(1).lower() if found else None


def _document_author(text: str, speaker: at.Speaker, mentions: list[at.Mention]) -> tuple[str | None, SpeakerType]:
    """Who issued the document a speaker phrase names: its owner ("Harlow's letter said"), else the latest actor
    said to issue one before it."""
    if _DESCRIBED_OWNER.match(speaker.text):
        return None, "institutional"
    kind = _document_kind(speaker.role or "")
    window = _window_start(text, speaker.start)
    for m in reversed([m for m in mentions if window <= m.start < speaker.end and m.name]):
        issued = None if _after_preposition(text, m.start, agent=False) else _ISSUED.match(text[m.end : m.end + 60])
        put_out = issued or _FROM.search(text[max(0, m.start - 40) : m.start])  # "Gov. Jane Doe of [Ohio] issued"
        if put_out and _document_kind(put_out["document"]) == kind:
            if issued and _body_after(text, m):
                return None, "institutional"  # "The Romney campaign retorted with an ad": the campaign's
            return m.name, "person" if m.label == "PERSON" else "organisation"
    return None, "institutional"


# "It is thought that", "It's unclear whether", "It remains far from clear whether": an "it" whose verb is a
# form of "be" (or seem, appear, remain) and whose clause goes on, within a few words, to a "that" or "whether"
# clause stands for that clause, not for an organisation named before.
_EXPLETIVE = re.compile(
    r"\s*(?:'s|’s|is|was|has\s+been|had\s+been|will\s+be|would\s+be|seems|seemed|appears|appeared|remains|remained)"
    r"(?:\s+[a-z’'-]+){1,4}?\s+(?:that|whether|if|how|what|why|when|who)\b"
)


def _resolve_pronoun(
    text: str,
    speaker: at.Speaker,
    pronoun: str,
    mentions: list[at.Mention],
    history: list[tuple[int, str, str]],
    genders: dict[str, str],
    relatives: set[int],
    subjects: Sequence[int] | None,
    *,
    any_gender: bool = False,
) -> tuple[str | None, SpeakerType]:
    """Resolve the speaker's `pronoun`: the latest speaker, unless a newer subject-position actor came since.

    `any_gender` resolves a personal pronoun whose gender is unknown (an epithet standing for one).
    """
    if pronoun in ("i", "we"):
        return None, "person"
    if pronoun == "it" and _EXPLETIVE.match(text, speaker.end):
        return None, "anonymous"  # "It is thought that …", "It's unclear whether …": no one says it
    want = at.PRONOUNS[pronoun]
    window_start = _window_start(text, speaker.start)
    gender = None if any_gender else GENDER.get(pronoun)

    def fits(name: str | None, label: str) -> bool:
        if not name:
            return False
        if want == "PERSON":
            return label == "PERSON" and (gender is None or genders.get(name, gender) == gender)
        if want == "ORG":
            return label in ("ORG", "GPE")
        # "they" stands for an organisation named in the plural ("the Angels ... they declined"), not a place
        # ("St. Louis", "Texas") or one body ("protesters ... they say" meant no Greece, FBI or Fox News in the
        # 415 articles); an outlet's name is singular however it ends ("Fox News", "The Times").
        return label == "GROUP" or (label == "ORG" and _plural_name(name) and not _outlet_name(name))

    # Only the latest of each is used, so each is searched from the end; mentions are in text order, so the
    # window is found by bisection (a pass over every mention for each pronoun was quadratic).
    # The latest speaker it may be; an unnamed one ("" for "a senior officer") is who a "he" continues too.
    spoken = next(
        (
            (pos, name, label)
            for pos, name, label in reversed(history)
            if pos >= window_start and (fits(name, label) or (not name and gender is not None))
        ),
        None,
    )
    if spoken is not None and spoken[2] == "GROUP" and spoken[0] != history[-1][0]:
        spoken = None  # a "they" continues a group only as its latest speaker, not past someone who spoke since
    low = bisect_left(mentions, window_start, key=_start)
    window = range(bisect_left(mentions, speaker.start, key=_start) - 1, low - 1, -1)

    def usable(m: at.Mention) -> bool:
        return fits(m.name, m.label) and m.start not in relatives

    subject = next((mentions[i] for i in window if usable(mentions[i]) and _is_subject(text, mentions[i], subjects)),
                   None)  # fmt: skip
    latest_any = next((mentions[i] for i in window if usable(mentions[i])), None)
    if subject is not None and (spoken is None or subject.start > spoken[0]):
        best = subject.name
    elif spoken is not None:
        if not spoken[1]:
            return None, "person"
        if spoken[2] == "GROUP":
            return spoken[1], "group"
        best = spoken[1]
    elif latest_any is not None:
        best = latest_any.name
    else:
        # Nothing fits within the window: "he said" ten paragraphs on, with no name since, is the article's
        # last speaker of that gender (the 12 stories left such quotes unattributed).
        earlier = next(
            (
                name
                for pos, name, label in reversed(history)
                if pos < speaker.start and fits(name, label) and label != "GROUP"  # a group is not kept that long
            ),
            None,
        )
        if earlier is None:
            return None, "person" if want == "PERSON" else "organisation"
        best = earlier
    return best, "person" if want == "PERSON" else "organisation"


_SENTENCE_END = re.compile(r"[.!?][\"”’']?\s+(?=[A-Z\"“])|\n")  # not "…in your hands?” but a source said"


def _sentence_start(text: str, pos: int) -> int:
    """Where the sentence holding `pos` starts, by its last full stop or line break before it (a guess)."""
    start = max(0, pos - 400)
    ends = [m.end() for m in _SENTENCE_END.finditer(text, start, pos)]
    return ends[-1] if ends else start


# What ends an apposition between a name and a "who": a stop, a mark, or a relative clause of its own ("Cheeks,
# who came to the rescue of a girl who forgot the words").
_APPOSITION_BREAK = re.compile(r"[;:!?\"“”()\n]|\.\s+[A-Z]|\b(?:who|which|that)\b")
# What may stand between a name and the apposition or "who" after it, none of which the "who" can stand for:
# a party and state in brackets ("Sen. Rand Paul (R-Ky.), who offered"), where the person is from ("Adam
# Hayward of Deuel County, Neb., who said"; "Jeb Bush of Florida, a leading contender, who has argued").
_BRACKETED = re.compile(r"[ \t]*\([^()\n]{1,24}\)")
_AFFILIATION = re.compile(r"[ \t]+(?:of|from)[ \t]+(?:the[ \t]+)?[A-Z][\w.'’&-]*(?:,?[ \t]+[A-Z][\w.'’&-]*)*")
# The rest: nothing, a dash ("Vicente Fox — who went on"), or an apposition set off by a comma.
_SET_OFF = re.compile(r"[ \t]*(?:[-–—][ \t]*|,.*)?")
_PARTIES = frozenset({"PERSON", "ORG"})  # who a "who" may stand for: a person, or a body ("the Angels, who")
_BODIES = frozenset({"ORG"})  # what a "which" or "that" may stand for: "Vanity Fair magazine, which estimated"
_RELATIVES = frozenset({"who", "which", "that"})


def _who_stands_for(text: str, speaker: at.Speaker, mentions: list[at.Mention]) -> at.Mention | None:
    """The person (or body) a relative "who" speaker follows ("Felipe Calderón, who a week ago asserted
    that ..."; "Maral, 45, an Ashgabat resident who declined ..."; "Rep. Ann Keller (D-Ore.), who said"): the
    latest actor named before it in its sentence, with nothing but brackets, where they are from, a dash or an
    apposition set off by commas between ("the Obama administration official who said" is not Obama's)."""
    person = speaker.text.lower() == "who"
    parties = _PARTIES if person else _BODIES  # "which" and "that" stand for no person
    index = bisect_left(mentions, speaker.start, key=_start) - 1
    while index >= 0 and speaker.start - mentions[index].end <= _WHO_REACH:
        m = mentions[index]
        index -= 1
        # A plural name the model took for a person is a body when "which" follows it ("the Log Cabin Republicans,
        # which said"): "which" never stands for a person.
        body = not person and m.label == "PERSON" and _plural_name(m.name or text[m.start : m.end])
        if (m.label not in parties and not body) or m.end > speaker.start or text[: m.start].rstrip().endswith("("):
            continue
        if m.label == "ORG" and not (m.name or "")[:1].isupper():
            continue  # the model's lower-case "organisation" is a description: "a gay and lesbian group, which"
        if m.label != "PERSON" and not body and _after_preposition(text, m.start, agent=False):
            continue  # where someone is from or works ("Tom Orr of Dayton, who"; "a spokesman for Acme, who")
        between = text[m.end : speaker.start]
        rest = _past(_AFFILIATION, _past(_BRACKETED, between))
        set_off = _SET_OFF.fullmatch(rest) is not None and not _APPOSITION_BREAK.search(rest)
        if not set_off:
            return None
        return None if _completes_a_person(text, m.start) else m
    return None


def _completes_a_person(text: str, start: int) -> bool:
    """Whether the name at `start` completes a noun for a person through a preposition, so that a "who" after it
    may be that person's ("a spokesman for Sen. Tom Ruiz, who"; "the driver of Sarah Miller, who"; "a resident of
    Ashgabat who"). After a verb or another noun the name is the one the "who" follows ("drew fire from Sarah
    Lind, who said"; "could belong to Justice Anthony Kennedy, who said"; "running against Mr. Grassley, who")."""
    before = text[max(0, start - 60) : start].split()
    for _ in range(3):  # an article, a lower-case word or a title between: "of the former senator", "for Sen."
        last = before[-1] if before else ""
        if last.lower() in _ANY_PREPOSITIONS or not (last.isalpha() and last.islower() or _title(last)):
            break
        before.pop()
    if len(before) < 2 or before[-1].lower() not in _ANY_PREPOSITIONS or before[-1].lower() == "by":
        return False
    noun = before[-2].lower()
    return noun in _KNOWN_TITLES or noun in KINSHIP_NOUNS or _PEOPLE_NOUN.match(noun) is not None


def _title(word: str) -> bool:
    return word[:1].isupper() and word.lower().rstrip(".") in lexicon.TITLES


_ANY_PREPOSITIONS = at.COMPLEMENT_PREPOSITIONS | {"to", "with", "about", "after", "before", "against", "by"}
# Nouns for people by their ending, singular or plural: "driver", "donors", "employee", "seamen", "activist",
# "physicians".
_PEOPLE_NOUN = re.compile(r"^[a-z-]{3,}(?:ers?|ors?|ees?|m[ae]n|ists?|ians?)$")


def _past(pattern: re.Pattern[str], words: str) -> str:
    """`words` after what `pattern` matches at their start (all of them when it does not)."""
    found = pattern.match(words)
    return words[found.end() :] if found else words


def _plural_name(name: str) -> bool:
    """Whether a name is written as a plural noun: its last word ends in s, not ss or us ("Angels", "Democrats")."""
    last = name.split()[-1] if name.split() else ""
    return last.endswith("s") and not last.endswith(("ss", "us"))


def _outlet_name(name: str) -> bool:
    """Whether the outlet registry knows `name` as a whole outlet name."""
    return any(m.start == 0 and m.end == len(name) for m in _outlet_mentions(name))


def _after_preposition(text: str, start: int, *, agent: bool = True) -> bool:
    """Whether the name at `start` completes a preposition (`agent`: "by" counts too)."""
    found = _AFTER_PREPOSITION.search(text, max(0, start - 60), start)
    return found is not None and (agent or found.group("preposition").lower() != "by")


def _spoke_before(text: str, history: list[tuple[int, str, str]], speaker: at.Speaker) -> bool:
    """Whether a speaker of the latest few came earlier in the sentence of `speaker`."""
    start = _sentence_start(text, speaker.start)
    return any(start <= pos < speaker.start for pos, _name, _label in history[-3:])


def _one_unnamed_person(speaker: at.Speaker | None) -> bool:
    """A speaker phrase for one person it does not name: a person's role noun in the singular heads it ("a
    senior officer", "the Navy spokesperson")."""
    if speaker is None or speaker.pronoun or (speaker.head is not None and speaker.head.label == "PERSON"):
        return False
    # The noun before a complement heads the phrase: "a senior official [at the embassy]" is one person.
    words = speaker.text.split()
    head = words[at.head_end(words) - 1].strip(",.;:").lower() if words else ""
    return head in at.PERSON_ROLES and (not head.endswith("s") or head.endswith("ss")) and not is_group(speaker)


def _start(mention: at.Mention) -> int:
    return mention.start


def _window_start(text: str, pos: int) -> int:
    """Character offset where the pronoun window opens: a few paragraphs back."""
    start = pos
    for _ in range(_PRONOUN_WINDOW + 1):
        nl = text.rfind("\n", 0, start - 1 if start else 0)
        if nl < 0:
            return 0
        start = nl
    return start


def _is_subject(text: str, mention: at.Mention, subjects: Sequence[int] | None) -> bool:
    """A mention is the subject of a main clause: by the parse when there is one, else by the words before it.

    "He said Obama doesn't have a doctrine" puts Obama four words into the sentence, where the word rule
    takes it for a subject; the parse says it is the subject of the reported clause, not of the sentence.
    """
    if subjects is None:
        return _subject_position(text, mention.start)
    k = bisect_left(subjects, mention.start)
    return k < len(subjects) and subjects[k] < mention.end


def _subject_position(text: str, pos: int) -> bool:
    """True when a mention opens its sentence or clause ("Kovrig also thought", "Loh said")."""
    before = text[max(0, pos - 40) : pos]
    tail = re.split(r"[.!?\n]\s*|[“\"]|''|``", before)[-1]
    words = [w.lower().strip(",") for w in tail.split()]
    # A name after a verb of saying is what was said about ("She said Governor Reyes had no plan").
    return len(words) <= 3 and not any(
        w in ("to", "for", "with", "of", "by", "and") or w in at.STRONG_CUES for w in words
    )
