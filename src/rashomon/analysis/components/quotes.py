"""Quotes with their speakers: direct, partial, indirect, embedded posts and block quotes.

One pass per paragraph: quoted stretches are paired first (`quotemarks`), reported clauses are found
from cue verbs (`attribution`), then each quoted stretch is attached to the cue beside it, to the
reported clause it sits in, or to the speaker of the quote before it (a quote that continues with no
cue). Pronoun speakers are resolved last, in text order, to the person or body they refer to.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from rashomon.analysis.components.sentences import paragraphs as stripped_paragraphs
from rashomon.analysis.components.speakers import actor_mentions, resolve_speakers
from rashomon.analysis.learned.attribution import Attributor, load_attributor
from rashomon.analysis.nlp import configured_model, has_parser, load_nlp, parse_paragraphs
from rashomon.model.layers import QuoteSpan
from rashomon.model.records import Analysis, Span
from rashomon.text import attribution as at
from rashomon.text.quotemarks import DOUBLE_MARKS, Quoted, paragraph_bounds, quoted_by_paragraph, quoted_in
from rashomon.text.spans import Intervals

_POST_SIGNATURE = re.compile(r"^[—–-]\s*(?P<name>[^()\n]{2,80}?)\s*\(@(?P<handle>\w{1,30})\)\s*(?P<date>[^\n]*)$")
_POST_MAX_CHARS = 280  # a post's length limit on X
_BLOCK_MAX_PARAGRAPHS = 6
_QUOTE_CHARS = re.compile(r"[“”\"«»]|''|``")  # '' and `` are double marks too (`quotemarks`)
_NON_SPACE = re.compile(r"\S+")
_WORD = re.compile(r"\w")
_STOPS = re.compile(r"[.;“\"]|''|``")
# An attribution after a closing mark lies within 14 words ('..., ” said Colin Robertson, a former
# diplomat'); the speaker phrase after a cue within 13 more.
_TRAILING_WORDS = 64
_CLAUSE_STOP = frozenset("to in on at for about with from of by as into over".split())
# What the words after a closing mark give: (speaker, cue span, whether nothing but punctuation follows).
_Trailing = tuple[at.Speaker | None, tuple[int, int] | None, bool]


@dataclass(frozen=True, slots=True, kw_only=True)
class Found:
    """A quote before its speaker is resolved."""

    start: int
    end: int
    kind: str
    speaker: at.Speaker | None
    cue: tuple[int, int] | None
    paragraph: int
    extra: tuple[tuple[str, object], ...] = ()
    confidence: float | None = None


class Quotes:
    """Find every quote of an article with its content span, speaker, cue and kind."""

    def __init__(self, model: str | None = None) -> None:
        self.model = configured_model(model)
        # The learned attributor reads a dependency parse; the blank pipeline has none, so rules alone run.
        self.attributor: Attributor | None = load_attributor() if has_parser(load_nlp(self.model)) else None
        self.models = {"spacy": self.model, "attributor": "polnear-crf.v1"} if self.attributor else {}

    def __call__(self, analysis: Analysis) -> Analysis:
        """Assign the `quotes` layer: one `QuoteSpan` per quote, labelled with its kind."""
        text = analysis.article.text
        mentions = at.mentions_in_order(actor_mentions(analysis))
        found = _Earlier()
        paragraphs = list(paragraph_bounds(text))
        in_paragraph = _sentences_by_paragraph(paragraphs, analysis.sentences)
        quoted = quoted_by_paragraph(text, paragraphs)
        skip: set[int] = set()
        found.extend(_embedded_posts(text, paragraphs, mentions, skip))
        found.extend(_transcript_turns(text, paragraphs, mentions, skip))
        for index, (start, end) in enumerate(paragraphs):
            if index in skip:
                continue
            sents = in_paragraph[index]
            block = _block_quote(text, paragraphs, index, sents, mentions, skip)
            found.extend(_paragraph_quotes(text, index, start, end, sents, mentions, found, quoted[index]))
            found.extend(block)
        ordered = found.items
        subjects = None
        if self.attributor is not None:
            learned = _before_next_report(text, _learned(text, self.model, self.attributor, mentions, quoted))
            ordered = merge_learned(learned, ordered)
            subjects = main_subjects(text, self.model)
        ordered = sorted((f for f in ordered if not _is_title(text, f)), key=lambda f: (f.start, f.end))
        ordered = _across_paragraphs(text, ordered, paragraphs, quoted, in_paragraph, mentions)
        ordered = _credit_lines(text, ordered, mentions)
        ordered = _mark_nested(_carry_on(text, ordered))
        spans = tuple(
            q
            for q in resolve_speakers(text, ordered, mentions, subjects=subjects)
            if _voiced(q) and not _impersonal(text, q)
        )
        spans = _without_pieces(_one_per_span(_without_relays(text, spans)))
        return analysis.with_layer("quotes", spans)


def _voiced(quote: QuoteSpan) -> bool:
    """Whether a quote has someone to say it, or marks that show words were said.

    A learned paraphrase with no source and no speaker from the rules is a stance or a charge, not a voice: "was
    charged with running the gang", "is expected to announce her plans", "was seen as a sign of anger". On
    PolNeAR dev dropping them (93 of 1,822 quotes, 35 of which match a gold content that has no source either)
    moved attribution F1 0.630 -> 0.640 and speaker accuracy 0.933 -> 0.950 for content overlap F1 0.686 ->
    0.685; the 12 stories did not move. Over the 91 unannotated stories they were 369 of 7,072 quotes.
    """
    return not (quote.kind == "indirect" and quote.speaker is None and quote.confidence is not None)


# An impersonal cue's verb: a form of "be" or a verb that takes its place ("It's unclear", "it seems").
_BE_LIKE = frozenset("'s is was be been are were seems seemed appears appeared remains remained becomes became".split())
# What else may stand in the cue beside its predicate: "it", modals, auxiliaries and negation ("Nor is it
# clear", "it should be obvious"). Curly apostrophes are made straight before the cue is read.
_IMPERSONAL_WORDS = _BE_LIKE | frozenset(
    """
    it it's being should would will could might may must can has had have not nor n't also still now already yet
    """.split()
)


def _impersonal(text: str, quote: QuoteSpan) -> bool:
    """Whether a quote is the writer's own words set after an impersonal "it": "It's unclear whether …", "Nor
    is it clear that …", "it should be obvious that …", "It goes without saying that …".

    The "it" stands for the clause that follows, not for anyone who said it; the attributor, which learned
    "unclear" and "clear" as cues, had given such clauses "It" for a source. The cue must be a form of "be"
    (or seem, appear, remain, become) with its predicate, or the idiom "goes without saying": "It said",
    "It showed that" and "It's denouncing" after a company, a report or a campaign stay theirs. On PolNeAR
    dev and BASIL, 10 quotes were such; 9 were dropped and "It's denouncing" kept. (`speakers._EXPLETIVE`
    reads the words after an "it" speaker, "It is thought that", and leaves the quote unnamed; this reads the
    cue the attributor marked, which is all an inverted "Nor is it clear that" gives.)
    """
    if quote.kind == "direct" or quote.speaker is None or quote.cue is None:
        return False
    if text[quote.speaker.start : quote.speaker.end].lower().replace("’", "'") not in ("it", "it's"):
        return False
    cue = text[quote.cue.start : quote.cue.end].lower().replace("’", "'")
    if "without saying" in cue:
        return True
    words = cue.replace("'s", " 's").replace("n't", " n't").split()
    rest = [w for w in words if w not in _IMPERSONAL_WORDS]
    # "It's denouncing what it calls …" is a progressive verb of the campaign "it" stands for, not a predicate.
    return bool(_BE_LIKE.intersection(words)) and len(rest) <= 1 and not any(w.endswith("ing") for w in rest)


def _without_relays(text: str, spans: tuple[QuoteSpan, ...]) -> tuple[QuoteSpan, ...]:
    """Drop an "according to X" quote whose words are someone else's attributed words.

    In '“…,” Cruz said at a rally, according to The Hill' the attributor gives The Hill the whole clause,
    Cruz's quote and cue included, beside Cruz's own quote: two voices for one set of words, the outlet's
    holding the other's. Cruz is the voice; The Hill is the channel, which the citations layer records
    ("according to"). Only words a named speaker said count as held: in quotation marks or with a plain verb
    of saying (a relative's account that "he had pleaded to be kept locked up", a poll's "55 percent of
    voters say" stay the relative's and the poll's).
    """
    starts = [q.start for q in spans]

    def relay(outer: QuoteSpan) -> bool:
        if outer.cue is None or not _credits(text, outer.cue.start):
            return False
        inside = _starting_in(spans, starts, outer)
        return any(
            inner is not outer
            and inner.end <= outer.end
            and inner.speaker is not None
            and inner.speaker_name is not None  # a named voice, not "55 percent of voters say" in a poll
            and outer.start <= inner.speaker.start
            and inner.speaker.end <= outer.end
            and _said(text, inner)
            for inner in inside
        )

    return tuple(q for q in spans if not relay(q))


def _starting_in(spans: tuple[QuoteSpan, ...], starts: Sequence[int], outer: QuoteSpan) -> tuple[QuoteSpan, ...]:
    """The quotes (sorted by start, `starts` their starts) that start inside `outer`, itself included."""
    return spans[bisect_left(starts, outer.start) : bisect_right(starts, outer.end)]


def _one_per_span(spans: tuple[QuoteSpan, ...]) -> tuple[QuoteSpan, ...]:
    """One quote per stretch of words: of two cues the attributor gave the same content ("Netanyahu pushed back
    …, first telling CNN, “…”" read once with "first", once with "telling"), the one nearest the words reports
    them (a cue inside them is nearest); a tie keeps the one with a named speaker, then the first. The report had
    shown such words twice, once with no speaker (14 of 7,409 quotes over 105 unannotated stories)."""
    best: dict[tuple[int, int, str], QuoteSpan] = {}
    for quote in spans:
        key = (quote.start, quote.end, quote.kind)
        kept = best.get(key)
        if kept is None or _reports(quote) > _reports(kept):
            best[key] = quote
    chosen = {id(q) for q in best.values()}
    return tuple(q for q in spans if id(q) in chosen)


def _without_pieces(spans: tuple[QuoteSpan, ...]) -> tuple[QuoteSpan, ...]:
    """Drop the quotations a quote run over its own cue already holds, when they are the same speaker's.

    The attributor reads “We know how to win elections,” she said. “We've done it before.” as one content, as
    PolNeAR keys it (one discontinuous content around the cue); the rules read each quotation as well, so the
    report listed the utterance three times (the run held other quotations in 344 of 1,734 direct quotes over
    the 70 BASIL triplets). The run stays: dropping it instead, PolNeAR dev's direct overlap F1 fell 0.901 ->
    0.804, since the gold is one content there too.
    """
    starts = [q.start for q in spans]
    held: set[int] = set()
    for outer in spans:
        if outer.kind != "direct" or outer.cue is None or not outer.start < outer.cue.start < outer.end:
            continue
        inside = _starting_in(spans, starts, outer)
        pieces = [
            q
            for q in inside
            if q is not outer and q.kind == "direct" and q.end <= outer.end and q.speaker_name == outer.speaker_name
        ]
        if any(q.end <= outer.cue.start for q in pieces) and any(q.start >= outer.cue.end for q in pieces):
            held.update(id(q) for q in pieces)
    return tuple(q for q in spans if id(q) not in held)


def _reports(quote: QuoteSpan) -> tuple[int, bool]:
    """How closely a quote's cue reports its words (minus the gap; no cue is farthest), then whether a speaker is
    named."""
    cue = quote.cue
    gap = _NO_CUE_GAP if cue is None else max(0, cue.start - quote.end, quote.start - cue.end)
    return (-gap, quote.speaker_name is not None)


_NO_CUE_GAP = 1 << 30  # a quote with no cue: farther than any cue in an article


# The plain verbs of saying: "according to a relative, he ... had pleaded to be kept locked up" is the
# relative's account of what he pleaded, not a report of words he said to the outlet.
_SAID = frozenset({"said", "says", "say", "told", "tells"})


def _said(text: str, quote: QuoteSpan) -> bool:
    """Whether a quote is words someone said: in quotation marks, or reported with a plain verb of saying."""
    if quote.kind in ("direct", "partial"):
        return True
    cue = text[quote.cue.start : quote.cue.end].lower().split() if quote.cue is not None else []
    return bool(cue) and cue[0] in _SAID


_TITLE_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_TITLE_MAX_WORDS = 12
_SMALL_WORD = 3  # "the", "of", "and", "to": lower-case inside a title ("The Story of Watergate's Deep Throat")


# The word before a name or title in quotation marks: said on "Fox News Sunday", better known as "Deep
# Throat", wrote in "Secret Man", a film titled "…".
_NAMING_BEFORE = re.compile(r"\b(?:on|in|as|titled|entitled|called|named|dubbed)\s*[\"“‘'`]+\s*$", re.IGNORECASE)


def _is_title(text: str, f: Found) -> bool:
    """Whether a quoted stretch is a name or a title, not someone's words: it follows "on", "in", "as",
    "titled", "called", ... and every word longer than a small word is capitalised ("said on "Fox News
    Sunday."", "better known as "Deep Throat""). Said on "Fox News Sunday." was a quote whose speaker phrase
    took the quotation mark before "Corker". Slogans and chants ("U-S-A! U-S-A!", "It's Our Time.") are
    someone's words and are kept: PolNeAR marks them as quotes."""
    if f.kind not in ("direct", "partial") or not _NAMING_BEFORE.search(text, max(0, f.start - 16), f.start):
        return False
    ws = _TITLE_WORD.findall(text, f.start, f.end)
    if not 2 <= len(ws) <= _TITLE_MAX_WORDS or not ws[0][0].isupper():
        return False
    return all(w[0].isupper() for w in ws if len(w) > _SMALL_WORD)


# A credit line after a quote: "“…” ― Marta Ibarra", "“…” —Joel Park" (readers' voices, epigraphs, captions).
_CLOSING = re.compile(r"[”\"’'.,!?]*")
_DASH_CREDIT = re.compile(
    r"[ \t\u00a0]*[―—–][ \t\u00a0]*(?P<name>[A-Z][\w.'’-]+(?:[ \t]+(?:[A-Z][\w.'’-]*|de|del|la|da|van|von)){0,4})"
)
# A transcript turn: the words open with the speaker's name in capitals and a colon ("KANE: I will not ...").
_TURN = re.compile(r"(?P<name>[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,2}):[ \t]+")
# A paragraph that is a turn, sometimes inside an opening quotation mark that no mark closes ("PENCE: Well,").
_TURN_PARAGRAPH = re.compile(r"[ \t]*[\"“]?" + _TURN.pattern + r"(?=\S)")
_MIN_TURNS = 2  # one capitalised label before a colon is a kicker ("UPDATE:", "EXCLUSIVE:"), not a transcript


def _fullest_by_surname(mentions: list[at.Mention]) -> dict[str, at.Mention]:
    """The fullest name of each family name, keyed in capitals ("Ruth Kane" over a transcript's "KANE")."""
    surnames: dict[str, at.Mention] = {}
    for m in mentions:
        if m.label == "PERSON" and m.name:
            key = m.name.split()[-1].upper()
            if key not in surnames or len(m.name.split()) > len((surnames[key].name or "").split()):
                surnames[key] = m
    return surnames


def _credit_lines(text: str, ordered: list[Found], mentions: list[at.Mention]) -> list[Found]:
    """Give a speaker to quotes that name theirs the way transcripts and collections of voices do.

    A transcript turn ("KANE: I will not vote for it.") is the named person's, the label left out of the
    words, when the name is the last name of a person the article names or labels two turns or more; a
    quote followed by a dash and a name ("“…” ― Marta Ibarra") is that person's. Neither has a reporting
    verb, so neither the rules nor the learned attributor gave these quotes a speaker.
    """
    surnames = _fullest_by_surname(mentions)
    labels = [t.group("name") for f in ordered if f.speaker is None and (t := _TURN.match(text, f.start))]
    out = []
    for f in ordered:
        if f.speaker is None and (turn := _TURN.match(text, f.start)):
            name = turn.group("name")
            person = surnames.get(name.split()[-1].rstrip("."))
            if (person is not None or labels.count(name) >= 2) and turn.end() < f.end:
                mention = at.Mention(start=f.start, end=f.start + len(name), label="PERSON",
                                     name=person.name if person else name.title())  # fmt: skip
                speaker = at.Speaker(start=mention.start, end=mention.end, text=name, head=mention)
                f = replace(f, start=turn.end(), speaker=speaker, extra=(*f.extra, ("transcript", True)))
        elif f.speaker is None and (credit := _DASH_CREDIT.match(text, _after_marks(text, f.end))):
            start, end = credit.span("name")
            head = _mention_in(mentions, start, end)
            if head.name is None:  # a name the entity recogniser missed is still the credited person's
                head = at.Mention(start=start, end=end, label="PERSON", name=credit.group("name"))
            f = replace(f, speaker=at.Speaker(start=start, end=end, text=credit.group("name"), head=head))
        out.append(f)
    return out


def _after_marks(text: str, pos: int) -> int:
    """Where the text goes on after the closing marks and punctuation at `pos`."""
    m = _CLOSING.match(text, pos)
    return m.end() if m else pos


def _carry_on(text: str, ordered: list[Found]) -> list[Found]:
    """A cue-less direct quote with no speaker yet carries on the direct quote just before it.

    The rules already do this among their own quotes; a speaker the learned attributor found is only
    known after the merge ('“We are shocked,” said her cousin, Ann Lee. / “She helped everyone.”').
    The two lie in one paragraph or in neighbouring ones, so a paragraph of narration breaks the chain.

    A quote the rules carried on from an earlier direct quote goes instead to a report between the two in its
    own paragraph ("Dingell said she has spoken to Pelosi, and said she gets it. “Leader Pelosi always
    listened.”" after a paragraph quoting Schiff is Dingell's): the rules see only their own direct quotes.
    """
    out: list[Found] = []
    previous: Found | None = None
    latest: Found | None = None  # the last quote so far with a speaker and a cue
    for f in ordered:
        report = _report_between(text, f, previous, latest)
        if f.speaker is None and f.cue is None and f.kind == "direct" and report is not None:
            f = replace(f, speaker=report.speaker, cue=report.cue, extra=(*f.extra, ("continued", True)))
        elif (
            f.speaker is None
            and f.cue is None
            and f.kind == "direct"
            and previous is not None
            and previous.kind == "direct"
            and previous.speaker is not None
            and previous.end <= f.start
            and _next_paragraph(text, previous.end, f.start)
        ):
            f = replace(f, speaker=previous.speaker, cue=previous.cue, extra=(*f.extra, ("continued", True)))
        elif dict(f.extra).get("continued") and report is not None:
            f = replace(f, speaker=report.speaker, cue=report.cue)
        out.append(f)
        if f.kind == "direct" and f.end > (previous.end if previous else -1):
            previous = f
        if f.speaker is not None and f.cue is not None and f.end > (latest.end if latest else -1):
            latest = f
    return out


_CREDIT_CUE = re.compile(r"(?i)according\b")


def _credits(text: str, cue_start: int) -> bool:
    """Whether a cue is an "according to" credit: it names where the words were read, not who goes on saying."""
    return _CREDIT_CUE.match(text, cue_start) is not None


def _report_between(text: str, f: Found, previous: Found | None, latest: Found | None) -> Found | None:
    """The report whose speaker a direct quote that carries on an earlier one goes on with: the latest report
    before it in its own paragraph, when its cue comes after the carried quote's (or after the direct quote
    before) and it names who speaks, not where the words were read ("according to TIME" credits an outlet)."""
    if latest is None or latest.speaker is None or latest.cue is None or latest.end > f.start:
        return None
    if _credits(text, latest.cue[0]) or "\n" in text[latest.end : f.start]:
        return None
    after = f.cue[0] if f.cue is not None else (previous.end if previous is not None else -1)
    return latest if latest.cue[0] > after else None


def _next_paragraph(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] stays within a paragraph or crosses into the next one only (blank lines aside)."""
    lines = text[start:end].split("\n")
    return all(not line.strip() for line in lines[1:-1])


def _learned(
    text: str, model: str, attributor: Attributor, mentions: list[at.Mention], stretches: list[list[Quoted]]
) -> list[Found]:
    """Quotes the learned attributor finds, paragraph by paragraph, over the shared parse (`stretches`: each
    paragraph's quoted stretches, `quoted_by_paragraph`; the paragraphs are the same lines, stripped)."""
    bounds = list(stripped_paragraphs(text))
    docs = parse_paragraphs(model, [text[s:e] for s, e in bounds])
    # Whether each paragraph follows one that left a quote open: '"We lost three lines.' then 'If the fourth
    # breaks, we are in the dark, "said Mr Wright.' closes there, and its "said" is no cue inside a quote.
    left_open = [False] + [bool(q) and not q[-1].closed for q in stretches][:-1]
    out = []
    for index, ((offset, _end), doc) in enumerate(zip(bounds, docs, strict=True)):
        for found in attributor.attributions(doc, left_open=left_open[index]):
            start, end = _inside_marks(text, offset + found.content[0], offset + found.content[1])
            if not _WORD.search(text, start, end):
                continue  # a lone quotation mark tagged as content
            speaker = None
            if found.source is not None:
                speaker = at.speaker_in(text, offset + found.source[0], offset + found.source[1], mentions)
            out.append(
                Found(
                    start=start,
                    end=end,
                    kind="direct" if _continues_quote(text, stretches[index], start, end) else _kind(text, start, end),
                    speaker=speaker,
                    cue=(offset + found.cue[0], offset + found.cue[1]),
                    paragraph=index,
                    confidence=found.confidence,
                )
            )
    return out


# What joins a reported clause to the next report in one sentence: a comma, "and" or "but", or both.
_NEXT_REPORT = re.compile(r"(?:\s*,\s*(?:(?P<and>and|but)\s+)?|\s+(?P<joined>and|but)\s+)$")
_RELATIVE = frozenset("which who whom that".split())
_MIN_WORDS = 3  # words a paraphrase keeps before a cut: fewer is no report


def _conjoined(joint: re.Match[str] | None) -> re.Match[str] | None:
    """The joint when an "and" or "but" is in it, else None (a bare comma may close an opening clause)."""
    return joint if joint is not None and (joint.group("and") or joint.group("joined")) else None


def _before_next_report(text: str, found: list[Found]) -> list[Found]:
    """Each learned paraphrase ended where a second report of the same sentence begins.

    "Sen. Ann Lee said the claims did not hurt her, arguing that the party's divisions did" and "Republicans
    said the inquiry was mishandled, and Democrats accused the party of stalling": the attributor ran the first
    content on over the second cue, so the second report stood nested inside the first and counted as its
    words. A paraphrase is cut before the comma, "and" or "but" that opens the second report: right before its
    own subject ("and Democrats accused"), or, with no subject of its own, before its cue when an "and" or "but"
    joins it or it is a participle (", arguing", ", saying", ", according to"). A report inside the clause
    ("said he thinks …"), one a relative clause holds (", which wrote …", ", who has argued …"), one whose
    subject opens the paraphrase ("Rahm Emanuel, the chief of staff, asked …"), a paraphrase around its own cue
    ("By releasing them, he said, the White House had …") and direct quotes keep their extent.
    """
    # The reports by where their cues start, so each paraphrase reads only the cues inside it (bisection).
    reports = sorted(((b.cue, b) for b in found if b.cue is not None), key=lambda pair: pair[0])
    starts = [cue[0] for cue, _ in reports]
    out = []
    for a in found:
        end = a.end
        around_cue = a.cue is not None and a.start < a.cue[0] < a.end
        if a.kind == "indirect" and not around_cue:
            for cue, b in reports[bisect_right(starts, a.start) : bisect_left(starts, a.end)]:
                if b is not a and cue[0] < end:
                    end = _cut_before(text, a, b, cue, end)
        out.append(replace(a, end=end) if end != a.end else a)
    return out


# A sentence's end before the next one's first word: "… even for him.” She says …".
_SENTENCE_BREAK = re.compile(r"[.!?][\"”’']?(?=\s+[\"“]?[A-Z])")


def _cut_before(text: str, a: Found, b: Found, cue: tuple[int, int], end: int) -> int:
    """Where paraphrase `a` ends when report `b`, whose `cue` lies inside it, opens a second report (else `end`).

    A participle after a comma or "and" opens a second report whatever its verb (", opposing plans to …",
    "and deleting …"); a finite verb does only when it is a verb of saying joined by "and" or "but": the
    attributor also tags verbs inside a reported clause ("he posed a threat and refused to drop the gun",
    "Gray appeared to be cornered"), and a report cut there, or before a comma that closes an opening clause
    ("when King was asked …, she told them"), lost its words.
    """
    subject = b.speaker if b.speaker is not None and a.start <= b.speaker.start < cue[0] else None
    word = text[cue[0] : cue[1]].split()[0]
    if subject is not None and (stop := _last_sentence_end(text, a.start, subject.start)) is not None:
        return min(end, stop)  # the second report is a sentence of its own: "… for him.” She says it …"
    before_cue = _NEXT_REPORT.search(text, a.start, cue[0])
    if word.endswith("ing"):
        joint = before_cue  # a participle opens its report without a subject: ", arguing", "and saying"
    elif not at.saying(word):
        joint = None
    elif subject is not None and subject.start > a.start and subject.text.lower() not in _RELATIVE:
        joint = _conjoined(_NEXT_REPORT.search(text, a.start, subject.start))
    elif subject is None:
        joint = _conjoined(before_cue)
    else:
        joint = None  # a relative clause's report, or one whose subject opens the paraphrase
    if joint is None or len(text[a.start : joint.start()].split()) < _MIN_WORDS:
        return end
    return min(end, joint.start())


def _last_sentence_end(text: str, start: int, end: int) -> int | None:
    """Where the last sentence that ends in text[start:end] outside quotation marks ends (after its full stop
    and closing mark), with at least `_MIN_WORDS` words before it; None for none."""
    stop = None
    for found in _SENTENCE_BREAK.finditer(text, start, min(len(text), end + 2)):  # the lookahead reads past
        if found.end() > end:
            break
        word = re.search(r"[\w.]*$", text[start : found.start()])
        if word is not None and at.abbreviation(word.group()):
            continue  # "former Gov. Jeb Bush", "Ms. Pelosi", "David P. Brat": a title or an initial
        inside = text[start : found.end()]
        balanced = inside.count("“") <= inside.count("”") and inside.count('"') % 2 == 0
        if balanced and len(inside.split()) >= _MIN_WORDS:
            stop = found.end()
    return stop


def _continues_quote(text: str, stretches: list[Quoted], start: int, end: int) -> bool:
    """Whether a content lies mostly inside a stretch that continues a quote the line before opened (no mark
    opens it: 'We are better than this, "said Stefanski.' after '"I believe in this team.'): direct words."""
    inside = sum(
        max(0, min(end, q.end) - max(start, q.start)) for q in stretches if not _QUOTE_CHARS.match(text, q.open_at)
    )
    return inside >= 0.7 * (end - start)


_MAIN = frozenset({"ROOT", "conj"})


def main_subjects(text: str, model: str) -> list[int]:
    """Start offsets of the subjects of main clauses (the sentence's verb or one joined to it), in text order."""
    bounds = list(stripped_paragraphs(text))
    out = []
    for (offset, _end), doc in zip(bounds, parse_paragraphs(model, [text[s:e] for s, e in bounds]), strict=True):
        for token in doc:
            if token.dep_ in ("nsubj", "nsubjpass") and token.head.dep_ in _MAIN:
                out.append(offset + token.idx)
    return out


def _mark_from(text: str, start: int, end: int) -> int:
    """Length of the quotation mark that opens text[start:end] ('' and `` are two characters), 0 for none."""
    mark = _QUOTE_CHARS.match(text, start, end)
    return len(mark.group()) if mark else 0


def _mark_until(text: str, start: int, end: int) -> int:
    """Length of the quotation mark that closes text[start:end], 0 for none."""
    if end - start >= 2 and text[end - 2 : end] in DOUBLE_MARKS:
        return 2
    return 1 if end > start and _QUOTE_CHARS.match(text, end - 1, end) else 0


def _inside_marks(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop the quotation marks at a content's edges, as the rules' spans do ('We will win,' not '“We will win,”')."""
    opening, closing = _mark_from(text, start, end), _mark_until(text, start, end)
    if opening and closing and end - start > max(2, opening + closing):
        return start + opening, end - closing
    if end - start > 2 and opening and not _QUOTE_CHARS.search(text, start + opening, end):
        return start + opening, end  # an opening mark whose quote runs past the content
    if end - start > 2 and closing and not _QUOTE_CHARS.search(text, start, end - closing):
        return start, end - closing  # the closing mark of a quote a line before opened ('Very calm,”')
    return start, end


def _kind(text: str, start: int, end: int) -> str:
    """direct when most of the content lies inside quotation marks, else indirect."""
    # One character either side holds a one-character mark; two, a '' or `` mark.
    lo = max(0, start - (2 if text[max(0, start - 2) : start] in DOUBLE_MARKS else 1))
    hi = min(len(text), end + (2 if text[end : end + 2] in DOUBLE_MARKS else 1))
    inside = sum(max(0, min(end, q.end) - max(start, q.start)) for q in quoted_in(text, lo, hi))
    marks = _QUOTE_CHARS.search(text, lo, min(len(text), start + 2))
    return "direct" if marks and inside >= 0.7 * (end - start) else "indirect"


def merge_learned(learned: list[Found], ruled: list[Found]) -> list[Found]:
    """Join the learned quotes with the rules' quotes.

    A rule quote no learned quote overlaps stays (a continued quote with no cue, an embedded post, a block
    quote). A quoted stretch stays too unless a learned quote covers the same words: inside a learned
    indirect quote it is the partial quote the paraphrase holds (flagged nested), and one the learned quotes
    cover less than half of was missed by them (the rules pair marks at 0.98 precision on PolNeAR dev). A
    learned quote with no source takes the speaker of the rule quote it overlaps most, and a quoted stretch with
    none takes the speaker of the learned quote that holds it.
    """
    out: list[Found] = []
    # A quote overlaps only its neighbours: comparing every learned quote with every rule quote was
    # quadratic (5,000 quotes in an article: 25 million pairs).
    rules, learns = Intervals((r.start, r.end) for r in ruled), Intervals((f.start, f.end) for f in learned)
    for f in learned:
        near = rules.overlapping(f.start, f.end) if f.speaker is None else []
        if near:
            donor = ruled[max(near, key=lambda i: (_shared(f, ruled[i]), -i))]  # the first of equals
            if donor.speaker is not None:
                f = replace(f, speaker=donor.speaker)
        out.append(f)
    spoken = out[:]  # the learned quotes with the speakers they took
    for r in ruled:
        over = [spoken[i] for i in sorted(learns.overlapping(r.start, r.end))]
        covered = sum(_shared(r, f) for f in over)
        if covered == 0 or dict(r.extra).get("transcript"):
            out.append(r)  # a transcript's turn is its speaker's words whatever reports they hold
        elif r.kind in _QUOTED and not any(_same_words(r, f) for f in over):
            holders = [f for f in over if f.start <= r.start and r.end <= f.end]
            if holders or covered < 0.5 * (r.end - r.start):
                out.append(_spoken_by_holder(r, holders))
    return out


def _spoken_by_holder(quoted: Found, holders: list[Found]) -> Found:
    """A quoted stretch inside a learned quote is that quote's speaker's words ("“Now that's a good protest,”
    Jo Smith said. “Ending in a prayer.”" is one learned quote over both stretches; a partial quote inside a
    paraphrase is the paraphrased speaker's), unless the rules found it a speaker of its own. One they carried
    on from an earlier quote goes to a holder that opens after that quote's cue, a newer report ("“…,” Moss
    said. / Ann Dale said she gets it. “The leader listened.”"), not to one that runs over the earlier quote too
    (an "according to" credit after it)."""
    holder = next((f for f in holders if f.speaker is not None), None)
    carried = bool(dict(quoted.extra).get("continued"))
    newer = holder is not None and (quoted.cue is None or holder.start >= quoted.cue[1])
    # One cue reports both, and the rules read as the speaker what completes the phrase the parse read whole: the
    # words are the paraphrase's speaker's ("Analyst Rob Enderle of Enderle Group in Silicon Valley said it was
    # “amazing” ..." gave the rules Silicon Valley). Any other speaker of the rules' own stays ("..., Mr. Obama
    # disputed that Democrats feel betrayed ..., saying that “…”", where the tagger took Democrats).
    complement = (
        holder is not None
        and holder.speaker is not None
        and quoted.speaker is not None
        and quoted.cue is not None
        and quoted.cue == holder.cue
        and _completes(holder.speaker, quoted.speaker)
    )
    if (quoted.speaker is not None and not (carried and newer) and not complement) or holder is None:
        return quoted
    return replace(quoted, speaker=holder.speaker, cue=holder.cue)


def _completes(phrase: at.Speaker, piece: at.Speaker) -> bool:
    """Whether `piece` is the object of a preposition inside `phrase` ("Silicon Valley" in "Analyst Rob Enderle of
    Enderle Group in Silicon Valley"), as `attribution.speaker_in` leaves such a name out of the speaker."""
    inside = phrase.start <= piece.start and piece.end <= phrase.end
    return inside and at.completes(phrase.text[: piece.start - phrase.start])


def _same_words(a: Found, b: Found) -> bool:
    """Two quotes over the same characters: each covers at least 95 % of the other (marks and a comma aside)."""
    shared = _shared(a, b)
    return shared >= 0.95 * (a.end - a.start) and shared >= 0.95 * (b.end - b.start)


_QUOTED = ("direct", "partial", "embedded")


def _shared(a: Found, b: Found) -> int:
    """Characters two found quotes share."""
    return max(0, min(a.end, b.end) - max(a.start, b.start))


class _Earlier:
    """The quotes found so far, in the order found, and by paragraph (a quote may continue the one before)."""

    def __init__(self) -> None:
        self.items: list[Found] = []
        self.by_paragraph: dict[int, list[Found]] = {}

    def extend(self, found: Iterable[Found]) -> None:
        """Add quotes, keeping the order found."""
        for f in found:
            self.items.append(f)
            self.by_paragraph.setdefault(f.paragraph, []).append(f)


def _sentences_by_paragraph(paragraphs: list[tuple[int, int]], sentences: Sequence[Span]) -> list[list[Span]]:
    """Each paragraph's sentences (those starting inside it), in layer order; one pass, not one per paragraph."""
    starts = [start for start, _ in paragraphs]
    out: list[list[Span]] = [[] for _ in paragraphs]
    for sentence in sentences:
        index = bisect_right(starts, sentence.start) - 1
        if index >= 0 and sentence.start < paragraphs[index][1]:
            out[index].append(sentence)
    return out


def _mark_nested(found: list[Found]) -> list[Found]:
    """Flag a quote that lies inside another quote of the article (a partial inside a reported clause).

    `found` is sorted by (start, end). A longer quote holds this one when it starts before it and ends at
    or after it, or starts with it and ends after it; one sweep keeps the furthest end so far (comparing
    every pair took minutes for 10,000 quotes).
    """
    furthest_at: dict[int, int] = {}
    for f in found:
        furthest_at[f.start] = max(furthest_at.get(f.start, f.end), f.end)
    out = []
    before = -1  # the furthest end of the quotes that start before this one
    previous: int | None = None
    for f in found:
        if previous is not None and f.start != previous:
            before = max(before, furthest_at[previous])
        previous = f.start
        outer = before >= f.end or furthest_at[f.start] > f.end
        if outer and ("nested", True) not in f.extra:
            f = replace(f, extra=(*f.extra, ("nested", True)))
        out.append(f)
    return out


def _embedded_posts(
    text: str, paragraphs: list[tuple[int, int]], mentions: list[at.Mention], skip: set[int]
) -> list[Found]:
    """Posts embedded in a page: the lines above "— Name (@handle) date" are the poster's words."""
    out = []
    for index, (start, end) in enumerate(paragraphs):
        m = _POST_SIGNATURE.match(text[start:end].strip())
        if not m or index == 0:
            continue
        first = index
        total = 0
        while first - 1 >= 0 and first - 1 not in skip:
            s, e = paragraphs[first - 1]
            if total + (e - s) > _POST_MAX_CHARS:
                break
            total += e - s
            first -= 1
        if first == index:
            continue
        name_start = start + text[start:end].index(m.group("name"))
        speaker = at.Speaker(
            start=name_start,
            end=name_start + len(m.group("name")),
            text=m.group("name"),
            head=_mention_in(mentions, name_start, name_start + len(m.group("name"))),
        )
        skip.update(range(first, index + 1))
        extra = (("handle", "@" + m.group("handle")), ("posted", m.group("date").strip() or None))
        out.append(
            Found(
                start=paragraphs[first][0],
                end=paragraphs[index - 1][1],
                kind="embedded",
                speaker=speaker,
                cue=None,
                paragraph=first,
                extra=extra,
            )
        )
    return out


def _transcript_turns(
    text: str, paragraphs: list[tuple[int, int]], mentions: list[at.Mention], skip: set[int]
) -> list[Found]:
    """Turns of a transcript set as paragraphs: each paragraph after "PENCE:" or "JAKE TAPPER:" is that
    person's words, with or without an opening quotation mark (`_credit_lines` reads a quoted turn).

    A label counts when its last word is the family name of a person the article names, and the article has
    at least two such turns; kickers ("UPDATE:", "VIDEO:", "BYLINE:") name no one.
    """
    surnames = _fullest_by_surname(mentions)
    turns = []
    for index, (start, end) in enumerate(paragraphs):
        m = _TURN_PARAGRAPH.match(text, start, end)
        person = surnames.get(m.group("name").split()[-1].rstrip(".")) if m and index not in skip else None
        if m is None or person is None:
            continue
        body_end = end
        while body_end > m.end() and text[body_end - 1] in '"” \t':
            body_end -= 1
        head = at.Mention(start=m.start("name"), end=m.end("name"), label="PERSON", name=person.name)
        speaker = at.Speaker(start=head.start, end=head.end, text=m.group("name"), head=head)
        extra = (("transcript", True),)
        turns.append((index, Found(start=m.end(), end=body_end, kind="direct", speaker=speaker, cue=None,
                                   paragraph=index, extra=extra)))  # fmt: skip
    if len(turns) < _MIN_TURNS:
        return []
    skip.update(index for index, _ in turns)
    return [found for _, found in turns]


def _mention_in(mentions: list[at.Mention], start: int, end: int) -> at.Mention:
    inside = [m for m in mentions if start <= m.start and m.end <= end]
    return inside[-1] if inside else at.Mention(start=start, end=end, label="PERSON", name=None)


def _introducer(
    text: str, start: int, end: int, sents: list[Span], mentions: list[at.Mention]
) -> tuple[at.Speaker | None, tuple[int, int] | None]:
    """The speaker and cue of a paragraph that introduces what follows: "Fox tweeted in reply:". Quoted words
    it closes itself may stand in it ("The commissioner says he's put many officers through what's called
    “active shooter” training:"), not a quote it opens or its cue."""
    if not text[start:end].rstrip().endswith(":") or _QUOTE_CHARS.match(text, start):
        return None, None
    stretches = quoted_in(text, start, end)
    if not all(q.closed for q in stretches):
        return None, None
    ws = at.words(text, sents[-1].start if sents else start, end)
    for i in range(len(ws)):
        found = at.cue_at(ws, i)
        if any(q.open_at <= ws[i].start < q.close_end for q in stretches if q.close_end is not None):
            continue
        if found and ws[i].lower not in at.PARTICIPLE_CUES:
            speaker = at.speaker_before(text, ws, i, mentions) or at.clause_subject(text, ws, 0, i, mentions)
            if speaker:
                return speaker, (ws[found[0]].start, ws[found[1]].end)
    return None, None


def _across_paragraphs(
    text: str,
    ordered: list[Found],
    paragraphs: list[tuple[int, int]],
    quoted: list[list[Quoted]],
    sentences: list[list[Span]],
    mentions: list[at.Mention],
) -> list[Found]:
    """Give a cue-less quote the speaker its neighbouring paragraphs name (`ordered` sorted by start).

    A quote a paragraph leaves open and the next one carries on ('“We heard shots. / We hid,” Ann Lee
    said', or the next paragraph reopening it) is the words of whoever the last piece names; a quote
    paragraph after one that ends "X wrote:" is X's. Walked from the end, so a chain of pieces takes the
    speaker its last piece names. Each stretch's quote is the one, rule or learned, that covers most of it.
    """
    out = list(ordered)
    starts = [f.start for f in out]

    def holder(q: Quoted, kinds: tuple[str, ...] = ("direct", "partial", "indirect")) -> int | None:
        lo, hi = bisect_left(starts, q.start - 2), bisect_left(starts, q.end)
        best = max(range(lo, hi), key=lambda k: _overlap(out[k], q.start, q.end), default=None)
        if best is None or _overlap(out[best], q.start, q.end) == 0 or out[best].kind not in kinds:
            return None
        return best

    for index in range(len(paragraphs) - 1, -1, -1):
        if not quoted[index]:
            continue
        first, last = quoted[index][0], quoted[index][-1]
        k = holder(last, ("direct", "partial"))
        if k is not None and out[k].speaker is None and not last.closed and index + 1 < len(paragraphs):
            carried = quoted[index + 1][0] if quoted[index + 1] else None
            j = holder(carried) if carried is not None and carried.open_at == paragraphs[index + 1][0] else None
            if j is not None and out[j].speaker is not None:
                extra = (*out[k].extra, ("continued", True))
                out[k] = replace(out[k], speaker=out[j].speaker, cue=out[j].cue, extra=extra)
        k = holder(first, ("direct", "partial"))
        if k is not None and out[k].speaker is None and first.open_at == paragraphs[index][0] and index > 0:
            speaker, cue = _introducer(text, *paragraphs[index - 1], sentences[index - 1], mentions)
            if speaker is None and out[k].cue is None:
                speaker, cue = _reporter(text, out, starts, paragraphs[index - 1])
            if speaker is not None:
                out[k] = replace(out[k], speaker=speaker, cue=cue)
    return out


def _reporter(
    text: str, ordered: list[Found], starts: list[int], paragraph: tuple[int, int]
) -> tuple[at.Speaker | None, tuple[int, int] | None]:
    """The speaker of a paragraph of reported speech that ends with its attribution and holds no quotation mark
    ("Page was hardly tawdry, though, Yeager said." / "Dr. Alsip also said Dr. Benjamin is tenacious."): a
    quote paragraph after it with no cue of its own goes on in that speaker's words (`ordered` sorted by
    start, `starts` their starts: the paragraph's quotes are found by bisection)."""
    start, end = paragraph
    if _QUOTE_CHARS.search(text, start, end):
        return None, None
    last = text[start:end].rstrip()
    for k in range(bisect_left(starts, end) - 1, bisect_left(starts, start) - 1, -1):
        f = ordered[k]
        if f.kind != "indirect" or f.speaker is None or f.cue is None:
            continue
        reach = max(f.end, f.cue[1], f.speaker.end)
        cue = at.words(text, *f.cue)  # the learned attributor's cue may take an adverb in: "also said"
        # Words reported as a clause, not an intention ("vowed to increase democracy" introduces no quote).
        clause = not text.startswith("to ", f.start)
        if start + len(last) - reach <= 1 and clause and any(w.lower in at.STRONG_CUES for w in cue):
            return f.speaker, f.cue
        return None, None
    return None, None


def _overlap(f: Found, start: int, end: int) -> int:
    """Characters a found quote shares with text[start:end]."""
    return max(0, min(f.end, end) - max(f.start, start))


def _block_quote(
    text: str,
    paragraphs: list[tuple[int, int]],
    index: int,
    sents: list[Span],
    mentions: list[at.Mention],
    skip: set[int],
) -> list[Found]:
    """Paragraphs introduced by "The Globe and Mail noted ...:" are the introduced speaker's words."""
    start, end = paragraphs[index]
    speaker, cue = _introducer(text, start, end, sents, mentions)
    if speaker is None:
        return []
    last = index
    while last + 1 < len(paragraphs) and last + 1 - index <= _BLOCK_MAX_PARAGRAPHS:
        s, e = paragraphs[last + 1]
        if _QUOTE_CHARS.search(text, s, e) or _POST_SIGNATURE.match(text[s:e].strip()):
            break
        last += 1
    if last == index:
        return []
    skip.update(range(index + 1, last + 1))
    return [
        Found(
            start=paragraphs[index + 1][0],
            end=paragraphs[last][1],
            kind="direct",
            speaker=speaker,
            cue=cue,
            paragraph=index + 1,
            extra=(("block", True),),
        )
    ]


def _paragraph_quotes(
    text: str,
    index: int,
    start: int,
    end: int,
    sents: list[Span],
    mentions: list[at.Mention],
    earlier: _Earlier,
    quoted: list[Quoted],
) -> list[Found]:
    """Quotes of one paragraph: reported clauses from cues, then each quoted stretch."""
    marks = _Marks(text, quoted, start, end)
    clauses: list[Found] = []
    for sent in sents:
        clauses.extend(_reported_clauses(text, sent, marks, mentions, index))
    clauses = [c for c in clauses if marks.inside_share(c) < 0.8]
    out = list(clauses)
    described = Intervals((c.speaker.start, c.speaker.end) for c in clauses if c.speaker)
    sentences = _Sentences(text, sents)
    last_direct: Found | None = None  # the latest direct quote with a speaker found in this paragraph
    for q in marks.quoted:
        if described.covers(q.start, q.end):
            continue  # marks around a speaker's description: A “senior government official” told ...
        found = _attach(text, q, sentences, mentions, index, clauses, last_direct, earlier)
        if found is not None:
            out.append(found)
            if found.kind == "direct" and found.speaker is not None:
                last_direct = found
    return out


def _before_mark(text: str, at: int) -> str:
    """The character before the mark at `at`, past spaces: 'jail, "said' sets its closing mark off by one."""
    k = at - 1
    while k > 0 and text[k] == " ":
        k -= 1
    return text[k] if k >= 0 else ""


class _Marks:
    """A paragraph's quoted stretches, indexed for the questions each cue and each clause asks.

    The stretches are in order and do not overlap, so each question is a bisection where it was a pass
    over every stretch of the paragraph (a paragraph of 2,500 quotes and cues: quadratic, minutes).
    """

    def __init__(self, text: str, quoted: list[Quoted], start: int, end: int) -> None:
        self.text = text
        self.quoted = quoted
        self.opens = [q.open_at for q in quoted]
        self.ends = [q.end for q in quoted]
        # Closing marks that can end an utterance: after ",.?!—…" or before a comma (not a phrase's marks).
        self.closes = [
            q.close_end
            for q in quoted
            if q.close_at is not None
            and q.close_end is not None
            and (_before_mark(text, q.close_at) in ",.?!—…" or text[q.close_end : q.close_end + 1] == ",")
        ]
        self.word_starts = [m.start() for m in _NON_SPACE.finditer(text, start, end)]
        self.stops = [m.start() for m in _STOPS.finditer(text, start, end)]

    def inside(self, pos: int) -> bool:
        """Whether `pos` lies between a stretch's opening mark and its closing one (or its end)."""
        index = bisect_right(self.opens, pos) - 1
        if index < 0:
            return False
        q = self.quoted[index]
        return pos < (q.close_at if q.close_at is not None else q.end + 1)

    def inside_share(self, found: Found) -> float:
        """Share of a clause's characters that lie inside quotation marks."""
        inside = 0
        for q in self.quoted[bisect_right(self.ends, found.start) :]:
            if q.start >= found.end:
                break
            inside += max(0, min(found.end, q.end) - max(found.start, q.start))
        return inside / max(1, found.end - found.start)

    def after_close(self, pos: int) -> bool:
        """True when a cue comes right after a closing mark (the quote's own attribution: '...,” he said').

        At most eight words and none of '.;“"' may lie between; both hold for the latest such mark before
        `pos` whenever they hold for any, so only that one is checked.
        """
        index = bisect_right(self.closes, pos) - 1
        if index < 0:
            return False
        after = self.closes[index]
        return self._words(after, pos) <= 8 and bisect_left(self.stops, after) == bisect_left(self.stops, pos)

    def _words(self, start: int, end: int) -> int:
        """len(text[start:end].split()), from where the runs of non-space characters start."""
        if start >= end:
            return 0
        count = bisect_left(self.word_starts, end) - bisect_left(self.word_starts, start)
        # A slice that starts inside a run holds a word whose start is not among the runs' starts.
        partial = not self.text[start].isspace() and start > 0 and not self.text[start - 1].isspace()
        return count + (1 if partial else 0)


def _reported_clauses(text: str, sent: Span, marks: _Marks, mentions: list[at.Mention], index: int) -> list[Found]:
    """Indirect quotes in a sentence: "X said (that) ...", "..., X said.", "according to X, ..."."""
    ws = at.words(text, sent.start, sent.end)
    out: list[Found] = []
    i = 0
    while i < len(ws):
        cue = at.cue_at(ws, i)
        if cue is None or marks.inside(ws[i].start) or marks.after_close(ws[i].start):
            i += 1
            continue
        result = _clause_for_cue(text, ws, cue, mentions, out)
        if result is not None:
            out.append(replace(result, paragraph=index))
        i = cue[1] + 1
    return out


def _clause_for_cue(
    text: str, ws: list[at.Word], cue: tuple[int, int], mentions: list[at.Mention], before: list[Found]
) -> Found | None:
    first, last = cue
    word = ws[first].lower
    cue_span = (ws[first].start, ws[last].end)
    if word == "according":
        return _according_to(text, ws, first, last, mentions, cue_span)
    if word in at.LABEL_CUES:
        return None
    if word == "as":  # "Xinhua quoted the ministry as saying ...": the ministry's words are the ones after
        speaker = at.speaker_before(text, ws, first, mentions)
        content = _content_after(text, ws, last + 1, require_that=False)
        return _found(content, "indirect", speaker, cue_span) if speaker is not None else None
    if word in at.DATA_CUES:
        speaker = at.speaker_before(text, ws, first, mentions)
        if speaker is None or not {w.lower().strip(",.’'") for w in speaker.text.split()} & at.DATA_ROLES:
            return None  # "police found a body" is not an attribution; "polls show ..." is
        return _found(_content_after(text, ws, last + 1, require_that=False), "indirect", speaker, cue_span)
    if word in at.PARTICIPLE_CUES:
        if not first or ws[first - 1].text not in (",", "by", "—"):
            return None
        speaker = before[-1].speaker if before else at.clause_subject(text, ws, 0, first - 1, mentions)
        content = _content_after(text, ws, last + 1, require_that=word in ("telling",))
        return _found(content, "indirect", speaker, cue_span)
    speaker = at.speaker_before(text, ws, first, mentions)
    # "tell" names its listener after it ("..., told the Associated Press."): never an inverted speaker.
    invertible = first > 0 and ws[first - 1].text == "," and word not in _TELL and _ends_after(ws, last + 1)
    if speaker is None and invertible:
        inverted = at.speaker_after(text, ws, first, mentions)
        if inverted is not None:
            return _found(_content_before(text, ws, ws[first - 1].start + 1), "indirect", inverted, cue_span)
    if speaker is None and first and (ws[first - 1].lower == "and" or word in at.BARE_CLAUSE_CUES):
        speaker = at.clause_subject(text, ws, 0, first - 1, mentions)
    if speaker is not None:
        need = "object" if word in _TELL else word not in at.BARE_CLAUSE_CUES
        content = _content_after(text, ws, last + 1, require_that=need)
        if content is None and _ends_after(ws, last + 1):
            content = _content_before(text, ws, speaker.start)
        return _found(content, "indirect", speaker, cue_span)
    return None


_TELL = frozenset({"told", "tells", "tell"})


def _found(
    content: tuple[int, int] | None, kind: str, speaker: at.Speaker | None, cue_span: tuple[int, int]
) -> Found | None:
    if content is None or speaker is None:
        return None
    return Found(start=content[0], end=content[1], kind=kind, speaker=speaker, cue=cue_span, paragraph=0)


def _according_to(
    text: str, ws: list[at.Word], first: int, last: int, mentions: list[at.Mention], cue_span: tuple[int, int]
) -> Found | None:
    speaker = at.speaker_after(text, ws, last, mentions, any_phrase=True)
    if speaker is None:
        return None
    if first == 0 or (first == 1 and ws[0].text[:1].isupper() and ws[0].lower in ("but", "and", "yet")):
        after = bisect_left(ws, speaker.end, key=_start)  # the words before it start before the speaker ends
        comma = next((k for k in range(after, len(ws)) if ws[k].text == ","), None)
        content = _content_after(text, ws, comma + 1, require_that=False) if comma is not None else None
    else:
        content = _content_before(text, ws, ws[first].start)
    return _found(content, "indirect", speaker, cue_span)


def _ends_after(ws: list[at.Word], i: int) -> bool:
    """True when at most a short object or time phrase follows position i before the sentence ends."""
    rest = 0
    for k in range(i, len(ws)):  # stops at the tenth word: a long sentence's rest need not be read to the end
        w = ws[k]
        if w.text in '.!?”"’':
            continue
        rest += 1
        if rest > 9 or w.lower == "that":
            return False
    return True


_PARTICIPLE = re.compile(r"\w+ed$|(?:sent|written|given|made|put|read|posted)$")


def _content_after(text: str, ws: list[at.Word], i: int, *, require_that: bool | str) -> tuple[int, int] | None:
    """Return the reported clause after a cue: skip a time phrase, an object before "that", then "that"."""
    start, i = i, at.skip_temporal_right(ws, i)
    if not require_that and i < len(ws) and _PARTICIPLE.match(ws[i].lower):
        # "said in a statement released by the team": the participle tells of the statement; only a "that"
        # clause after it is what was said.
        require_that = any(w.lower == "statement" for w in ws[start:i])
    that = next((k for k in range(i, min(len(ws), i + 10)) if ws[k].lower == "that"), None)
    if require_that == "object":  # "told Yahoo News he would ...": an object, then a clause with its subject
        if that is not None and not any(w.text in ",;:" or w.lower == "to" for w in ws[i:that]):
            i = that + 1
        else:
            j = next((k for k in range(i + 1, min(len(ws), i + 6)) if ws[k].lower in at.PRONOUNS), None)
            if j is None or any(w.text in ",;:(" or w.lower in _CLAUSE_STOP for w in ws[i:j]):
                return None
            i = j
    elif require_that:
        if that is None or any(w.text in ",;:" or w.lower == "to" for w in ws[i:that]):
            return None
        i = that + 1
    elif i < len(ws) and ws[i].lower == "that":
        i += 1
    if i >= len(ws) or ws[i].lower in _CLAUSE_STOP or ws[i].text in {",", ":", "“", '"', "''", "``", "(", "—"}:
        return None
    end = len(ws)
    while end > i and ws[end - 1].text in {".", "!", "?", ";", ",", "”", '"', "''", "’"}:
        end -= 1
    if end - i < 3:
        return None
    return ws[i].start, ws[end - 1].end


def _content_before(text: str, ws: list[at.Word], limit: int) -> tuple[int, int] | None:
    """Return the clause from the sentence start to the comma before the speaker phrase at `limit`."""
    k = bisect_right(ws, limit, key=_end)  # the words that end by `limit` (words are in order)
    while k > 0 and ws[k - 1].text in {",", "—", "”", '"', "''"}:
        k -= 1
    begin = 0
    while begin < k and ws[begin].text in {"“", '"', "''", "``"}:
        begin += 1
    if k - begin < 4:
        return None
    return ws[begin].start, ws[k - 1].end


def _attach(
    text: str, q: Quoted, sentences: _Sentences, mentions: list[at.Mention], index: int, clauses: list[Found],
    last_direct: Found | None, earlier: _Earlier,
) -> Found | None:  # fmt: skip
    """Attach one quoted stretch to a speaker: cue beside it, clause around it, or the quote before it."""
    sent_open = sentences.containing(q.open_at)
    sent_close = sentences.closing(q.end, sent_open)
    if sent_open is None or sent_close is None:
        return None
    trailing = _trailing(text, q, _with_next_lowercase(text, sent_close, sentences), mentions, sentences)
    lead = sentences.tokens(sent_open)
    known = lead.before(q.open_at)  # the lead's words: at.words(text, sent_open.start, q.open_at)
    # The whole sentence's words stand in for the lead's: every use below reads only words before the
    # cue, which lies in the lead, and no copy is made per quote (60,000 quotes in a sentence: minutes).
    lead_ws = lead.words
    last_lead = _last_char(text, sent_open.start, q.open_at)  # last character of the lead, stripped
    whole = not last_lead and (trailing is None or trailing[2]) and (q.closed or q.end >= sent_close.end - 2)
    if trailing is not None:
        speaker, cue, _ = trailing
        has_cue = lead.last_cue(known) is not None
        kind = "direct" if not last_lead or last_lead in (":", ",") and not has_cue else "partial"
        if speaker is not None:
            return Found(start=q.start, end=q.end, kind=kind, speaker=speaker, cue=cue, paragraph=index)
    if last_lead in (":", ",") and lead.last_cue(known) is not None:
        speaker, cue = _lead_speaker(text, lead_ws, lead, known, mentions)
        if speaker is not None:
            return Found(start=q.start, end=q.end, kind="direct", speaker=speaker, cue=cue, paragraph=index)
    to_end = q.end >= sent_close.end - 3
    cue_i = lead.last_cue(known, continuing=False)
    holder = next((c for c in clauses if c.start <= q.open_at and q.end <= c.end + 2), None)
    # A clause whose cue comes after the quote reports it ("Officers responded to calls, ... trained in an
    # “active shooter” situation, according to Commissioner Ramsey"): a verb before it is the clause's own.
    reported_after = holder is not None and holder.cue is not None and holder.cue[0] >= q.end
    if cue_i is not None and not whole and not reported_after:
        speaker = at.speaker_before(text, lead_ws, cue_i, mentions) or at.clause_subject(
            text, lead_ws, 0, cue_i, mentions
        )
        if speaker is not None:
            tail = [w.lower for w in lead_ws[cue_i + 1 : known]] if known - cue_i <= 2 else None
            kind = "direct" if to_end and tail in ([], ["that"]) else "partial"
            cue = (lead_ws[cue_i].start, lead_ws[cue_i].end)
            return Found(start=q.start, end=q.end, kind=kind, speaker=speaker, cue=cue, paragraph=index)
    if holder is not None:
        return Found(
            start=q.start,
            end=q.end,
            kind="partial",
            speaker=holder.speaker,
            cue=holder.cue,
            paragraph=index,
            extra=(("nested", True),),
        )
    if whole or last_lead == ":":  # a colon introduces a quotation even when no cue names its speaker
        previous = _previous_direct(earlier, last_direct, index) if whole else None
        if previous is not None:
            return Found(
                start=q.start,
                end=q.end,
                kind="direct",
                speaker=previous.speaker,
                cue=previous.cue,
                paragraph=index,
                extra=(("continued", True),),
            )
        return Found(start=q.start, end=q.end, kind="direct", speaker=None, cue=None, paragraph=index)
    return None


def _last_char(text: str, start: int, end: int) -> str:
    """The last non-space character of text[start:end], or "" when there is none (no slice is copied)."""
    while end > start and text[end - 1].isspace():
        end -= 1
    return text[end - 1] if end > start else ""


def _with_next_lowercase(text: str, sent: Span | None, sentences: _Sentences) -> Span | None:
    """Join a sentence that ends at a quote with the next one when that opens in lower case ('?” mused X')."""
    if sent is None:
        return None
    following = sentences.following(sent.end)
    if following is None:
        return sent
    if text[following.start : following.start + 1].islower():
        return Span(start=sent.start, end=following.end)
    # '“... tonight.” Trump said.' is split after the closing mark; a short cue sentence is its attribution.
    if _last_char(text, sent.start, sent.end) in ("”", '"'):
        ws = sentences.tokens(following).words
        if len(ws) <= 14 and any(at.cue_at(ws, i) for i in range(min(len(ws), 8))):
            return Span(start=sent.start, end=following.end)
    return sent


def _lead_speaker(
    text: str, ws: list[at.Word], lead: _Tokens, known: int, mentions: list[at.Mention]
) -> tuple[at.Speaker | None, tuple[int, int] | None]:
    """The speaker of the last cue in the lead `ws` (the first `known` words of `lead`)."""
    i = lead.last_cue(known)
    if i is None:
        return None, None
    cue = lead.cue(known, i)
    # last_cue only returns an index where `cue` found a cue, so this never holds; it narrows the type.
    if cue is None:
        return None, None
    speaker = at.speaker_before(text, ws, i, mentions) or at.clause_subject(text, ws, 0, i, mentions)
    if speaker is None and i == 0:  # inverted before a colon: 'Added Gibbs: "..."', 'Said one official: "..."'
        speaker = at.speaker_after(text, ws, i, mentions)
        if speaker is not None and speaker.end < ws[known - 1].start:
            speaker = None  # the phrase must run to the colon: "Added that ..." names no one
    return speaker, (ws[cue[0]].start, ws[cue[1]].end)


def _trailing(
    text: str, q: Quoted, sent: Span | None, mentions: list[at.Mention], sentences: _Sentences
) -> _Trailing | None:
    """Return (speaker, cue, is_bare) for the words after a closing mark: '..., ” he said.'"""
    if q.close_end is None or sent is None:
        return None
    # The words after the mark are the sentence's words from there on (no word runs through a quote mark);
    # what is read of them lies within a few words of the first one after the skipped punctuation, so
    # only _TRAILING_WORDS words are taken from there, not the rest of the sentence for every quote.
    words = sentences.tokens(sent)
    base = words.before(q.close_end)
    t0 = 0
    while base + t0 < len(words.words) and words.words[base + t0].text in {",", "—", "–", "."}:
        t0 += 1
    ws = words.words[base : base + t0 + _TRAILING_WORDS]
    if t0 >= len(ws):
        return (None, None, True)
    if at.cue_at(ws, t0):
        if ws[t0].lower not in at.INVERSION_CUES:
            return None
        speaker = at.speaker_after(text, ws, t0, mentions)
        return (speaker, (ws[t0].start, ws[t0].end), False) if speaker else None
    bracket = False
    # Appositions may stand between the name and the cue ('..., ” said X, a former diplomat, ...', '..., ” the
    # head of the relief service, Ann Lee, told', 'Ann Lee, who works upstairs, told'): each comma-separated
    # piece runs ten words at most, the whole phrase fifteen.
    piece = t0
    for c in range(t0 + 1, min(len(ws), t0 + 16)):
        if ws[c].text in "()":  # a party-state tag inside a speaker phrase: "Rep. John Lewis (D-Ga.) said"
            bracket = ws[c].text == "("
            continue
        if bracket:
            continue
        if ws[c].text in {",", ".", ";", "“", '"'} and not at.cue_at(ws, c):
            if ws[c].text != "," or c - piece > 10:
                break
            piece = c + 1
        if at.cue_at(ws, c) and ws[c].lower not in at.LABEL_CUES and ws[c].lower not in at.PARTICIPLE_CUES:
            speaker = at.speaker_before(text, ws, c, mentions, floor=t0)
            if speaker is not None and speaker.start <= ws[t0].end:
                return _reported_speaker(text, ws, c, mentions) or (speaker, (ws[c].start, ws[c].end), False)
            return None
    return None


def _reported_speaker(text: str, ws: list[at.Word], c: int, mentions: list[at.Mention]) -> _Trailing | None:
    """The person whose words another reports: '“…,” aides said Mr. Ryan told his colleagues.'

    When the cue after a quote reports a second cue with a named person as its subject, the quote is that
    person's; the first speaker is only the source of the report.
    """
    start = c + 1 + (c + 1 < len(ws) and ws[c + 1].lower == "that")
    for k in range(start + 1, min(len(ws), start + 6)):
        if ws[k].text in {",", ".", ";", ":", "“", '"'}:
            return None
        if at.cue_at(ws, k) and ws[k].lower in at.STRONG_CUES:
            inner = at.speaker_before(text, ws, k, mentions, floor=start)
            if inner is None or inner.head is None or inner.head.label != "PERSON" or inner.start != ws[start].start:
                return None
            return inner, (ws[k].start, ws[k].end), False
    return None


def _previous_direct(earlier: _Earlier, last_direct: Found | None, index: int) -> Found | None:
    """The quote a cue-less quote continues: one earlier in this paragraph, or ending the previous one."""
    if last_direct is not None:
        return last_direct
    before = sorted(earlier.by_paragraph.get(index - 1, ()), key=lambda f: f.start)
    if before and before[-1].kind in ("direct",) and before[-1].speaker is not None:
        return before[-1]
    return None


def _start(word: at.Word) -> int:
    return word.start


def _end(word: at.Word) -> int:
    return word.end


class _Tokens:
    """The words of one sentence (or joined pair), tokenised once, with where its cues are."""

    def __init__(self, text: str, span: Span) -> None:
        self.words = at.words(text, span.start, span.end)
        self.starts = [w.start for w in self.words]
        self._last: list[int] | None = None  # per word: the index of the last cue at or before it, or -1
        self._last_said: list[int] | None = None  # the same, leaving out "continued" and the like

    def before(self, offset: int) -> int:
        """How many words start before `offset`."""
        return bisect_left(self.starts, offset)

    def cue(self, known: int, i: int) -> tuple[int, int] | None:
        """`at.cue_at(words[:known], i)`: "according" as the last word has no "to" after it there."""
        if i == known - 1 and self.words[i].lower == "according":
            return None
        return at.cue_at(self.words, i)

    def last_cue(self, known: int, *, continuing: bool = True) -> int | None:
        """The index of the last cue among the first `known` words (as `cue`), or None.

        With `continuing=False`, "continued" and its forms do not count. One pass over the sentence
        answers this for every quote in it, where each quote used to scan its whole lead again.
        """
        if known <= 0:
            return None
        if self._last is None or self._last_said is None:
            self._last, self._last_said = [], []
            last = last_said = -1
            for i in range(len(self.words)):
                if at.cue_at(self.words, i):
                    last = i
                    if not self.words[i].lower.startswith("continu"):
                        last_said = i
                self._last.append(last)
                self._last_said.append(last_said)
        final = known - 1
        if self.cue(known, final) and (continuing or not self.words[final].lower.startswith("continu")):
            return final
        found = (self._last if continuing else self._last_said)[final - 1] if final > 0 else -1
        return found if found >= 0 else None


class _Sentences:
    """A paragraph's sentences, found by offset, each tokenised once however many quotes it holds."""

    def __init__(self, text: str, sents: list[Span]) -> None:
        self.text = text
        self.sents = sents
        # Sentences from the pipeline are in order and do not overlap; anything else is searched in order.
        self.ordered = all(a.end <= b.start for a, b in zip(sents, sents[1:], strict=False))
        self.starts = [s.start for s in sents]
        self._tokens: dict[tuple[int, int], _Tokens] = {}

    def containing(self, pos: int) -> Span | None:
        """The first sentence with start <= pos < end."""
        if not self.ordered:
            return next((s for s in self.sents if s.start <= pos < s.end), None)
        index = bisect_right(self.starts, pos) - 1
        return self.sents[index] if index >= 0 and pos < self.sents[index].end else None

    def closing(self, pos: int, default: Span | None) -> Span | None:
        """The first sentence with start <= pos <= end, else `default`."""
        if not self.ordered:
            return next((s for s in self.sents if s.start <= pos <= s.end), default)
        index = bisect_right(self.starts, pos) - 1
        if index < 0 or self.sents[index].end < pos:
            return default
        while index > 0 and self.sents[index - 1].end >= pos:  # one ending exactly at pos comes first
            index -= 1
        return self.sents[index]

    def following(self, end: int) -> Span | None:
        """The first sentence that starts at or after `end`."""
        if not self.ordered:
            return next((s for s in self.sents if s.start >= end), None)
        index = bisect_left(self.starts, end)
        return self.sents[index] if index < len(self.sents) else None

    def tokens(self, span: Span) -> _Tokens:
        """The words of `span`, tokenised on first use."""
        key = (span.start, span.end)
        if key not in self._tokens:
            self._tokens[key] = _Tokens(self.text, span)
        return self._tokens[key]


def register_components(register: Callable[..., None]) -> None:
    """Register the quotes component."""
    register("quotes", Quotes, requires=("sentences", "entities"), assigns=("quotes",), version=1)
