"""Turn an HTML page into its main text and metadata with trafilatura and htmldate; never networked."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

import htmldate
import lxml.html
import trafilatura
from lxml.etree import ParserError

from rashomon.errors import EmptySource
from rashomon.sources.manifest import Metadata, to_utc

# htmldate keeps the time and offset when the page states them (article:published_time and the like).
DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>")
MIN_PARAGRAPH_WORDS = 10
SENTENCE_ENDS = (".", "!", "?", '"', "\u201d", "\u2019", "'", ")")


@dataclass(frozen=True, slots=True, kw_only=True)
class Extracted:
    """The main text of a page, one paragraph a line, and the metadata the page states."""

    text: str
    metadata: Metadata
    language: str | None = None


def extract_html(html: str, *, source: str, url: str | None = None) -> Extracted:
    """Extract the article text and metadata of `html`; raise EmptySource when it has no main text.

    Args:
        source: names the page in errors.
        url: the address the page was fetched from, used when the page names no canonical URL.
    """
    tree = _parse(html, source)
    # Tables are left out: cell rows read as broken sentences to every later stage.
    # Both libraries prune the tree they are given, so each gets its own copy.
    result = trafilatura.bare_extraction(
        copy.deepcopy(tree), url=url, include_comments=False, include_tables=False, with_metadata=True
    )
    if result is None or isinstance(result, dict) or not _has_prose(text := _paragraphs(result.text)):
        raise EmptySource(source, "no article text found in the HTML")
    metadata = Metadata(
        outlet=_site_name(result.sitename, (result.url, url)),
        title=_clean(result.title),
        url=_clean(result.url) or url,
        published=_published(tree, url),
    )
    return Extracted(text=text, metadata=metadata, language=_language(tree))


def _parse(html: str, source: str) -> lxml.html.HtmlElement:
    try:
        # lxml refuses str input that still declares a byte encoding (XHTML's <?xml ... ?>).
        return lxml.html.document_fromstring(XML_DECLARATION.sub("", html, count=1))
    except (ParserError, ValueError):
        raise EmptySource(source, "no article text found in the HTML") from None


def _has_prose(text: str) -> bool:
    # trafilatura's fallbacks return whatever a page holds, so a sign-in form comes back as its menu
    # labels; a page without one full sentence-length paragraph holds no article.
    return any(
        len(line.split()) >= MIN_PARAGRAPH_WORDS and line.rstrip().endswith(SENTENCE_ENDS) for line in text.splitlines()
    )


def _paragraphs(text: str | None) -> str:
    if not text:
        return ""
    lines = (line.strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _published(tree: lxml.html.HtmlElement, url: str | None) -> datetime | None:
    # Deferred: a date in the URL carries no time, so the page's own metadata is asked first.
    found = htmldate.find_date(
        copy.deepcopy(tree),
        original_date=True,
        outputformat=DATE_FORMAT,
        url=url,
        deferred_url_extractor=True,
    )
    if not found:
        return None
    try:
        return to_utc(found)
    except ValueError:
        return None


def _language(tree: lxml.html.HtmlElement) -> str | None:
    lang = tree.get("lang") or tree.get("xml:lang")
    if not lang:
        return None
    return lang.strip().split("-")[0].lower() or None


def _site_name(name: str | None, urls: tuple[str | None, ...]) -> str | None:
    # With no site name on the page trafilatura falls back to the host name; an outlet is never
    # guessed, so that fallback is dropped.
    name = _clean(name)
    hosts = {urlsplit(url).hostname or "" for url in urls if url}
    if name is None or name.lower() in {host for host in hosts} | {host.removeprefix("www.") for host in hosts}:
        return None
    return name


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    return " ".join(value.split()) or None
