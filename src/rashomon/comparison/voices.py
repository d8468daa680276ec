"""Voices across a story: quotes with story-level speakers and roles, shared quotes, citations, naming.

Per-article layers (`quotes`, `citations`, `descriptors`) become story records here: speakers are tied
to the story's canonical actors, the same words quoted by several outlets are linked (`also_in`), and
each actor's descriptors are gathered into a naming table (actor x outlet).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import replace
from difflib import SequenceMatcher
from typing import TYPE_CHECKING, TypedDict

from rashomon.model.layers import CitationSpan, QuoteSpan
from rashomon.model.records import Analysis, Citation, Comparison, Descriptor, Entity, Quote, content_id
from rashomon.resources.gazetteer import fold
from rashomon.text.quotemarks import strip_marks

if TYPE_CHECKING:
    from rashomon.resources.outlets import OutletRegistry

SHARED_MIN_WORDS = 3
SHARED_MIN_COVER = 0.8  # share of the shorter quote's words found, in order, in the other
_QUOTED_KINDS = ("direct", "partial", "embedded")


class NamingCell(TypedDict):
    """One article's descriptions of an actor (a naming-table cell)."""

    article: str
    descriptors: list[str]


class NamingRow(TypedDict):
    """One actor's row of the naming table."""

    entity: str
    name: str
    articles: list[NamingCell]


class SpeakerSummary(TypedDict):
    """One speaker of an article: as named, the actor, role, number of quotes and their kinds."""

    speaker: str
    entity: str | None
    role: str | None
    quotes: int
    kinds: list[str]


class ArticleVoices(TypedDict):
    """Who one article quotes: its speakers by number of quotes, quotes per role, quotes shared with others."""

    article: str
    quotes: int
    speakers: list[SpeakerSummary]
    roles: dict[str, int]
    shared: list[str]


class OutletRow(TypedDict):
    """One outlet of the story with what the registry knows of it and the articles it published."""

    name: str
    country: str | None
    kind: str | None
    family: str | None
    articles: list[str]


# Role words, checked in this order: the first family that matches names the speaker's role. "commerce" names a
# chamber of commerce; "chamber" alone is as often a legislature ("the leader of the Republican-controlled chamber").
ROLE_WORDS: tuple[tuple[str, frozenset[str]], ...] = (
    (
        "media",
        frozenset("paper newspaper editorial report reports broadcaster outlet media tabloid column op-ed".split()),
    ),
    ("opposition", frozenset("opposition critic critics dissident dissidents".split())),
    (
        "business",
        frozenset(
            "business commerce company companies firm executive executives ceo investor "
            "investors industry businesses entrepreneur banker corporation".split()
        ),
    ),
    (
        "expert",
        frozenset(
            "professor expert experts analyst analysts fellow researcher researchers dean scholar "
            "scholars economist economists academic academics university institute academy "
            "foundation studies think-tank observers observer".split()
        ),
    ),
    ("former official", frozenset()),
    (
        "politician",
        frozenset(
            "mp mps lawmaker lawmakers legislator legislators conservative conservatives liberal "
            "liberals democrat democrats republican republicans labour party senator "
            "congressman congresswoman parliament rep reps sen sens".split()
        ),
    ),
    (
        "official",
        frozenset(
            "minister president premier prime ambassador spokesperson spokesman spokeswoman "
            "official officials governor mayor secretary chairman government ministry office "
            "embassy administration department diplomat diplomats chancellor king queen "
            "leader authorities police".split()
        ),
    ),
)
_OFFICIAL = dict(ROLE_WORDS)["official"]


def _words(text: str) -> set[str]:
    return {w.strip(",.’'").lower() for w in re.split(r"[\s/]+", text) if w}


def speaker_role(
    quote_speaker: str | None,
    speaker_type: str | None,
    descriptions: Sequence[str],
    outlet_kind: str | None,
    name: str | None = None,
) -> str:
    """Return the kind of voice a speaker is: official, expert, state media, anonymous, ...

    The words of a person's `name` say nothing of the role: "King told The News" is Tishana King, a clerk (an
    organisation's may: "the Justice Department"). "Rep." and "Sen." ("Reps.", "Sens.") are the titles
    "congressman" and "senator" abbreviated."""
    if outlet_kind is not None:
        return "state media" if outlet_kind == "state" else "media"
    if speaker_type == "anonymous":
        return "anonymous"
    own = _words(name or "") if speaker_type == "person" else set()
    words = (_words(quote_speaker or "") - own) | _words(" ".join(descriptions))
    if speaker_type == "institutional" and not words & set().union(*(w for _, w in ROLE_WORDS)):
        return "official"
    for role, vocabulary in ROLE_WORDS:
        if role == "former official":
            if "former" in words and words & _OFFICIAL:
                return role
            continue
        if words & vocabulary:
            return role
    return "other"


def _normal_words(text: str) -> list[str]:
    return re.findall(r"\w+", strip_marks(text).casefold())


# A double quotation mark, curly or straight: a quotation run over its cue ("“A,” she said. “B.”") is quoted
# words, then the cue outside the marks, then quoted words again.
_DOUBLE_MARK = re.compile(r"[“”\"]")


def quoted_pieces(text: str) -> list[str]:
    """The quotations a quote holds: its words, or for a quote run over its cue ("A,” she said. “B") the quoted
    words together and each quotation, without the cue, which another outlet words otherwise ("she added") or
    leaves out."""
    pieces = _DOUBLE_MARK.split(text)
    quoted = [p for p in pieces[::2] if p.strip()] if len(pieces) % 2 == 1 else [text]
    return [" ".join(quoted), *quoted] if len(quoted) > 1 else quoted


def link_shared(quotes: list[Quote], texts: Mapping[str, str]) -> list[Quote]:
    """Set `also_in` on quotes whose words another article quotes too (ellipses and trims allowed); a quote run
    over its cue shares words when one of its quotations does."""
    words = {q.id: [_normal_words(p) for p in quoted_pieces(texts[q.article][q.start : q.end])] for q in quotes}
    words = {key: [w for w in pieces if len(w) >= SHARED_MIN_WORDS] for key, pieces in words.items()}
    candidates = [q for q in quotes if q.kind in _QUOTED_KINDS and words[q.id]]
    bags = {q.id: {w for piece in words[q.id] for w in piece} for q in candidates}
    also: dict[str, set[str]] = defaultdict(set)
    for i, a in enumerate(candidates):
        for b in candidates[i + 1 :]:
            if a.article == b.article or not bags[a.id] & bags[b.id]:
                continue
            if any(_same_words(x, y) for x in words[a.id] for y in words[b.id]):
                also[a.id].add(b.article)
                also[b.id].add(a.article)
    order = {q.article: i for i, q in enumerate(quotes)}
    return [replace(q, also_in=tuple(sorted(also[q.id], key=order.__getitem__))) if q.id in also else q for q in quotes]


def _same_words(a: list[str], b: list[str]) -> bool:
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    matcher = SequenceMatcher(None, short, long_, autojunk=False)
    found = sum(block.size for block in matcher.get_matching_blocks())
    return found / len(short) >= SHARED_MIN_COVER


def _entity_lookup(entities: Sequence[Entity]) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for entity in entities:
        for alias in (entity.name, *entity.aliases):
            lookup.setdefault(fold(alias), entity.id)
    return lookup


def build_quotes(
    analyses: Sequence[Analysis],
    entities: Sequence[Entity],
    descriptors: Sequence[Descriptor],
    registry: OutletRegistry | None = None,
) -> tuple[Quote, ...]:
    """Story-level quotes from each article's `quotes` layer, speakers tied to the story's actors."""
    lookup = _entity_lookup(entities)
    texts = {a.article.id: a.article.text for a in analyses}
    described: dict[tuple[str, str], list[str]] = defaultdict(list)
    for d in descriptors:
        described[(d.article, d.entity)].append(texts[d.article][d.start : d.end])
    out: list[Quote] = []
    for analysis in analyses:
        aid = analysis.article.id
        text = analysis.article.text
        for span in analysis.layers.get("quotes", ()):
            if not isinstance(span, QuoteSpan):
                continue
            said = span.speaker.text_of(text) if span.speaker is not None else None
            appositive = span.appositive.text_of(text) if span.appositive is not None else ""
            name = span.speaker_name
            outlet = registry.get(name) if registry is not None and name else None
            if outlet is None and registry is not None and said and span.speaker_type != "person":
                named = registry.find(said)  # "The China Daily editorial board" speaks for China Daily
                outlet = named[0].outlet if named else None
                name = outlet.name if outlet is not None else name
            entity = lookup.get(fold(name)) if name else None
            descriptions = [*described.get((aid, entity), []), appositive] if entity else [appositive]
            role = (
                speaker_role(said, span.speaker_type, descriptions, outlet.kind if outlet is not None else None, name)
                if said
                else None
            )
            out.append(
                Quote(
                    id=content_id(f"quote:{aid}:{span.start}:{span.end}"),
                    article=aid,
                    start=span.start,
                    end=span.end,
                    kind=span.label,
                    speaker=said,
                    speaker_name=name,
                    speaker_entity=entity,
                    speaker_type=span.speaker_type,
                    role=role,
                    cue=span.cue.text_of(text) if span.cue is not None else None,
                    confidence=span.confidence,
                    group=span.group,
                )
            )
    return tuple(link_shared(out, texts))


def build_citations(analyses: Sequence[Analysis]) -> tuple[Citation, ...]:
    """Story-level citations from each article's `citations` layer."""
    return tuple(
        Citation(
            article=a.article.id,
            outlet=s.outlet,
            kind=s.kind,
            country=s.country,
            start=s.start,
            end=s.end,
            sentence_start=s.sentence.start,
            sentence_end=s.sentence.end,
            how=s.how,
        )
        for a in analyses
        for s in a.layers.get("citations", ())
        if isinstance(s, CitationSpan)
    )


def build_descriptors(analyses: Sequence[Analysis], index: Mapping[tuple[str, int], str]) -> tuple[Descriptor, ...]:
    """Story-level descriptors: each description tied to the canonical actor of its mention."""
    out = []
    for analysis in analyses:
        aid = analysis.article.id
        for s in analysis.layers.get("descriptors", ()):
            mention = getattr(s, "mention", None)  # a DescriptorSpan; older stored layers keep it in attrs
            m_start, m_end = (
                (mention.start, mention.end) if mention else (s.attrs["mention_start"], s.attrs["mention_end"])
            )
            entity = index.get((aid, m_start))
            if entity is not None:
                out.append(
                    Descriptor(
                        entity=entity,
                        article=aid,
                        start=s.start,
                        end=s.end,
                        mention_start=m_start,
                        mention_end=m_end,
                        position=s.label,
                    )
                )
    mentioned = {(aid, entity) for (aid, _start), entity in index.items()}
    extra = [d for d in unnamed_references(analyses, out) if (d.article, d.entity) not in mentioned]
    return tuple(sorted([*out, *extra], key=lambda d: (d.article, d.start)))


_DETERMINER = re.compile(r"\b(?:[Aa]n?|[Tt]he)\s+")
_STOP = frozenset("a an the of and in on at for to with by from his her its their".split())
_TITLE_WORDS = frozenset("prime vice former deputy senior acting chief top".split())


def _role_phrases(text: str, heads: frozenset[str]) -> list[tuple[int, int, str, list[str]]]:
    """Phrases "a/the [1-4 words] HEAD" with no name after them: (start, end, head, words)."""
    out = []
    for m in _DETERMINER.finditer(text):
        words = list(re.finditer(r"[\w’'-]+", text[m.end() : m.end() + 80]))[:5]
        for k in range(len(words) - 1, 0, -1):
            head = words[k].group()
            between = text[m.end() + words[0].start() : m.end() + words[k].start()]
            if head[:1].islower() and head.lower() in heads and not re.search(r"[,.;:]", between):
                end = m.end() + words[k].end()
                if not re.match(r"\s+(?:[A-Z]|of\b)", text[end : end + 4]):
                    out.append((m.start(), end, head.lower(), [w.group().lower() for w in words[: k + 1]]))
                break
    return out


def unnamed_references(analyses: Sequence[Analysis], found: Sequence[Descriptor]) -> list[Descriptor]:
    """Descriptions with no name that refer to an actor the story names elsewhere ("a Chinese tech executive").

    A phrase "a/the ... HEAD" (HEAD a person's role noun) is linked to an actor when exactly one person the
    article does not name is described elsewhere in the story with the same head noun and at least one more
    shared word: Meng Wanzhou is "Huawei executive and Chinese Communist Party royalty" in one outlet and
    "a Chinese tech executive" in another.
    """
    from rashomon.resources.wordlists import TITLES
    from rashomon.text.attribution import PERSON_ROLES

    heads = TITLES | PERSON_ROLES
    texts = {a.article.id: a.article.text for a in analyses}
    words_of: dict[str, dict[str, set[str]]] = defaultdict(dict)  # entity -> article -> descriptor words
    for d in found:
        words = {w for w in re.findall(r"[\w-]+", texts[d.article][d.start : d.end].lower()) if w not in _STOP}
        words_of[d.entity].setdefault(d.article, set()).update(words)
    named = {(d.article, d.entity) for d in found}
    out = []
    for analysis in analyses:
        aid, text = analysis.article.id, analysis.article.text
        named_here = {e for (a, e) in named if a == aid}
        for start, end, head, phrase_words in _role_phrases(text, heads):
            phrase = {w for w in phrase_words if w not in _STOP}

            def fits(ws: set[str], head: str = head, phrase: set[str] = phrase) -> bool:
                shared = phrase & ws
                titles = phrase & (heads | _TITLE_WORDS)  # "prime minister" must match whole, not "minister"
                return head in ws and titles <= ws and bool(shared - heads - _TITLE_WORDS)

            candidates = [
                e
                for e, by_article in words_of.items()
                if e not in named_here and any(fits(ws) for a, ws in by_article.items() if a != aid)
            ]
            if len(candidates) == 1:
                out.append(
                    Descriptor(
                        entity=candidates[0],
                        article=aid,
                        start=start,
                        end=end,
                        mention_start=start,
                        mention_end=end,
                        position="unnamed",
                    )
                )
    return out


def naming_table(comparison: Comparison) -> list[NamingRow]:
    """Actor x article -> the descriptions used, for actors described in at least one article."""
    texts = {a.id: a.text for a in comparison.articles}
    names = {e.id: e.name for e in comparison.entities}
    cells: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for d in comparison.descriptors or ():
        words = " ".join(texts[d.article][d.start : d.end].split())
        cell = cells[d.entity][d.article]
        if fold(words) not in {fold(w) for w in cell}:
            cell.append(words)
    rows: list[NamingRow] = []
    for entity in comparison.entities:
        if entity.id in cells:
            by_article = cells[entity.id]
            rows.append(
                {
                    "entity": entity.id,
                    "name": names[entity.id],
                    "articles": [
                        {"article": a.id, "descriptors": by_article.get(a.id, [])}
                        for a in comparison.articles
                        if a.id in entity.articles or a.id in by_article
                    ],
                }
            )
    rows.sort(key=lambda r: -sum(1 for cell in r["articles"] if cell["descriptors"]))
    return rows


def voices_summary(comparison: Comparison) -> list[ArticleVoices]:
    """Per article: who is quoted, how often, in what role, and which of its quotes others share."""
    out: list[ArticleVoices] = []
    for article in comparison.articles:
        speakers: dict[str, SpeakerSummary] = {}
        quotes = [q for q in comparison.quotes or () if q.article == article.id]
        for q in quotes:
            if not q.speaker:
                continue
            key = q.speaker_entity or fold(q.speaker_name or q.speaker)
            entry = speakers.setdefault(
                key,
                {
                    "speaker": q.speaker_name or q.speaker,
                    "entity": q.speaker_entity,
                    "role": q.role,
                    "quotes": 0,
                    "kinds": [],
                },
            )
            entry["quotes"] += 1
            if q.kind not in entry["kinds"]:
                entry["kinds"].append(q.kind)
        ranked = sorted(speakers.values(), key=lambda s: -s["quotes"])
        roles: dict[str, int] = defaultdict(int)
        for s in ranked:
            roles[s["role"] or "other"] += s["quotes"]
        out.append(
            {
                "article": article.id,
                "quotes": len(quotes),
                "speakers": ranked,
                "roles": dict(roles),
                "shared": [q.id for q in quotes if q.also_in],
            }
        )
    return out


def outlets_of(comparison: Comparison) -> list[OutletRow]:
    """The story's outlets with country and kind from the outlet registry (null where unknown)."""
    from rashomon.resources.outlets import default_registry

    registry = default_registry()
    rows: dict[str, OutletRow] = {}
    for article in comparison.articles:
        outlet = registry.for_article(article.outlet, article.url)
        name = outlet.name if outlet is not None else article.outlet
        if name is None:
            continue
        row = rows.setdefault(
            name,
            {
                "name": name,
                "country": outlet.country if outlet else None,
                "kind": outlet.kind if outlet else None,
                "family": outlet.family if outlet else None,
                "articles": [],
            },
        )
        row["articles"].append(article.id)
    return list(rows.values())
