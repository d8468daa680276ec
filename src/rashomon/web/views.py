"""What each page shows, as JSON-ready dicts: the HTML page and its `/api` twin render the same one.

Each function takes an open `Store` and the page's subject, and reads; none computes a comparison (that is
`rashomon.web.compute`'s job, in the background).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from rashomon.model.records import Article
from rashomon.store.sqlite import Store
from rashomon.web import queries
from rashomon.web.queries import Page

__all__ = ["NotFound", "article_view", "outlet_view", "page_dict", "story_summary"]


class NotFound(LookupError):
    """The page's subject (a story, an article, an outlet, a job) is not in the store."""


def page_dict(page: Page) -> dict[str, Any]:
    """A list page as the API returns it: items, then where the page sits."""
    return {
        "items": list(page.items),
        "page": page.page,
        "per_page": page.per_page,
        "total": page.total,
        "pages": page.pages,
        **page.extra,
    }


def story_summary(store: Store, story_id: str) -> dict[str, Any]:
    """A story's row with its member articles (id, outlet, title, published, copy_of); NotFound if none."""
    row = queries.story_row(store, story_id)
    if row is None or not row["articles"]:
        raise NotFound(f"no story {story_id!r} in this store")
    copies = store.members_of(story_id)
    row["members"] = [
        {"id": a.id, "outlet": a.outlet, "title": a.title, "published": _iso(a), "copy_of": copies.get(a.id)}
        for a in store.story_articles(story_id)
    ]
    return row


def _iso(article: Article) -> str | None:
    return article.published.isoformat() if article.published else None


def article_view(store: Store, article_id: str) -> dict[str, Any]:
    """An article with its text, what cleaning removed, its story, and its spans (claims, quotes, loaded terms).

    Spans come from the story's cached comparison when there is one (claims carry their status there),
    else from a stored analysis (quotes and loaded terms, when it was ingested with a pipeline).
    """
    article = store.get_article(article_id)
    if article is None:
        raise NotFound(f"no article {article_id!r} in this store")
    story_id = queries.story_of(store, article_id)
    story = queries.story_row(store, story_id) if story_id else None
    report = queries.cached_report(store, story_id) if story_id else None
    source: str | None = "comparison"
    if report is not None:
        spans = _report_spans(report, article_id)
    else:
        spans = _analysis_spans(store, article_id)
        source = "analysis" if spans else None
    return {
        "article": {
            "id": article.id,
            "outlet": article.outlet,
            "title": article.title,
            "url": article.url,
            "source": article.source,
            "published": _iso(article),
            "language": article.language,
            "words": len(article.text.split()),
            "text": article.text,
            "removed": [{"text": r.text, "reason": r.reason} for r in article.removed],
            "notes": list(article.notes),
        },
        "story": {"id": story["id"], "title": story["title"], "articles": story["articles"]} if story else None,
        "spans": sorted(spans, key=lambda s: (s["start"], -s["end"])),
        "spans_from": source,
    }


def _report_spans(report: Mapping[str, Any], article_id: str) -> list[dict[str, Any]]:
    spans = [
        {
            "kind": "claim",
            "start": m["start"],
            "end": m["end"],
            "label": c["status"],
            "claim": c["id"],
            "title": f"{c['status']} claim: {len(c['articles'])} of {len(report['articles'])} articles",
        }
        for c in report.get("claims", ())
        for m in c.get("mentions", ())
        if m["article"] == article_id
    ]
    spans += [
        {
            "kind": "quote",
            "start": q["start"],
            "end": q["end"],
            "label": q.get("kind", "direct"),
            "title": f"{q.get('kind', 'direct')} quote: {q.get('speaker') or 'unattributed'}",
        }
        for q in report.get("quotes") or ()
        if q.get("article") == article_id
    ]
    spans += [
        {
            "kind": "loaded_term",
            "start": t["start"],
            "end": t["end"],
            "label": t.get("category", ""),
            "title": f"loaded term ({t.get('category', '')})",
        }
        for t in report.get("loaded_terms") or ()
        if t.get("article") == article_id
    ]
    return spans


def _analysis_spans(store: Store, article_id: str) -> list[dict[str, Any]]:
    analysis = store.get_analysis(article_id)
    if analysis is None:
        return []
    spans = []
    for layer, kind in (("quotes", "quote"), ("loaded_terms", "loaded_term")):
        for span in analysis.layers.get(layer, ()):
            spans.append(
                {
                    "kind": kind,
                    "start": span.start,
                    "end": span.end,
                    "label": span.label,
                    "title": f"{kind.replace('_', ' ')} ({span.label})" if span.label else kind,
                }
            )
    return spans


def outlet_view(store: Store, name: str, *, page: int, per_page: int, reports: int) -> dict[str, Any]:
    """An outlet: its stories (paged), and from its latest `reports` compared stories, what it tends to leave
    out (claims most other outlets carry), whom it quotes and whom it cites."""
    outlet = queries.outlet_row(store, name)
    if outlet is None:
        raise NotFound(f"no outlet {name!r} in this store")
    stories = queries.list_stories(store, queries.StoryQuery(outlet=name, page=page, per_page=per_page))
    considered = queries.outlet_story_ids(store, name, limit=reports)
    found = [(story_id, r) for story_id in considered if (r := queries.cached_report(store, story_id)) is not None]
    return {
        "outlet": {**outlet, "info": _info(name, (r for _, r in found))},
        "stories": page_dict(stories),
        "compared": len(found),
        "considered": len(considered),
        "omissions": _omissions(name, found),
        "quotes": _speakers(name, (r for _, r in found)),
        "citations": _cited(name, (r for _, r in found)),
    }


def _info(name: str, reports: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    for report in reports:
        for entry in report.get("outlets") or ():
            if entry.get("name") == name:
                return {key: entry.get(key) for key in ("country", "kind", "family")}
    return {"country": None, "kind": None, "family": None}


def _mine(name: str, report: Mapping[str, Any]) -> set[str]:
    return {a["id"] for a in report.get("articles", ()) if a.get("outlet") == name}


def _omissions(name: str, found: list[tuple[str, dict[str, Any]]], *, top: int = 20) -> list[dict[str, Any]]:
    """Claims the outlet's articles leave out that other outlets carry, most widely carried first."""
    rows = []
    for story_id, report in found:
        mine = _mine(name, report)
        others = {a["outlet"] for a in report["articles"] if a["id"] not in mine and a.get("outlet")}
        by_article = {a["id"]: a.get("outlet") for a in report["articles"]}
        for claim in report.get("claims", ()):
            if mine and mine.isdisjoint(claim["articles"]) and claim.get("status") != "unique":
                carriers = sorted({by_article.get(a) or "(outlet unknown)" for a in claim["articles"]})
                rows.append(
                    {
                        "story": story_id,
                        "story_title": report["story"].get("title"),
                        "claim": claim["id"],
                        "text": claim["text"],
                        "carried_by": carriers,
                        "of": len(others),
                    }
                )
    rows.sort(key=lambda r: (-len(r["carried_by"]), r["story"], r["claim"]))
    return rows[:top]


def _speakers(name: str, reports: Iterable[Mapping[str, Any]], *, top: int = 20) -> list[dict[str, Any]]:
    counts: Counter[tuple[str, str]] = Counter()
    for report in reports:
        mine = _mine(name, report)
        for voice in report.get("voices") or ():
            if voice.get("article") in mine:
                for s in voice.get("speakers", ()):
                    counts[(s.get("speaker") or "unattributed", s.get("role") or "")] += int(s.get("quotes", 0))
    return [{"speaker": speaker, "role": role or None, "quotes": n} for (speaker, role), n in counts.most_common(top)]


def _cited(name: str, reports: Iterable[Mapping[str, Any]], *, top: int = 20) -> list[dict[str, Any]]:
    counts: Counter[tuple[str, str]] = Counter()
    for report in reports:
        mine = _mine(name, report)
        for citation in report.get("citations") or ():
            if citation.get("article") in mine:
                counts[(citation.get("outlet") or "?", citation.get("kind") or "")] += 1
    return [{"outlet": cited, "kind": kind or None, "citations": n} for (cited, kind), n in counts.most_common(top)]
