"""Stories over the store: group the stored articles into stories, and compare a stored story.

Grouping streams every stored article through `stories.Grouper` in canonical order (published, then id)
with its stored features, so the result does not depend on the order articles arrived in, nor on where
their features were computed, and story ids stay stable as articles are added. Stories are written as
they close (every `drain_every` articles), and only those whose membership changed, so memory stays flat:
the grouper holds the open window, this function the ids of the stories it has produced. A story's
comparison is cached by its membership hash and recomputed when an article joins or leaves.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from .errors import RashomonError
from .features import FEATURES_VERSION
from .model import Comparison
from .store import Store, membership_hash
from .stories import Grouper, GroupOptions, StoryRecord


@dataclass(frozen=True, slots=True, kw_only=True)
class RegroupCounts:
    """What a regrouping changed: stories in all, written (new or changed), removed."""

    stories: int
    written: int
    removed: int


def regroup(store: Store, *, options: GroupOptions | None = None, progress: Callable[[int], None] | None = None,
            drain_every: int = 1000) -> RegroupCounts:  # fmt: skip
    """Group every stored article into stories and write the stories whose membership changed."""
    grouper = Grouper(options=options)
    titles: dict[str, str | None] = {}
    produced: set[str] = set()
    written = 0

    def write(stories: dict[str, list[str]], copies: dict[str, str]) -> None:
        nonlocal written
        with store.transaction():
            for story_id, members in stories.items():
                produced.add(story_id)
                wanted = {member: copies.get(member) for member in members}
                title = titles.pop(story_id, None)
                if wanted != store.members_of(story_id):
                    store.set_story(story_id, members, title=title, copies=copies)
                    written += 1

    for n, record in enumerate(store.iter_story_records(), 1):
        story_id = grouper.add(record)
        if story_id not in titles and story_id not in produced:
            titles[story_id] = _title(record)
        if progress is not None:
            progress(1)
        if n % drain_every == 0:
            copies = grouper.copies()  # before drain(), which forgets the closed stories' copies
            write(grouper.drain(), copies)
    write(grouper.stories(), grouper.copies())
    stale = [story_id for story_id in store.iter_story_ids() if story_id not in produced]
    for story_id in stale:
        store.delete_story(story_id)
    store.set_state(_GROUPED, _grouping_key(store, options))
    return RegroupCounts(stories=len(produced), written=written, removed=len(stale))


def ensure_grouped(store: Store, *, options: GroupOptions | None = None,
                   progress: Callable[[int], None] | None = None) -> RegroupCounts | None:  # fmt: skip
    """Regroup unless the stories were last grouped from these very articles with these options.

    Stored articles never change (ids are content hashes), so the article count and the options identify
    what a grouping was made from. Returns None when nothing had to be done.
    """
    if is_grouped(store, options=options):
        return None
    return regroup(store, options=options, progress=progress)


def is_grouped(store: Store, *, options: GroupOptions | None = None) -> bool:
    """Whether the stories were last grouped from the stored articles with these options."""
    return store.get_state(_GROUPED) == _grouping_key(store, options)


_GROUPED = "grouped"


def _grouping_key(store: Store, options: GroupOptions | None) -> dict[str, Any]:
    return {"articles": store.count("articles"), "options": asdict(options or GroupOptions()),
            "features": FEATURES_VERSION}  # fmt: skip


def _title(first: StoryRecord) -> str | None:
    """A story's title: its first member's title, else that article's first sentence."""
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
    analyses = {a.id: found for a in articles if (found := store.get_analysis(a.id)) is not None}
    comparison = compare_articles(articles, title=title, stored=analyses)  # layers made at ingest are reused
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
