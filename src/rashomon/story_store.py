"""Stories over the store: group the stored articles into stories, and compare a stored story.

Grouping runs over every stored article in canonical order (`stories.group`), so the result does not
depend on the order articles arrived in and story ids stay stable as articles are added; only stories
whose membership changed are rewritten. A story's comparison is cached by its membership hash and
recomputed when an article joins or leaves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .errors import RashomonError
from .model import Article, Comparison
from .store import Store, membership_hash
from .stories import GroupOptions, StoryRecord, group


@dataclass(frozen=True, slots=True, kw_only=True)
class RegroupCounts:
    """What a regrouping changed: stories in all, written (new or changed), removed."""

    stories: int
    written: int
    removed: int


def story_record(article: Article) -> StoryRecord:
    """The grouper's view of a stored article."""
    return StoryRecord(id=article.id, published=article.published, title=article.title or "", text=article.text,
                       outlet=article.outlet)


def regroup(store: Store, *, options: GroupOptions | None = None) -> RegroupCounts:
    """Group every stored article into stories and write the stories whose membership changed."""
    articles = {a.id: a for a in store.articles()}
    assignment = group((story_record(a) for a in articles.values()), options=options)
    groups: dict[str, list[str]] = {}
    for article_id, story_id in assignment.items():
        groups.setdefault(story_id, []).append(article_id)
    current = store.story_members()
    written = 0
    for story_id, members in groups.items():
        if sorted(members) != sorted(current.get(story_id, [])):
            store.set_story(story_id, members, title=_title([articles[i] for i in members]))
            written += 1
    stale = [story_id for story_id in current if story_id not in groups]
    for story_id in stale:
        store.delete_story(story_id)
    return RegroupCounts(stories=len(groups), written=written, removed=len(stale))


def _title(members: list[Article]) -> str | None:
    """A story's title: its earliest member's title, else that article's first line."""
    first = min(members, key=lambda a: (a.published is None, a.published or 0, a.id))
    if first.title:
        return first.title
    line = first.text.strip().split("\n", 1)[0]
    sentence = re.split(r"(?<=[.!?])\s+", line, maxsplit=1)[0]
    return sentence if len(sentence) <= 160 else sentence[:159].rstrip() + "…"


def compare_story(store: Store, story_id: str) -> tuple[Comparison | None, dict[str, Any]]:
    """The story's report dict, from the cache when its membership is unchanged (then no Comparison)."""
    from .comparison import compare_articles
    from .render.json import report_dict

    articles = store.story_articles(story_id)
    if not articles:
        known = ", ".join(s.id for s in store.stories()[:5]) or "none stored; run `rashomon stories` after ingest"
        raise RashomonError(f"story {story_id!r} is not in {store.path}; stories: {known}")
    membership = membership_hash([a.id for a in articles])
    cached = store.cached_comparison(story_id, membership)
    if cached is not None:
        return None, cached
    title = next((s.title for s in store.stories() if s.id == story_id), None)
    comparison = compare_articles(articles, title=title)
    report = report_dict(comparison)
    store.cache_comparison(story_id, membership, report)
    return comparison, report


def render_story(store: Store, story_id: str, fmt: str) -> str:
    """Render a stored story's comparison as json, md or html (Markdown needs a fresh comparison)."""
    import json

    from .render import render
    from .render.html import render_report

    comparison, report = compare_story(store, story_id)
    if fmt == "json":
        return json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    if fmt == "html":
        return render_report(report)
    if comparison is None:
        from .comparison import compare_articles

        comparison = compare_articles(store.story_articles(story_id), title=report["story"].get("title"))
    return render(comparison, fmt)
