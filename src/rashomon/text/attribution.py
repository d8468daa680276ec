"""Reporting cues and the speaker phrases around them, found by rules over one sentence's words.

Words are tokens with absolute offsets. A cue is a reporting verb ("said", "told", "according to"); its
speaker is the noun phrase next to it: a named actor with its titles and appositive ("Zhao Xingshu, a
deputy director of ..., told"), a pronoun ("he said"), or a role ("a senior government official",
"the Chinese paper"). No parse is needed, so the blank pipeline extracts quotes as well as a trained one.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from rashomon.resources import wordlists as lexicon
from rashomon.text.genders import KINSHIP_NOUNS
from rashomon.text.terms import STOP_WORDS

# Two apostrophes or two backticks are one word: the double quotation mark they stand for (`quotemarks`).
_WORD = re.compile(r"[A-Za-zÀ-ÿ0-9](?:[\w’'.\-&]*[\w])?|[—–]|--|''|``|[^\w\s]")

# Verbs of saying that introduce a quote or a reported clause on their own.
STRONG_CUES = frozenset(
    """
    said says say told tells tell added adds noted notes wrote writes stated states argued argues warned
    warns explained explains insisted insists stressed stresses emphasized emphasised emphasizes emphasises
    mused muses asked asks replied replies responded responds countered counters continued continues
    declared declares acknowledged acknowledges admitted admits announced announces posted tweeted
    cautioned cautions conceded concedes confirmed confirms recalled recalls observed observes commented
    comments remarked remarks predicted predicts complained complains lamented laments concluded concludes
    reported reports claimed claims suggested suggests wondered wonders urged urges believes believe
    believed thinks think thought contended contends maintained maintains alleged alleges asserted asserts
    testified testifies estimated estimates vowed vows pledged pledges promised promises agreed agrees
    denied denies disputed disputes boasted boasts quipped quips joked jokes
    demanded demands shouted shouts exclaimed exclaims pleaded pleads retorted retorts snapped scoffed scoffs
    fumed fumes chided chides yelled yells whispered whispers recounted recounts reiterated reiterates
    interjected interjects
    """.split()
)
# Cues that report a clause with no "that" ("Loh said China ...", "Robertson believes the US ...").
BARE_CLAUSE_CUES = frozenset(
    """
    said says say believes believe believed thinks think thought wrote writes argued argues warned warns
    insisted insists suggested suggests noted notes stressed stresses claimed claims explained explains stated
    states mused muses predicted predicts conceded concedes contended contends
    """.split()
)
# Cues that report what a poll, study or record shows ("Polls in New Hampshire show the race ...").
DATA_CUES = frozenset(
    "show shows showed shown found finds indicate indicates indicated reveal reveals revealed".split()
)
DATA_ROLES = frozenset(
    "poll polls survey surveys study studies data figures report reports analysis research records "
    "documents statistics numbers estimates census audit review investigation".split()
)
# A document that speaks ("the statement said", "the letter reads", "the ad says") speaks for whoever issued it.
DOCUMENTS = frozenset(
    "statement letter email memo memorandum tweet post release filing complaint lawsuit resolution "
    "ad advertisement commercial".split()
)
# Cues that may stand after a quote with the speaker after them: '“...,” said Lü.'
INVERSION_CUES = frozenset(
    """
    said says added adds wrote writes asked asks continued noted notes explained insisted argued warned
    mused suggested stressed replied recalled observed declared countered cautioned concluded conceded
    quipped remarked commented explained wondered tweeted demanded shouted exclaimed pleaded retorted snapped
    scoffed fumed chided yelled whispered recounted reiterated interjected
    """.split()
)
# Verbs of criticism and praise that report what someone said of another ("Democrats accused the party of …").
JUDGING_CUES = frozenset(
    "accused accuses criticized criticised criticizes criticises blamed blames praised praises dismissed dismisses "
    "condemned condemns".split()
)
# Cues that need "that" or an adjacent quote to report speech ("added tariffs" is not speech).
PARTICIPLE_CUES = frozenset(
    "saying adding noting arguing warning suggesting stressing insisting explaining claiming telling "
    "calling describing urging asking declaring writing stating predicting cautioning".split()
)
# Cues that frame a quoted phrase: "what he described as “...”", "branded China a “...”".
LABEL_CUES = frozenset(
    "described describe describes calls call called calling brand branded brands labelled labeled dubbed "
    "termed characterized characterised".split()
)
ADVERBS = frozenset(
    "also later previously recently once then further repeatedly earlier publicly privately separately "
    "reportedly again has have had was were is are been just already simply flatly bluntly openly "
    "subsequently initially first frankly angrily quietly".split()
)
PRONOUNS = {"he": "PERSON", "she": "PERSON", "it": "ORG", "they": "PLURAL", "i": "PERSON", "we": "PLURAL"}
# A possessive a tagger marks as the source of a nominal report ("his response:", "her criticism of", "their
# call for") stands for whom its subject form would.
POSSESSIVES = {"his": "he", "her": "she", "its": "it", "their": "they", "my": "i", "our": "we"}

# Head nouns of a speaker given by role: unnamed people, and institutions.
PERSON_ROLES = frozenset(
    """
    official officials source sources expert experts analyst analysts observer observers diplomat diplomats
    critic critics spokesperson spokesman spokeswoman aide aides adviser advisers advisor advisors insider
    insiders person people resident residents lawmaker lawmakers legislator legislators economist economists
    scholar scholars academic academics researcher researchers executive executives investor investors
    minister ministers leader leaders politician politicians commentator commentators activist activists
    witness witnesses farmer farmers voter voters worker workers employee employees staff member members
    negotiator negotiators envoy envoys authorities analyst mps mp premiers governors pollster pollsters
    strategist strategists someone anyone one others many some several most few congressman congresswoman
    councilman councilwoman councillor assemblyman assemblywoman lawyer lawyers attorney attorneys
    prosecutor prosecutors officer officers family families relatives publicist publicists rep reps agent agents
    manager managers
    """.split()
)
INSTITUTION_ROLES = frozenset(
    """
    government ministry office department paper newspaper editorial report reports statement article
    administration agency embassy council committee board party company firm police military army court
    media outlet outlets broadcaster network campaign team white house kremlin commission bureau spokesman
    authority authorities data figures survey surveys poll polls study studies statistics court analysis
    research records documents census audit review investigation estimates letter email memo memorandum tweet
    filing complaint lawsuit resolution ad advertisement commercial
    """.split()
)
ROLE_HEADS = PERSON_ROLES | INSTITUTION_ROLES
# A capitalised plural of a party, creed or people speaks as a group: "Democrats said", "Texans say".
GROUP_NAME = re.compile(r"^[A-Z][a-z]+(?:ans|ats|ives|als|ists|ites)$")
_DETERMINERS = frozenset("a an the some many other several two three four most few his her its their our".split())
_PARENTHETICALS = (
    "for example",
    "for instance",
    "for its part",
    "for his part",
    "for her part",
    "meanwhile",
    "however",
    "in turn",
    "too",
    "in a statement",
    "in an interview",
)
_APPOSITIVE_OPENERS = frozenset("a an the former one who whose".split()) | lexicon.TITLES
_TEMPORAL = frozenset(
    lexicon.CALENDAR
    | {
        "today",
        "yesterday",
        "tonight",
        "earlier",
        "later",
        "week",
        "month",
        "year",
        "morning",
        "afternoon",
        "evening",
        "night",
    }
)
_TEMPORAL_LEAD = frozenset({"on", "last", "this", "late", "early", "earlier", "next", "local", "time"})


@dataclass(frozen=True, slots=True)
class Word:
    """A token of a sentence with absolute character offsets."""

    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        """The word in lower case, with a curly apostrophe made straight."""
        return self.text.lower().replace("’", "'")


@dataclass(frozen=True, slots=True)
class Mention:
    """An actor mention a speaker phrase can be built on: entity, outlet or pronoun."""

    start: int
    end: int
    label: str
    name: str | None


class Mentions(list[Mention]):
    """Actor mentions in text order, indexed by where each ends: speaker lookups ask once per word.

    A plain list works everywhere too; this one makes `mention_ending` and `speaker_after` cost a lookup
    instead of a pass over every mention of the article (5,000 mentions and cues: minutes, now linear).
    """

    def __init__(self, mentions: Iterable[Mention] = ()) -> None:
        super().__init__(mentions)
        self.starts = [m.start for m in self]
        self.by_end: dict[int, list[int]] = {}
        for index, m in enumerate(self):
            self.by_end.setdefault(m.end, []).append(index)

    def ending_near(self, end: int) -> list[Mention]:
        """The mentions that end at `end`, one or two characters before it, in list order."""
        found = sorted(i for at in (end, end - 1, end - 2) for i in self.by_end.get(at, ()))
        return [self[i] for i in found]

    def starting_in(self, start: int, end: int) -> list[Mention]:
        """The mentions that start within [start, end], in list order (the list is sorted by start)."""
        return self[bisect_left(self.starts, start) : bisect_right(self.starts, end)]


def _starting_at(mentions: list[Mention], start: int) -> list[Mention]:
    """The mentions that start at `start` (by bisection on `Mentions`, by a pass over a plain list)."""
    if isinstance(mentions, Mentions):
        return mentions.starting_in(start, start)
    return [m for m in mentions if m.start == start]


def mentions_in_order(mentions: Iterable[Mention]) -> list[Mention]:
    """`Mentions` for a list sorted by start (what `actor_mentions` returns); the list itself otherwise."""
    items = list(mentions)
    if all(a.start <= b.start for a, b in zip(items, items[1:], strict=False)):
        return Mentions(items)
    return items


@dataclass(frozen=True, slots=True, kw_only=True)
class Speaker:
    """A speaker phrase: its extent in the text, the actor it names (if any) and what kind of speaker."""

    start: int
    end: int
    text: str
    head: Mention | None = None
    role: str | None = None
    pronoun: str | None = None
    appositive: tuple[int, int] | None = None  # words describing the speaker beside the name
    group: bool = False  # a group label speaks ("Democratic lawmakers"), not one person


def words(text: str, start: int, end: int) -> list[Word]:
    """Tokenise text[start:end] into words and punctuation with absolute offsets.

    An abbreviation keeps its full stop ("Mr.", "Sen.", "Jr.", an initial "J."): a stop there ends no
    phrase, and splitting it off cut every titled speaker ('..., Mr. Trump said') at the title.
    """
    out: list[Word] = []
    for m in _WORD.finditer(text, start, end):
        if m.group() == "." and out and out[-1].end == m.start() and abbreviation(out[-1].text):
            out[-1] = Word(out[-1].text + ".", out[-1].start, m.end())
            continue
        out.append(Word(m.group(), m.start(), m.end()))
    return out


_SAYING = STRONG_CUES | INVERSION_CUES | BARE_CLAUSE_CUES | LABEL_CUES | DATA_CUES | JUDGING_CUES


def saying(word: str) -> bool:
    """Whether a cue word is a verb of saying, showing, naming or judging in any of its forms ("said",
    "arguing", "noting", "according"), not a verb a reported clause holds ("refused", "appeared")."""
    word = word.lower()
    if word in _SAYING or word in PARTICIPLE_CUES or word == "according":
        return True
    if not word.endswith("ing") or len(word) < 6:  # a base of three letters at least: "bring" is no "brs"
        return False
    base = word[:-3]
    forms = (base + "s", base + "es", base + "ed", base + "d", base[:-1] + "s" if base[-1:] == base[-2:-1] else "")
    return any(form in _SAYING for form in forms if form)


def abbreviation(word: str) -> bool:
    """A word its full stop belongs to: a title or common abbreviation, or a capital initial."""
    return (word.lower() + ".") in lexicon.ABBREVIATIONS or (len(word) == 1 and word.isupper())


# "X quoted Y as saying": the verbs of the idiom, and how far apart "quoted" and "as" stand at most (a speaker
# phrase between them, not a clause). The rules and the learned attributor read it the same way.
QUOTED_AS = frozenset({"saying", "telling", "stating", "writing"})
QUOTING = frozenset({"quoted", "quotes", "quoting", "quote"})
QUOTED_SPEAKER = 8
BE = frozenset("is are was were be been being".split())
# Words that open where the words were printed, not who is quoted ("was quoted in The Hill as saying").
_NOT_QUOTED_SPEAKER = lexicon.PREPOSITIONS | frozenset("in on by at from to".split())


def _quoted_before(ws: list[Word], i: int) -> bool:
    """Whether an active "quoted" stands a speaker phrase before word i ("quoted the foreign ministry as"), not
    a passive one with where the words were printed ("was quoted in The Hill as")."""
    for k in range(max(0, i - QUOTED_SPEAKER), i - 1):
        if ws[k].lower in QUOTING:
            passive = k > 0 and ws[k - 1].lower in BE
            return not passive and ws[k + 1].lower not in _NOT_QUOTED_SPEAKER
    return False


def cue_at(ws: list[Word], i: int) -> tuple[int, int] | None:
    """Return (first, last) word indexes of a cue starting at word i, or None."""
    w = ws[i].lower
    if w == "according" and i + 1 < len(ws) and ws[i + 1].lower == "to":
        return i, i + 1
    if w == "quoted" and i + 2 < len(ws) and ws[i + 1].lower == "as" and ws[i + 2].lower in QUOTED_AS:
        return i, i + 2  # the passive news idiom: "he was quoted as saying"
    if w == "as" and i + 1 < len(ws) and ws[i + 1].lower in QUOTED_AS and _quoted_before(ws, i):
        return i, i + 1  # the active one: "Xinhua quoted [the ministry] as saying": the words are the ministry's
    if w in STRONG_CUES or w in PARTICIPLE_CUES or w in LABEL_CUES or w in DATA_CUES:
        prev = ws[i - 1].lower if i else ""
        if w in ("say", "tell", "think", "believe") and prev in ("to", "would"):
            return None
        if prev in _DETERMINERS or prev.endswith(("'s", "’s", "s'")) or prev in ("these", "those", "such"):
            return None  # a noun: "Trump's comments", "the remarks"
        return i, i
    return None


def skip_adverbs_left(ws: list[Word], j: int) -> int:
    """Move j left past adverbs, auxiliaries and a time phrase ("on Wednesday") before a cue."""
    while j >= 0:
        low = ws[j].lower
        if low in ADVERBS or low in ("not", "n't"):
            j -= 1
        elif low in _TEMPORAL:
            j -= 1
            while j >= 0 and ws[j].lower in _TEMPORAL_LEAD:
                j -= 1
        else:
            return j
    return j


def skip_temporal_right(ws: list[Word], i: int) -> int:
    """Move i right past a time phrase after a cue ("said Tuesday", "on Wednesday", "this week")."""
    while i < len(ws):
        low = ws[i].lower
        if low in _TEMPORAL_LEAD and i + 1 < len(ws) and ws[i + 1].lower in _TEMPORAL | _TEMPORAL_LEAD:
            i += 1
        elif low in _TEMPORAL or low in ("in", "a", "statement", "interview") and _in_statement(ws, i):
            i += 1
        else:
            return i
    return i


def _in_statement(ws: list[Word], i: int) -> bool:
    text = " ".join(w.lower for w in ws[i : i + 3])
    return text.startswith(("in a statement", "a statement", "statement"))


def mention_ending(mentions: list[Mention], end: int, text: str | None = None) -> Mention | None:
    """Return the mention that ends exactly at `end`, or just before a possessive ending."""
    # A possessive ending is one or two characters, so only mentions ending there can qualify.
    for m in mentions.ending_near(end) if isinstance(mentions, Mentions) else mentions:
        if m.end == end:
            return m
        if text is not None and m.end < end and text[m.end : end] in ("'s", "’s", "'", "’"):
            return m
    return None


_MARKS = frozenset({"“", "”", '"', "‘", "’", "''", "``"})


def _is_modifier(word: Word) -> bool:
    low = word.lower
    if word.text[:1].isupper():
        return low not in STOP_WORDS or low in ("us",)
    if low in STOP_WORDS or not word.text[:1].isalpha():
        return False
    return not low.endswith(("ed", "ing")) or low in lexicon.TITLES


def extend_left(ws: list[Word], j: int, floor: int) -> int:
    """Return the first word index of the noun phrase ending at word j (titles, modifiers, determiner)."""
    k = j
    while k - 1 >= floor:
        prev = ws[k - 1]
        if _is_modifier(prev) or prev.lower.endswith(("'s", "’s")) or prev.text in _MARKS:
            k -= 1
            continue
        if prev.lower in _DETERMINERS:
            k -= 1
        break
    return k


def speaker_before(text: str, ws: list[Word], cue: int, mentions: list[Mention], floor: int = 0) -> Speaker | None:
    """Find the speaker phrase that ends just before the cue word at index `cue` (not before `floor`)."""
    j = skip_adverbs_left(ws, cue - 1)
    while j >= floor and ws[j].text in _MARKS:
        j -= 1
    j = _skip_parenthetical(ws, j, floor)
    if j < floor:
        return None
    word = ws[j]
    if word.lower in PRONOUNS:
        return Speaker(start=word.start, end=word.end, text=word.text, pronoun=word.lower)
    if word.lower in _RELATIVE_SUBJECTS and j == cue - 1 and ws[cue].lower in STRONG_CUES and ws[j - 1].text == ",":
        # "Sarah Lind, who said", "…, a gay and lesbian group, which said it was “wrong …”": the relative is the
        # cue's subject, and the speakers component finds the name it stands for; a role before it is the speaker
        # ("The congressman, who said"). The sentence's own subject ("The ad was denounced by …") is not it.
        before = speaker_before(text, ws, j - 1, mentions, floor) if j - 1 > floor else None
        if before is not None and before.head is None and before.role is not None:
            return before
        return Speaker(start=word.start, end=word.end, text=word.text)
    if word.text in (",", "—", "–"):
        return _appositive_speaker(text, ws, j, mentions, floor)
    head = mention_ending(mentions, word.end)
    if head is not None and text[head.start : head.end].lower() not in ROLE_HEADS:
        first = _index_at(ws, head.start)
        begin = extend_left(ws, first, floor) if first is not None else j
        begin, head = _prepositional_head(ws, begin, floor, head, mentions)
        start = min(ws[begin].start, head.start)
        return Speaker(start=start, end=word.end, text=text[start : word.end], head=head)
    titled = word.lower in lexicon.TITLES and j - 1 >= floor and ws[j - 1].lower in _DETERMINERS
    if word.lower in ROLE_HEADS or titled or GROUP_NAME.match(word.text):  # "officials said", "Democrats said"
        begin = extend_left(ws, j, floor)
        start, end = ws[begin].start, word.end
        close = next((m for m in ("”", '"', "''") if text.startswith(m, end)), None)
        if close is not None and any(m in text[start:end] for m in ("“", '"', "''", "``")):
            end += len(close)  # keep scare quotes whole: A “senior government official”
        return Speaker(start=start, end=end, text=text[start:end], role=word.lower)
    return None


_RELATIVE_SUBJECTS = frozenset({"who", "which"})
_DESCRIPTION_OPENERS = frozenset("the a an one another his her their its our".split())
# A possessive name opens a description as "her" does: "Kafoury's son, Charlie, said" (as "her son, Charlie").
_POSSESSIVE_NAME = re.compile(r"^[A-Z][\w-]*[’']s$")


def _described_name(text: str, ws: list[Word], comma: int, mentions: list[Mention], floor: int) -> Speaker | None:
    """A name set off by commas after its description: "the head of the relief service, Ann Lee, told".

    The name fills the words between the two commas; the description before it opens with a determiner
    ("the", "a", "one", "her": "one of her lawyers, Tom Kirsch, says") or a possessive name ("Kafoury's son,
    Charlie, said") within twelve words, with no punctuation between. The phrase runs from the description to the name.
    """
    head = mention_ending(mentions, ws[comma - 1].end, text) if comma else None
    if head is None or head.label != "PERSON":
        return None
    first = _index_at(ws, head.start)
    if first is None or first - 2 < floor or ws[first - 1].text != "," or mention_ending(mentions, ws[first - 2].end):
        return None
    opener = None  # the leftmost determiner before any punctuation: "the head of the relief service"
    for d in range(first - 2, max(floor, first - 14) - 1, -1):
        if ws[d].text in (",", ".", ";", ":", "“", "”", '"', "''", "``"):
            break
        if ws[d].lower in _DESCRIPTION_OPENERS or _POSSESSIVE_NAME.match(ws[d].text):
            opener = d
    if opener is None:
        return None
    start = ws[opener].start
    return Speaker(
        start=start, end=head.end, text=text[start : head.end], head=head, appositive=(start, ws[first - 2].end)
    )


def _skip_parenthetical(ws: list[Word], j: int, floor: int) -> int:
    """Move j left past a short bracketed tag after a name: "Rep. John Lewis (D-Ga.) said"."""
    if j < floor or ws[j].text != ")":
        return j
    for k in range(j - 1, max(floor, j - 6) - 1, -1):
        if ws[k].text == "(":
            return k - 1
    return j


def _prepositional_head(
    ws: list[Word], begin: int, floor: int, head: Mention, mentions: list[Mention]
) -> tuple[int, Mention]:
    """Extend "The New York Times" to "a report in The New York Times" when a role noun heads it.

    A person before "of"/"at" heads the phrase instead: "Cui Shoujun of China's Renmin University".
    """
    if begin - 2 >= floor and ws[begin - 1].lower in ("in", "of", "from", "at", "for", "on"):
        person = mention_ending(mentions, ws[begin - 2].end)
        if person is not None and person.label == "PERSON":
            first = _index_at(ws, person.start)
            return (extend_left(ws, first, floor) if first is not None else begin - 2), person
        if ws[begin - 2].lower in ROLE_HEADS:
            return extend_left(ws, begin - 2, floor), head
    return begin, head


def _index_at(ws: list[Word], start: int) -> int | None:
    # The first word that contains `start` or comes after it: the first one ending after it (words are
    # in order and do not overlap), found by bisection, not a scan from the sentence's start.
    index = bisect_right(ws, start, key=lambda w: w.end)
    return index if index < len(ws) else None


def _age_aside(aside: str) -> bool:
    """An age set off by commas, alone or before a home town or another apposition ("18", "45 , of queens",
    "31 , who has …"; the aside's words lower-cased and spaced), not an age that opens a clause ("24 , were
    arrested …": what was said)."""
    age, _, rest = aside.partition(" , ")
    opener = rest.split(" ", 1)[0]
    appositive = opener == "of" or opener in _APPOSITIVE_OPENERS or opener in PERSON_ROLES
    return age.isdigit() and len(age) <= 3 and (not rest or appositive or opener in lexicon.AFFILIATIONS)


def _appositive_speaker(text: str, ws: list[Word], comma: int, mentions: list[Mention], floor: int) -> Speaker | None:
    """Speaker before an appositive or aside: "Zhao Xingshu, a deputy director of ..., told"."""
    best = None
    mark = ws[comma].text
    for k in range(comma - 1, max(floor, comma - 40) - 1, -1):
        if ws[k].text != mark or k + 1 >= len(ws):
            continue
        head = mention_ending(mentions, ws[k - 1].end, text) if k else None
        aside = " ".join(w.lower for w in ws[k + 1 : comma])
        if head is None and k and ws[k - 1].lower in ROLE_HEADS and mark != ",":
            begin = extend_left(ws, k - 1, floor)
            return Speaker(
                start=ws[begin].start,
                end=ws[k - 1].end,
                text=text[ws[begin].start : ws[k - 1].end],
                role=ws[k - 1].lower,
            )
        if head is None:
            continue
        if mark != ",":
            best = (k, head)
            break
        opener = ws[k + 1].lower
        if aside in _PARENTHETICALS or (
            head.label == "PERSON"
            and (
                opener in _APPOSITIVE_OPENERS
                or opener in PERSON_ROLES
                or opener in lexicon.AFFILIATIONS
                or _age_aside(aside)  # "Makaeo Williams, 18, said"; "Ann Lee, 45, of Queens, said"
            )
        ):
            best = (k, head)
            break
        if head.label != "PERSON" and opener in ("a", "an", "the", "which"):
            best = (k, head)
            break
    if best is None:
        return _described_name(text, ws, comma, mentions, floor) if mark == "," else None
    k, head = best
    first = _index_at(ws, head.start)
    begin = extend_left(ws, first, floor) if first is not None else k - 1
    start = min(ws[begin].start, head.start)
    return Speaker(
        start=start,
        end=ws[comma - 1].end,
        text=text[start : ws[comma - 1].end],
        head=head,
        appositive=(ws[k + 1].start, ws[comma - 1].end),
    )


def speaker_after(
    text: str, ws: list[Word], cue: int, mentions: list[Mention], *, any_phrase: bool = False
) -> Speaker | None:
    """Find the speaker phrase right after a cue in inverted order: '..., said Colin Robertson, a ...'."""
    i = skip_temporal_right(ws, cue + 1)
    if i >= len(ws) or ws[i].lower in _NOT_INVERTED:
        return None
    end = i
    # Thirteen words without a stop already refuse the phrase: the scan need not go further.
    limit = min(len(ws), i + 13)
    while end < limit and ws[end].text not in {",", ".", "—", "–", "--", ";", ":", "!", "?", "(", "”", '"', "''", "``"}:
        end += 1
    if end == i or end - i > 12:
        return None
    span_start = ws[i].start
    span_end = _through_names(text, span_start, ws[end - 1].end, mentions)  # "General Manager A.J[.] Smith"
    span_end = _past_role(text, span_start, span_end, mentions)  # "…'s attorney, William McGinley"
    near = mentions.starting_in(span_start, span_end) if isinstance(mentions, Mentions) else mentions
    inside = [m for m in near if span_start <= m.start and m.end <= span_end]
    persons = [m for m in inside if m.label == "PERSON"]
    head = persons[-1] if persons else (inside[-1] if inside else None)
    if ws[i].lower in PRONOUNS and end == i + 1:
        return Speaker(start=span_start, end=span_end, text=ws[i].text, pronoun=ws[i].lower)
    role = next((w.lower for w in reversed(ws[i:end]) if w.lower in ROLE_HEADS), None)
    if head is None and role is None:
        if not any_phrase:
            return None
        role = ws[end - 1].lower
    return Speaker(
        start=span_start, end=span_end, text=text[span_start:span_end], head=head, role=None if head else role
    )


def clause_subject(text: str, ws: list[Word], lo: int, hi: int, mentions: list[Mention]) -> Speaker | None:
    """Return the subject phrase of the clause ws[lo:hi] (the sentence's actor, for participle cues)."""
    i = lo
    if i < hi and ws[i].lower in (
        "in",
        "on",
        "at",
        "during",
        "after",
        "before",
        "while",
        "also",
        "yet",
        "but",
        "and",
        "so",
        "however",
    ):
        comma = next((k for k in range(i, min(hi, i + 15)) if ws[k].text == ","), None)
        i = comma + 1 if comma is not None else i
    for k in range(i, min(hi, i + 12)):
        w = ws[k]
        if w.lower in PRONOUNS:
            return Speaker(start=w.start, end=w.end, text=w.text, pronoun=w.lower)
        head = mention_ending(mentions, w.end)
        possessive = w.lower.endswith(("'s", "’s")) or (k + 1 < hi and ws[k + 1].text in ("’", "'"))
        qualifies = head is not None and head.label != "PERSON" and k + 1 < hi and ws[k + 1].text[:1].isupper()
        if qualifies:
            continue  # an organisation or place before another name qualifies it: "Senate Democratic leader"
        if head is not None and not possessive and (k + 1 >= hi or mention_ending(mentions, ws[k + 1].end) is not head):
            start = ws[i].start
            return Speaker(start=start, end=w.end, text=text[start : w.end], head=head)
        named_next = k + 1 < hi and any(m.label == "PERSON" for m in _starting_at(mentions, ws[k + 1].start))
        if w.lower in ROLE_HEADS and not (k + 1 < hi and ws[k + 1].lower in ROLE_HEADS) and not named_next:
            return Speaker(start=ws[i].start, end=w.end, text=text[ws[i].start : w.end], role=w.lower)
        if not (_is_modifier(w) or w.lower in _DETERMINERS or w.lower.endswith(("'s", "’s")) or w.text == ","):
            return None
    return None


def role_kind(role: str | None) -> Literal["institutional", "anonymous"]:
    """Return "institutional" for an institution's role noun, else "anonymous"."""
    return "institutional" if role in INSTITUTION_ROLES and role not in PERSON_ROLES else "anonymous"


def _modifies(text: str, mention: Mention, end: int) -> bool:
    """A person's name that qualifies the noun after it inside a speaker phrase, when another person there
    speaks: "Obama's press secretary, Ben LaBolt", "Obama campaign spokeswoman Lis Smith" (not "Bob Woodward
    and Carl Bernstein": a function word next joins names, it qualifies nothing)."""
    after = text[mention.end : end]
    if after.startswith(("'s", "’s", "'", "’")):
        return True
    following = re.match(r"\s+([A-Za-z][\w-]*)", after)
    if following is None:
        return False
    word = following.group(1)
    # ... or a title written before the name that speaks: "Central Fire Department Chief James Steele", where
    # the model took the department for a person.
    return word not in STOP_WORDS if word[0].islower() else word.lower() in lexicon.TITLES


# What a person's name may qualify and still be who speaks: a work of theirs ("Harlow's statement", "Lee's
# study"): a document, a record or finding, an article. Any other role noun after the name, and the people
# around a person, speak for them instead.
WORKS = DOCUMENTS | DATA_ROLES | frozenset({"editorial", "article"})
_ENTOURAGE = frozenset("family camp allies supporters relatives".split()) | KINSHIP_NOUNS


def speaks_for(text: str, mention: Mention, end: int) -> bool:
    """Whether the noun a person's name qualifies is a body or people that speak for the person: "the Obama
    campaign", "Clinton's lawyers", "the Trump administration", "the Kennedy family" (not "Trump's tweet")."""
    for word in words(text, mention.end, end):
        if word.lower in _ENTOURAGE or (word.lower in ROLE_HEADS and word.lower not in WORKS):
            return True
        if word.lower in WORKS:
            return False
    return False


def _qualifies(text: str, mention: Mention, end: int) -> bool:
    """An organisation or place that qualifies the word after it in the phrase: before another capitalised
    word, itself or its possessive ("Senate Republicans", "Georgetown's Public Policy Institute"), or a place
    before any word ("Florida officials", "the Benghazi attacks"); an organisation before a role noun speaks
    through it ("a Navy spokesman")."""
    after = text[mention.end : end]
    if mention.label in ("GPE", "LOC"):
        return bool(re.match(r"\s+\w", after))
    return bool(re.match(r"(?:['’]s)?\s+[A-Z]", after))  # "Georgetown's Public Policy Institute" too


COMPLEMENT_PREPOSITIONS = frozenset("in at of for from on inside within".split())
# Words that open what follows a cue when no speaker does: its clause, or a preposition's phrase ("said in a
# 1996 interview with NBC" names no one).
_NOT_INVERTED = COMPLEMENT_PREPOSITIONS | {"that", "to", "by", "as", "with", "during", "after", "before", "about"}


def _complement(text: str, mention: Mention, start: int) -> bool:
    """An organisation or place after a preposition inside a speaker phrase completes another noun: "supporters
    in Congress", "officials at the Pentagon" speak, not Congress or the Pentagon."""
    return completes(text[start : mention.start])


def completes(before: str) -> bool:
    """Whether the words of a speaker phrase before a name end in a preposition (less an article) after a noun:
    the name then completes that noun ("officials at [the Pentagon]") and does not speak."""
    words = before.lower().split()
    # Articles and titles stand between the preposition and the name: "a spokesman for [Sen.] Tom Ruiz".
    while words and (words[-1] in ("the", "a", "an") or words[-1].rstrip(".") in lexicon.TITLES):
        words.pop()
    if len(words) > 1 and words[-1] == "to":
        return words[-2] != "according"  # "an aide to Tom Ruiz", "a source close to him"; "according to" names
    return len(words) > 1 and words[-1] in COMPLEMENT_PREPOSITIONS


def head_end(words: Sequence[str]) -> int:
    """Where a speaker phrase's head noun ends: before its first complement ("a senior official [at the embassy]"),
    else at its end."""
    return next((k for k in range(1, len(words)) if words[k].lower() in COMPLEMENT_PREPOSITIONS), len(words))


def speaker_in(text: str, start: int, end: int, mentions: list[Mention]) -> Speaker:
    """The speaker phrase text[start:end] as a tagger marked it: a pronoun, a named actor or a role."""
    end = _through_names(text, start, end, mentions)
    end = _past_role(text, start, _past_title(text, start, end, mentions), mentions)
    ws = words(text, start, end)
    if len(ws) == 1 and (ws[0].lower in PRONOUNS or ws[0].lower in POSSESSIVES):
        return Speaker(start=start, end=end, text=ws[0].text, pronoun=POSSESSIVES.get(ws[0].lower, ws[0].lower))
    inside = [m for m in mentions if start <= m.start and m.end <= end]
    # A person after a preposition completes a noun before it, as an organisation does: "Maral, a resident of
    # [Ashgabat]" (a place the model took for a person), "the wife of [John Hale]" speak, not the complement.
    persons = [m for m in inside if m.label == "PERSON" and not _complement(text, m, start)]
    # An organisation before a role noun speaks through it ("a Navy spokesman" is the Navy's voice); one before
    # another name qualifies it ("Senate Republicans"), one after a preposition completes it ("critics of").
    others = [
        m for m in inside if m.label != "PERSON" and not _qualifies(text, m, end) and not _complement(text, m, start)
    ]
    # A person's name that qualifies a noun after it gives way to an organisation that speaks: the tagger
    # took a place for a person in "Maral, 45, an Ashgabat resident who ..." and Maral for an organisation.
    # With none, the name speaks only through a work of theirs ("Harlow's letter"), never through a body or
    # people that speak for them ("the Harlow campaign", "Vance's lawyers", "the Okafor family").
    heads = [m for m in persons if not _modifies(text, m, end)] or others
    heads = heads or [m for m in persons if not speaks_for(text, m, end)]
    head = heads[0] if heads else None
    if head is None:
        head = _unrecognised_name(ws, mentions) or _name_before_appositive(text, ws)
    role = next((w.lower for w in reversed(ws) if w.lower in ROLE_HEADS), None)
    if head is None and role is None and ws:
        cut = head_end([w.text for w in ws])
        role = ws[cut - 1].lower  # the noun the phrase is about: "supporters" in "supporters in Congress"
    return Speaker(start=start, end=end, text=text[start:end], head=head, role=None if head else role)


def _through_names(text: str, start: int, end: int, mentions: list[Mention]) -> int:
    """Where a tagged phrase ends once a name it stops inside at a full stop is whole: the parser ends a sentence
    at the initials of "General Manager A.J. Smith", so the phrase stopped at "A.J". (A phrase that stops before
    a word the model took into a name, "Andrew Lopez" of a headline's "Andrew Lopez Confesses", stays.)"""
    if not text.startswith(".", end):
        return end
    near = mentions.starting_in(start, end - 1) if isinstance(mentions, Mentions) else mentions
    return max([end, *(m.end for m in near if start <= m.start < end < m.end)])


_APPOSITIVE_GAP = re.compile(r",[ \t]+")


def _past_role(text: str, start: int, end: int, mentions: list[Mention]) -> int:
    """Where a tagged speaker phrase ends once the role it stops at takes the name set beside it.

    A tagger may stop "the statement from Grimm's attorney, William McGinley" at the role: the person whose
    name qualifies the role ("Grimm's") is not the speaker, the one the appositive names is. Any role noun
    will do ("Kafoury's son, Charlie"), as long as every name before it qualifies it.
    """
    ws = words(text, start, end)
    if not ws or not ws[-1].text.isalpha() or not ws[-1].text.islower():  # a noun: "attorney", "son"
        return end
    inside = [m for m in mentions if start <= m.start and m.end <= end and m.label == "PERSON"]
    if any(not _modifies(text, m, end) for m in inside):
        return end
    return _person_after(text, _APPOSITIVE_GAP, end, mentions)


_TITLE_GAP = re.compile(r"\.?[ \t]{1,3}")
# Abbreviated titles and ranks, written with a full stop a parser may take for a sentence's end.
_RANKS = frozenset(
    "lt sgt capt col maj gen gov sen rep supt cmdr adm det insp cpl pvt atty pres rev dr prof mr mrs ms".split()
)


def _past_title(text: str, start: int, end: int, mentions: list[Mention]) -> int:
    """Where a tagged speaker phrase ends once a title it stops at takes the name after it.

    A parser may end a sentence at a rank's full stop, so the tagged phrase stops at "Troy police Lt";
    the name that follows ("Lt. Gerry Nolan", "Sgt. Maria Lopez") is the speaker.
    """
    ws = words(text, start, end)
    if not ws or (ws[-1].lower.rstrip(".") not in lexicon.TITLES and ws[-1].lower.rstrip(".") not in _RANKS):
        return end
    if text.startswith(".", end) and ws[-1].lower.rstrip(".") not in _RANKS:
        return end  # a full stop after a title written out ends its sentence: "... defense attorney. Nichols, who"
    return _person_after(text, _TITLE_GAP, end, mentions)


def _person_after(text: str, gap: re.Pattern[str], end: int, mentions: list[Mention]) -> int:
    """The end of the person mention that starts right after `gap` at `end`, or `end` when none does."""
    found = gap.match(text, end)
    if found is None:
        return end
    near = mentions.starting_in(found.end(), found.end()) if isinstance(mentions, Mentions) else mentions
    person = next((m for m in near if m.start == found.end() and m.label == "PERSON"), None)
    return person.end if person is not None else end


# Capitalised words at a phrase's head that are no one's name.
_NOT_NAMES = lexicon.TITLES | lexicon.ORG_HEADS | lexicon.CALENDAR | ROLE_HEADS | frozenset(PRONOUNS)


def _name_before_appositive(text: str, ws: list[Word]) -> Mention | None:
    """A name the model left untagged at the head of a phrase, known by the appositive set off after it: "Leyla,
    a resident of Hamburg who gave only her first name" (a first name alone, as people in the street give).
    Only inside a sentence: a capital that opens one says nothing ("Residents, a few of whom ...")."""
    caps = list(itertools.takewhile(lambda w: w.text[:1].isupper() and w.text.isalpha(), ws))
    if not caps or len(caps) > 3 or any(w.lower in STOP_WORDS or w.lower in _NOT_NAMES for w in caps):
        return None
    # A few characters before it, not the whole text: speaker_in runs once per quote.
    before = text[max(0, caps[0].start - 8) : caps[0].start].rstrip(" \t")
    if not before or before[-1] in ".!?:;\n" or (before[-1] in '"“' and before[-2:-1] not in (",", "?", "!")):
        return None
    after = re.match(r",\s+([\w-]+)(\s+(?:of|at|for|with)\b)?", text[caps[-1].end :])
    if after is None:
        return None
    opener = after.group(1)
    # ", a resident of", ", 45,", or a bare role noun and its preposition: ", publisher of the City Press".
    if not (opener.lower() in _APPOSITIVE_OPENERS or opener.isdigit() or (opener.islower() and after.group(2))):
        return None
    return Mention(start=caps[0].start, end=caps[-1].end, label="PERSON", name=" ".join(w.text for w in caps))


def _unrecognised_name(ws: list[Word], mentions: list[Mention]) -> Mention | None:
    """A surname NER missed in a tagged speaker phrase: the person of the article whose name ends with it.

    "Adams told WXYZ": the trained NER leaves "Adams" untagged in some sentences; the article's "Bill Adams"
    is who it is.
    """
    caps = [w for w in ws if w.text[:1].isupper() and w.lower not in STOP_WORDS and w.lower not in lexicon.TITLES]
    if not caps or len(caps) != len([w for w in ws if w.text[:1].isalpha() and w.lower not in lexicon.TITLES]):
        return None
    last = caps[-1].text.rstrip(".")
    for m in mentions:
        if len(caps) <= 3 and m.label == "PERSON" and m.name and m.name.split()[-1] == last:
            return Mention(start=caps[0].start, end=caps[-1].end, label="PERSON", name=m.name)
    return _name_after_title(ws)


def _name_after_title(ws: list[Word]) -> Mention | None:
    """A given and family name after a title in a phrase of capitalised words the model tagged nothing in:
    "Qualys CTO [Wolfgang Kandek]"."""
    titled = [k for k, w in enumerate(ws) if w.lower.rstrip(".") in lexicon.TITLES]
    name = ws[titled[-1] + 1 :] if titled else []
    if not 2 <= len(name) <= 3 or any(w.lower in _NOT_NAMES or not w.text.isalpha() for w in name):
        return None
    return Mention(start=name[0].start, end=name[-1].end, label="PERSON", name=" ".join(w.text for w in name))
