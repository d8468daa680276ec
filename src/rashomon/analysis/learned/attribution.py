"""The learned attributor: who says what, tagged over a dependency parse by two linear-chain CRFs.

A cue tagger marks the reporting words of each sentence ("said", "according to", "told", "accused");
then, for each cue, a role tagger labels every token of its paragraph as source, content or neither,
from features that say how the parse links the token to the cue (`features.role_features`). The weights
were trained on PolNeAR's training part (`python -m rashomon_eval.train.attribution`, docs/models.md)
and are decoded here in numpy. Without a parse (the blank pipeline) or without the weights file, there
is no attributor and the quotes component keeps to its rules.
"""

from __future__ import annotations

import functools
import gzip
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rashomon.analysis.learned.crf import LinearChain
from rashomon.analysis.learned.features import cue_features, cue_head, quoted_tokens, role_features
from rashomon.resources.cache import built
from rashomon.text.attribution import BE, QUOTED_AS, QUOTED_SPEAKER, QUOTING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["MODEL_PATH", "ROLE_WINDOW", "Attribution", "Attributor", "complement", "load_attributor", "role_window"]

MODEL_PATH = Path(__file__).resolve().parents[2] / "resources" / "models" / "attribution.json.gz"
ROLE_WINDOW = 120  # tokens either side of a cue the role tagger reads; longer paragraphs are cut around it
CUE_THRESHOLD = 0.35  # probability of being (part of) a cue that makes a token one
MAX_CUES = 60  # per paragraph; a news paragraph holds a handful, a pathological one thousands (linear cost cap)


def role_window(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """The token range around the cue doc[start:end] that the role tagger labels."""
    return max(0, start - ROLE_WINDOW), min(len(doc), end + ROLE_WINDOW)


@dataclass(frozen=True, slots=True, kw_only=True)
class Attribution:
    """One attribution found in a paragraph: character offsets within the paragraph's text."""

    cue: tuple[int, int]
    source: tuple[int, int] | None
    content: tuple[int, int]
    confidence: float


def _parse(gzipped: bytes) -> Attributor:
    """Both taggers from the gzipped JSON weights (parsing it took about 0.3 s of every run)."""
    data = json.loads(gzip.decompress(gzipped))
    return Attributor(cue=LinearChain.from_dict(data["cue"]), role=LinearChain.from_dict(data["role"]))


@dataclass(frozen=True, slots=True)
class Attributor:
    """The two taggers: cues per sentence, then source and content per cue."""

    cue: LinearChain
    role: LinearChain

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> Attributor:
        """Read both taggers from the weights file (parsed once per file version: resources/cache.py)."""
        return built("attributor", path.read_bytes(), _parse)

    def cues(self, doc: Doc, quoted: list[bool]) -> list[tuple[int, int]]:
        """Token ranges [start, end) of the cues in the paragraph: runs of tokens likely enough to be one."""
        found: list[tuple[int, int]] = []
        outside = self.cue.labels.index("O")
        for sent in doc.sents:
            probs = self.cue.marginals(cue_features(sent, quoted))
            labels = ["I-CUE" if 1.0 - row[outside] >= CUE_THRESHOLD else "O" for row in probs]
            for k, row in enumerate(probs):  # a B- more likely than an I- opens a new cue inside a run
                if labels[k] != "O" and self.cue.labels[int(row.argmax())] == "B-CUE":
                    labels[k] = "B-CUE"
            found.extend((sent.start + a, sent.start + b) for a, b in _runs(labels, "CUE"))
        return found

    def attributions(self, doc: Doc, *, left_open: bool = False) -> list[Attribution]:
        """Every attribution of one parsed paragraph, in cue order (`left_open`: the paragraph before left a
        quote open, so a spaced straight mark after a comma may close it: `quotemarks.quoted_in`)."""
        quoted = quoted_tokens(doc, left_open=left_open)
        out = []
        cues = self.cues(doc, quoted)[:MAX_CUES]
        for start, end in cues:
            lo, hi = role_window(doc, start, end)
            features = role_features(doc, start, end, quoted, window=(lo, hi))
            labels = self.role.decode(features)
            contents = [(lo + a, lo + b) for a, b in _runs(labels, "C")]
            clause = complement(doc, start, end)
            if not contents and clause is not None:
                contents = [clause]
            if not contents:
                continue
            sources = [(lo + a, lo + b) for a, b in _runs(labels, "S")]
            source = min(sources, key=lambda s: min(abs(s[0] - start), abs(s[1] - end)), default=None)
            first, last = contents[0][0], contents[-1][1]
            last = _to_clause_end(clause, (first, last), cues)
            first, last = _own_sentence(doc, (start, end), clause, (first, last), quoted)
            quoted_as = _quoted_as(doc, start, end)
            if quoted_as is not None:  # the words are after "as saying", or the quotation before the cue
                after = quoted_as[1] + 2
                if quoted[first] and first < start:
                    last = _quote_end(quoted, first, start)
                elif first < after < last:
                    first = after
            if first < start and end <= last and not any(quoted[first:last]) and last - end >= _MIN_CONTENT:
                first = end  # an unquoted content run over its own cue ("The union accused the company of …")
            elif (
                first < start
                and end < last
                and quoted[first]
                and not any(quoted[start:last])
                and _comma_after_cue(doc, end)
            ):
                last = _quote_end(quoted, first, start)  # "“…,” Rendell recalled, suggesting …": the quote
            if doc[first].lower_ == "as" and first + 2 < last and doc[first + 1].lower_ in QUOTED_AS:
                first += 2  # "Ms. Lee was quoted [as saying] that …": the idiom is the cue's, not the words
            if source is not None and source[1] - source[0] == 1 and doc[source[0]].tag_ in _RELATIVE:
                source = _antecedent(doc[source[0]], cue_head(doc, start, end))
            if source is None:
                source = subject_of(doc, start, end, (first, last))
            source = quoted_as or source
            probs = self.role.marginals(features)
            inside = [
                probs[i - lo][self.role.labels.index(lab)]
                for i, lab in zip(range(first, last), labels[first - lo : last - lo], strict=True)
            ]
            out.append(
                Attribution(
                    cue=(doc[start].idx, doc[end - 1].idx + len(doc[end - 1])),
                    source=(doc[source[0]].idx, doc[source[1] - 1].idx + len(doc[source[1] - 1])) if source else None,
                    content=_trim(doc, first, last),
                    confidence=round(float(sum(inside) / len(inside)), 3),
                )
            )
        return out


_SUBJECTS = frozenset({"nsubj", "csubj"})
_CHAINED = frozenset({"conj", "xcomp", "advcl", "acl", "relcl"})  # a verb whose subject is its head's
_MAX_SUBJECT = 12  # tokens: a longer subject is a clause, not a speaker phrase


_RELATIVE = frozenset({"WDT", "WP"})  # "that", "which", "who" as a relative clause's subject


def _antecedent(pronoun: Token, cue: Token) -> tuple[int, int] | None:
    """The speaker a relative pronoun subject stands for, as a token range.

    When the cue hangs from a clause that describes a thing ("LePage offered more comments that have drawn
    fire, saying ..."), the pronoun is the thing's, and the speaker is the subject of the verb governing the
    thing ("LePage"). Otherwise the pronoun itself is kept ("Ann Lee, who said", "a report that said"),
    as PolNeAR keys it: resolving it to its noun there lost 7 right speakers of 1,245 on PolNeAR dev.
    """
    clause = pronoun.head
    own = pronoun.i, pronoun.i + 1
    if clause.dep_ != "relcl" or clause.i == cue.i or pronoun.lower_ not in ("that", "which"):
        return own
    noun = clause.head
    for child in noun.head.children:
        if child.dep_ in _SUBJECTS and child.tag_ not in _RELATIVE and child.i != noun.i:
            if child.right_edge.i + 1 - child.left_edge.i <= _MAX_SUBJECT:
                return child.left_edge.i, child.right_edge.i + 1
    return own


def subject_of(doc: Doc, start: int, end: int, content: tuple[int, int]) -> tuple[int, int] | None:
    """The cue's grammatical subject as a token range, when the role tagger marked no source.

    On PolNeAR dev two thirds of the matched quotes with a wrong speaker had none at all, and most of
    those name their source as the cue's subject ("Protesters said", "The research shows"); a cue chained
    to another verb ("announced the plan and said") takes that verb's subject. "by X" names it for a
    passive cue, the object of "to" for "according to".
    """
    head = cue_head(doc, start, end)
    for _ in range(3):
        for child in head.children:
            if (
                child.dep_ in _SUBJECTS
                or child.dep_ == "agent"
                or (head.lower_ == "according" and child.dep_ == "prep")
            ):
                phrase = (
                    child if child.dep_ in _SUBJECTS else next((c for c in child.children if c.dep_ == "pobj"), None)
                )
                if phrase is None:
                    continue
                if phrase.tag_ in _RELATIVE:
                    return _antecedent(phrase, cue_head(doc, start, end))
                lo, hi = _phrase_range(doc, phrase, subject=child.dep_ in _SUBJECTS)
                if hi - lo > _MAX_SUBJECT or (lo < content[1] and content[0] < hi):
                    return None
                return lo, hi
        if head.dep_ not in _CHAINED or head.head.i == head.i:
            return None
        head = head.head
    return None


_DASHES = frozenset({"—", "–", "--", "-"})


def _phrase_range(doc: Doc, phrase: Token, *, subject: bool) -> tuple[int, int]:
    """A speaker phrase's tokens: the subtree of `phrase`, without a quotation mark the parse hangs before it.

    A subject the parse takes from a dateline ("WASHINGTON — Representative Anthony D. Weiner, trying ...,
    denied") gives way to the name after the dash. A subject longer than a speaker phrase keeps its head noun
    and the words before it ("Maral, a resident of Ashgabat who declined to give her surname ..., told": Maral;
    "Former detectives who were assigned to ... units said"): on PolNeAR dev the speaker is then right for
    five more matched quotes, though PolNeAR marks the whole phrase as the source.
    """
    if subject and phrase.left_edge.i == 0 and phrase.text.isupper() and len(phrase.text) > 1:
        dash = phrase.i + 1 < len(doc) and doc[phrase.i + 1].text in _DASHES
        phrase = next((c for c in phrase.children if dash and c.dep_ == "appos" and c.i > phrase.i), phrase)
    lo, hi = phrase.left_edge.i, phrase.right_edge.i + 1
    while lo < phrase.i and doc[lo].is_punct:
        lo += 1
    if subject and hi - lo > _MAX_SUBJECT:
        hi = phrase.i + 1
    return lo, hi


_COMPLEMENTS = frozenset({"ccomp", "xcomp"})
_MIN_CONTENT = 3  # tokens: a shorter reported stretch is no content


def complement(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """The clause a cue reports ("said [the plan was dead]", "urged them [to return]"), from the parse, as a token
    range; None without one. Used when the role tagger marks no content for a cue: on PolNeAR dev such cues
    that govern a complement clause were mostly real attributions (35 of 52 added quotes right)."""
    head = cue_head(doc, start, end)
    for child in head.children:
        if child.dep_ in _COMPLEMENTS and not (start <= child.i < end):
            lo, hi = child.left_edge.i, child.right_edge.i + 1
            if hi - lo >= 3 and not (lo < end and start < hi):
                return lo, hi
    return None


def _to_clause_end(clause: tuple[int, int] | None, content: tuple[int, int], cues: list[tuple[int, int]]) -> int:
    """The end of a content that opens the clause its cue reports: the clause's end, unless another cue lies
    between (that report is its own). The role tagger often stops inside the clause, at an apposition or a dash
    ("that the top 1 percent of taxpayers -- those with ... -- would face ..." ended at "percent")."""
    first, last = content
    if clause is None or not clause[0] <= first <= clause[0] + 1 < last < clause[1]:
        return last
    if any(last <= other < clause[1] for other, _ in cues):
        return last
    return clause[1]


def _own_sentence(
    doc: Doc, cue: tuple[int, int], clause: tuple[int, int] | None, content: tuple[int, int], quoted: list[bool]
) -> tuple[int, int]:
    """A content that reaches back over its cue into a quotation closed in an earlier sentence, cut to what the
    cue reports in its own sentence: the clause it governs, or what follows it.

    "She says the mayor is running the “same broken machine …” She adds, “How many more years …?”": the
    quotation before "She adds" is the earlier sentence's. A cue whose sentence opens inside a quotation ("“We
    will win. We always do,” she said") keeps the whole quotation, as does one whose sentence follows a quotation
    ending in a question or exclamation mark ("“Where is the money?” Ruiz asked. “Nobody …”": `_asks_before`),
    and one that governs no clause and has no quotation after it.
    """
    (start, end), (first, last) = cue, content
    opens = doc[start].sent.start
    if not first < opens or quoted[opens] or any(quoted[opens:start]) or _asks_before(doc, opens):
        return first, last
    if clause is not None and end <= clause[0]:
        lo = clause[0] - 1 if clause[0] - 1 >= end and doc[clause[0] - 1].is_quote else clause[0]
        return lo, _closing_mark(doc, lo, max(last, clause[1]))  # "He told a crowd [that he …]": not whom he told
    if not any(quoted[end:last]):
        return first, last
    while end < last and doc[end].is_punct and not doc[end].is_quote:
        end += 1
    return end, last


def _asks_before(doc: Doc, opens: int) -> bool:
    """Whether the sentence opening at `opens` follows a quotation that ends without a full stop ("“Where is the
    money?” Ruiz asked.", "“…, ’ ” Mr. Weich wrote."): the quotation's speaker is named after it, in this sentence."""
    k = opens - 1
    while k >= 0 and doc[k].is_quote:
        k -= 1
    return k < opens - 1 and k >= 0 and doc[k].text != "."


def _quoted_as(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """The speaker an outlet or person quotes: "Xinhua quoted [the foreign ministry] as saying …" reports the
    ministry's words, whoever the tagger marked as the source."""
    cue = next((t for t in doc[start:end] if t.lower_ in QUOTING), None)
    if cue is None or cue.i + 1 >= len(doc) or doc[cue.i + 1].pos_ == "ADP" or _passive(cue):
        return None  # "he was quoted in The Hill as saying": the subject's words, where they were printed
    for k in range(cue.i + 2, min(len(doc) - 1, cue.i + 2 + QUOTED_SPEAKER)):
        if doc[k].lower_ == "as" and doc[k + 1].lower_ in QUOTED_AS:
            return cue.i + 1, k
        if doc[k].is_punct and not doc[k].is_quote and doc[k].text != ".":
            return None
    return None


def _passive(verb: Token) -> bool:
    """Whether a verb is passive ("was quoted"): a passive auxiliary or a form of "be" right before it (the
    pipeline runs without a lemmatizer, so the form is read, not the lemma)."""
    return any(c.dep_ == "auxpass" for c in verb.children) or (verb.i > 0 and verb.doc[verb.i - 1].lower_ in BE)


def _closing_mark(doc: Doc, first: int, last: int) -> int:
    """`last`, or one token on when doc[first:last] leaves a quotation open and its closing mark stands there
    (a clause's subtree ends before the mark the parse hangs from the main verb: "… a military “second to
    none.”")."""
    marks = sum(1 for token in doc[first:last] if token.is_quote and token.text != "'")
    if marks % 2 and last < len(doc) and doc[last].is_quote:
        return last + 1
    if marks % 2 and last + 1 < len(doc) and doc[last].is_punct and doc[last + 1].is_quote:
        return last + 2
    return last


_CUE_TAIL = 5  # tokens after a cue that may close its phrase with a comma: "told Stumpf,", "said in an interview,"


def _comma_after_cue(doc: Doc, end: int) -> bool:
    """Whether the cue ending before token `end` closes its phrase with a comma before any other verb: "“…,”
    Rendell recalled, suggesting", "“…,” Warren told Stumpf, after he admitted". A verb first ("aides said Mr.
    Ryan told his colleagues") says whose words the quotation is."""
    for token in doc[end - 1 : min(len(doc), end + _CUE_TAIL)]:
        if token.text == ",":
            return True
        if token.i >= end and token.pos_ in ("VERB", "AUX"):
            return False
    return False


def _quote_end(quoted: list[bool], first: int, cue: int) -> int:
    """The end of the quoted run that opens a content at `first` and closes before its cue at `cue`.

    A content that opens with a quotation and runs over its own cue and a comma after it ("“He performed 100
    percent,” Rendell recalled, suggesting the second debate …") is the quotation: the words after the comma
    are the speaker's next act or another report, and the cue is never its own content. Without the comma
    the words after the cue may be whose words the quotation is ("“…,” aides said Mr. Ryan told his
    colleagues"), and the content stays whole.
    """
    last = first
    while last < cue and quoted[last]:
        last += 1
    return last


_TRAILING = frozenset({",", ".", ";", ":", "—", "–", "--", "-"})


def _trim(doc: Doc, first: int, last: int) -> tuple[int, int]:
    """Character range of tokens [first, last), without a trailing comma, full stop or dash outside the marks, or
    a conjunction whose second conjunct lies outside ("… would be more intense — and")."""
    while last - 1 > first and (doc[last - 1].text in _TRAILING or doc[last - 1].dep_ == "cc"):
        last -= 1
    return doc[first].idx, doc[last - 1].idx + len(doc[last - 1])


def _runs(labels: list[str], tag: str) -> list[tuple[int, int]]:
    """[start, end) runs of B-tag I-tag* (an I- without a B- starts a run too)."""
    runs: list[tuple[int, int]] = []
    start: int | None = None
    for i, label in enumerate([*labels, "O"]):
        inside = label.endswith("-" + tag)
        if start is not None and (not inside or label.startswith("B-")):
            runs.append((start, i))
            start = None
        if inside and start is None:
            start = i
    return runs


@functools.lru_cache(maxsize=1)
def load_attributor(path: Path = MODEL_PATH) -> Attributor | None:
    """The shipped attributor, read once per process; None when its weights file is absent."""
    if not path.is_file():
        return None
    return Attributor.load(path)
