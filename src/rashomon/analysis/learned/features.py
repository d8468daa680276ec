"""Token features for the learned attributor, read off a spaCy parse of one paragraph.

Two feature sets, shared by training (`rashomon_eval.train.attribution`) and inference so they never drift:
`cue_features` describes each token of a sentence for the cue tagger, and `role_features` describes each
token of a paragraph *relative to one cue* (which side, how far, and how the parse links it to the cue:
under its subject, under its clausal complement, above it) for the source/content tagger.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rashomon.text.attribution import DATA_CUES, LABEL_CUES, PARTICIPLE_CUES, STRONG_CUES
from rashomon.text.quotemarks import Quoted, quoted_in

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["cue_features", "cue_head", "quoted_tokens", "role_features", "stem"]

_DISTANCE = ((0, "0"), (1, "1"), (2, "2"), (4, "3-4"), (8, "5-8"), (16, "9-16"), (32, "17-32"))
# spaCy keeps '' whole and splits `` into two backticks: each is a double quotation mark (`quotemarks`).
_DOUBLE_MARKS = frozenset(("''", "``", "`"))
_QUOTE_MARKS = frozenset(("“", "”", '"', "«", "»", "„")) | _DOUBLE_MARKS


# Past forms that no suffix rule reaches, of verbs that report or judge ("told", "thought", "knew").
_IRREGULAR = {
    "said": "say", "told": "tell", "thought": "think", "wrote": "write", "written": "write", "spoke": "speak",
    "spoken": "speak", "knew": "know", "known": "know", "felt": "feel", "heard": "hear", "saw": "see",
    "seen": "see", "found": "find", "meant": "mean", "held": "hold", "gave": "give", "given": "give",
    "took": "take", "taken": "take", "made": "make", "got": "get", "came": "come", "sought": "seek",
    "taught": "teach", "brought": "bring", "swore": "swear", "sworn": "swear", "forgave": "forgive",
}  # fmt: skip
_KEEP_DOUBLE = frozenset("lsz")  # "called", "stressed", "buzzed" keep both letters; "planned" does not


@functools.lru_cache(maxsize=1 << 16)  # a news text repeats its words: each is stemmed once per process
def stem(word: str) -> str:
    """A word's form without its inflection, so "supports", "supported" and "supporting" read alike.

    A few suffix rules and the irregular past forms above, no lexicon: the cue tagger saw 504 cue words
    once only on PolNeAR dev ("wants", "decided", "pledged"), and a form it never saw in training shares
    its stem's weights with the forms it did.
    """
    word = word.lower()
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith(("ies", "ied")) and len(word) > 4:
        return word[:-3] + "y"
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: -len(suffix)]
            if base[-1] == base[-2] and base[-1] not in _KEEP_DOUBLE and base[-1] not in "aeiou":
                base = base[:-1]
            return _unvoweled(base)
    if word.endswith("es") and word[-3] in "sxz" or word.endswith(("ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    return _unvoweled(word)


def _unvoweled(base: str) -> str:
    """Without a final silent e ("decide" and "decid-ed" meet at "decid", "agree" and "agre-ed" at "agr")."""
    trimmed = base.rstrip("e")
    return trimmed if len(trimmed) >= 3 else base


# The rules' cue words as stems: a prior for forms the training never saw, a feature and not a rule.
_SAYING = frozenset(stem(w) for w in STRONG_CUES | PARTICIPLE_CUES | LABEL_CUES)
_SHOWING = frozenset(stem(w) for w in DATA_CUES)
_CLAUSES = frozenset(("ccomp", "xcomp"))


def _lexical(token: Token) -> str:
    root = stem(token.text)
    return "say" if root in _SAYING else "data" if root in _SHOWING else "-"


def quoted_tokens(doc: Doc, *, left_open: bool = False) -> list[bool]:
    """Whether each token of the paragraph lies inside quotation marks (the marks themselves included).

    A paragraph whose first mark closes a quote continues one the paragraph before opened ('We hid.”'
    after '“We heard shots.'): its words up to that mark are quoted too (`quoted_in`'s `inside`), so a
    verb in them ("We want a stop sign.”) reads as the quote's words and not as a cue outside it.
    `left_open` says the paragraph before is known to have left a quote open (`quoted_in`).
    """
    inside = [False] * len(doc)
    text = doc.text  # a property that joins every token: read once
    stretches = quoted_in(text, 0, len(text), inside=True, left_open=left_open)
    k = 0
    for token in doc:  # one sweep: tokens and stretches are both in text order, so this stays linear
        while k < len(stretches) and _close(stretches[k], len(text)) < token.idx:
            k += 1
        inside[token.i] = k < len(stretches) and stretches[k].open_at <= token.idx
    return inside


def _close(stretch: Quoted, end: int) -> int:
    return stretch.close_at if stretch.close_at is not None else end


def _form(token: Token) -> tuple[str, str]:
    """A token's word and tag, a two-character quotation mark read as the curly mark it stands for.

    spaCy tags '' as a closing mark wherever it stands and splits `` into two backticks; a '' that opens a
    quote ('' after a space, a word after it: the `quotemarks` rule) is given the opening mark's word and
    tag, so the attributor reads ''No,'' he said as it reads “No,” he said.
    """
    text = token.text
    if text not in _DOUBLE_MARKS:
        return token.lower_, token.tag_
    if text == "''" and not _opens(token):
        return "”", "''"
    return "“", "``"


def _opens(token: Token) -> bool:
    """Whether a straight mark token opens a quote: a space, a bracket or the start before it, a word after it."""
    if not token.whitespace_ and token.i + 1 < len(token.doc):
        before = token.doc[token.i - 1] if token.i > 0 else None
        return before is None or bool(before.whitespace_) or before.text[-1:] in "([{—–-/"
    return False


def _shape(token: Token) -> str:
    text = token.text
    if token.is_punct:
        return "p"
    if text[:1].isupper():
        return "X" if text.isupper() and len(text) > 1 else "Xx"
    if text[:1].isdigit():
        return "d"
    return "x"


def _base(token: Token, quoted: Sequence[bool]) -> list[str]:
    """What a token is on its own: word, tag, relation to its head, shape, whether quoted."""
    word, tag = _form(token)
    return [
        "w=" + word,
        "t=" + tag,
        "d=" + token.dep_,
        "s=" + _shape(token),
        "q=" + ("1" if quoted[token.i] else "0"),
        "m=1" if token.text in _QUOTE_MARKS else "m=0",
    ]


def cue_features(sentence: Span, quoted: Sequence[bool]) -> list[list[str]]:
    """Features of each token of a sentence for the cue tagger (is it a reporting verb or phrase?)."""
    tokens = list(sentence)
    forms = [_form(token) for token in tokens]
    out: list[list[str]] = []
    for k, token in enumerate(tokens):
        feats = _base(token, quoted)
        head_word, head_tag = _form(token.head)
        feats += ["hw=" + head_word, "ht=" + head_tag, "wt=" + forms[k][0] + "|" + token.dep_]
        feats += sorted({"c=" + child.dep_ for child in token.children})
        root = stem(token.text)
        feats += ["st=" + root, "sd=" + root + "|" + token.dep_, "lx=" + _lexical(token)]
        feats += ["hs=" + stem(token.head.text) + "|" + token.dep_, "lh=" + _lexical(token.head) + "|" + token.dep_]
        feats += _governs(token, quoted)
        for off in (-2, -1, 1, 2):
            j = k + off
            if 0 <= j < len(tokens):
                feats += [f"w{off:+d}={forms[j][0]}", f"t{off:+d}={forms[j][1]}"]
            else:
                feats.append(f"w{off:+d}=<edge>")
        if k + 1 < len(tokens):
            feats.append("bi=" + forms[k][0] + "_" + forms[k + 1][0])
        out.append(feats)
    return out


def _governs(token: Token, quoted: Sequence[bool]) -> list[str]:
    """What the token governs: a clause (with "that" or bare), a to-infinitive, or a quoted span."""
    out = []
    for child in token.children:
        if child.dep_ in _CLAUSES:
            that = any(grand.dep_ == "mark" for grand in child.children)
            out.append("g=" + child.dep_ + ("|mark" if that else ""))
        if not quoted[token.i] and any(quoted[child.left_edge.i : child.right_edge.i + 1]):
            out.append("gq=" + child.dep_)
    return sorted(set(out))


def cue_head(doc: Doc, start: int, end: int) -> Token:
    """The syntactic head of the cue tokens doc[start:end]: the one whose head lies outside them."""
    for token in doc[start:end]:
        if not start <= token.head.i < end or token.head.i == token.i:
            return token
    return doc[start]


def _distance(n: int) -> str:
    for limit, name in _DISTANCE:
        if n <= limit:
            return name
    return "far"


_MAX_DEPTH = 40  # a parse deeper than this (a run-on of thousands of clauses) is not followed further


def _path_child(token: Token, ancestor: Token) -> Token | None:
    """The child of `ancestor` whose subtree holds `token`, or None when `ancestor` is not above it."""
    previous = token
    for depth, above in enumerate(token.ancestors):
        if above.i == ancestor.i:
            return previous
        if depth >= _MAX_DEPTH:
            return None
        previous = above
    return None


def _above(token: Token, head: Token) -> bool:
    """True when `token` is an ancestor of `head` (within the depth cap)."""
    for depth, above in enumerate(head.ancestors):
        if above.i == token.i:
            return True
        if depth >= _MAX_DEPTH:
            return False
    return False


def _relation(token: Token, head: Token, cue: range) -> tuple[str, str]:
    """How the parse links a token to the cue: (relation, edge), edge marking the ends of the subtree."""
    if token.i in cue:
        return "cue", "-"
    if token.sent.start != head.sent.start:
        return ("sent-prev" if token.i < head.i else "sent-next"), "-"
    child = _path_child(token, head)
    if child is not None:
        edge = "L" if token.i == child.left_edge.i else "R" if token.i == child.right_edge.i else "-"
        return "sub:" + child.dep_, edge
    if _above(token, head):
        return ("parent" if head.head.i == token.i else "above"), "-"
    above = head.head
    sibling = _path_child(token, above) if above.i != head.i else None
    if sibling is not None:
        edge = "L" if token.i == sibling.left_edge.i else "R" if token.i == sibling.right_edge.i else "-"
        return "sib:" + sibling.dep_, edge
    return "other", "-"


def role_features(
    doc: Doc, start: int, end: int, quoted: Sequence[bool], *, window: tuple[int, int] | None = None
) -> list[list[str]]:
    """Features of each token of doc[window] (default: the paragraph) relative to the cue doc[start:end]."""
    head = cue_head(doc, start, end)
    cue = range(start, end)
    word = _form(head)[0]
    root = stem(head.text)
    lo, hi = window or (0, len(doc))
    out: list[list[str]] = []
    for token in doc[lo:hi]:
        rel, edge = _relation(token, head, cue)
        side = "L" if token.i < start else "R" if token.i >= end else "C"
        gap = start - token.i if side == "L" else token.i - end + 1 if side == "R" else 0
        dist = side + _distance(gap)
        feats = _base(token, quoted)
        feats += [
            "r=" + rel,
            "e=" + edge,
            "re=" + rel + "|" + edge,
            "x=" + dist,
            "rx=" + rel + "|" + side,
            "hd=" + head.dep_ + "|" + rel,
            "cw=" + word + "|" + rel,
            "rq=" + rel + "|" + ("1" if quoted[token.i] else "0"),
            "tr=" + _form(token)[1] + "|" + rel,
            "cs=" + root + "|" + rel,
            "er=" + (token.ent_type_ or "-") + "|" + rel,
            "ei=" + token.ent_iob_,
        ]
        if token.is_sent_start:
            feats.append("first")
        out.append(feats)
    return out
