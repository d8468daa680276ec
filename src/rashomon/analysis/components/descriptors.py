"""Descriptors: the words an article attaches to an actor's name.

Three places, all read off the text beside each person or organisation mention:
- before the name: titles and premodifiers ("President", "dictator", "Huawei executive and Chinese
  Communist Party royalty", "China's state-run");
- an appositive after it (", a professor at Nanyang Technological University ...,", "— one of the
  Canadians taken hostage —");
- an affiliation after it ("Mark Ceolin of the Canadian Chamber of Commerce");
- a description set before the name with a comma ("her nephew, Ravi Singh", "NY1's Washington
  reporter, Michael Scotto") or in a relative clause ("Clinton, who is often described as the ...");
- a sentence's subject that describes instead of naming ("The Illinois Democrat faces ..."), tied to the
  person the previous sentences last named (label `anaphor`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Container, Sequence

from rashomon.model.layers import DescriptorSpan, EntitySpan
from rashomon.model.records import Analysis, Span
from rashomon.resources import wordlists as lexicon
from rashomon.text import attribution as at
from rashomon.text.quantities import is_plural
from rashomon.text.quotemarks import Quoted, inside_quote, quoted_spans
from rashomon.text.terms import STOP_WORDS

SPEECH_WORDS = frozenset(w.lower() for w in at.STRONG_CUES | at.BARE_CLAUSE_CUES | at.INVERSION_CUES)

# Lower-case words that may describe a person before the name ("former", "pro-democracy", "narco-terrorist").
MODIFIERS = frozenset(
    """
    former senior top chief deputy acting outgoing incoming late veteran longtime long-time then so-called
    embattled beleaguered disgraced jailed detained imprisoned exiled ousted alleged accused convicted
    notorious controversial hardline hard-line moderate populist far-right far-left right-wing left-wing
    billionaire millionaire royalty mogul tycoon strongman autocrat dictator regime communist socialist
    conservative liberal progressive media tech technology business party opposition foreign policy
    prime vice state-run state-owned state-controlled state-backed pro-democracy pro-beijing pro-china
    anti-china influential powerful prominent leading renowned respected celebrated beloved hawkish dovish
    """.split()
)
_ADJECTIVE_END = re.compile(r"(?:an|ese|ist|ic|al|ive|ous|ary|ish|ian|-\w+)$")
_APPOSITIVE_START = frozenset("a an the former one now then also".split())
_PERSON_NOUNS = lexicon.TITLES | at.PERSON_ROLES | MODIFIERS | frozenset("one member citizen national".split())
_MAX_APPOSITIVE_WORDS = 30


def _describes(word: at.Word) -> bool:
    """True when a word left of a name belongs to its description."""
    low = word.lower.rstrip(".")
    if word.text[:1].isupper():
        return (
            low not in STOP_WORDS
            and low not in lexicon.CALENDAR
            and not word.text.isupper()
            or (word.text.isupper() and len(word.text) > 1)
        )
    if low in lexicon.TITLES or low in MODIFIERS or low in at.ROLE_HEADS:
        return True
    return "-" in low and bool(_ADJECTIVE_END.search(low))


# A lower-case word that names what a person is ("candidate", "reporter", "accountant", "nephew"), read by
# its ending where the role lists do not have it; the words before it describe it ("likely GOP presidential").
_ROLE_ENDING = re.compile(r"(?:er|or|ist|ant|ent|man|woman|person|ian|ate|ee|eer|ess|ive|ew|ter|mother|father)s?$")
_NOT_ROLES = frozenset("after other under over never ever whether either neither later water order per".split())
_PREMODIFIER_WORDS = 5


def _role_noun(word: at.Word) -> bool:
    """True for a lower-case word that names a role, from the role lists or by its ending."""
    low = word.lower.rstrip(".")
    if not word.text[:1].islower() or low in STOP_WORDS or low in _NOT_ROLES or low in SPEECH_WORDS:
        return False
    return low in lexicon.TITLES or low in at.ROLE_HEADS or low in at.PERSON_ROLES or bool(_ROLE_ENDING.search(low))


def role_premodifier(ws: list[at.Word], index: int) -> tuple[int, int] | None:
    """The description before a name whose last word is a role noun: "likely GOP presidential candidate"."""
    if index == 0 or not _role_noun(ws[index - 1]):
        return None
    k = index - 1
    while k - 1 >= 0 and index - (k - 1) <= _PREMODIFIER_WORDS:
        prev = ws[k - 1]
        low = prev.lower.rstrip(".")
        if (
            low in STOP_WORDS
            or low in SPEECH_WORDS
            or low in lexicon.PREPOSITIONS
            or prev.text.endswith((",", ";", ":"))
        ):
            break
        if prev.lower.endswith(("'s", "’s")) or (k - 2 >= 0 and _verb(prev, ws[k - 2])):
            break
        k -= 1
    return ws[k].start, ws[index - 1].end


def _verb(word: at.Word, before: at.Word) -> bool:
    """A participle that is a verb, by the word before it: an auxiliary or a subject pronoun ("who has endorsed",
    "she endorsed"), or a name or a noun before a past form ("Obama endorsed", "the firm hired"). "the embattled
    mayor", "his disgraced former aide", "convicted cop killer" after "that", and "-ing" nouns after a name ("WWE
    wrestling executive", "Oscar winning screenwriter") keep theirs."""
    if not word.text[:1].islower() or not word.lower.endswith(("ed", "en", "ing")):
        return False
    low = before.lower.rstrip(",")
    if low in lexicon.VERB_BEFORE or low in lexicon.SUBJECT_PRONOUNS:
        return True
    if not word.lower.endswith("ed") or low in STOP_WORDS or low.rstrip(".") in lexicon.TITLES:
        return False
    if before.text[:1].isupper():
        return True  # a name, then a past form: "Obama endorsed"
    # a noun, then a past form ("the firm hired"); an adverb or a describing word goes on ("newly elected")
    return not low.endswith("ly") and low not in MODIFIERS


def _descriptor_noun(word: at.Word) -> bool:
    low = word.lower.rstrip(".")
    return word.text[:1].islower() and (low in lexicon.TITLES or low in MODIFIERS or low in at.ROLE_HEADS)


_NEXT_WORD = re.compile(r"[ \t]+([A-Za-z][\w’'-]*)")


def _modifies_a_name(text: str, end: int) -> bool:
    """Whether an organisation's name stands before another capitalised word it qualifies ("leading Senate
    Democrats", "a half-dozen House Republicans"): the words before it describe that, not the organisation. A day
    or month after it is no such word ("in French newspaper Le Parisien Wednesday")."""
    m = _NEXT_WORD.match(text, end)
    return m is not None and m.group(1)[:1].isupper() and m.group(1).lower().rstrip(".") not in lexicon.CALENDAR


def premodifier(text: str, ws: list[at.Word], index: int) -> tuple[int, int] | None:
    """Return the span of the description before the word at `index` (the name's first word)."""
    k = index
    while k - 1 >= 0:
        prev = ws[k - 1]
        if prev.lower.endswith(("'s", "’s")) and prev.text[:1].isupper():
            k -= 1
            break
        if prev.lower == "and" and k - 2 >= 0 and _descriptor_noun(ws[k - 2]) and k < index:
            k -= 1
            continue
        if prev.lower == "of" and k < index and k - 2 >= 0 and ws[k - 2].lower.rstrip(".") in lexicon.TITLES:
            if ws[k - 2].text[:1].isupper() and ws[k].text[:1].isupper():
                k -= 1  # a title with its office: "Secretary of State John Kerry", "Minister of Finance Ann Lee"
                continue
        if not _describes(prev):
            break
        k -= 1
    while k < index and (ws[k].lower in STOP_WORDS or ws[k].lower == "and"):
        k += 1
    if k == index:
        return None
    return ws[k].start, ws[index - 1].end


# What may stand between a name and its appositive: a suffix ("III", "Jr."), an age (", 48"), a party tag.
_NAME_TAIL = re.compile(
    r"(?:,?\s+(?:Jr|Sr)\.?|\s+(?:II|III|IV))?(?:,\s*\d{1,3}(?=\s*,))?(?:\s+\([A-Z](?:-[A-Z][\w.]*)?\))?"
)
# A relative clause that describes: "Clinton, who is often described as the Democratic frontrunner".
_DESCRIBING_CLAUSE = re.compile(
    r"\s*,\s+who\s+(?:is|was|has\s+been)\s+(?:(?:\w+ly|often|also|now|still)\s+)?(?:(?:described|known|seen|regarded|considered)\s+as\s+)?(?=(?:a|an|the)\s)"
)


def appositive(text: str, end: int, limit: int) -> tuple[int, int] | None:
    """Return the span of an appositive right after a name: ', a professor at ...,' or '— one of ... —'."""
    end += len(_NAME_TAIL.match(text, end, limit).group())  # type: ignore[union-attr]
    clause = _DESCRIBING_CLAUSE.match(text, end, limit)
    m = re.match(r"\s*(,|—|–| -- )\s*", text[end:limit])
    if clause:
        mark, start = ",", clause.end()
    elif m:
        mark, start = m.group(1).strip(), end + m.end()
    else:
        return None
    first = re.match(r"[\w’'-]+", text[start:limit])
    if not first:
        return None
    word = first.group().lower().rstrip(".")
    if word not in _APPOSITIVE_START and word not in lexicon.TITLES and word not in at.PERSON_ROLES | _ROLE_WORDS:
        return None
    if (
        not clause
        and word in ("the", "now", "then", "also")
        and not any(w.lower().strip(",.’'") in _DESCRIBED_NOUNS for w in text[start:limit].split()[1:6])
    ):
        return None  # "the challenge is ...", "the secret execution of ...": a clause or a list, not a role
    stop = {",": r"[,.;:()—]", "—": r"[—.;()]", "–": r"[–.;()]", "--": r"--|[.;()]"}[mark]
    finish = _clause_end(text, start, limit, stop)
    finish = start + len(text[start:finish].rstrip())
    if len(text[start:finish].split()) > _MAX_APPOSITIVE_WORDS or finish <= start:
        return None
    return start, finish


_ABBREVIATIONS = frozenset("gov sen rep dr mr mrs ms jr sr st lt gen col sgt capt inc co corp no vs mt ft".split())


def _abbreviation(text: str, at_: int) -> bool:
    """True for a period that closes an abbreviation ("F.B.I.", "Gov.", "U.S.") rather than a sentence."""
    after = text[at_ + 1 : at_ + 3]
    token = re.search(r"([\w.]+)$", text[max(0, at_ - 12) : at_])
    word = token.group(1) if token else ""
    if after[:1].isalnum():
        return True  # inside "F.B.I"
    if word.lower() in _ABBREVIATIONS or (len(word) == 1 and word.isupper()) or "." in word:
        return True
    return after[:1] == " " and after[1:2].islower()


def _clause_end(text: str, start: int, limit: int, stop: str) -> int:
    """End of an appositive; a comma followed by a capitalised name continuation does not end it."""
    pos = start
    while True:
        m = re.compile(stop).search(text, pos, limit)
        if m and m.group() == "." and _abbreviation(text, m.start()):
            pos = m.end()
            continue
        if not m:
            return limit if stop.startswith("[,") is False else start
        after = text[m.end() : limit]
        cont = re.match(r"\s*((?:[A-Z][\w’'-]*|of|and|the|for)(?:\s+(?:[A-Z][\w’'-]*|of|and|the|for))*)\s*,", after)
        if m.group() == "," and cont and cont.group(1)[:1].isupper():
            pos = m.end() + cont.end(1)
            continue
        return m.start()


def affiliation(text: str, end: int, limit: int) -> tuple[int, int] | None:
    """Return the span of 'of the Canadian Chamber of Commerce' right after a person's name."""
    m = re.match(r" of (?:the )?((?:[A-Z][\w’'.-]*)(?: (?:of|for|and|the|[A-Z][\w’'.-]*))*)", text[end:limit])
    if not m:
        return None
    return end + 1, end + len(m.group().rstrip("."))


def _after_preposition(text: str, start: int) -> bool:
    """True for a name that opens a sentence-initial phrase ("For Carney, the challenge is ...")."""
    before = text[max(0, start - 12) : start].split()
    return bool(before) and before[-1] in ("For", "To", "With", "Like", "Unlike", "As")


# Role nouns the role lists lack and their endings miss: kin, party members, "head" of something.
_ROLE_WORDS = frozenset(
    """
    head boss leader member partner aide adviser advisor nephew niece son daughter wife husband mother father
    brother sister grandmother grandfather grandson granddaughter cousin uncle aunt friend colleague neighbor
    neighbour resident lawmaker congressman congresswoman senator reporter lawyer attorney spokesman
    spokeswoman spokesperson democrat republican progressive conservative liberal libertarian socialist
    """.split()
)
# What an organisation is called ("Dutch firm Vandermeer", "Vandermeer, one of the country's ... shipbuilders").
_ORG_NOUNS = frozenset(
    """
    firm company group agency bank maker retailer chain brand jeweler jeweller merchant merchants newspaper
    network broadcaster outlet organization organisation charity union manufacturer carmaker producer
    """.split()
)
_DESCRIBED_NOUNS = _PERSON_NOUNS | _ROLE_WORDS | _ORG_NOUNS
_DETERMINERS = frozenset("a an the his her their its our".split())
_PREPOSITIONS = frozenset("of for at in from with on".split())
_MAX_PREPOSED_WORDS = 12
_PUNCTUATION = frozenset(',;:.!?"“”‘’()—–')


def _is_role(word: at.Word) -> bool:
    """A word that names what a person is: the role lists, a role ending, kin and party nouns, either case."""
    low = word.lower.rstrip(".")
    if low in _ROLE_WORDS or _role_noun(word):
        return True
    return "-" in low and any(p in _ROLE_WORDS or p in lexicon.TITLES for p in low.split("-"))


# Nouns a described subject cannot be a person by: institutions and documents ("The Obama administration", "The
# White House report"), "-ment" nouns ("The decisive moment", "The president's endorsement"), collectives.
_NOT_PERSONS = (at.INSTITUTION_ROLES - at.PERSON_ROLES) | frozenset("people public".split())


def _person_role(word: at.Word) -> bool:
    """A role noun that names a person, for a described subject: a role (`_is_role`) that is no institution,
    document, "-ment" noun or collective, and no past verb the endings take for a role ("withdrew", "went"). A
    bare "man" is no role: "The young man" is as often a new person (the student a congressman grabbed) as the
    one named before; over the 91 unannotated stories all three such links were wrong."""
    low = word.lower.rstrip(".")
    if not _is_role(word) or low in _NOT_PERSONS or low.endswith("ment"):
        return False
    return _listed_role(word) or not (low.endswith("ew") or len(low) <= 4)


def _listed_role(word: at.Word) -> bool:
    """A role noun the lists name (not guessed from its ending: "represents" ends like "agents")."""
    low = word.lower.rstrip(".")
    return low in _ROLE_WORDS or low in lexicon.TITLES or low in at.PERSON_ROLES or low in at.ROLE_HEADS


def _role_head(ws: list[at.Word], first: int, last: int) -> int | None:
    """The person's role noun heading ws[first..last] when it is a description, else None: the first role noun
    that ends the phrase or that a preposition follows ("the son of Cuban immigrants", "Boehner's chief of
    staff"; not an institution's, "the chairman of the transit board", nor another person's title, "co-chairman
    of President Barack Obama's campaign")."""
    for k in range(first, last + 1):
        if not _person_role(ws[k]) or is_plural(ws[k].text) or ws[k].lower.endswith("s'"):
            continue  # one person is described by a singular noun: "reviews from economists, Summers said"
        if k < last and ws[k].text[:1].isupper() and ws[k + 1].text[:1].isupper():
            continue
        if k == last or ws[k + 1].lower in _PREPOSITIONS:
            return k
    return None


def preposed(ws: list[at.Word], index: int, person_ends: Container[int] = ()) -> tuple[int, int] | None:
    """The description set before ", NAME": "her nephew, Ravi Singh", "the governor-general of X, NAME".

    Not one set off after another person's name, whose apposition it is ("Under O'Brien, the former head coach
    of the Boston Celtics, Iverson moved"), unless an "and" lists it ("Bridget Kelly, and his campaign manager,
    Bill Stepien"); a description that ends in its role noun starts after the last
    preposition before it ("concealing the conduct of the former dairy manager, Kyle Beus")."""
    if index < 2 or ws[index - 1].text != ",":
        return None
    last = index - 2
    k = last
    while k >= 0 and last - k < _MAX_PREPOSED_WORDS:
        w = ws[k]
        if w.text in _PUNCTUATION or w.lower in SPEECH_WORDS:
            break
        if w.lower in STOP_WORDS and w.lower not in _DETERMINERS | _PREPOSITIONS | MODIFIERS | {"and"}:
            return None  # "according to the lawyer, Smith ...": a clause, not a description
        k -= 1
    after_name = k > 0 and ws[k].text == "," and ws[k - 1].end in person_ends and ws[k + 1].lower != "and"
    if last - k >= _MAX_PREPOSED_WORDS or after_name:
        return None
    first = k + 1
    while first <= last and (ws[first].lower in _PREPOSITIONS or ws[first].lower == "and"):
        first += 1
    head = _role_head(ws, first, last) if first <= last else None
    if head is None:
        return None
    if head == last:
        if head > first and ws[head - 1].text[:1].isdigit():
            return None  # "Walker with 14 percent, Ted Cruz": a measure, no one's description
        first = max([first, *(i + 1 for i in range(first, last) if ws[i].lower in _PREPOSITIONS)])
    return ws[first].start, ws[last].end


def definite_subject(ws: list[at.Word]) -> tuple[int, int] | None:
    """A sentence subject that describes rather than names: "The Illinois Democrat faces ...".

    "the" and at least one modifier before a singular role noun, at the sentence start or after an opening
    phrase ("Earlier this week, the colorful and sometimes combative congressman who ..."), followed by a
    verb, "who" or a comma, never by a name ("The Democratic candidate John Smith") or "of".
    """
    starts = [0] + [i + 1 for i, w in enumerate(ws[:8]) if w.text == ","][:1]
    for first in starts:
        if first >= len(ws) or ws[first].lower != "the":
            continue
        k = first + 1
        while k < len(ws) and k - first <= 7:
            w = ws[k]
            if _person_role(w) and k > first + 1 and not w.lower.endswith("s"):
                while k + 1 < len(ws) and ws[k + 1].text[:1].islower() and _listed_role(ws[k + 1]):
                    k, w = k + 1, ws[k + 1]  # "combative congressman": the head is the last role word
                after = ws[k + 1] if k + 1 < len(ws) else None
                if after is None or after.text[:1].isupper() or after.lower in _PREPOSITIONS | {"'s", "’s"}:
                    return None
                return ws[first].start, w.end
            if w.text in _PUNCTUATION or (w.lower in STOP_WORDS and w.lower not in ("and", "sometimes")):
                break
            k += 1
    return None


# "the mayor's Twitter account", "his Facebook page": a name right after a possessive is a thing of the possessor's
# (a trained model may still tag it a person), never the one a described subject refers back to.
_POSSESSOR_BEFORE = re.compile(r"(?:['’]s|\b(?:his|her|their|its|my|our|your))\s+$", re.IGNORECASE)


def _antecedent(analysis: Analysis, sentence: Span, quoted: Sequence[Quoted], back: int = 2) -> Span | None:
    """The person a described subject refers back to: the first person named outside quotation marks in the
    nearest of the previous `back` sentences that names one, else the article's most named person before it.

    A sentence whose subject is a description ("The billionaire ex-Republican, who …") continues the topic of
    the sentence before, and news puts that topic first, as its subject: "Bloomberg was a vocal critic of
    the Republican candidate … long before backing Clinton's White House run. The financial industry tycoon …"
    is Bloomberg, not Clinton, the last person named. A name inside a quote is the speaker's topic, not the
    article's ("“… about Donald Trump …,” Bloomberg said") unless no other is named near."""
    # A lone capitalised word (NAME?) is a person only when it is part of a person's name in the article
    # ("Okafor" beside "Ruth Okafor"); otherwise it is as often a place or a sentence's first word.
    surnames = {w for e in analysis.entities if e.label == "PERSON" for w in _name(e).split()}
    text = analysis.article.text
    before = [
        e
        for e in analysis.entities
        if e.end <= sentence.start
        and (e.label == "PERSON" or (e.label == "NAME?" and _name(e) in surnames))
        and not _POSSESSOR_BEFORE.search(text, max(0, e.start - 8), e.start)
    ]
    window = [s for s in analysis.sentences if s.end <= sentence.start][-back:]
    for previous in reversed(window):
        named = [e for e in before if previous.start <= e.start < previous.end and not inside_quote(e.start, quoted)]
        if named:
            return min(named, key=lambda e: e.start)
    near = [e for e in before if window and e.start >= window[0].start]  # named only inside quotes
    if near:
        return max(near, key=lambda e: e.start)
    # A described subject with no name nearby is, in news, the article's main actor ("The second-term
    # congressman represents ..."): the person named most often so far, if any is named twice.
    counts = Counter(_name(e).split()[-1] for e in before if e.label == "PERSON" and _name(e))
    if not counts or counts.most_common(1)[0][1] < 2:
        return None
    top = counts.most_common(1)[0][0]
    return max((e for e in before if e.label == "PERSON" and _name(e).split()[-1:] == [top]), key=lambda e: e.start)


def _name(span: Span) -> str:
    return str(getattr(span, "name", None) or span.attrs.get("name") or "")


class Descriptors:
    """Collect the descriptors of every person and organisation mention."""

    def __call__(self, analysis: Analysis) -> Analysis:
        """Assign the `descriptors` layer: one `DescriptorSpan` per description, naming its mention."""
        text = analysis.article.text
        out: list[DescriptorSpan] = []
        quoted = quoted_spans(text)
        person_ends = {e.end for e in analysis.entities if e.label == "PERSON"}
        for sentence in analysis.sentences:
            ws = at.words(text, sentence.start, sentence.end)
            starts = {w.start: i for i, w in enumerate(ws)}
            for ent in analysis.entities:
                if not (sentence.start <= ent.start < sentence.end) or ent.label not in ("PERSON", "ORG", "NAME?"):
                    continue
                name = ent.name if isinstance(ent, EntitySpan) else None
                mention = Span(start=ent.start, end=ent.end)
                found = []
                if ent.start in starts and not (ent.label == "ORG" and _modifies_a_name(text, ent.end)):
                    title = premodifier(text, ws, starts[ent.start])
                    wider = role_premodifier(ws, starts[ent.start]) if ent.label != "ORG" else None
                    if wider is not None and (title is None or wider[0] < title[0]):
                        title = (wider[0], title[1] if title is not None else wider[1])
                    found.append(("title", title))
                if not _after_preposition(text, ent.start):
                    found.append(("appositive", appositive(text, ent.end, sentence.end)))
                if ent.label == "PERSON":
                    found.append(("affiliation", affiliation(text, ent.end, sentence.end)))
                if ent.label != "ORG" and ent.start in starts:
                    found.append(("preposed", preposed(ws, starts[ent.start], person_ends)))
                for where, span in found:
                    if span is not None and text[span[0] : span[1]].strip():
                        out.append(DescriptorSpan(start=span[0], end=span[1], label=where, name=name, mention=mention))
            subject = definite_subject(ws)
            person = _antecedent(analysis, sentence, quoted) if subject is not None else None
            if subject is not None and person is not None:
                name = getattr(person, "name", None) or person.attrs.get("name")
                mention = Span(start=person.start, end=person.end)
                out.append(
                    DescriptorSpan(start=subject[0], end=subject[1], label="anaphor", name=name, mention=mention)
                )
        return analysis.with_layer("descriptors", tuple(out))


def register_components(register: Callable[..., None]) -> None:
    """Register the descriptors component."""
    register("descriptors", Descriptors, requires=("sentences", "entities"), assigns=("descriptors",), version=1)
