"""Citations: the outlets and agencies an article names as its source.

An outlet the registry knows counts as cited in a sentence when the article attributes something to it:
it speaks a quote ("the Chinese paper warned", "a report in The New York Times claimed"), someone talks
to it ("told the Global Times", "in a Tuesday interview with CityNews", "spoke to Reuters"), the article
takes from it ("according to Reuters", "video clips from CCTV"), or it is the subject of a reporting
verb ("The Globe and Mail noted", "Reuters listed"). Besides the registry's names, stations named by call
letters and sites named by their domain ("first reported by biggovernment.com") are outlets too. The
article's own outlet is never a citation, and a bare mention ("he once worked for Reuters") is not one
either.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from rashomon.model.layers import CitationSpan, QuoteSpan
from rashomon.model.records import Analysis, Span
from rashomon.resources import wordlists
from rashomon.resources.outlets import Outlet, OutletRegistry
from rashomon.text import attribution as at
from rashomon.text.genders import first_name_genders

# Words right before an outlet that make it a source: "told the", "according to", "interview with".
_BEFORE = re.compile(
    r"(?:\b(?:told|telling|tells|tell|to|with|on|according to|in|from|by|cited|citing|quoted|quoting|per|via|"
    r"reported by|published by|carried by|interview with|report in|report by|article in|editorial in)"
    r"(?:\s+(?:a|an|the|its|his|her|their|[A-Z][\w’'-]*[’']s|Canadian|Chinese|American|British|state-run|"
    r"state|media|outlet|newspaper|paper|broadcaster|agency|wire|service|news|tabloid|daily|"
    r"affiliate|station|talk|radio|television|channel|network|local|[A-Z]{2,6}|"
    r"[a-z][\w-]*(?=\s+(?:news\s+)?(?:agency|newspaper|daily|broadcaster|channel|magazine|tabloid))|"
    r"Tuesday|Monday|Wednesday|Thursday|Friday|Saturday|Sunday|recent|separate|exclusive))*\s*)$"
)
_AFTER_VERBS = at.STRONG_CUES | frozenset(
    "highlighted saw listed revealed published ran carried quoted cited obtained learned learnt found "
    "described called dubbed branded editorialized editorialised opined citing quoting reporting broke "
    "confirmed".split()
)
_SKIP_AFTER = (
    frozenset("on in this last earlier for example instance also has had have editorial board report — first".split())
    | at.ADVERBS
)


class Citations:
    """Find the outlets an article cites, with the sentence that cites each."""

    def __init__(self, outlets_file: str | None = None) -> None:
        from rashomon.resources.outlets import OutletRegistry, default_registry

        self.registry = OutletRegistry.load(outlets_file) if outlets_file else default_registry()

    def __call__(self, analysis: Analysis) -> Analysis:
        """Assign the `citations` layer: one `CitationSpan` per cited outlet (its first mention in a sentence)."""
        article = analysis.article
        text = article.text
        own = self.registry.for_article(article.outlet, article.url)
        speakers = [
            (q.speaker.start, q.speaker.end)
            for q in analysis.layers.get("quotes", ())
            if isinstance(q, QuoteSpan) and q.speaker is not None
        ]
        out: list[CitationSpan] = []
        seen: set[tuple[str, int]] = set()
        mentions = self.registry.find(text)
        named = [(m.start, m.end, m.outlet) for m in mentions]
        named = [
            *_resolve_short(text, named, own),
            *call_signs(text),
            *described(text, named, self.registry),
            *websites(text, named, self.registry),
        ]
        surnames = person_surnames(text, analysis.entities)
        for mention_start, mention_end, outlet in sorted([*named, *short_names(text, named, own)], key=lambda m: m[0]):
            if own is not None and outlet.name == own.name:
                continue
            if text[mention_start:mention_end].removeprefix("the ").removeprefix("The ") in surnames:
                continue  # "Bloomberg said" in an article that names Michael Bloomberg: the man, not the agency
            sentence = next((s for s in analysis.sentences if s.start <= mention_start < s.end), None)
            if sentence is None or (outlet.name, sentence.start) in seen:
                continue
            how = credit(text, mention_start, mention_end) or _how_cited(
                text, mention_start, mention_end, sentence, speakers
            )
            if how is None:
                continue
            seen.add((outlet.name, sentence.start))
            out.append(
                CitationSpan(
                    start=mention_start,
                    end=mention_end,
                    outlet=outlet.name,
                    kind=outlet.kind,
                    country=outlet.country,
                    how=how,
                    sentence=Span(start=sentence.start, end=sentence.end, label="sentence"),
                )
            )
        return analysis.with_layer("citations", tuple(out))


# A given name, an optional initial, then a capitalised word: "Michael Bloomberg", "J. Randy Forbes".
_GIVEN_AND_SURNAME = re.compile(r"\b([A-Z][a-z]+)\s+(?:[A-Z]\.\s+)?([A-Z][\w'’-]+)\b")


def person_surnames(text: str, entities: Sequence[Span]) -> frozenset[str]:
    """The last words of the people an article names in full: after a known given name ("Michael Bloomberg"), or
    as the model's person names ("Randy Forbes"). One of them written alone names that person, even where it is
    also an outlet's name ("Bloomberg said", "Forbes said"); "Bloomberg News" or "Forbes magazine" stays the
    outlet, being more than the one word."""
    given = first_name_genders()
    words = {m.group(2) for m in _GIVEN_AND_SURNAME.finditer(text) if m.group(1).lower() in given}
    for entity in entities:
        name = str(getattr(entity, "name", "") or entity.text_of(text)).split()
        if entity.label == "PERSON" and len(name) > 1:
            words.add(name[-1])
    return frozenset(words)


# A credit line: "WASHINGTON (AP) —", "(Reuters) -", "BEIJING, Jan 5 (Xinhua) --" open the copy; "— AFP",
# "(AFP)" or "The Associated Press contributed to this report." close it; "Additional reporting by Reuters".
_CREDIT_AFTER = re.compile(r"^\)\s*(?:[—–-]|\.?\s*$)")
_SHORT = re.compile(
    r"\b[Tt]he (Times|Journal|Post|Globe|Star|Telegraph|Mail|Sun|Herald|Tribune|Chronicle|Inquirer|Examiner)\b"
)


def credit(text: str, start: int, end: int) -> str | None:
    """Return "credit" when the outlet's name stands in a dateline, a sign-off or a reporting credit."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    before, after = text[line_start:start], text[end:line_end]
    if before.endswith("(") and _CREDIT_AFTER.match(after) and len(before) <= 80:
        return "credit"  # "WASHINGTON (AP) —" at the start of a paragraph, or "... (AFP)" at its end
    if re.search(r"(?:^|\s)[—–-]{1,2}\s*$", before) and not after.strip(" .") and len(before) <= 200:
        return "credit"  # a sign-off: "... — AFP"
    if re.search(r"(?:additional\s+)?reporting\s+by\s+(?:the\s+)?$", before, re.I):
        return "credit"
    if re.match(r"\s+contributed\s+(?:to\s+)?(?:this\s+)?report", after, re.I):
        return "credit"
    return None


def short_names(text: str, named: list[tuple[int, int, Outlet]], own: Outlet | None) -> list[tuple[int, int, Outlet]]:
    """Short names ("the Times", "the Journal") of an outlet the article names in full or publishes under.

    "the Times" is The New York Times in one article and The Times of London in another: a short name is
    resolved only to the one outlet named in full in the same article (or the article's own outlet) whose
    name ends with that word, and left alone when none or several do.
    """
    out = []
    for m in _SHORT.finditer(text):
        word = m.group(1).lower()
        pool = {o.name: o for _, _, o in named} | ({own.name: own} if own is not None else {})
        fits = [o for o in pool.values() if any(n.lower().split()[-1] == word for n in o.names)]
        if len(fits) == 1 and not any(s <= m.start(1) < e for s, e, _ in named):
            out.append((m.start(), m.end(), fits[0]))
    return out


def _resolve_short(
    text: str, named: list[tuple[int, int, Outlet]], own: Outlet | None
) -> list[tuple[int, int, Outlet]]:
    """A registry match on a bare short name ("The Times") goes to the one outlet named in full that ends with it."""
    full = {o.name: o for s, e, o in named if _SHORT.fullmatch(text[s:e]) is None} | ({own.name: own} if own else {})
    out = []
    for start, end, outlet in named:
        short = _SHORT.fullmatch(text[start:end]) or _SHORT.fullmatch("the " + text[start:end])
        if short is not None:
            word = short.group(1).lower()
            fits = [o for o in full.values() if o.name != outlet.name and o.name.lower().split()[-1] == word]
            outlet = fits[0] if len(fits) == 1 else outlet
        out.append((start, end, outlet))
    return out


# US broadcast stations by call letters ("WDIV-TV", "1010 WINS", "KQED"), named as such: the registry cannot
# list every station, so a call sign after "station", "affiliate", "radio" or "TV" is an outlet in itself.
_CALL_SIGN = re.compile(
    r"\b(?:station|affiliate|radio|television|TV|channel)\s+((?:\d{3,4}\s+)?[KW][A-Z]{2,3}(?:-(?:TV|FM|AM|DT))?)\b"
    r"|\b((?:\d{3,4}\s+)?[KW][A-Z]{2,3}-(?:TV|FM|AM|DT)|\d{3,4}\s+[KW][A-Z]{2,3})\b"
)


# A name right after the kind of outlet it is ("the student news agency ISNA", "the daily Dawn"): an
# ambiguous short name the registry never matches in running text ("ISNA" is also a society, "Dawn" a time of
# day) is the outlet when the text says what it is.
_DESCRIBED = re.compile(
    r"\b(?:news\s+agency|agency|newspaper|daily|weekly|broadcaster|channel|magazine|tabloid|wire\s+service|"
    r"news\s+site|website)\s+((?:[A-Z][\w&’'.-]*)(?:\s+[A-Z][\w&’'.-]*){0,3})"
)


def described(
    text: str, named: list[tuple[int, int, Outlet]], registry: OutletRegistry
) -> list[tuple[int, int, Outlet]]:
    """Outlets named right after a word that says what they are, when the registry knows the name."""
    out = []
    for m in _DESCRIBED.finditer(text):
        name = m.group(1).rstrip(".")
        outlet = registry.get(name)
        if outlet is not None and not any(s <= m.start(1) < e for s, e, _ in named):
            out.append((m.start(1), m.start(1) + len(name), outlet))
    return out


# A site named by its domain ("first reported by biggovernment.com", "TMZ.com reported"): the registry cannot
# list every site, so a domain cited as a source is an outlet in itself. Not inside a link or an address.
_DOMAIN = re.compile(r"(?<![\w@/.-])([A-Za-z][\w-]*(?:\.[A-Za-z][\w-]*)*\.(?:com|org|net|news|tv|co\.uk))\b(?![/@.]\w)")


def websites(
    text: str, named: list[tuple[int, int, Outlet]], registry: OutletRegistry
) -> list[tuple[int, int, Outlet]]:
    """Sites named by their domain that no registry name covers: the registry's outlet for it, or the domain."""
    out = []
    for m in _DOMAIN.finditer(text):
        if any(s < m.end() and m.start() < e for s, e, _ in named):
            continue
        domain = m.group(1)
        outlet = registry.for_url(f"https://{domain.lower()}/") or Outlet(name=domain, kind="unknown")
        out.append((m.start(1), m.end(1), outlet))
    return out


def call_signs(text: str) -> list[tuple[int, int, Outlet]]:
    """Broadcast stations named by their call letters, as outlets of unknown kind in the US."""
    out = []
    for m in _CALL_SIGN.finditer(text):
        group = 1 if m.group(1) else 2
        out.append((m.start(group), m.end(group), Outlet(name=m.group(group), country="US", kind="unknown")))
    return out


def _how_cited(text: str, start: int, end: int, sentence: Span, speakers: list[tuple[int, int]]) -> str | None:
    """Return how a sentence uses an outlet as a source ("speaker", "told", "according to", ...) or None."""
    if any(s <= start and end <= e for s, e in speakers):
        return "speaker"
    before = text[max(sentence.start, start - 80) : start]
    m = _BEFORE.search(before)
    if m:
        word = m.group().split()[0].lower()
        if word in ("in", "to", "by", "with", "from", "on") and not _source_context(before[: m.start()], word):
            pass
        else:
            return " ".join(m.group().split()[:2]).lower() if word in ("according", "interview") else word
    after = at.words(text, end, sentence.end)
    i = 0
    if i < len(after) and after[i].text in ("(",):
        while i < len(after) and after[i].text != ")":
            i += 1
        i += 1
    while i < len(after) and (
        after[i].lower in _SKIP_AFTER or after[i].lower in wordlists.CALENDAR or after[i].text == ","
    ):
        i += 1
    if i < len(after) and after[i].lower in _AFTER_VERBS:
        return after[i].lower
    return None


def _source_context(before: str, word: str) -> bool:
    """A weak preposition cites only after a reporting word: "spoke to", "report in", "clips from"."""
    tail = before.lower().split()[-3:]
    cues = {
        "to": {
            "spoke",
            "speaking",
            "said",
            "talked",
            "told",
            "confirmed",
            "according",
            "denied",
            "admitted",
            "explained",
        },
        "on": {
            "interview",
            "appearance",
            "appeared",
            "appearing",
            "said",
            "saying",
            "told",
            "speaking",
            "spoke",
        },
        "in": {
            "report",
            "interview",
            "article",
            "editorial",
            "published",
            "wrote",
            "writing",
            "op-ed",
            "column",
            "reported",
            "quoted",
            "story",
            "piece",
        },
        "by": {"reported", "published", "obtained", "seen", "released", "quoted", "cited", "aired", "broadcast"},
        "with": {"interview", "conversation", "speaking", "spoke", "talking", "podcast"},
        "from": {
            "clips",
            "footage",
            "images",
            "report",
            "reports",
            "reporting",
            "data",
            "video",
            "videos",
            "according",
        },
    }
    return any(t.strip(",.") in cues[word] for t in tail)


def register_components(register: Callable[..., None]) -> None:
    """Register the citations component."""
    register("citations", Citations, requires=("sentences", "entities", "quotes"), assigns=("citations",), version=2)
