"""A neutral extractive summary: the most widely and independently reported facts first, each stated once.

`summarize` picks which claims to state and in what order; `neutral.neutral_summary` picks each claim's
wording, credits each sentence to the outlets that state it, and adds a headline when the story has none.
A sentence is never a photo caption, a cut-off fragment (no end, an open bracket, a stop on "Sen."), a
Title Case heading, a repeat of one already chosen or a "he" no sentence before it introduces, and loses
its dateline ("WASHINGTON —", "PARIS (Reuters) -").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

from rashomon.model.records import Claim, Summary, SummarySentence
from rashomon.text.terms import STOP_WORDS, stem, title_case

__all__ = [
    "MAX_SENTENCES",
    "MAX_WORDS",
    "MIN_WORDS",
    "REPEAT",
    "SENTENCE_END",
    "clean_sentence",
    "content_stems",
    "broken",
    "continues",
    "refers_back",
    "containment",
    "independent",
    "summarize",
]

MAX_SENTENCES = 6
MAX_WORDS = 160
MIN_WORDS = 6  # shorter "sentences" are headings, bylines or fragments, not facts
SUPPORTED = 0.0  # a one-source claim joins a story with shared claims when others state this much of it
REPEAT = 0.6  # a sentence whose content words are this much inside one already chosen repeats it

_DATELINE = re.compile(r"^\s*(?:[A-Z][A-Z.'’-]+(?:[ ,]+[A-Z][A-Za-z.'’-]+){0,4})\s*(?:\([^)]{1,40}\)\s*)?[—–-]{1,2}\s+")
_CAPTION = re.compile(
    r"\b(?:(?:AP|AFP|Reuters|Getty|File|EPA)\s+(?:Photo|Images)|Getty Images|Photo(?:graph)?:|"
    r"\(Photo\b|photo credit|[Ii]mage (?:source|credit)|pictured (?:above|here|left|right|center))"
)
SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s*$")  # a full stop, then closing marks
_WORD = re.compile(r"[\w’'-]+")
# "He won a Tony Award in 2004": a personal pronoun that opens a sentence points back to someone named before it.
_BACK_REFERENCE = re.compile(r"^\W*(?:he|she|they|him|her|his|hers|them|their|theirs)\b", re.IGNORECASE)
# A capitalised word after the first, not a day or a month: a name, a title, a body someone may stand for.
_NAMED = re.compile(
    r"(?<=\s)(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|"
    r"July|August|September|October|November|December)\b)[A-Z][a-z]"
)
_ARTICLE_END = re.compile(r"(?<![\w'’-])(?:a|an|the)\s*\.\s*$")  # no sentence ends on "a."
# A title that only ever stands before a name ("Reps.", "Sen.", "Dr."): a sentence splitter that stopped
# after one cut a sentence in two, and neither part is a sentence.
_TITLE_END = re.compile(
    r"(?<![\w.])(?:Reps?|Sens?|Gov|Govs|Lt|Gen|Col|Maj|Capt|Sgt|Cpl|Adm|Cmdr|Dr|Drs|Mr|Mrs|Ms|Messrs|Prof|Rev)\.\s*$"
)


def clean_sentence(text: str) -> str | None:
    """The sentence without its dateline, or None for a caption, a cut-off fragment or a heading."""
    text = " ".join(text.split())
    text = _DATELINE.sub("", text, count=1)
    if _CAPTION.search(text) or not SENTENCE_END.search(text) or not _balanced(text) or continues(text):
        return None
    first = text.lstrip("“\"'‘(")[:1]
    words = _WORD.findall(text)
    if not first or first.islower() or len(words) < MIN_WORDS:
        return None
    if title_case(text):
        return None  # Title Case throughout: a heading or a link's label ("Opens a New Window"), not a sentence
    return text


def refers_back(text: str) -> bool:
    """True when a sentence opens with a personal pronoun ("He", "Their"), whose person it names nowhere itself."""
    return _BACK_REFERENCE.match(text) is not None


def continues(text: str) -> bool:
    """True when a text stops on a title that only stands before a name: what follows is the same sentence."""
    return _TITLE_END.search(text) is not None


def broken(before: str, after: str) -> bool:
    """True when the sentence between `before` and `after` in its article is a piece the splitter cut off.

    Either the text before stops on a title ("... Reps." then "Jim Banks of Ohio.") or on an article ("She
    returned with a." then "357 Magnum, which she has a permit to carry.": the splitter read ".357" as a stop),
    or the text after goes on in lower case ("... along with “PIER NINE!”" then "and two more slogans.").
    """
    return continues(before) or _ARTICLE_END.search(before) is not None or after.lstrip()[:1].islower()


def _balanced(text: str) -> bool:
    """True when the quotation marks and brackets pair up: a sentence with a lone one is a piece that the
    sentence splitter cut ('No one I have ever talked to."'), not a statement."""
    quotes = text.count("“") == text.count("”") and text.count('"') % 2 == 0
    return quotes and text.count("(") == text.count(")")  # "... Richard Neal (D-Mass." stops inside brackets


def content_stems(text: str) -> frozenset[str]:
    """Stems of the content words of a text (no stop words, no punctuation)."""
    out = set()
    for word in _WORD.findall(text.lower()):
        word = word.strip("-’'").replace("’", "'")
        if word and word not in STOP_WORDS and any(c.isalnum() for c in word):
            out.add(stem(word.removesuffix("'s")))
    return frozenset(out)


def containment(a: frozenset[str], b: frozenset[str]) -> float:
    """Share of a's stems found in b (0 when a is empty)."""
    return len(a & b) / len(a) if a else 0.0


def independent(claim: Claim) -> int:
    """Independent sources carrying a claim: copies of one upstream passage count once."""
    return claim.sources if claim.sources is not None else len(claim.articles)


def summarize(
    claims: Sequence[Claim],
    *,
    wording: Callable[[Claim], str | None] | None = None,
    credit: Callable[[Claim, str], tuple[str, ...]] | None = None,
    support: Mapping[str, float] | None = None,
    max_sentences: int = MAX_SENTENCES,
    max_words: int = MAX_WORDS,
) -> Summary:
    """State the claims with the most independent sources first; never a caption, fragment or repeat.

    A claim several outlets carry only as copies of one text counts as one source. `wording` picks the
    sentence that states a claim (None skips it), `credit` the articles that state that sentence (default:
    the claim's articles), and `support` (claim id -> 0..1) ranks claims of equal reach: how much of the
    claim the other articles state in sentences the aligner did not join to it. Claims of a single source
    are used only when no claim has several, or when `support` says others state SUPPORTED of them too.
    """
    wording = wording or (lambda claim: claim.text)
    support = support or {}
    multi = [c for c in claims if independent(c) > 1]
    corroborated = [c for c in claims if independent(c) <= 1 and support.get(c.id, 0.0) >= SUPPORTED]
    pool = [*multi, *corroborated] if multi else list(claims)
    chosen: list[tuple[Claim, str, frozenset[str]]] = []
    words = 0
    for claim in sorted(pool, key=lambda c: (-independent(c), -support.get(c.id, 0.0), c.order)):
        if len(chosen) >= max_sentences:
            break
        raw = wording(claim)
        text = clean_sentence(raw) if raw is not None else None
        if text is None:
            continue
        stems = content_stems(text)
        if any(containment(stems, seen) >= REPEAT or containment(seen, stems) >= REPEAT for _, _, seen in chosen):
            continue
        size = len(text.split())
        if chosen and words + size > max_words:
            continue
        chosen.append((claim, text, stems))
        words += size
    # The most widely reported first, counting only the outlets that state the chosen wording (copies of
    # one text once); story order among facts of the same reach.
    credited = {claim.id: credit(claim, text) if credit else claim.articles for claim, text, _ in chosen}
    chosen.sort(key=lambda item: (-min(len(credited[item[0].id]), independent(item[0])), item[0].order))
    # A sentence opening with "He" or "Their" is left out when no sentence before it names anyone: the summary
    # would open with a pronoun no reader can place.
    placed: list[tuple[Claim, str, frozenset[str]]] = []
    named = False  # whether a sentence placed so far names anyone: one pass, not every earlier one per sentence
    for item in chosen:
        if named or not refers_back(item[1]):
            placed.append(item)
            named = named or _NAMED.search(item[1]) is not None
    chosen = placed
    sentences = tuple(
        SummarySentence(text=text, claim=claim.id, articles=credited[claim.id]) for claim, text, _ in chosen
    )
    return Summary(text=" ".join(s.text for s in sentences), sentences=sentences)
