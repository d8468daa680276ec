"""The cleaning stage: repair one article's text, remove page furniture, and record every removal.

`clean()` composes small `str -> Stepped` steps from `rashomon.clean` and runs them to a fixed
point; `make_article()` turns an ingested `Document` into the `Article` every later stage indexes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from rashomon.clean.base import Step, Stepped
from rashomon.clean.byline import Byline, extract_bylines
from rashomon.clean.furniture import drop_embedded_links, drop_furniture, drop_media_labels, drop_trailing_titles
from rashomon.clean.repair import collapse_blank_lines, drop_symbol_runs, rejoin_broken_lines, repair_text
from rashomon.clean.repeats import drop_repeats
from rashomon.errors import EmptySource
from rashomon.model.records import Article, Document, Removal

__all__ = ["PARAGRAPH_SEPARATOR", "STEPS", "Cleaned", "clean", "make_article"]

# One newline between paragraphs, no blank lines: the form the reference files use, and one where
# every "\n" in a cleaned text is a paragraph boundary.
PARAGRAPH_SEPARATOR = "\n"

# The steps after byline extraction, in order. Furniture goes before rejoining so a sentence broken
# by an advertisement slot ("the\nAdvertisement\ntalks") is mended once the slot is gone; repeats go
# after rejoining so a reprint matches the repaired first copy.
STEPS: Sequence[Step] = (
    drop_symbol_runs,
    drop_embedded_links,
    drop_furniture,
    drop_media_labels,
    rejoin_broken_lines,
    drop_repeats,
    drop_trailing_titles,
    collapse_blank_lines,
)

# Removing one piece can expose another (a caption gone leaves two halves of a sentence adjacent),
# so the steps run again until the text stops changing; real pages settle in two rounds.
_MAX_ROUNDS = 5


@dataclass(frozen=True, slots=True, kw_only=True)
class Cleaned:
    """A cleaned text, what was removed from it and why, and the metadata its byline lines gave."""

    text: str
    removed: tuple[Removal, ...] = ()
    outlet: str | None = None
    published: datetime | None = None
    byline: str | None = None
    notes: tuple[str, ...] = ()


def clean(text: str, *, outlet: str | None = None) -> Cleaned:
    """Repair `text`, remove its page furniture and repeats, and read its byline lines."""
    removed: list[Removal] = []
    found = Byline()
    for _ in range(_MAX_ROUNDS):
        stepped, byline = _one_round(text)
        removed.extend(stepped.removed)
        found = found.merged(byline)
        if stepped.text == text:
            break
        text = stepped.text
    return _finish(text, removed, found, outlet)


def _one_round(text: str) -> tuple[Stepped, Byline]:
    """Run every step once over `text`."""
    repaired = repair_text(text)
    without_bylines, byline = extract_bylines(repaired.text)
    removed = [*repaired.removed, *without_bylines.removed]
    current = without_bylines.text
    for step in STEPS:
        result = step(current)
        removed.extend(result.removed)
        current = result.text
    return Stepped(text=current, removed=tuple(removed)), byline


def _finish(text: str, removed: list[Removal], found: Byline, outlet: str | None) -> Cleaned:
    """Build the `Cleaned` result, with notes on where each found field came from."""
    notes: list[str] = []
    published = found.published
    if published is None and found.updated is not None:
        published = found.updated
        notes.append("published taken from the byline's 'updated' date (no publication date given)")
    found_outlet = found.outlet
    if outlet and found_outlet and outlet.casefold() in found_outlet.casefold():
        found_outlet = outlet
    for name, value in (("outlet", found_outlet), ("published", published), ("byline", found.byline)):
        if value is not None:
            notes.append(f"{name} found in a byline or dateline line")
    return Cleaned(
        text=text,
        removed=tuple(removed),
        outlet=found_outlet,
        published=published,
        byline=found.byline,
        notes=tuple(notes),
    )


def _inferred_published(text: str, raw: str, notes: list[str]) -> datetime | None:
    """The publication date the article states (dateline, embedded post, caption), noted as inferred."""
    from rashomon.text.timex import infer_published

    for source in (text, raw):  # the cleaned text first; then what cleaning removed, such as a dated caption
        found = infer_published(source)
        if found is not None:
            when, span = found
            evidence = span.attrs.get("evidence", "the text")
            quoted = " ".join(source[span.start : span.end].split())[:80]
            notes.append(f"published date inferred from {evidence}: {quoted!r}")
            return when
    return None


def _registry_name(outlet: str | None, url: str | None, notes: list[str]) -> str | None:
    """A readable outlet name: a code or slug ("nyt", "NYT", "foxnews": one word in one case) becomes the
    registry's name for it, and an article without an outlet is named by its URL's site; a name as written
    ("Breitbart", "Global News") stays as given."""
    from rashomon.resources.outlets import default_registry

    if outlet is not None and (" " in outlet.strip() or outlet not in (outlet.lower(), outlet.upper())):
        return outlet  # written as a name: the user's or the page's own word for it
    found = default_registry().for_article(outlet, url)
    if found is None or found.name == outlet:
        return outlet
    notes.append(
        f"outlet {outlet!r} is {found.name!r} in the outlet registry" if outlet else "outlet from the URL's site"
    )
    return found.name


def make_article(document: Document) -> Article:
    """Clean a document's text and build its Article; the document's own metadata wins."""
    cleaned = clean(document.text, outlet=document.outlet)
    if not cleaned.text.strip():
        raise EmptySource(document.source, "no article text left after cleaning")
    notes = [*document.notes, *cleaned.notes]
    outlet, published = document.outlet, document.published
    if outlet is None and cleaned.outlet is not None:
        outlet = cleaned.outlet
        notes.append("outlet from byline line")
    elif outlet is not None and cleaned.outlet is not None and outlet != cleaned.outlet:
        notes.append(f"byline line names outlet {cleaned.outlet!r}; kept the given {outlet!r}")
    outlet = _registry_name(outlet, document.url, notes)
    if published is None and cleaned.published is not None:
        published = cleaned.published
        notes.append("published from byline line")
    if published is None:
        published = _inferred_published(cleaned.text, document.text, notes)
    if cleaned.byline is not None:
        notes.append(f"byline: {cleaned.byline}")
    return Article(
        id=Article.make_id(url=document.url, text=cleaned.text),
        source=document.source,
        text=cleaned.text,
        outlet=outlet,
        title=document.title,
        url=document.url,
        published=published,
        language=document.language,
        removed=cleaned.removed,
        notes=tuple(notes),
    )
