"""The values a claim's sentences state: quantities and dates read per sentence, with the words around each.

Values come from the `quantities`/`dates` layers when the article was analysed with them, else they are
read from the sentence alone (cheaper: only the sentences a comparison looks at). The words around a value
(its context) say what it measures, so that only values about the same thing are compared.
"""

from __future__ import annotations

import calendar
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from rashomon.comparison.facts.statements import stem
from rashomon.model.layers import DateSpan, QuantitySpan
from rashomon.model.records import Analysis, Article, StatedValue
from rashomon.resources.wordlists import TITLES
from rashomon.text.quantities import DOLLARS, POPULATION, Quantity, find_quantities, plural
from rashomon.text.terms import STOP_WORDS
from rashomon.text.timex import DateValue, find_dates
from rashomon.text.timex_cues import MONTHS, WEEKDAYS, infer_published

CONTEXT_WORDS = 6  # content words on each side of a value that say what it measures
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]*")
# Words that say when or how, not what: they appear around every kind of value.
_NOT_CONTEXT = frozenset(
    "year years month months week weeks day days decade decades ago earlier later time times today yesterday "
    "tomorrow said says say told according nearly about around almost estimated roughly some just only more less "
    "than over under least also since until before after late early mid percent cent per total totaling "
    "totalling".split()
) | frozenset(STOP_WORDS)
# A clause ends at a semicolon, colon, dash or bracket, at "but", "while", "whereas", "although", "(even) though"
# (not the adverb set off by commas: "The plan, though, was dropped"), and at an "and" that opens a new subject
# ("and Republicans", "and she") or a new predicate ("and received a grant last year").
_CLAUSE_END = re.compile(
    r"[;:—–()]|\s-\s|\b(?:but|while|whereas|although)\b|\b(?:even\s+)?though\b(?!\s*[,.])|"
    r"\band\s+(?=[A-Z]|(?:he|she|they|it|we)\b|[a-z]+ed\b)"
)
# An apposition set off by commas after a name ("Dr. Benjamin, the first black woman to be admitted to the AMA,
# founded the clinic in 1990") describes the name, not what a value outside it measures.
# Not in a clause a preposition or conjunction opens ("In October, the State Department sent ...", "After talks with
# Iran, the United States lifted ..."): the name ends a fronted phrase and the words after the comma are the subject.
_APPOSITION = re.compile(r"\b([A-Z][\w.'’-]*)(,\s+(?:the|a|an)\s[^,;:—–()]*,)")
# Verbs of saying and of making public: a date beside one times the statement or the disclosure, not the fact.
_SPEECH = r"(?:said|says|told|wrote|added|stated|tweeted|posted|noted|argued|claimed|disclosed|revealed)"
_SPEECH_BEFORE = re.compile(rf"\b{_SPEECH}\s+(?:(?:reporters|journalists|[A-Z]\w+)\s+)?(?:on\s+)?$")
_SPEECH_AFTER = re.compile(rf"\s+(?:\w+\s+)?{_SPEECH}\b", re.IGNORECASE)
_CHANGE_BEFORE = re.compile(
    r"\b(?:by|rose|rise[sn]?|rising|fell|fall(?:s|en|ing)?|up|down|increased?|decreased?|jump(?:ed|s)?|drop(?:ped|s)?|"
    r"climb(?:ed|s)?|surged?|grew|grow(?:s|n)?|gained?|lost|sank|slump(?:ed)?|plunged?|soared?|declined?|cut)"
    r"(?:\s+\w+){0,2}\s+$",
    re.IGNORECASE,
)
_CAPITAL_BEFORE = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][\w-]*\s+$")
_QUANTITY_FIELDS = tuple(f for f in Quantity.__dataclass_fields__ if f not in ("start", "end"))
_DATE_FIELDS = tuple(f for f in DateValue.__dataclass_fields__ if f not in ("start", "end"))
_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


@dataclass(frozen=True, slots=True, kw_only=True)
class Found:
    """A value in one sentence of one article: its record, absolute span, sentence, claim and context stems."""

    article: str
    claim: str
    start: int
    end: int
    sentence: tuple[int, int]
    record: Quantity | DateValue
    context: frozenset[str]
    names: frozenset[str] = frozenset()  # the nearest names of its clause but its source's
    beside: bool = True  # whether one of them stands within its context words (else it is tied to no name)
    head: str = ""  # the content word nearest the value
    words: tuple[str, ...] = ()  # the context words as written (lower case), to say what the value measures
    role: str = ""  # share/change/level of a percentage, rate of a count, offset of a duration (`value_role`)
    item: str = ""  # the name a sum is paid at, to or for, as written: "at Harbor View Inn"
    modifier: bool = False  # a year written before the noun it dates ("the 2012 attack", "a 2001 policy change")
    year: int | None = None  # the year of the article's date, for a sum of money converted between currencies
    worth: str = ""  # the stem of the thing a sum is the value of ("a $2.5 million necklace": necklac; `worth_of`)

    @property
    def key(self) -> tuple[str, int, int]:
        """Identity of the value within a story."""
        return (self.article, self.start, self.end)


@dataclass(frozen=True, slots=True, kw_only=True)
class Context:
    """The words around a value in its clause: content stems, the names, and the nearest content stem."""

    stems: frozenset[str]
    names: frozenset[str]
    head: str
    beside: bool = True  # whether a name stands within the context words
    words: tuple[str, ...] = ()


def value_context(
    text: str, start: int, end: int, lo: int, hi: int, *, width: int = CONTEXT_WORDS, modifier: bool = False
) -> Context:
    """The lower-case content words within `width` content words of text[start:end] in its clause, and the names.

    Capitalised words (names, demonyms) are kept apart unless they open the sentence: a story names the
    same actors around every figure, so they say little about what is measured, but two disjoint sets of
    names ("a Mississippi law" / "this new Texas law") say the values are about different things. The
    clause ends at a semicolon, colon or dash, and at "but", "while", "whereas" or an "and" that opens a
    new subject ("... in 2025 and Republicans also repealed"). The names of the figure's source (`attribution_spans`)
    are left out: who gives a figure does not say what it measures.
    """
    sentence_start = lo
    lo = max([lo, *(m.end() for m in _CLAUSE_END.finditer(text, lo, start))])
    stop = _CLAUSE_END.search(text, end, hi)
    hi = stop.start() if stop else hi
    aside = [m.span(2) for m in _APPOSITION.finditer(text, lo, hi) if _apposition(text, lo, m, start)]
    tokens = [
        m
        for m in _TOKEN.finditer(text, lo, hi)
        if (len(m.group()) > 2 or m.group()[:1].isupper()) and not any(s <= m.start() < e for s, e in aside)
    ]
    names = [m for m in tokens if m.group()[0].isupper() and (m.start() != sentence_start or _titled(text, m))]
    source = attribution_spans(text, lo, start, end, hi)
    near_names = [m for m in names if not any(s <= m.start() < e for s, e in source)]
    words = [m for m in tokens if m not in names and m.group().lower().strip("'’") not in _NOT_CONTEXT]
    before = [m for m in words if m.end() <= start][-width:]
    after = [m for m in words if m.start() >= end][:width]
    near = [m for m in near_names if m.end() <= start][-3:] + [m for m in near_names if m.start() >= end][:3]
    # A name beyond the window of content words may belong to another part of the clause ("... during the Cannes
    # Film Festival and a second theft saw a diamond necklace worth £1.2m"): the value is tied to no name then.
    first = before[0].start() if len(before) == width else lo
    last = after[-1].end() if len(after) == width else hi
    beside = any(first <= m.start() and m.end() <= last and _name(m.group()) not in _CALENDAR for m in near)
    if modifier:  # a value that modifies a noun ("the 2012 attack") is about that noun, not the verb before it
        head = after[0] if after else before[-1] if before else None
    else:
        head = before[-1] if before else after[0] if after else None
    return Context(stems=frozenset(_stem(m) for m in (*before, *after)),
                   names=frozenset(n for m in near if (n := _name(_last_word(text, m))) not in _CALENDAR),
                   beside=beside,
                   head=_stem(head) if head else "",
                   words=tuple(m.group().lower() for m in (*before, *after)))  # fmt: skip


def _apposition(text: str, lo: int, m: re.Match[str], value: int) -> bool:
    """Whether `m` (`_APPOSITION`) sets off an apposition to a name that does not hold the value at `value`."""
    if m.start(2) <= value < m.end(2) or _name(m.group(1)) in _CALENDAR:
        return False
    opener = _TOKEN.search(text, lo, m.start(1))
    return opener is None or opener.group().lower() in ("the", "a", "an") or opener.group().lower() not in STOP_WORDS


_NAME_AFTER = re.compile(r"\.?\s+[A-Z]")


def _titled(text: str, m: re.Match[str]) -> bool:
    """Whether a capitalised word opening a sentence is a title before a name ("Dr. Benjamin", "President Obama"):
    part of the name, not a word that says what a value measures."""
    return m.group().lower() in TITLES and _NAME_AFTER.match(text, m.end()) is not None


# Who gives a figure ("Governor Ilse Varga said ...", "..., the Red Crescent reported", "according to Reuters")
# says nothing of what it measures: two sources giving two figures is what a conflict shows.
_SOURCE_VERB = rf"(?:{_SPEECH}|say|reported|reports|announced|confirmed|estimated)"
_SOURCE_BEFORE = re.compile(rf"\b{_SOURCE_VERB}\b|\baccording\s+to\b[^,]*,", re.IGNORECASE)
_SOURCE_AFTER = re.compile(rf",\s+(?:according\s+to\b|(?:[\w.'’-]+\s+){{0,5}}{_SOURCE_VERB}\b)", re.IGNORECASE)


def attribution_spans(text: str, lo: int, start: int, end: int, hi: int) -> list[tuple[int, int]]:
    """The parts of a value's clause text[lo:hi] that name its source, not what it measures.

    Before the value: everything up to the last verb of saying ("Heydar Varga, governor of Marden, said five
    villages ...") or through an opening "According to X,". After it: a closing ", X reported", ", said X" or
    ", according to X".
    """
    spans = []
    before = list(_SOURCE_BEFORE.finditer(text, lo, start))
    if before:
        spans.append((lo, before[-1].end()))
    after = _SOURCE_AFTER.search(text, end, hi)
    if after:
        spans.append((after.start(), hi))
    return spans


_NAME_RUN = re.compile(r"(?:[ \t]+[A-Z][A-Za-z'’-]*)*")


def _last_word(text: str, m: re.Match[str]) -> str:
    """The last word of the run of capitalised words `m` opens or sits in: a name is keyed by it, so "Hurricane
    George" and "Hurricane Katrina" share no key (only a title word), and "President Barack Obama" is "Obama"."""
    run = _NAME_RUN.match(text, m.end())
    words = run.group().split() if run else []
    return words[-1] if words else m.group()


def _name(word: str) -> str:
    """A capitalised word as a name key: lower case, straight apostrophe, no possessive ("Clinton’s" = "clinton")."""
    return word.lower().replace("’", "'").removesuffix("'s")


# Months and weekdays are capitalised but name no one: they say when, not about whom; nor do the scales a
# measure is read on (two quakes both "on the Richter scale" share no place by that).
_CALENDAR = frozenset(
    "january february march april may june july august september october november december monday tuesday "
    "wednesday thursday friday saturday sunday richter celsius fahrenheit".split()
)


def _stem(m: re.Match[str]) -> str:
    return stem(m.group().lower().replace("’", "'"))


# A determiner, then at most two lower-case words ("a previously announced"), right before the date.
_DETERMINER_BEFORE = re.compile(
    r"(?:\b(?:the|a|an|this|that|its|his|her|their|our|my|your)|['’]s)(?:\s+[a-z][\w-]*){0,2}\s+$", re.IGNORECASE
)
_WORD_AFTER = re.compile(r"\s+[A-Za-z]")
_PREPOSITION_BETWEEN = re.compile(r"\b(?:in|on|at|since|from|until|by|of|for|during|before|after)\s", re.IGNORECASE)


def is_modifier(text: str, value: Quantity | DateValue) -> bool:
    """True for a date written before the noun it dates, after a determiner: "the 2012 Benghazi attack",
    "a 2001 policy change", "the June 20, 2005 attempted murder", "a previously announced November 2013 release
    date". Such a date names which thing; it times no verb. A date read against the article's date is one only
    when it is a lone month or weekday ("the November election", "the Tuesday vote"): "the next day police
    said" times the saying."""
    if not isinstance(value, DateValue) or not _WORD_AFTER.match(text, value.end):
        return False
    if value.relative and text[value.start : value.end].lower() not in (*MONTHS, *WEEKDAYS):
        return False
    before = _DETERMINER_BEFORE.search(text, max(0, value.start - 40), value.start)
    return bool(before and not _PREPOSITION_BETWEEN.search(before.group()))


def attached_to_speech(text: str, value: Quantity | DateValue) -> bool:
    """True for a date that times a statement, not the fact ("said Tuesday", "told reporters on Monday")."""
    before = text[max(0, value.start - 30) : value.start]
    return bool(_SPEECH_BEFORE.search(before) or _SPEECH_AFTER.match(text, value.end))


_RATE_AFTER = re.compile(
    r"\s+(?:a|an|per|each|every)\s+(?:game|match|day|night|week|month|year|season|hour|minute|person|head|capita)\b",
    re.IGNORECASE,
)
# "420 passengers and crew", "30 students and teachers": one count of two kinds of people, not a count of the
# first ("246 passengers and most of its crew" counts the passengers alone; "and injured 80" is a new verb).
_COMBINED_AFTER = re.compile(
    r"\s+and\s+(?!(?:the|a|an|its|their|his|her|our|some|most|all|many|several|few|other|more)\b)"
    r"(?![a-z]+(?:ed|ing)\b)[a-z]+\b"
)
_LARGER_UNIT_BEFORE = re.compile(r"\b(?:years?|months?|weeks?|days?|hours?|minutes?),?\s+(?:and\s+)?$", re.IGNORECASE)
_SMALLER_UNIT_AFTER = re.compile(
    r",?\s+(?:and\s+)?\d+\s+(?:months?|weeks?|days?|hours?|minutes?|seconds?)\b", re.IGNORECASE
)
_PART_OF_BEFORE = re.compile(r"\b\d[\d,]*\s+(?:of|out\s+of)\s+$", re.IGNORECASE)
# "came one week after he managed 10 yards on nine carries": a clause a stated time before or after the sentence's
# own event tells another event; its figures are that event's. The clause runs from "after" to the figure unbroken
# by a comma ("Three days after the quake, rescuers found 12 survivors" counts the survivors of the sentence).
_ANOTHER_TIME_BEFORE = re.compile(
    r"\b(?:an?|one|two|three|four|five|six|seven|eight|nine|ten|several|a\s+few|\d+)\s+"
    r"(?:hours?|days?|nights?|weeks?|months?|years?|seasons?|games?)\s+(?:after|before)\s+[^.;:,!?]*$",
    re.IGNORECASE,
)
_OFFSET_AFTER = re.compile(r"\s+(?:earlier|later|ago|before|after|since|beforehand|afterwards?)\b", re.IGNORECASE)


# "needed 60 votes to pass", "requires at least 3,000 workers", "valid only if turnout is more than 50 percent":
# the figure a rule or a plan asks for, in the value's own clause before it.
_REQUIRED_BEFORE = re.compile(
    r"\b(?:needs?|needed|needing|requires?|required|requiring|must|minimum|threshold|only\b[^.;:,]*\b(?:if|with|when))"
    r"\b[^.;:,]*$",
    re.IGNORECASE,
)


def value_role(text: str, value: Quantity | DateValue) -> str:
    """What a figure is: a percentage's share, change or level; a count per something ("eight rebounds a game":
    rate) or of two kinds at once ("420 passengers and crew": combined); a duration that says when ("18 hours
    earlier": offset), not how long; a figure a rule or plan asks for ("needed 60 votes": required), not one
    that was reached; a figure in a clause a stated time sets apart ("one week after he managed 40 yards":
    another time), which tells another event. Empty otherwise.

    Figures of two roles are never compared: a season's average is not a game's count, "18 hours earlier"
    is not the length of anything "about 30 minutes" measures, and "needed 60 votes" is not "won 58 votes".
    """
    if not isinstance(value, Quantity):
        return ""
    if _REQUIRED_BEFORE.search(text, max(0, value.start - 50), value.start):
        return "required"
    if _ANOTHER_TIME_BEFORE.search(text, max(0, value.start - 120), value.start):
        return "another time"
    if value.kind == "count":
        if _RATE_AFTER.match(text, value.end):
            return "rate"
        if _PART_OF_BEFORE.search(text, max(0, value.start - 16), value.start):
            return "total"  # the 41 of "completed 28 of 41 passes": how many were tried, not how many made
        return "combined" if _COMBINED_AFTER.match(text, value.end) else ""
    if value.kind == "duration" and (value.text.endswith("-old") or re.match(r"\s+old\b", text[value.end :])):
        return "age"  # "46-year-old Scott Russell" is his age, not how long anything lasted
    if value.kind == "duration" and (
        _LARGER_UNIT_BEFORE.search(text, max(0, value.start - 16), value.start)
        or _SMALLER_UNIT_AFTER.match(text, value.end)
    ):
        return "part"  # "4 minutes 48 seconds": each is part of one duration, not one by itself
    if value.kind == "duration":  # "for 30 minutes before collapsing" is a span all the same
        spans = re.search(r"\b(?:for|lasted|lasting)\s+$", text[max(0, value.start - 12) : value.start], re.IGNORECASE)
        return "offset" if _OFFSET_AFTER.match(text, value.end) and not spans else ""
    return percent_role(text, value)


def percent_role(text: str, value: Quantity | DateValue) -> str:
    """A percentage's role: a share of something, a change, or a level (empty for other values)."""
    if not isinstance(value, Quantity) or value.kind != "percent":
        return ""
    if re.match(r"\s+of\b", text[value.end :]):
        return "share"
    return "change" if _CHANGE_BEFORE.search(text, max(0, value.start - 40), value.start) else "level"


def is_label(text: str, value: Quantity) -> bool:
    """True for a count that is part of a name or model ("737 MAX jets", "Max 8", "Boeing 737")."""
    if value.kind != "count":
        return False
    noun_caps = any(w[:1].isupper() for w in (value.noun or "").split())
    return noun_caps or bool(_CAPITAL_BEFORE.search(text, max(0, value.start - 20), value.start))


class ValueReader:
    """Read (and cache) the values of sentences of a story's articles."""

    def __init__(self, articles: Sequence[Article], analyses: Sequence[Analysis] = ()) -> None:
        self.articles = {a.id: a for a in articles}
        self.analyses = {a.article.id: a for a in analyses if has_value_layers(a)}
        self._anchors: dict[str, tuple[date | None, str]] = {}
        self._cache: dict[tuple[str, int, int, bool], tuple[Quantity | DateValue, ...]] = {}

    def anchor(self, article_id: str) -> tuple[date | None, str]:
        """The date relative expressions resolve against: publication, else the date the text states."""
        if article_id not in self._anchors:
            article = self.articles[article_id]
            if article.published is not None:
                self._anchors[article_id] = (article.published.date(), "published")
            else:
                inferred = infer_published(article.text)
                self._anchors[article_id] = (inferred[0].date(), "inferred") if inferred else (None, "published")
        return self._anchors[article_id]

    def records(self, article_id: str, start: int, end: int, *, dates: bool = True) -> tuple[Quantity | DateValue, ...]:
        """Quantities (and dates) inside text[start:end] of an article, with absolute offsets."""
        key = (article_id, start, end, dates)
        if key not in self._cache:
            analysis = self.analyses.get(article_id)
            self._cache[key] = (
                _from_layers(analysis, start, end, dates) if analysis else self._read(article_id, start, end, dates)
            )
        return self._cache[key]

    def _read(self, article_id: str, start: int, end: int, dates: bool) -> tuple[Quantity | DateValue, ...]:
        text = self.articles[article_id].text[start:end]
        found_dates: tuple[DateValue, ...] = ()
        if dates:
            anchor, source = self.anchor(article_id)
            found_dates = find_dates(text, published=anchor, anchor_source=source)
        taken = [(d.start, d.end) for d in found_dates]
        quantities = [q for q in find_quantities(text) if not any(q.start < e and s < q.end for s, e in taken)]
        values: list[Quantity | DateValue] = [*quantities, *found_dates]
        return tuple(_shift(v, start) for v in values)

    def found(self, article_id: str, claim: str, start: int, end: int, *, dates: bool = True) -> list[Found]:
        """The values of one sentence as `Found`, each with the stems around it."""
        text = self.articles[article_id].text
        anchor = self.anchor(article_id)[0]
        out = []
        records = self.records(article_id, start, end, dates=dates)
        ends = range_ends(text, [v for v in records if isinstance(v, Quantity)])
        for v in records:
            if is_label(text, v) if isinstance(v, Quantity) else attached_to_speech(text, v):
                continue
            if isinstance(v, Quantity) and (
                (v.start, v.end) in ends or _BARE_RANGE.search(text, max(0, v.start - 30), v.start)
            ):
                continue
            modifier = is_modifier(text, v)
            context = value_context(text, v.start, v.end, start, end, modifier=modifier)
            population = is_population(v)
            names = place_names(text, v.start, v.end, start) if population else context.names
            out.append(Found(article=article_id, claim=claim, start=v.start, end=v.end, sentence=(start, end),
                             record=v, context=context.stems, names=names, head=context.head,
                             beside=population or context.beside,
                             words=context.words, role=value_role(text, v), item=named_item(text, v, end),
                             modifier=modifier, worth=worth_of(text, v, end),
                             year=anchor.year if anchor else None))  # fmt: skip
        return out


_RUN = r"((?:[a-z][\w-]*[ \t]+){0,2}[a-z][\w-]*)"  # up to three lower-case words: a noun and its modifiers
_WORTH_BEFORE = re.compile(
    r"\b([a-z][\w-]*)[ \t]+(?:worth|valued[ \t]+at|estimated[ \t]+at)[ \t]+"
    r"(?:(?:about|around|some|nearly|almost|over|more[ \t]+than|an[ \t]+estimated|up[ \t]+to)[ \t]+)?$"
)
_WORTH_OF = re.compile(rf"[ \t]+(?:worth[ \t]+)?of[ \t]+(?:(?:the|a|an|his|her|their|its)[ \t]+)?{_RUN}")
_WORTH_AFTER = re.compile(rf"[ \t]+{_RUN}")
_ARTICLE_BEFORE = re.compile(r"\b(?:a|an|the)[ \t]+$", re.IGNORECASE)


def worth_of(text: str, value: Quantity | DateValue, hi: int) -> str:
    """The stem of the thing a sum of money is the value of, or "": the noun the sum is written before ("a $2.5
    million necklace"), the noun "worth" or "valued at" follows ("a diamond necklace worth £1.2m"), or the noun
    after "worth of" or "of" ("£910,000 worth of jewellery", "$43,000 of campaign funds").

    The thing says what a sum measures as a counted noun says what a count counts: two sums of one thing in two
    articles are one fact told twice (or two facts the names and figures around them tell apart).
    """
    if not isinstance(value, Quantity) or value.kind != "money":
        return ""
    before = _WORTH_BEFORE.search(text, max(0, value.start - 60), value.start)
    if before and before.group(1) not in STOP_WORDS:
        return _stem_word(before.group(1))
    after = _WORTH_OF.match(text, value.end, hi)
    if not after and _ARTICLE_BEFORE.search(text, max(0, value.start - 6), value.start):
        after = _WORTH_AFTER.match(text, value.end, hi)  # a sum written as a modifier: "a $2.5 million necklace"
    if not after:
        return ""
    words = after.group(1).split()
    content = list(itertools.takewhile(lambda w: w not in STOP_WORDS, words))
    return _stem_word(content[-1]) if content else ""


def _stem_word(word: str) -> str:
    return stem(word.lower().replace("’", "'"))


# "$5,200 at the Harbor View Inn", "a $310 dinner at Café Lune", "$2,000 to the Red Cross": up to two lower-case
# words (what was bought) and a preposition, then a run of capitalised words (joined by "of", "the", "&", "'s").
_NAMED_ITEM = re.compile(
    r"(?:[ \t]+[a-z][\w-]*){0,2}[ \t]+(at|to|for|from|on|with)[ \t]+(?:the[ \t]+)?"
    r"((?:[A-Z][\w'’&.-]*)(?:[ \t]+(?:(?:of|the|de|and|&)[ \t]+)*[A-Z][\w'’&.-]*)*)"
)


def named_item(text: str, value: Quantity | DateValue, hi: int) -> str:
    """The proper name a sum is spent at, paid to or given for, with its preposition ("at Harbor View Inn"), or "".

    In a list of expenses or payments ("$4,100 on a cruise, $5,200 at the Harbor View Inn and $300 at ..."),
    the words around a sum are the whole list's; the name right after it says what it was for. Empty for
    anything but money, and for a name of one word (a single name is too often a place or a person's).
    """
    if not isinstance(value, Quantity) or value.kind != "money":
        return ""
    m = _NAMED_ITEM.match(text, value.end, hi)
    name = m.group(2).rstrip(".") if m else ""
    return f"{m.group(1)} {name}" if m and len(item_keys(name)) >= 2 else ""


def item_keys(name: str) -> frozenset[str]:
    """The name words of a named item as keys ("Martha’s Vineyard Retreat" -> martha, vineyard, retreat)."""
    return frozenset(_name(w.rstrip(".")) for w in re.findall(r"[A-Z][\w'’&.-]*", name))


# A range whose first end is a bare number ("sentenced to one to three years", "5 to 10 percent"): the
# quantity read is only its second end, which the sentence does not state alone ("from 5 to 7 percent" does).
_BARE_NUMBER = r"(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_BARE_RANGE = re.compile(
    rf"(?<![\w.,])(?<!from ){_BARE_NUMBER}\s*(?:to|or|-|–)\s*$|\bbetween\s+{_BARE_NUMBER}\s+and\s+$", re.IGNORECASE
)
_RANGE_LINK = re.compile(r"\s*(?:to|or|-|–)\s*|\s+and\s+")
_BETWEEN = re.compile(r"\bbetween\s+$", re.IGNORECASE)


def range_ends(text: str, quantities: Sequence[Quantity]) -> set[tuple[int, int]]:
    """The spans of numbers that end a range or an alternative ("between 40 and 80 percent", "46 to 57 months").

    Either end read alone is not what the sentence states, so neither is compared as a value: "40 percent to
    70 percent" and "between 40 and 80 percent" would otherwise read as 40 against 80.
    """
    ordered = sorted(quantities, key=lambda q: q.start)
    out: set[tuple[int, int]] = set()
    for first, second in zip(ordered, ordered[1:], strict=False):
        link = _RANGE_LINK.fullmatch(text, first.end, second.start)
        if link and ("and" not in link.group() or _BETWEEN.search(text, max(0, first.start - 10), first.start)):
            out |= {(first.start, first.end), (second.start, second.end)}
    return out


def is_population(value: Quantity | DateValue) -> bool:
    """True for a count of the people who live somewhere ("200,000 residents", "home to 120,000 people")."""
    return isinstance(value, Quantity) and value.kind == "count" and (value.noun or "").endswith(POPULATION)


_COMMA = re.compile(r",")


def place_names(text: str, start: int, end: int, lo: int) -> frozenset[str]:
    """The names of the place a population belongs to: in its comma-bounded phrase and the phrase just before.

    A population is told in an apposition or relative clause of the place ("Marden island, home to 40,000
    people, and the port of Velo"; "The island, which has about 45,000 residents, lies ... west of the
    capital"): names further away in the sentence are other places (reference points, neighbours).
    """
    commas = [m.start() for m in _COMMA.finditer(text, lo, start)]
    begin = commas[-2] + 1 if len(commas) > 1 else lo
    phrase = text[begin:start]
    tokens = [m for m in re.finditer(r"[A-Za-z][A-Za-z'’-]*", phrase)]
    return frozenset(
        n for m in tokens if m.group()[0].isupper() and (begin + m.start() != lo or m.group().lower() not in STOP_WORDS)
        if (n := _name(m.group())) not in _CALENDAR
    )  # fmt: skip


def _shift(value: Quantity | DateValue, offset: int) -> Quantity | DateValue:
    if isinstance(value, Quantity):
        return Quantity(start=value.start + offset, end=value.end + offset,
                        **{f: getattr(value, f) for f in _QUANTITY_FIELDS})  # fmt: skip
    return DateValue(start=value.start + offset, end=value.end + offset, **{f: getattr(value, f) for f in _DATE_FIELDS})


def _from_layers(analysis: Analysis, start: int, end: int, dates: bool) -> tuple[Quantity | DateValue, ...]:
    """Rebuild the records of the `quantities` and `dates` spans inside start..end."""
    text = analysis.article.text
    out: list[Quantity | DateValue] = [
        quantity_of(span, text)
        for span in analysis.layers["quantities"]
        if isinstance(span, QuantitySpan) and start <= span.start and span.end <= end
    ]
    for span in analysis.layers["dates"] if dates else ():
        if isinstance(span, DateSpan) and start <= span.start and span.end <= end:
            out.append(date_of(span, text))
    return tuple(out)


def has_value_layers(analysis: Analysis) -> bool:
    """True when the analysis holds typed `quantities` and `dates` layers (a store written before may not)."""
    layers = analysis.layers
    if "quantities" not in layers or "dates" not in layers:
        return False
    return all(isinstance(s, QuantitySpan) for s in layers["quantities"]) and all(
        isinstance(s, DateSpan) for s in layers["dates"]
    )


def quantity_of(span: QuantitySpan, text: str) -> Quantity:
    """The quantity a `quantities` layer record states."""
    return Quantity(start=span.start, end=span.end, text=span.text_of(text), kind=span.label,  # type: ignore[arg-type]
                    value=span.value, unit=span.unit, precision=span.precision,
                    qualifier=span.qualifier, cue=span.cue, noun=span.noun, assumed=span.assumed)  # type: ignore[arg-type]  # fmt: skip


def date_of(span: DateSpan, text: str) -> DateValue:
    """The date value a `dates` layer record states."""

    def day(value: str | None) -> date | None:
        return date.fromisoformat(value) if value else None

    return DateValue(start=span.start, end=span.end, text=span.text_of(text), first=day(span.first),
                     last=day(span.last), granularity=span.granularity, relative=span.relative,  # type: ignore[arg-type]
                     anchor=day(span.anchor), anchor_source=span.anchor_source, qualifier=span.qualifier,  # type: ignore[arg-type]
                     cue=span.cue, rule=span.rule)  # fmt: skip


def _number(value: float) -> str:
    for scale, word in _SCALES:
        if abs(value) >= scale:
            return f"{value / scale:,.4g} {word}"
    return f"{value:,.10g}"


def display(record: Quantity | DateValue) -> str:
    """The normalised value in words a reader checks at a glance ("USD 118.7 billion", "Sep–Dec 2018")."""
    if isinstance(record, DateValue):
        return _date_display(record)
    cue = f"{record.cue.lower()} " if record.cue and record.qualifier != "exact" else ""
    if record.kind == "money":
        return f"{cue}{'$' if record.assumed and record.unit in DOLLARS else record.unit + ' '}{_number(record.value)}"
    if record.kind == "percent":
        return f"{cue}{record.value:g}{'%' if record.unit == 'percent' else ' percentage points'}"
    if record.kind == "duration":
        return f"{cue}{record.value:g} {record.unit}{'' if record.value == 1 else 's'}"
    noun = record.noun or ""
    if noun and record.value != 1:
        noun = plural(noun)
    return f"{cue}{_number(record.value)} {noun}".rstrip()


def _date_display(d: DateValue) -> str:
    if d.first is None or d.last is None:
        return d.text
    first, last = d.first, d.last
    if first == last:
        text = first.isoformat()
    elif (first.month, first.day, last.month, last.day) == (1, 1, 12, 31):
        text = str(first.year) if first.year == last.year else f"{first.year}–{last.year}"
    elif first.day == 1 and first.year == last.year and last.day == calendar.monthrange(last.year, last.month)[1]:
        text = f"{first:%b}–{last:%b %Y}" if first.month != last.month else f"{first:%b %Y}"
    else:
        text = f"{first.isoformat()} – {last.isoformat()}"
    prefix = {"since": "since ", "upper": "by ", "lower": "after ", "approx": "around "}.get(d.qualifier, "")
    return prefix + text


def normalized(record: Quantity | DateValue) -> str | float | None:
    """The machine-readable value: the number with its scale, or an ISO day range ("2018-01-01/2018-12-31")."""
    if isinstance(record, Quantity):
        return record.value
    if record.first is None or record.last is None:
        return None
    return record.first.isoformat() if record.first == record.last else f"{record.first}/{record.last}"


def stated(found: Found, group: int = 0) -> StatedValue:
    """The report record of a value."""
    record = found.record
    attrs = record.attrs()
    return StatedValue(
        article=found.article, claim=found.claim, start=found.start, end=found.end,
        sentence_start=found.sentence[0], sentence_end=found.sentence[1], normalized=normalized(record),
        display=display(record), attrs=attrs, group=group,
    )  # fmt: skip
