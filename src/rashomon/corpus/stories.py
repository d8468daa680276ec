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
import typing
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any, TypedDict

from rashomon.errors import RashomonError
from rashomon.group.features import FEATURES_VERSION
from rashomon.group.grouper import Grouper, GroupOptions, StoryRecord
from rashomon.model.records import Comparison
from rashomon.store.sqlite import Store, membership_hash


class _GroupingKey(TypedDict):
    """What a grouping was made from (stored as the `_GROUPED` state): article count, options, features."""

    articles: int
    options: dict[str, Any]
    features: int


@dataclass(frozen=True, slots=True, kw_only=True)
class RegroupCounts:
    """What a regrouping changed: stories in all, written (new or changed), removed."""

    stories: int
    written: int
    removed: int


def regroup(store: Store, *, options: GroupOptions | None = None, progress: Callable[[int], None] | None = None,
            drain_every: int = 1000, resume: bool = False) -> RegroupCounts:  # fmt: skip
    """Group the stored articles into stories and write the stories whose membership changed.

    With `resume`, when every article stored since the last grouping comes after the last one grouped in
    canonical order (a feed's or a day's new articles), the grouper's saved state goes on from there and
    only the new articles are read: the result is the one a full pass gives (`tests/test_story_store.py`
    checks), in time proportional to what was added. Otherwise, and without `resume`, every stored
    article is streamed again.
    """
    options = options or GroupOptions()
    with store.grouping_lock():  # one grouping at a time per store; a waiting one may find the work done
        if resume and is_grouped(store, options=options):
            return RegroupCounts(stories=store.count("stories"), written=0, removed=0)
        return _regroup(store, options=options, progress=progress, drain_every=drain_every, resume=resume)


def _regroup(store: Store, *, options: GroupOptions, progress: Callable[[int], None] | None, drain_every: int,
             resume: bool) -> RegroupCounts:  # fmt: skip
    # What the grouping is made from is counted before reading: articles stored meanwhile make the count
    # stale, so the next command groups again (counted after, they were marked grouped without being read).
    key = _grouping_key(store, options)
    saved = _resumable(store, options) if resume else None
    grouper = Grouper.from_state(saved["grouper"]) if saved else Grouper(options=options)
    after = tuple(saved["last"]) if saved else None
    titles: dict[str, str | None] = {}
    produced: set[str] = set()
    written = 0
    last: str | None = None

    def write(stories: dict[str, list[str]], copies: dict[str, str]) -> None:
        nonlocal written
        with store.transaction():
            for story_id, members in stories.items():
                produced.add(story_id)
                wanted = {member: copies.get(member) for member in members}
                title = titles.pop(story_id, None)  # None for a resumed story: set_story keeps its title
                if wanted != store.members_of(story_id):
                    store.set_story(story_id, members, title=title, copies=copies)
                    written += 1

    known = set(grouper.stories())
    for n, record in enumerate(store.iter_story_records(after=after), 1):
        story_id = grouper.add(record)
        last = record.id
        if story_id not in titles and story_id not in produced and story_id not in known:
            titles[story_id] = _title(record)
        if progress is not None:
            progress(1)
        if n % drain_every == 0:
            copies = grouper.copies()  # before drain(), which forgets the closed stories' copies
            write(grouper.drain(), copies)
    copies = grouper.copies()
    write({**grouper.drain(), **grouper.stories()}, copies)
    removed = 0
    if not saved:  # a full pass: stories it did not produce are gone
        stale = [story_id for story_id in store.iter_story_ids() if story_id not in produced]
        for story_id in stale:
            store.delete_story(story_id)
        removed = len(stale)
    position = list(store.order_key(last)) if last is not None else (saved["last"] if saved else None)
    with store.transaction():
        store.set_state(_GROUPER, {"key": key, "last": position, "grouper": grouper.state()})
        store.set_state(_GROUPED, key)
    return RegroupCounts(stories=store.count("stories"), written=written, removed=removed)


def _resumable(store: Store, options: GroupOptions) -> dict[str, Any] | None:
    """The saved grouper state, when the articles stored since it all come after its last article."""
    saved: dict[str, Any] | None = store.get_state(_GROUPER)  # the JSON object regroup saved
    if not saved or saved.get("last") is None:
        return None
    then = saved["key"]
    if (then["options"], then["features"]) != (asdict(options), FEATURES_VERSION):
        return None
    added = store.count("articles") - then["articles"]
    if added < 0 or store.count_after(tuple(saved["last"])) != added:
        return None  # an article was stored before the last one grouped: its place changes what follows
    return saved


def ensure_grouped(store: Store, *, options: GroupOptions | None = None,
                   progress: Callable[[int], None] | None = None) -> RegroupCounts | None:  # fmt: skip
    """Group the store unless the stories were last grouped from these very articles with these options.

    Stored articles never change (ids are content hashes), so the article count and the options identify
    what a grouping was made from. New articles that all come after the last one grouped are added to the
    saved state (`regroup(resume=True)`); anything else regroups everything. Returns None when nothing had
    to be done.
    """
    if is_grouped(store, options=options):
        return None
    return regroup(store, options=options, progress=progress, resume=True)


def is_current(store: Store) -> bool:
    """Whether every stored article was grouped, with whatever options the last grouping used.

    False after a grouping that was cut short (killed) or never ran for the latest articles: any later
    command that groups finishes it then.
    """
    state: _GroupingKey | None = store.get_state(_GROUPED)  # the JSON object regroup saved
    if state is None:
        return store.count("articles") == 0
    return state.get("articles") == store.count("articles") and state.get("features") == FEATURES_VERSION


def is_grouped(store: Store, *, options: GroupOptions | None = None) -> bool:
    """Whether the stories were last grouped from the stored articles with these options."""
    state: _GroupingKey | None = store.get_state(_GROUPED)  # the JSON object regroup saved
    return state == _grouping_key(store, options)


_GROUPED = "grouped"
_GROUPER = "grouper"


def _grouping_key(store: Store, options: GroupOptions | None) -> _GroupingKey:
    return {"articles": store.count("articles"), "options": asdict(options or GroupOptions()),
            "features": FEATURES_VERSION}  # fmt: skip


def _title(first: StoryRecord) -> str | None:
    """A story's title: its first member's title, else that article's first sentence."""
    if first.title:
        return first.title
    line = first.text.strip().split("\n", 1)[0]
    sentence = re.split(r"(?<=[.!?])\s+", line, maxsplit=1)[0]
    return sentence if len(sentence) <= 160 else sentence[:159].rstrip() + "…"


if typing.TYPE_CHECKING:  # the comparison stage is imported when a story is compared, not before
    from rashomon.comparison.compare import CompareOptions


def compare_story(
    store: Store, story_id: str, *, fresh: bool = False, options: CompareOptions | None = None
) -> tuple[Comparison | None, dict[str, Any]]:
    """The story's report dict, from the cache when its membership is unchanged (then no Comparison).

    With `fresh`, the story is compared again (its stored layers reused) and the cache refreshed. With
    `options`, it is compared with them and the cache, which holds the default pipeline's report, is left alone.
    """
    from rashomon.comparison.compare import compare_articles
    from rashomon.render.json import report_dict

    articles = store.story_articles(story_id)
    if not articles:
        known = ", ".join(s.id for s in store.stories()[:5]) or "none stored; run `rashomon stories` after ingest"
        raise RashomonError(f"story {story_id!r} is not in {store.path}; stories: {known}")
    membership = membership_hash([a.id for a in articles])
    cached = None if fresh or options is not None else store.cached_comparison(story_id, membership)
    if cached is not None:
        return None, cached
    title = next((s.title for s in store.stories() if s.id == story_id), None)
    analyses = {a.id: found for a in articles if (found := store.get_analysis(a.id)) is not None}
    comparison = compare_articles(articles, title=title, options=options, stored=analyses)  # ingest's layers reused
    report = report_dict(comparison)
    if options is None:
        store.cache_comparison(story_id, membership, report)
    return comparison, report


def render_story(store: Store, story_id: str, fmt: str) -> str:
    """Render a stored story's comparison as json, md or html (Markdown needs a fresh comparison)."""
    import json

    from rashomon.render import render
    from rashomon.render.html import render_report

    comparison, report = compare_story(store, story_id)
    if fmt == "json":
        return json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    if fmt == "html":
        return render_report(report)
    if comparison is None:
        from rashomon.comparison.compare import compare_articles

        comparison = compare_articles(store.story_articles(story_id), title=report["story"].get("title"))
    return render(comparison, fmt)
