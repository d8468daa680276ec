"""The neutral summary: each claim in its least loaded wording, credited to the outlets that state it.

`summary.summarize` picks which claims to state; this module picks how, and to whom each is credited.
Among the sentences that carry a claim, it takes one with no loaded term in the outlet's own voice that is
not mostly inside a direct quote (someone's words are not restated as fact), fewest loaded terms overall,
then the shortest; failing that, one whose outlet-voice loaded terms all sit in an aside that can be cut
without touching its main clause (`trim_loaded`). When no claim can be stated plainly at all, the summary
quotes the most widely reported one whole, attributed ("“…,” one outlet reports."), rather than say
nothing; a piece of a sentence the splitter cut is never used. A sentence is credited to its own article
and to each other article of the claim whose sentence for it contains at least `CREDIT` of its content
words (names aside) and every number and name of it: an outlet the aligner joined to the claim but whose sentence says
something else (or another number) is not credited; a quotation is credited to the article it quotes.
Claims are ranked by reach, then by support: how much of the sentence the other articles state anywhere.
The summary's own loaded-term rate is measured with the same lexicon and set beside each source's rate; a
story without a title gets one.
"""

from __future__ import annotations

import bisect
import re
import statistics
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial

from rashomon.comparison.summary import (
    MAX_WORDS,
    SENTENCE_END,
    broken,
    clean_sentence,
    containment,
    content_stems,
    refers_back,
    summarize,
)
from rashomon.model.records import Claim, Comparison, Mention, Summary
from rashomon.resources.lexicon import Lexicon, default_lexicon
from rashomon.text.quotemarks import quoted_spans
from rashomon.text.terms import STOP_WORDS

__all__ = [
    "ATTRIBUTION",
    "CREDIT",
    "MIN_WORDS_BUDGET",
    "QUOTED",
    "attributed",
    "headline",
    "is_attributed",
    "neutral_summary",
    "states",
    "summary_terms",
    "unstated",
]

CREDIT = 0.5  # share of the summary sentence's content words an article's own sentence must contain
MIN_WORDS_BUDGET = 60  # the summary is never shorter than this budget, never longer than MAX_WORDS
HEADLINE_WORDS = 14
VERBATIM = 0.9  # share of a sentence's content words inside a quoted sentence that makes it that quotation
ATTRIBUTION = "one outlet reports"  # follows a sentence quoted in its outlet's words, loaded words and all
QUOTED = 1  # attributed quotations a summary holds, only when no claim can be stated plainly


def neutral_summary(comparison: Comparison, *, lexicon: Lexicon | None = None, learned: bool = True) -> Summary:
    """Summarise a compared story with the least loaded wording of each claim, and measure the result.

    `learned=False` leaves out the learned bias model (and its sentence encoder): the lexicon decides alone.
    """
    framing = comparison.framing
    if framing is None:
        return comparison.summary
    lexicon = lexicon or default_lexicon()
    texts = {a.id: a.text for a in comparison.articles}
    terms: dict[str, list[tuple[int, str]]] = defaultdict(list)  # article -> (start, voice)
    for t in framing.loaded_terms:
        if t.category != "scare quotes":
            terms[t.article].append((t.start, t.voice))
    quoted: dict[str, list[tuple[int, int]]] = defaultdict(list)  # someone's words, not a fact to restate
    for q in comparison.quotes or ():
        if q.kind in ("direct", "embedded"):
            quoted[q.article].append((q.start, q.end))
    sentences = {
        a.article.id: [content_stems(s.text_of(a.article.text)) for s in a.sentences] for a in comparison.analyses
    }

    bias = _bias_scorer(learned)

    quoting: dict[str, tuple[str, str]] = {}  # an attributed quotation -> (the article it quotes, the sentence)

    def said(m: Mention) -> bool:
        """Whether a claim's sentence is mostly inside a direct quote: someone's words."""
        inside = sum(max(0, min(e, m.end) - max(s, m.start)) for s, e in quoted.get(m.article, ()))
        return inside * 2 > m.end - m.start

    def wording(claim: Claim, *, attribute: bool = False) -> str | None:
        best: tuple[tuple[bool, bool, int, float, int], str] | None = None
        loaded: tuple[tuple[int, float, int], str, str] | None = None  # the least loaded sentence, to quote
        # Words another outlet quotes are someone's words where an outlet prints them unmarked too (HuffPost
        # ran a staffer's Facebook post as a plain paragraph that Fox quotes): nearly all of a sentence's
        # content words inside a quoted sentence of the claim make it that quotation, not the outlet's fact.
        spoken = [said(m) for m in claim.mentions]
        quotations = [
            content_stems(texts[q.article][q.start : q.end])
            for q, is_said in zip(claim.mentions, spoken, strict=True)
            if is_said
        ]
        for m, is_said in zip(claim.mentions, spoken, strict=True):
            found = [(start, voice) for start, voice in terms.get(m.article, ()) if m.start <= start < m.end]
            if is_said or broken(texts[m.article][: m.start], texts[m.article][m.end :]):
                continue  # mostly someone's words, or a piece of a sentence the splitter cut in two
            stems = content_stems(texts[m.article][m.start : m.end])
            if any(containment(stems, quotation) >= VERBATIM for quotation in quotations):
                continue
            whole = texts[m.article][m.start : m.end]
            own = [start - m.start for start, voice in found if voice == "outlet"]
            trimmed = trim_loaded(whole, own) if own else whole
            text = " ".join(trimmed.split()) if trimmed is not None else ""
            # A lexicon term the model let pass in context still reads as loaded in a summary, and a sentence
            # the model reads as biased as a whole is never restated as fact.
            usable = bool(text) and not summary_terms(text, lexicon) and clean_sentence(text) is not None
            biased = bias(text) if usable else None
            if not usable or (biased or 0.0) >= 1.0:
                plain = clean_sentence(whole) if attribute else None
                if plain is not None:
                    key = (len(own) + len(summary_terms(plain, lexicon)), round(bias(plain) or 0.0, 1), len(plain))
                    if loaded is None or key < loaded[0]:
                        loaded = (key, plain, m.article)
                continue
            inside = [voice for _, voice in found if voice != "outlet"]
            rank = (bool(own), refers_back(text), len(inside), round(biased or 0.0, 1), len(text))
            if best is None or rank < best[0]:
                best = (rank, text)
        if best is not None or loaded is None:
            return best[1] if best else None
        text = attributed(loaded[1])
        quoting[text] = (loaded[2], loaded[1])
        return text

    def credit(claim: Claim, text: str) -> tuple[str, ...]:
        if text in quoting:
            return (quoting[text][0],)  # the outlet's own words, quoted: no other outlet states them verbatim
        stating = set()
        for m in claim.mentions:
            own = " ".join(texts[m.article][m.start : m.end].split())
            if text in own or states(text, own, texts[m.article]):
                stating.add(m.article)
        return tuple(a for a in claim.articles if a in stating)

    support = {}
    for claim in comparison.claims:
        text = wording(claim, attribute=True)
        if text is None:
            continue
        text = quoting[text][1] if text in quoting else text
        stems = content_stems(text)
        others = [a for a in sentences if a not in claim.articles]
        best = [max((containment(stems, s) for s in sentences[a]), default=0.0) for a in others]
        support[claim.id] = round(max(best, default=0.0), 3)
    lengths = [a.words for a in comparison.articles]
    budget = max(MIN_WORDS_BUDGET, min(MAX_WORDS, int(statistics.median(lengths)) if lengths else MAX_WORDS))
    summary = summarize(comparison.claims, wording=wording, credit=credit, support=support, max_words=budget)
    if not summary.sentences:
        # Every claim is loaded in its main clause: rather than no summary, quote the most widely reported
        # claim in its outlet's words, attributed (NeuS train, first 150 stories: 8 empty summaries, ROUGE-1
        # 0.370 -> 0.391; quoting every such claim scored no better and restates more opinion).
        quote = partial(wording, attribute=True)
        summary = summarize(
            comparison.claims, wording=quote, credit=credit, support=support, max_words=budget, max_sentences=QUOTED
        )
    own = summary_terms(summary.text, lexicon)
    words = len(summary.text.split())
    return replace(
        summary,
        title=comparison.story.title or headline(comparison, summary, lexicon=lexicon),
        loaded_terms=tuple(own),
        loaded_rate=round(1000 * len(own) / words, 1) if words else 0.0,
        source_rates=tuple((p.article, p.outlet_rate) for p in framing.profiles if p.outlet_rate is not None),
    )


def _bias_scorer(learned: bool = True) -> Callable[[str], float | None]:
    """A sentence's bias score relative to the learned model's threshold (1.0 = at it), or None without it."""
    from rashomon.analysis.learned.loaded import load_model

    model = load_model() if learned else None
    lexicon = default_lexicon()
    cache: dict[str, float | None] = {}

    def score(text: str) -> float | None:
        if model is None:
            return None
        if text not in cache:
            probability = model.score(text, [(0, len(text))], lexicon)[0].probability
            cache[text] = probability / model.sentence_threshold
        return cache[text]

    return score


def attributed(sentence: str) -> str:
    """The sentence quoted in full and attributed to its outlet, as news style quotes a speaker.

    Its own quotation marks become single (a straight one opens after a space or an opening bracket and
    closes elsewhere) and its full stop a comma: “The mayor slammed the council,” one outlet reports.
    """
    inner = []
    for i, char in enumerate(sentence):
        if char == '"':
            char = "‘" if i == 0 or sentence[i - 1].isspace() or sentence[i - 1] in "([{" else "’"
        inner.append({"“": "‘", "”": "’"}.get(char, char))
    text = "".join(inner).rstrip()
    end = SENTENCE_END.search(text)
    if end is not None and end.group().startswith("."):
        text = text[: end.start()] + "," + text[end.start() + 1 :]
    return f"“{text}” {ATTRIBUTION}."


def is_attributed(text: str) -> bool:
    """True for a summary sentence that quotes an outlet's words rather than stating them."""
    return text.endswith(f"” {ATTRIBUTION}.")


# Where a sentence's clauses and asides meet: a comma, a spaced dash or a double hyphen.
_JOINT = re.compile(r",\s+|\s+[—–]\s+|\s+--\s+")
# How an aside opens: a participle ("embattled by", "electing"), a relative pronoun, or an apposition's
# determiner or number ("a former aide", "the city's mayor", "47,").
_ASIDE = re.compile(r"(?:\w+(?:ed|en|ing)|who|whom|whose|which|a|an|the|his|her|its|their|one|\d[\d,.]*)\b", re.I)
# How a subject opens: a capitalised word that is not a function word, or a determiner ("The mayor ...").
_DETERMINERS = frozenset("the a an this that these those his her its their our one".split())


def _mark(joint: re.Match[str]) -> str:
    """The punctuation of a joint between a sentence's pieces: a comma or a dash."""
    return "," if "," in joint.group() else "—"


def trim_loaded(sentence: str, offsets: Sequence[int]) -> str | None:
    """The sentence without the asides that hold loaded words at `offsets`, else None.

    An aside is a stretch set off by commas or dashes after the sentence's opening subject and before the
    rest of the clause ("Mayor Ed Murray, embattled by allegations, will resign." -> "Mayor Ed Murray will
    resign."), or a participial phrase that ends a sentence of two parts ("..., electing a strident
    populist."). Loaded words anywhere else (the main clause, a list, a fronted clause, a quotation) leave
    the sentence unusable: only a clause whose grammar survives the cut is trimmed. Every word kept is the
    outlet's own, in its own order.
    """
    joints = list(_JOINT.finditer(sentence))
    starts = [0, *(j.end() for j in joints)]
    ends = [*(j.start() for j in joints), len(sentence)]
    pieces = [sentence[s:e] for s, e in zip(starts, ends, strict=True)]
    first = pieces[0].split()[0].lower().strip("“\"‘'(") if pieces[0].split() else ""
    if not pieces[0][:1].isupper() or (first in STOP_WORDS and first not in _DETERMINERS):
        return None  # a fronted clause or conjunction ("When ...", "But in ..."): the main clause is later
    drop = {bisect.bisect_right(starts, offset) - 1 for offset in offsets}
    last = len(pieces) - 1
    for i in drop:
        piece = pieces[i]
        if i == 0 or any(q in piece for q in '“”"‘’') or not _ASIDE.match(piece):
            return None
        if i < last and (i + 1 in drop or not pieces[i + 1][:1].islower()):
            return None  # what follows must go on with the clause the aside interrupted
        if i < last and _mark(joints[i - 1]) != _mark(joints[i]):
            return None  # an aside closes with the mark that opened it; ", … —" is a list item and a clause
        if i == last and last != 1:
            return None  # a trailing phrase after other asides may be the clause's own verb
    kept = [i for i in range(len(pieces)) if i not in drop]
    out = pieces[0]
    for before, i in zip(kept, kept[1:], strict=False):
        out += (sentence[ends[before] : starts[i]] if i == before + 1 else " ") + pieces[i]
    if last in drop:
        final = SENTENCE_END.search(sentence)
        out = out.rstrip(" ,;:") + (final.group().strip() if final else ".")
    return out


_NUMBER = re.compile(r"\d[\d,.]*\d|\d")
_OPENING = re.compile(r"^\W*\w+")
_CAPITALISED = re.compile(r"\b[A-Z][\w’'-]*")  # names, titles ("Sgt.") and initials: what `states` sets aside
_SAYING = content_stems("said says say told tells according")  # the attribution, not the statement
_NAME = re.compile(r"(?<!^)(?<![.!?“\"]\s)\b[A-Z][a-z][\w’'-]{2,}")


def states(sentence: str, mention: str, article: str | None = None) -> bool:
    """Whether an outlet's `mention` states the summary `sentence`: `CREDIT` of its content words, names aside.

    Its numbers and names must be there too (`unstated`), but names, titles and the verb of saying must not
    make up the share alone: two sentences that share a speaker's name and title ("…, Troy police Lt. Gerry
    Scherlinck said.") are two statements when little else is shared. A sentence of names alone is judged on
    all its words.
    """
    if unstated(sentence, mention, article):
        return False
    said = content_stems(mention)
    words = content_stems(sentence)
    plain = words - _SAYING - content_stems(" ".join(_CAPITALISED.findall(_OPENING.sub("", sentence))))
    return containment(words, said) >= CREDIT and (not plain or containment(plain, said) >= CREDIT)


def unstated(sentence: str, mention: str, article: str | None = None) -> list[str]:
    """The numbers of `sentence` its `mention` lacks, and its names the `article` (default: the mention) lacks.

    An outlet whose sentence gives 31,000 where the summary says 26,000 does not state it; nor does one that
    never names the person the sentence quotes. Names are looked for in the whole article: an outlet may
    say "Carney" in the sentence and "Mark Carney" above it.
    """
    numbers, names = _fold(mention), _fold(article if article is not None else mention)
    body = _OPENING.sub("", sentence)  # a capitalised first word is not a name
    return [
        *(t for t in _NUMBER.findall(sentence) if _fold(t) not in numbers),
        *(t for t in _NAME.findall(body) if _fold(t) not in names),
    ]


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", " ".join(text.split()))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().replace(",", "")


def headline(comparison: Comparison, summary: Summary, *, lexicon: Lexicon) -> str | None:
    """A headline for a story that has none: the article title most like the others with no loaded term,
    else the opening clause of the summary's first sentence."""
    titles = [" ".join(a.title.split()) for a in comparison.articles if a.title and a.title.strip()]
    plain = [t for t in titles if not lexicon.find(t)]
    if plain:
        stems = [content_stems(t) for t in plain]
        scores = [sum(len(s & o) for o in stems) - len(s) for s in stems]
        return plain[max(range(len(plain)), key=lambda i: (scores[i], -len(plain[i])))]
    stated = [s.text for s in summary.sentences if not is_attributed(s.text)]
    if not stated:
        return None  # an outlet's quoted words are not a headline in the report's voice
    first = re.split(r",\s|\s[—–]\s|;\s|:\s", stated[0])[0]
    words = first.rstrip(".!?”\"'").split()
    return " ".join(words[:HEADLINE_WORDS]) + ("…" if len(words) > HEADLINE_WORDS else "")


def summary_terms(text: str, lexicon: Lexicon) -> list[str]:
    """Loaded terms of a text outside its quotation marks."""
    quoted = [(q.open_at, q.close_at if q.close_at is not None else q.end) for q in quoted_spans(text)]
    return [text[m.start : m.end] for m in lexicon.find(text) if not any(s <= m.start < e for s, e in quoted)]
