"""Statement-level contradictions between two aligned sentences: one negates what the other states plainly.

Only clear cases count: a negation ("did not", "never", "no", "denied") directly before a content word
(the predicate) in one sentence, the same predicate un-negated in the other, which holds no negation at
all, and the same argument next to the predicate in both ("did not meet Xi" / "met Xi on Friday").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rashomon.text.attribution import STRONG_CUES
from rashomon.text.terms import STOP_WORDS
from rashomon.text.terms import stem as snowball

_TOKEN = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")
NEGATIONS = frozenset({"not", "never", "no", "cannot", "deny", "denies", "denied", "denying"})
# Negative contractions as web copy often writes them, without the apostrophe ("I cant speak", "he doesnt know").
_BARE_NEGATIONS = frozenset(
    "cant dont doesnt didnt wont isnt wasnt arent werent couldnt wouldnt shouldnt hasnt havent hadnt".split()
)
# Words that make the next word a noun ("four scores", "the win"), not the verb a negation denies ("has not scored").
# Not "that", which as often opens a clause whose verb follows ("the bill that passed the Senate").
_NOUN_MARKERS = frozenset(
    "a an the his her their its our my your these those two three four five six seven eight nine ten several many "
    "few".split()
)
_COORDINATORS = frozenset({"and", "or", "but", "nor"})
_AUXILIARIES = frozenset("have has had is are was were am be remain remains remained".split())  # before "yet to"
# Skipped between a negation and its predicate: auxiliaries, articles, pronouns, a few adverbs.
_SKIP = frozenset(
    "be been being is was were are am have has had yet ever a an any the that it they he she we i you having also "
    "even formally officially publicly directly immediately really actually personally again initially so".split()
)
# "not only", "no longer", "no more than": a negation word that does not deny the predicate.
_IDIOMS = frozenset("only just least merely necessarily to longer doubt more less later sooner matter one".split())
_HEDGES = frozenset("if whether unless might may could would should".split())
_IRREGULAR = {
    "met": "meet", "went": "go", "gone": "go", "made": "make", "took": "take", "taken": "take", "gave": "give",
    "given": "give", "came": "come", "saw": "see", "seen": "see", "held": "hold", "left": "leave", "won": "win",
    "lost": "lose", "paid": "pay", "sent": "send", "found": "find", "knew": "know", "known": "know",
    "brought": "bring", "bought": "buy", "sold": "sell", "spoke": "speak", "spoken": "speak", "wrote": "write",
    "written": "write", "ran": "run", "began": "begin", "begun": "begin", "kept": "keep", "led": "lead",
    "fell": "fall", "fallen": "fall", "rose": "rise", "risen": "rise", "struck": "strike", "shot": "shoot",
    "stole": "steal", "stolen": "steal", "sought": "seek", "caught": "catch", "chose": "choose",
    "chosen": "choose", "drove": "drive", "flew": "fly", "grew": "grow", "grown": "grow", "threw": "throw",
    "broke": "break", "broken": "break", "spent": "spend", "built": "build", "heard": "hear", "felt": "feel",
}  # fmt: skip
# "charged with arson", "accused of fraud", "arrested for theft", "an inquiry into bribery": the predicate named as
# a charge, which a denial answers rather than contradicts.
_CHARGE_PREPOSITIONS = frozenset("with of for into over about".split())
ARGUMENT_WINDOW = 4  # tokens on either side of the predicate where the shared argument must sit


@dataclass(frozen=True, slots=True, kw_only=True)
class Contradiction:
    """Where two sentences disagree: the negated phrase in one, the plain predicate in the other (offsets)."""

    negative: tuple[int, int]  # in the negating sentence: from the negation to the predicate
    positive: tuple[int, int]  # in the plain sentence: the predicate
    predicate: str  # its stem
    negative_first: bool  # True when the first sentence given is the negating one


@dataclass(frozen=True, slots=True)
class _Token:
    start: int
    end: int
    word: str
    stem: str
    capital: bool
    after_comma: bool
    compound: bool = False  # written onto a number or word by a hyphen ("67-vote", "long-term", "man-coverage")
    numbered: bool = False  # an abbreviation before a number ("No. 2")
    counted: bool = False  # written right after a figure ("31 goals"): a noun


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Snowball stem of a lower-case word, irregular past forms first mapped to their base ("met" -> "meet")."""
    return str(snowball(_IRREGULAR.get(word, word.removesuffix("'s"))))


@lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[_Token, ...]:
    out = []
    for m in _TOKEN.finditer(text):
        word = m.group().lower().replace("’", "'")
        comma = text[max(0, m.start() - 2) : m.start()].strip() in (",", "—", "–", "-")
        compound = (m.start() > 1 and text[m.start() - 1] == "-" and text[m.start() - 2].isalnum()) or bool(
            re.match(r"-\w", text[m.end() : m.end() + 2])
        )
        capital = m.group()[0].isupper() and m.start() > 0
        numbered = bool(re.match(r"\.\s*\d", text[m.end() : m.end() + 3]))
        counted = bool(re.search(r"\d[ \t]+$", text[max(0, m.start() - 3) : m.start()]))
        out.append(_Token(m.start(), m.end(), word, stem(word), capital, comma, compound, numbered, counted))
    return tuple(out)


def _is_negation(token: _Token) -> bool:
    return token.word in NEGATIONS or token.word in _BARE_NEGATIONS or token.word.endswith("n't")


def _negating(tokens: Sequence[_Token]) -> bool:
    """Whether a sentence holds a negation: a negation word, or "too … to" before a verb ("too much sense to point
    a gun", "too frightened to testify"), which says the thing was not done."""
    if any(_is_negation(t) for t in tokens):
        return True
    if any(t.word == "yet" and _yet_to(tokens, i) for i, t in enumerate(tokens)):
        return True
    return any(t.word == "too" and not t.after_comma and _to_in_clause(tokens, i) for i, t in enumerate(tokens))


def _yet_to(tokens: Sequence[_Token], i: int) -> bool:
    """Whether the "yet" at `i` says a thing has not happened: "had yet to regain", "is yet to decide"."""
    return 0 < i < len(tokens) - 1 and tokens[i + 1].word == "to" and tokens[i - 1].word in _AUXILIARIES


def _to_in_clause(tokens: Sequence[_Token], i: int) -> bool:
    """Whether a "to" follows the "too" at `i` in its clause (no comma between): "too frightened to testify", "too
    much common sense to point". "He, too, wanted to meet Xi": set off by commas, "too" is "also"."""
    for token in tokens[i + 1 :]:
        if token.after_comma:
            return False
        if token.word == "to":
            return True
    return False


def _content(token: _Token) -> bool:
    return token.word not in STOP_WORDS and token.word not in _SKIP and len(token.word) > 2


def negations(tokens: Sequence[_Token]) -> list[tuple[int, int]]:
    """Return (negation index, predicate index) for each negation that denies a content word."""
    out = []
    for i, token in enumerate(tokens):
        if not _is_negation(token):
            continue
        if not _denies(tokens, i):
            continue
        if token.word == "not" and token.after_comma:
            continue  # "the Nazi eagle, not the American one": a contrast, not a denial
        if any(t.word in _HEDGES for t in tokens[max(0, i - 6) : i]):
            continue  # "whether or not", "if he did not": a condition, not a statement
        for j in range(i + 1, min(len(tokens), i + 5)):
            if _is_negation(tokens[j]):
                break
            if tokens[j].word in _SKIP or tokens[j].word in ("not", "to"):
                continue
            if _content(tokens[j]) and not tokens[j].capital:  # a name is no predicate
                out.append((i, j))
            break
    return out


def _denies(tokens: Sequence[_Token], i: int) -> bool:
    """Whether the negation word at `i` can deny what follows it (both the claim and the reversal checks ask)."""
    if i + 1 < len(tokens) and tokens[i + 1].word in _IDIOMS:
        return False  # "not only", "no longer"
    if tokens[i].numbered:
        return False  # "the No. 2 official": a number, not a denial
    # "What the deputy didn't know was that ...": it names a thing, it denies nothing.
    return not any(t.word == "what" for t in tokens[max(0, i - 4) : i])


def _answers(neg: Sequence[_Token], cue: int, pos: Sequence[_Token], k: int) -> bool:
    """Whether the plain predicate `pos[k]` answers the denial at `neg[cue]` rather than contradicting it.

    "denied arson" / "charged with arson": denying a charge does not contradict it being laid; "denied reports
    that she resigned" / "papers reported that she resigned": denying what others say does not deny that they
    said it (the saying is the positive side's verb of attribution); "the new rules don't require it" / "the old
    rule, which required it": a present denial of what was so is a change in time.
    """
    if neg[cue].word.startswith("den") and (
        (k and pos[k - 1].word in _CHARGE_PREPOSITIONS) or pos[k].word in STRONG_CUES
    ):
        return True
    return _present(neg, cue) and _past(pos[k])


def _noun_for(negation: _Token, tokens: Sequence[_Token], k: int) -> bool:
    """Whether the word at `k` is a noun that a verbal negation ("not", "never", "denied"; not "no", whose predicate
    is a noun) does not deny: a determiner, a possessive or a number before it ("four scores" / "has not scored")."""
    if negation.word == "no":
        return False
    marked = k > 0 and (tokens[k - 1].word in _NOUN_MARKERS or tokens[k - 1].word.endswith("'s"))
    return marked or tokens[k].counted


def _arguments(tokens: Sequence[_Token], cue: int, predicate: int) -> set[str]:
    """Content stems just before the negation (the subject) and just after the predicate (the object), which ends
    at a comma or a coordinator: in "won't tax and will spend", "spend" is a second verb, not what is taxed."""
    before = [t for t in tokens[max(0, cue - 3) : cue] if _content(t)]
    window = tokens[predicate + 1 : predicate + 1 + ARGUMENT_WINDOW]
    ends = [n for n, t in enumerate(window) if t.word in _COORDINATORS or t.after_comma]
    after = [t for t in window[: ends[0] if ends else len(window)] if _content(t)]
    return {t.stem for t in (*before[-1:], *after[:2])}


_PRESENT_NEGATIONS = frozenset({"don't", "doesn't", "isn't", "aren't"})
_PRESENT_NEGATIONS |= frozenset(w.replace("'", "") for w in _PRESENT_NEGATIONS)  # as web copy writes them
_PRESENT_AUXILIARIES = frozenset({"do", "does", "is", "are", "am"})


def _present(tokens: Sequence[_Token], cue: int) -> bool:
    """Whether a negation is in the present tense ("don't", "does not", "is not")."""
    word = tokens[cue].word
    return word in _PRESENT_NEGATIONS or (word == "not" and cue > 0 and tokens[cue - 1].word in _PRESENT_AUXILIARIES)


def _past(token: _Token) -> bool:
    """Whether a predicate is written in the past tense ("required", "met")."""
    return token.word.endswith("ed") or token.word in _IRREGULAR


def _also_plain(tokens: Sequence[_Token], predicate: int) -> bool:
    """Whether the sentence also states its negated predicate plainly elsewhere ("X is not the target, Y is the
    target"): it denies the predicate of one argument and grants it to another, so a sentence granting it to
    either is no contradiction of it."""
    stem = tokens[predicate].stem

    def plain(k: int) -> bool:  # not denied, not wished or supposed ("had hoped to meet him", "might meet")
        if tokens[k].compound:
            return False  # part of a compound ("the 67-vote threshold"), not a predicate
        before = tokens[max(0, k - 4) : k]
        return not any(_is_negation(t) or t.word in _HEDGES or t.word == "to" for t in before[-2:]) and not any(
            _is_negation(t) for t in before
        )

    return any(token.stem == stem and plain(k) for k, token in enumerate(tokens) if k != predicate)


def _without(tokens: Sequence[_Token], k: int) -> bool:
    """Whether a "without" in the same phrase, at most three words back, denies the word at `k` ("served without pay
    or title"): such a sentence agrees with one that says he had "no title"."""
    for token in reversed(tokens[max(0, k - 3) : k + 1]):
        if token.word == "without":
            return True
        if token.after_comma:
            return False
    return False


def _contradiction(neg: Sequence[_Token], pos: Sequence[_Token]) -> tuple[int, int, int] | None:
    """Return (cue, predicate) in `neg` and the predicate's index in `pos`, or None."""
    if _negating(pos):
        return None
    for cue, pred in negations(neg):
        stem = neg[pred].stem
        if _also_plain(neg, pred):
            continue  # "The harbour is not the target, the airport is the target": a contrast of two arguments
        arguments = _arguments(neg, cue, pred) - {stem}
        for k, token in enumerate(pos):
            if token.stem != stem or token.compound or _answers(neg, cue, pos, k):
                continue  # "man-coverage" holds no predicate "man"
            if _noun_for(neg[cue], pos, k):
                continue  # "has not scored" denies a verb; "four scores" counts things
            if _without(pos, k):
                continue  # "worked without pay or title" denies it too
            near = {t.stem for t in pos[max(0, k - ARGUMENT_WINDOW) : k + 1 + ARGUMENT_WINDOW] if _content(t)}
            if arguments & near:
                return cue, pred, k
    return None


def contradiction(first: str, second: str) -> Contradiction | None:
    """Return how `second` contradicts `first` (or the reverse) by negating the same predicate, else None."""
    a, b = _tokens(first), _tokens(second)
    for neg, pos, negative_first in ((a, b, True), (b, a, False)):
        found = _contradiction(neg, pos)
        if found:
            cue, pred, k = found
            return Contradiction(negative=(neg[cue].start, neg[pred].end), positive=(pos[k].start, pos[k].end),
                                 predicate=neg[pred].stem, negative_first=negative_first)  # fmt: skip
    return None


REVERSAL_OVERLAP = 0.5  # content-stem Jaccard above which two sentences are one statement told twice


def content_stems(text: str) -> frozenset[str]:
    """A sentence's content stems (no stop words, auxiliaries or short words)."""
    return frozenset(t.stem for t in _tokens(text) if _content(t))


def overlap(first: str, second: str) -> float:
    """The Jaccard overlap of two sentences' content stems."""
    a, b = content_stems(first), content_stems(second)
    return len(a & b) / len(a | b) if a | b else 0.0


def reversal(first: str, second: str) -> Contradiction | None:
    """One statement told twice, reversed: the same words, with a negation in one that the other lacks.

    "To pass this bill ... would increase the risk" / "If they don't pass this bill ... it will increase the
    risk": an "if" does not excuse it here, because the rest of the sentence is the same ("whether", "might",
    "would" before the negation still do). Needs content
    overlap >= REVERSAL_OVERLAP and exactly one side negating a predicate the other states.
    """
    if overlap(first, second) < REVERSAL_OVERLAP:
        return None
    a, b = _tokens(first), _tokens(second)
    for neg, pos, negative_first in ((a, b, True), (b, a, False)):
        if _negating(pos):
            continue
        for i, token in enumerate(neg):
            if not _is_negation(token) or not _denies(neg, i):
                continue
            if any(t.word in _HEDGES - {"if"} for t in neg[max(0, i - 6) : i]):
                continue  # "would say whether it will not": a question, not a statement; "if they don't" reverses
            pred = next((j for j in range(i + 1, min(len(neg), i + 5)) if _content(neg[j])), None)
            if pred is None or _also_plain(neg, pred):
                continue
            k = next(
                (
                    k
                    for k, t in enumerate(pos)
                    if t.stem == neg[pred].stem and not _noun_for(token, pos, k) and not _without(pos, k)
                ),
                None,
            )
            if k is not None and not _answers(neg, i, pos, k):
                return Contradiction(negative=(token.start, neg[pred].end), positive=(pos[k].start, pos[k].end),
                                     predicate=neg[pred].stem, negative_first=negative_first)  # fmt: skip
    return None
