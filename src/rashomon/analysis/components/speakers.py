"""Who a quote's speaker is: the named actor, a pronoun resolved to one, or a role kept as written."""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence

from rashomon.analysis.text import attribution as at
from rashomon.analysis.text.quotemarks import Quoted, quoted_spans
from rashomon.analysis.text.terms import STOP_WORDS
from rashomon.model.records import Analysis, Span

_PRONOUN_WINDOW = 3  # paragraphs back a pronoun may reach
_HONORIFIC = re.compile(r"\b(Mr|Ms|Mrs|Miss)\.?\s+$")
_GENDER = {"he": "m", "she": "f", "mr": "m", "ms": "f", "mrs": "f", "miss": "f"}


def actor_mentions(analysis: Analysis) -> list[at.Mention]:
    """Entity mentions (and outlet names the registry knows) a speaker phrase can be built on."""
    text = analysis.article.text
    out = [
        at.Mention(
            start=s.start, end=s.end, label=s.label if s.label != "NAME?" else "PERSON", name=s.attrs.get("name")
        )
        for s in analysis.entities
        if _first_word(s.text_of(text)) not in STOP_WORDS and not _opening_lone_name(s, text)
    ]
    outlets = _outlet_mentions(text)  # a registry name beats a partial entity ("Mail" in "The Globe and Mail")
    # An outlet overlaps a mention when one starting before the mention's end reaches past its start: the
    # furthest end among outlets sorted by start, by bisection (every pair: 4,000 of each, 16 million checks).
    ordered = sorted((o.start, o.end) for o in outlets)
    starts = [start for start, _ in ordered]
    furthest = list(itertools.accumulate((end for _, end in ordered), max))
    out = [m for m in out if not _overlapped(m, starts, furthest)]
    return sorted([*out, *outlets], key=lambda m: m.start)


def _overlapped(mention: at.Mention, starts: list[int], furthest: list[int]) -> bool:
    index = bisect_left(starts, mention.end)
    return index > 0 and furthest[index - 1] > mention.start


def _opening_lone_name(span: Span, text: str) -> bool:
    """An unresolved lone capitalised word that opens a sentence is an adverb more often than a speaker."""
    before = text[max(0, span.start - 3) : span.start].strip()
    return span.label == "NAME?" and (not before or before[-1] in ".!?“\n")


def _first_word(name: str) -> str:
    word = name.split()[0] if name.split() else ""
    return re.split(r"[’']", word.lower())[0]


def _outlet_mentions(text: str) -> list[at.Mention]:
    from rashomon.resources.outlets import default_registry

    return [
        at.Mention(start=m.start, end=m.end, label="ORG", name=m.outlet.name) for m in default_registry().find(text)
    ]


def _speaker_type(speaker: at.Speaker) -> str:
    if speaker.head is not None:
        return {"PERSON": "person", "ORG": "organisation", "GPE": "institutional"}.get(speaker.head.label, "person")
    if speaker.role is not None:
        return at.role_kind(speaker.role)
    return "person"


def resolve_speakers(text: str, found: Sequence, mentions: list[at.Mention]) -> Iterator[Span]:
    """Turn found quotes into spans, resolving pronoun speakers to the actor they refer to."""
    history: list[tuple[int, str, str]] = []  # (position, name, label) of resolved speakers
    genders: dict[str, str] = {}
    for m in mentions:
        honorific = _HONORIFIC.search(text[max(0, m.start - 6) : m.start])
        if honorific and m.name:
            genders[m.name] = _GENDER[honorific.group(1).lower()]
    resolved_by_start: dict[int, tuple[str | None, str]] = {}
    quoted = quoted_spans(text)  # in order and not overlapping: the one that may hold a mention is found by bisection
    opens = [q.open_at for q in quoted]
    mentions = [m for m in mentions if not _in_quote(m.start, quoted, opens)]
    for f in found:
        speaker = f.speaker
        name, kind = None, "unknown"
        if speaker is not None:
            key = (speaker.start, speaker.pronoun)
            if speaker.pronoun:
                name, kind = _resolve_pronoun(text, speaker, f, mentions, history, genders)
            elif speaker.head is not None:
                name, kind = speaker.head.name, _speaker_type(speaker)
            else:
                kind = _speaker_type(speaker)
            resolved_by_start[key[0]] = (name, kind)
            if name:
                history.append((speaker.start, name, "PERSON" if kind == "person" else "ORG"))
                if speaker.pronoun in ("he", "she") and name not in genders:
                    genders[name] = _GENDER[speaker.pronoun]
        attrs = {
            "speaker": speaker.text if speaker else None,
            "speaker_start": speaker.start if speaker else None,
            "speaker_end": speaker.end if speaker else None,
            "speaker_name": name,
            "speaker_type": kind if speaker else None,
            "cue": text[f.cue[0] : f.cue[1]] if f.cue else None,
            "cue_start": f.cue[0] if f.cue else None,
            "cue_end": f.cue[1] if f.cue else None,
            **dict(f.extra),
        }
        if speaker is not None and speaker.attrs.get("appositive"):
            attrs["appositive"] = speaker.attrs["appositive"]
        yield Span(start=f.start, end=f.end, label=f.kind, attrs=attrs)


def _resolve_pronoun(text, speaker, found, mentions, history, genders) -> tuple[str | None, str]:
    """Resolve he/she/it/they: the latest speaker, unless a newer subject-position actor came since."""
    pronoun = speaker.pronoun
    want = at.PRONOUNS[pronoun]
    if pronoun in ("i", "we"):
        return None, "person"
    window_start = _window_start(text, speaker.start)
    gender = _GENDER.get(pronoun)

    def fits(name: str | None, label: str) -> bool:
        if not name:
            return False
        if want == "PERSON":
            return label == "PERSON" and (gender is None or genders.get(name, gender) == gender)
        if want == "ORG":
            return label in ("ORG", "GPE")
        return label in ("ORG", "GPE")

    # Only the latest of each is used, so each is searched from the end; mentions are in text order, so the
    # window is found by bisection (a pass over every mention for each pronoun was quadratic).
    spoken = next(((pos, name) for pos, name, label in reversed(history) if pos >= window_start and fits(name, label)),
                  None)  # fmt: skip
    low = bisect_left(mentions, window_start, key=_start)
    window = range(bisect_left(mentions, speaker.start, key=_start) - 1, low - 1, -1)
    subject = next((mentions[i] for i in window if fits(mentions[i].name, mentions[i].label)
                    and _subject_position(text, mentions[i].start)), None)  # fmt: skip
    latest_any = next((mentions[i] for i in window if fits(mentions[i].name, mentions[i].label)), None)
    if subject is not None and (spoken is None or subject.start > spoken[0]):
        best = subject.name
    elif spoken is not None:
        best = spoken[1]
    elif latest_any is not None:
        best = latest_any.name
    else:
        return None, "person" if want == "PERSON" else "organisation"
    return best, "person" if want == "PERSON" else "organisation"


def _start(mention: at.Mention) -> int:
    return mention.start


def _in_quote(pos: int, quoted: Sequence[Quoted], opens: list[int]) -> bool:
    """Whether `pos` lies between a quote's opening mark and the end of its words."""
    index = bisect_right(opens, pos) - 1
    return index >= 0 and pos < quoted[index].end


def _window_start(text: str, pos: int) -> int:
    """Character offset where the pronoun window opens: a few paragraphs back."""
    start = pos
    for _ in range(_PRONOUN_WINDOW + 1):
        nl = text.rfind("\n", 0, start - 1 if start else 0)
        if nl < 0:
            return 0
        start = nl
    return start


def _subject_position(text: str, pos: int) -> bool:
    """True when a mention opens its sentence or clause ("Kovrig also thought", "Loh said")."""
    before = text[max(0, pos - 40) : pos]
    tail = re.split(r"[.!?\n]\s*|[“\"]", before)[-1]
    words = tail.split()
    return len(words) <= 3 and not any(w.lower() in ("to", "for", "with", "of", "by", "and") for w in words)
