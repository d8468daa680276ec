"""Quotes with their speakers: direct, partial, indirect, embedded posts and block quotes.

One pass per paragraph: quoted stretches are paired first (`quotemarks`), reported clauses are found
from cue verbs (`attribution`), then each quoted stretch is attached to the cue beside it, to the
reported clause it sits in, or to the speaker of the quote before it (a quote that continues with no
cue). Pronoun speakers are resolved last, in text order, to the person or body they refer to.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from rashomon.analysis.components.sentences import paragraphs as stripped_paragraphs
from rashomon.analysis.components.speakers import actor_mentions, resolve_speakers
from rashomon.analysis.learned.attribution import Attributor, load_attributor
from rashomon.analysis.nlp import configured_model, has_parser, load_nlp, parse_paragraphs
from rashomon.model.records import Analysis, Span
from rashomon.text import attribution as at
from rashomon.text.quotemarks import Quoted, paragraph_bounds, quoted_in

_POST_SIGNATURE = re.compile(r"^[—–-]\s*(?P<name>[^()\n]{2,80}?)\s*\(@(?P<handle>\w{1,30})\)\s*(?P<date>[^\n]*)$")
_POST_MAX_CHARS = 280  # a post's length limit on X
_BLOCK_MAX_PARAGRAPHS = 6
_QUOTE_CHARS = re.compile(r"[“”\"«»]")
_LEAD_CHARS = 400  # characters before or after a quote searched for its cue and speaker
_CLAUSE_STOP = frozenset("to in on at for about with from of by as into over".split())


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
        mentions = actor_mentions(analysis)
        found: list[Found] = []
        paragraphs = list(paragraph_bounds(text))
        sentences = analysis.sentences
        skip: set[int] = set()
        found.extend(_embedded_posts(text, paragraphs, mentions, skip))
        for index, (start, end) in enumerate(paragraphs):
            if index in skip:
                continue
            sents = [s for s in sentences if start <= s.start < end]
            block = _block_quote(text, paragraphs, index, sents, mentions, skip)
            found.extend(_paragraph_quotes(text, index, start, end, sents, mentions, found))
            found.extend(block)
        if self.attributor is not None:
            found = merge_learned(_learned(text, self.model, self.attributor, mentions), found)
        found.sort(key=lambda f: (f.start, f.end))
        found = _mark_nested(found)
        spans = tuple(resolve_speakers(text, found, mentions))
        return analysis.with_layer("quotes", spans)


def _learned(text: str, model: str, attributor: Attributor, mentions: list[at.Mention]) -> list[Found]:
    """Quotes the learned attributor finds, paragraph by paragraph, over the shared parse."""
    bounds = list(stripped_paragraphs(text))
    docs = parse_paragraphs(model, [text[s:e] for s, e in bounds])
    out = []
    for index, ((offset, _end), doc) in enumerate(zip(bounds, docs, strict=True)):
        for found in attributor.attributions(doc):
            start, end = _inside_marks(text, offset + found.content[0], offset + found.content[1])
            speaker = None
            if found.source is not None:
                speaker = at.speaker_in(text, offset + found.source[0], offset + found.source[1], mentions)
            out.append(
                Found(
                    start=start,
                    end=end,
                    kind=_kind(text, start, end),
                    speaker=speaker,
                    cue=(offset + found.cue[0], offset + found.cue[1]),
                    paragraph=index,
                    confidence=found.confidence,
                )
            )
    return out


def _inside_marks(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop the quotation marks at a content's edges, as the rules' spans do ('We will win,' not '“We will win,”')."""
    if end - start > 2 and _QUOTE_CHARS.match(text, start) and _QUOTE_CHARS.match(text, end - 1):
        return start + 1, end - 1
    if end - start > 2 and _QUOTE_CHARS.match(text, start) and not _QUOTE_CHARS.search(text, start + 1, end):
        return start + 1, end  # an opening mark whose quote runs past the content
    return start, end


def _kind(text: str, start: int, end: int) -> str:
    """direct when most of the content lies inside quotation marks, else indirect."""
    inside = sum(
        max(0, min(end, q.end) - max(start, q.start))
        for q in quoted_in(text, max(0, start - 1), min(len(text), end + 1))
    )
    marks = _QUOTE_CHARS.search(text, max(0, start - 1), min(len(text), start + 2))
    return "direct" if marks and inside >= 0.7 * (end - start) else "indirect"


def merge_learned(learned: list[Found], ruled: list[Found]) -> list[Found]:
    """Join the learned quotes with the rules' quotes.

    A rule quote no learned quote overlaps stays (a continued quote with no cue, an embedded post, a block
    quote). A quoted stretch stays too unless a learned quote covers the same words: inside a learned
    indirect quote it is the partial quote the paraphrase holds (flagged nested), and one the learned quotes
    cover less than half of was missed by them (the rules pair marks at 0.98 precision on PolNeAR dev). A
    learned quote with no source takes the speaker of the rule quote it overlaps most.
    """
    out: list[Found] = []
    for f in learned:
        donor = max(ruled, key=lambda r: _shared(f, r), default=None)
        if f.speaker is None and donor is not None and donor.speaker is not None and _shared(f, donor) > 0:
            f = replace(f, speaker=donor.speaker)
        out.append(f)
    for r in ruled:
        covered = sum(_shared(r, f) for f in learned)
        if covered == 0:
            out.append(r)
        elif r.kind in _QUOTED and not any(_same_words(r, f) for f in learned):
            inside = any(f.start <= r.start and r.end <= f.end for f in learned)
            if inside or covered < 0.5 * (r.end - r.start):
                out.append(r)
    return out


def _same_words(a: Found, b: Found) -> bool:
    """Two quotes over the same characters: each covers at least 95 % of the other (marks and a comma aside)."""
    shared = _shared(a, b)
    return shared >= 0.95 * (a.end - a.start) and shared >= 0.95 * (b.end - b.start)


_QUOTED = ("direct", "partial", "embedded")


def _shared(a: Found, b: Found) -> int:
    """Characters two found quotes share."""
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def _mark_nested(found: list[Found]) -> list[Found]:
    """Flag a quote that lies inside another quote of the article (a partial inside a reported clause)."""
    out = []
    for f in found:
        outer = any(
            g is not f and g.start <= f.start and f.end <= g.end and (g.end - g.start) > (f.end - f.start)
            for g in found
        )
        if outer and ("nested", True) not in f.extra:
            f = replace(f, extra=(*f.extra, ("nested", True)))
        out.append(f)
    return out


def _embedded_posts(text: str, paragraphs: list[tuple[int, int]], mentions, skip: set[int]) -> list[Found]:
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


def _mention_in(mentions, start: int, end: int):
    inside = [m for m in mentions if start <= m.start and m.end <= end]
    return inside[-1] if inside else at.Mention(start=start, end=end, label="PERSON", name=None)


def _block_quote(text, paragraphs, index, sents, mentions, skip: set[int]) -> list[Found]:
    """Paragraphs introduced by "The Globe and Mail noted ...:" are the introduced speaker's words."""
    start, end = paragraphs[index]
    if not text[start:end].rstrip().endswith(":") or _QUOTE_CHARS.search(text, start, end):
        return []
    ws = at.words(text, sents[-1].start if sents else start, end)
    speaker, cue = None, None
    for i in range(len(ws)):
        found = at.cue_at(ws, i)
        if found and ws[i].lower not in at.PARTICIPLE_CUES:
            speaker = at.speaker_before(text, ws, i, mentions) or at.clause_subject(text, ws, 0, i, mentions)
            cue = (ws[found[0]].start, ws[found[1]].end)
            if speaker:
                break
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


def _paragraph_quotes(text, index, start, end, sents, mentions, earlier: list[Found]) -> list[Found]:
    """Quotes of one paragraph: reported clauses from cues, then each quoted stretch."""
    quoted = quoted_in(text, start, end)
    clauses: list[Found] = []
    for sent in sents:
        clauses.extend(_reported_clauses(text, sent, quoted, mentions, index))
    clauses = [c for c in clauses if _inside_share(c, quoted) < 0.8]
    out = list(clauses)
    for q in quoted:
        if any(c.speaker and c.speaker.start <= q.start and q.end <= c.speaker.end for c in clauses):
            continue  # marks around a speaker's description: A “senior government official” told ...
        found = _attach(text, q, sents, mentions, index, out, earlier, end)
        if found is not None:
            out.append(found)
    return out


def _inside_share(found: Found, quoted: list[Quoted]) -> float:
    """Share of a clause's characters that lie inside quotation marks."""
    inside = sum(max(0, min(found.end, q.end) - max(found.start, q.start)) for q in quoted)
    return inside / max(1, found.end - found.start)


def _inside_quote(pos: int, quoted: list[Quoted]) -> bool:
    """True when `pos` lies inside a quoted stretch (stretches are in text order: a binary search)."""
    k = _bisect_open(quoted, pos)
    if k < 0:
        return False
    q = quoted[k]
    return pos < (q.close_at if q.close_at is not None else q.end + 1)


def _bisect_open(quoted: list[Quoted], pos: int) -> int:
    """Index of the last stretch opening at or before `pos` (-1 when none), without building a key list."""
    lo, hi = 0, len(quoted)
    while lo < hi:
        mid = (lo + hi) // 2
        if quoted[mid].open_at <= pos:
            lo = mid + 1
        else:
            hi = mid
    return lo - 1


def _reported_clauses(text: str, sent: Span, quoted: list[Quoted], mentions, index: int) -> list[Found]:
    """Indirect quotes in a sentence: "X said (that) ...", "..., X said.", "according to X, ..."."""
    ws = at.words(text, sent.start, sent.end)
    out: list[Found] = []
    i = 0
    while i < len(ws):
        cue = at.cue_at(ws, i)
        if cue is None or _inside_quote(ws[i].start, quoted) or _after_close(text, ws[i].start, quoted):
            i += 1
            continue
        result = _clause_for_cue(text, ws, cue, mentions, out)
        if result is not None:
            out.append(replace(result, paragraph=index))
        i = cue[1] + 1
    return out


def _after_close(text: str, pos: int, quoted: list[Quoted]) -> bool:
    """True when a cue comes right after a closing mark (the quote's own attribution: '...,” he said')."""
    k = _bisect_open(quoted, pos)
    # Eight words back at most: only the few stretches closing just before `pos` can qualify (linear overall).
    for q in quoted[max(0, k - 8) : k + 1]:
        if q.close_at is None or not (text[q.close_at - 1] in ",.?!—…" or text[q.close_at + 1 : q.close_at + 2] == ","):
            continue  # marks around a phrase, not an utterance: A “senior government official” told
        if q.close_at < pos and len(text[q.close_at + 1 : pos].split()) <= 8:
            between = text[q.close_at + 1 : pos]
            if not any(ch in between for ch in '.;“"'):
                return True
    return False


def _clause_for_cue(text, ws, cue, mentions, before: list[Found]) -> Found | None:
    first, last = cue
    word = ws[first].lower
    cue_span = (ws[first].start, ws[last].end)
    if word == "according":
        return _according_to(text, ws, first, last, mentions, cue_span)
    if word in at.LABEL_CUES:
        return None
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
    if speaker is None and first and ws[first - 1].text == "," and _ends_after(ws, last + 1):
        inverted = at.speaker_after(text, ws, first, mentions)
        if inverted is not None:
            return _found(_content_before(text, ws, ws[first - 1].start + 1), "indirect", inverted, cue_span)
    if speaker is None and first and (ws[first - 1].lower == "and" or word in at.BARE_CLAUSE_CUES):
        speaker = at.clause_subject(text, ws, 0, first - 1, mentions)
    if speaker is not None:
        need = "object" if word in ("told", "tells", "tell") else word not in at.BARE_CLAUSE_CUES
        content = _content_after(text, ws, last + 1, require_that=need)
        if content is None and _ends_after(ws, last + 1):
            content = _content_before(text, ws, speaker.start)
        return _found(content, "indirect", speaker, cue_span)
    if first and ws[first - 1].text == "," and _ends_after(ws, last + 1):
        speaker = at.speaker_after(text, ws, first, mentions)
        if speaker is not None:
            return _found(_content_before(text, ws, ws[first - 1].start + 1), "indirect", speaker, cue_span)
    return None


def _found(content: tuple[int, int] | None, kind: str, speaker, cue_span) -> Found | None:
    if content is None or speaker is None:
        return None
    return Found(start=content[0], end=content[1], kind=kind, speaker=speaker, cue=cue_span, paragraph=0)


def _according_to(text, ws, first, last, mentions, cue_span) -> Found | None:
    speaker = at.speaker_after(text, ws, last, mentions, any_phrase=True)
    if speaker is None:
        return None
    if first == 0 or (first == 1 and ws[0].text[:1].isupper() and ws[0].lower in ("but", "and", "yet")):
        comma = next((k for k, w in enumerate(ws) if w.start >= speaker.end and w.text == ","), None)
        content = _content_after(text, ws, comma + 1, require_that=False) if comma is not None else None
    else:
        content = _content_before(text, ws, ws[first].start)
    return _found(content, "indirect", speaker, cue_span)


def _ends_after(ws: list[at.Word], i: int) -> bool:
    """True when at most a short object or time phrase follows position i before the sentence ends."""
    rest = [w for w in ws[i : i + 40] if w.text not in '.!?”"’'][:10]  # ten words already decide it
    return len(rest) <= 9 and len(ws) - i <= 40 and "that" not in {w.lower for w in rest}


def _content_after(text: str, ws: list[at.Word], i: int, *, require_that: bool | str) -> tuple[int, int] | None:
    """Return the reported clause after a cue: skip a time phrase, an object before "that", then "that"."""
    i = at.skip_temporal_right(ws, i)
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
    if i >= len(ws) or ws[i].lower in _CLAUSE_STOP or ws[i].text in {",", ":", "“", '"', "(", "—"}:
        return None
    end = len(ws)
    while end > i and ws[end - 1].text in {".", "!", "?", ";", ",", "”", '"', "’"}:
        end -= 1
    if end - i < 3:
        return None
    return ws[i].start, ws[end - 1].end


def _content_before(text: str, ws: list[at.Word], limit: int) -> tuple[int, int] | None:
    """Return the clause from the sentence start to the comma before the speaker phrase at `limit`."""
    k = len([w for w in ws if w.end <= limit])
    while k > 0 and ws[k - 1].text in {",", "—", "”", '"'}:
        k -= 1
    begin = 0
    while begin < k and ws[begin].text in {"“", '"'}:
        begin += 1
    if k - begin < 4:
        return None
    return ws[begin].start, ws[k - 1].end


def _attach(
    text, q: Quoted, sents, mentions, index, clauses: list[Found], earlier: list[Found], para_end: int
) -> Found | None:
    """Attach one quoted stretch to a speaker: cue beside it, clause around it, or the quote before it."""
    sent_open = next((s for s in sents if s.start <= q.open_at < s.end), None)
    sent_close = next((s for s in sents if s.start <= q.end <= s.end), sent_open)
    if sent_open is None:
        return None
    trailing = _trailing(text, q, _with_next_lowercase(text, sent_close, sents), mentions)
    # A cue that introduces a quote stands within a few dozen words of it; reading further back made a
    # run-on "sentence" of thousands of quotes quadratic.
    lead_ws = at.words(text, max(sent_open.start, q.open_at - _LEAD_CHARS), q.open_at)
    lead_text = text[max(sent_open.start, q.open_at - _LEAD_CHARS) : q.open_at].strip()
    whole = not lead_text and (trailing is None or trailing[2]) and (q.closed or q.end >= sent_close.end - 2)
    if trailing is not None:
        speaker, cue, _ = trailing
        kind = "direct" if not lead_text or lead_text.endswith((":", ",")) and not _has_cue(lead_ws) else "partial"
        if speaker is not None:
            return Found(start=q.start, end=q.end, kind=kind, speaker=speaker, cue=cue, paragraph=index)
    if lead_text.endswith((":", ",")) and _has_cue(lead_ws):
        speaker, cue = _lead_speaker(text, lead_ws, mentions)
        if speaker is not None:
            return Found(start=q.start, end=q.end, kind="direct", speaker=speaker, cue=cue, paragraph=index)
    to_end = q.end >= sent_close.end - 3
    cue_i = next(
        (
            i
            for i in range(len(lead_ws) - 1, -1, -1)
            if at.cue_at(lead_ws, i) and not lead_ws[i].lower.startswith("continu")
        ),
        None,
    )
    if cue_i is not None and not whole:
        speaker = at.speaker_before(text, lead_ws, cue_i, mentions) or at.clause_subject(
            text, lead_ws, 0, cue_i, mentions
        )
        if speaker is not None:
            tail = [w.lower for w in lead_ws[cue_i + 1 :]]
            kind = "direct" if to_end and tail in ([], ["that"]) else "partial"
            cue = (lead_ws[cue_i].start, lead_ws[cue_i].end)
            return Found(start=q.start, end=q.end, kind=kind, speaker=speaker, cue=cue, paragraph=index)
    holder = next((c for c in clauses if c.start <= q.open_at and q.end <= c.end + 2), None)
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
    if whole:
        previous = _previous_direct(earlier, clauses, index, q.open_at)
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


def _with_next_lowercase(text: str, sent: Span | None, sents: list[Span]) -> Span | None:
    """Join a sentence that ends at a quote with the next one when that opens in lower case ('?” mused X')."""
    if sent is None:
        return None
    following = next((s for s in sents if s.start >= sent.end), None)
    if following is None:
        return sent
    if text[following.start : following.start + 1].islower():
        return Span(start=sent.start, end=following.end)
    # '“... tonight.” Trump said.' is split after the closing mark; a short cue sentence is its attribution.
    if text[sent.start : sent.end].rstrip().endswith(("”", '"')):
        ws = at.words(text, following.start, following.end)
        if len(ws) <= 14 and any(at.cue_at(ws, i) for i in range(min(len(ws), 8))):
            return Span(start=sent.start, end=following.end)
    return sent


def _has_cue(ws: list[at.Word]) -> bool:
    return any(at.cue_at(ws, i) for i in range(len(ws)))


def _lead_speaker(text, ws, mentions):
    for i in range(len(ws) - 1, -1, -1):
        cue = at.cue_at(ws, i)
        if cue:
            speaker = at.speaker_before(text, ws, i, mentions) or at.clause_subject(text, ws, 0, i, mentions)
            return speaker, (ws[cue[0]].start, ws[cue[1]].end)
    return None, None


def _trailing(text: str, q: Quoted, sent: Span | None, mentions):
    """Return (speaker, cue, is_bare) for the words after a closing mark: '..., ” he said.'"""
    if q.close_at is None or sent is None:
        return None
    ws = at.words(text, q.close_at + 1, max(min(sent.end, q.close_at + _LEAD_CHARS), q.close_at + 1))
    t0 = 0
    while t0 < len(ws) and ws[t0].text in {",", "—", "–", "."}:
        t0 += 1
    rest = ws[t0:]
    if not rest:
        return (None, None, True)
    if at.cue_at(ws, t0):
        if ws[t0].lower not in at.INVERSION_CUES:
            return None
        speaker = at.speaker_after(text, ws, t0, mentions)
        return (speaker, (ws[t0].start, ws[t0].end), False) if speaker else None
    bracket = False
    for c in range(t0 + 1, min(len(ws), t0 + 16)):
        if ws[c].text in "()":  # a party-state tag inside a speaker phrase: "Rep. John Lewis (D-Ga.) said"
            bracket = ws[c].text == "("
            continue
        if bracket:
            continue
        if ws[c].text in {",", ".", ";", "“", '"'} and not at.cue_at(ws, c):
            if ws[c].text != "," or c - t0 > 10:
                break
        if at.cue_at(ws, c) and ws[c].lower not in at.LABEL_CUES and ws[c].lower not in at.PARTICIPLE_CUES:
            speaker = at.speaker_before(text, ws, c, mentions, floor=t0)
            if speaker is not None and speaker.start <= ws[t0].end:
                return speaker, (ws[c].start, ws[c].end), False
            return None
    return None


def _previous_direct(earlier: list[Found], here: list[Found], index: int, pos: int) -> Found | None:
    """The quote a cue-less quote continues: one earlier in this paragraph, or ending the previous one."""
    same = [f for f in here if f.start < pos and f.kind == "direct" and f.speaker is not None]
    if same:
        return same[-1]
    before = sorted((f for f in earlier if f.paragraph == index - 1), key=lambda f: f.start)
    if before and before[-1].kind in ("direct",) and before[-1].speaker is not None:
        return before[-1]
    return None


def register_components(register: Callable[..., None]) -> None:
    """Register the quotes component."""
    register("quotes", Quotes, requires=("sentences", "entities"), assigns=("quotes",), version=1)
