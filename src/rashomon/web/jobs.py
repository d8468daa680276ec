"""Articles added from the browser or the API: a submission becomes a job of items fetched in the background.

An item is a page URL, a feed URL or a pasted text. URLs are fetched through the SSRF guard
(`rashomon.sources.netguard`) with the ingest's own pieces: `fetch`, `read_bytes`, `prepare` and
`Store.add_prepared` for a page, `poll` for a feed; the stories are regrouped once the job's items are done.
Each item's status and outcome is a row of `web_job_items` (migration m003_web_jobs), so any worker process
shows a job's progress, whichever process runs it.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import socket
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx

from rashomon.errors import FetchError, InputError, RashomonError, UnsupportedSource
from rashomon.model.records import Document
from rashomon.sources.netguard import AddressPolicy, guarded_client
from rashomon.store.sqlite import Feed, Store
from rashomon.web import queries
from rashomon.web.settings import Settings
from rashomon.web.views import NotFound

__all__ = [
    "BadSubmission",
    "ClientFactory",
    "FINISHED",
    "Item",
    "Jobs",
    "PAGE_FORMATS",
    "TEXT_FIELDS",
    "create_job",
    "default_client",
    "job_view",
    "parse_form",
    "parse_submission",
    "recover",
    "run_job",
    "worker_id",
]

log = logging.getLogger("rashomon.web")

PAGE_FORMATS = {"text/html": "html", "application/xhtml+xml": "html", "text/plain": "text"}
TEXT_FIELDS = ("text", "title", "outlet", "url", "published")
FINISHED = ("done", "failed")


class BadSubmission(ValueError):
    """A submission that cannot be queued; the message names the field and the problem."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Item:
    """One thing to add: a page URL, a feed URL, or a pasted text with optional metadata."""

    kind: str
    input: str
    document: Document | None = None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def parse_submission(data: object, *, settings: Settings) -> list[Item]:
    """Check a JSON submission (`urls`, `feeds`, `texts`) and return its items; BadSubmission says what is wrong."""
    if not isinstance(data, dict):
        raise BadSubmission("the body must be a JSON object with urls, feeds or texts")
    unknown = sorted(set(data) - {"urls", "feeds", "texts"})
    if unknown:
        raise BadSubmission(f"unknown field {', '.join(map(repr, unknown))}; expected urls, feeds or texts")
    policy = settings.policy
    items = [Item(kind="url", input=_url(policy, url, f"urls[{i}]")) for i, url in enumerate(_list(data, "urls"))]
    items += [Item(kind="feed", input=_url(policy, url, f"feeds[{i}]")) for i, url in enumerate(_list(data, "feeds"))]
    items += [_text(entry, f"texts[{i}]", settings) for i, entry in enumerate(_list(data, "texts"))]
    if not items:
        raise BadSubmission("nothing to add: give at least one of urls, feeds or texts")
    if len(items) > settings.max_items:
        raise BadSubmission(f"{len(items)} items: at most {settings.max_items} per submission")
    return items


def parse_form(form: Mapping[str, str], *, settings: Settings) -> list[Item]:
    """Check the add page's form (URLs and feeds one a line, one pasted text) and return its items."""
    data: dict[str, Any] = {
        "urls": [line.strip() for line in form.get("urls", "").splitlines() if line.strip()],
        "feeds": [line.strip() for line in form.get("feeds", "").splitlines() if line.strip()],
    }
    if form.get("text", "").strip():
        data["texts"] = [{key: form[key] for key in TEXT_FIELDS if form.get(key, "").strip()}]
    return parse_submission(data, settings=settings)


def _list(data: Mapping[str, Any], key: str) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise BadSubmission(f"{key} must be a list")
    return value


def _url(policy: AddressPolicy, url: object, where: str) -> str:
    if not isinstance(url, str) or not url.strip():
        raise BadSubmission(f"{where} must be a URL string")
    try:
        policy.check_url(url.strip())
    except FetchError as error:
        raise BadSubmission(f"{where}: {error.problem}: {url.strip()}") from None
    return url.strip()


def _text(entry: object, where: str, settings: Settings) -> Item:
    if not isinstance(entry, dict):
        raise BadSubmission(f"{where} must be an object with text and optional title, outlet, url, published")
    unknown = sorted(set(entry) - set(TEXT_FIELDS))
    if unknown:
        raise BadSubmission(
            f"{where}: unknown field {', '.join(map(repr, unknown))}; expected {', '.join(TEXT_FIELDS)}"
        )
    for key in TEXT_FIELDS:
        if entry.get(key) is not None and not isinstance(entry[key], str):
            raise BadSubmission(f"{where}.{key} must be a string")
    text = (entry.get("text") or "").strip()
    if not text:
        raise BadSubmission(f"{where}.text is empty")
    if len(text) > settings.max_text_chars:
        raise BadSubmission(f"{where}.text has {len(text):,} characters; at most {settings.max_text_chars:,}")
    url = (entry.get("url") or "").strip() or None
    if url is not None and not url.lower().startswith(("http://", "https://")):
        raise BadSubmission(f"{where}.url must be an http(s) URL")
    title = (entry.get("title") or "").strip() or None
    document = Document(
        source="web: pasted text",
        text=text,
        title=title,
        url=url,
        outlet=(entry.get("outlet") or "").strip() or None,
        published=_published(entry.get("published"), f"{where}.published"),
    )
    label = title or " ".join(text.split()[:12])
    return Item(kind="text", input=label, document=document)


def _published(value: str | None, where: str) -> datetime | None:
    if not value or not value.strip():
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise BadSubmission(f"{where} must be an ISO 8601 date such as 2026-01-14, not {value!r}") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def worker_id() -> str:
    """This process as a job's worker: host and process id."""
    return f"{socket.gethostname()}:{os.getpid()}"


def create_job(store: Store, items: Sequence[Item], *, client: str | None) -> str:
    """Record a new job and its queued items; return its id (random, so ids cannot be guessed)."""
    job_id = secrets.token_hex(8)
    now = _now()
    with store.transaction() as db:
        db.execute(
            "INSERT INTO web_jobs (id, status, client, worker, created, updated) VALUES (?, 'queued', ?, ?, ?, ?)",
            (job_id, client, worker_id(), now, now),
        )
        db.executemany(
            "INSERT INTO web_job_items (job_id, n, kind, input, status, updated) VALUES (?, ?, ?, ?, 'queued', ?)",
            [(job_id, n, item.kind, item.input, now) for n, item in enumerate(items)],
        )
    return job_id


def job_view(store: Store, job_id: str) -> dict[str, Any]:
    """A job with each item's status, outcome, articles and their stories; NotFound when there is no such job."""
    row = store.db.execute("SELECT id, status, created, updated FROM web_jobs WHERE id = ?", (job_id,)).fetchone()
    if row is None:
        raise NotFound(f"no job {job_id!r}")
    sql = "SELECT n, kind, input, status, detail, articles FROM web_job_items WHERE job_id = ? ORDER BY n"
    items = [dict(item) for item in store.db.execute(sql, (job_id,))]
    ids = [article_id for item in items for article_id in json.loads(item["articles"])]
    stories = queries.stories_of(store, ids)
    for item in items:
        item["articles"] = [{"id": a, "story": stories.get(a)} for a in json.loads(item["articles"])]
    finished = sum(item["status"] in FINISHED for item in items)
    return {
        **dict(row),
        "items": items,
        "total": len(items),
        "finished": finished,
        "failed": sum(item["status"] == "failed" for item in items),
    }


def _set_job(store: Store, job_id: str, status: str) -> None:
    with store.transaction() as db:
        db.execute("UPDATE web_jobs SET status = ?, updated = ? WHERE id = ?", (status, _now(), job_id))


def _set_item(
    store: Store, job_id: str, n: int, status: str, detail: str | None = None, articles: Sequence[str] = ()
) -> None:
    with store.transaction() as db:
        db.execute(
            "UPDATE web_job_items SET status = ?, detail = ?, articles = ?, updated = ? WHERE job_id = ? AND n = ?",
            (status, detail, json.dumps(list(articles)), _now(), job_id, n),
        )


def recover(store: Store) -> int:
    """Mark the unfinished items of jobs whose process on this host has died as failed; return how many."""
    host = socket.gethostname()
    sql = "SELECT id, worker FROM web_jobs WHERE status NOT IN ('done', 'failed')"
    dead = [job_id for job_id, worker in store.db.execute(sql).fetchall() if _dead(worker, host)]
    count = 0
    for job_id in dead:
        with store.transaction() as db:
            count += db.execute(
                "UPDATE web_job_items SET status = 'failed', detail = 'interrupted: the server stopped before it"
                " finished', updated = ? WHERE job_id = ? AND status NOT IN ('done', 'failed')",
                (_now(), job_id),
            ).rowcount
            db.execute("UPDATE web_jobs SET status = 'failed', updated = ? WHERE id = ?", (_now(), job_id))
    return count


def _dead(worker: str, host: str) -> bool:
    name, _, pid = worker.rpartition(":")
    if name != host or not pid.isdigit():
        return False  # another machine's process: not ours to judge
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


class _OneFeed(Store):
    """The store as `poll` sees it, with only the submitted feed: `poll` fetches every feed `feeds()` lists."""

    def __init__(self, store: Store, url: str) -> None:
        super().__init__(store.db, store.path)
        self.url = url

    def feeds(self) -> list[Feed]:
        """Only the submitted feed."""
        return [feed for feed in super().feeds() if feed.url == self.url]


def run_job(store: Store, job_id: str, items: Sequence[Item], *, settings: Settings, http: httpx.Client) -> None:
    """Add each item in turn, recording its outcome, then regroup the stories once."""
    from rashomon.corpus.stories import ensure_grouped

    _set_job(store, job_id, "running")
    for n, item in enumerate(items):
        _set_item(store, job_id, n, "running")
        try:
            detail, ids = _add(store, item, settings=settings, http=http)
        except InputError as error:
            _set_item(store, job_id, n, "failed", error.problem)
        except RashomonError as error:
            _set_item(store, job_id, n, "failed", str(error))
        except Exception:  # noqa: BLE001 - one item's bug must not lose the others; logged with its traceback
            log.exception("job %s item %d (%s) failed", job_id, n, item.kind)
            _set_item(store, job_id, n, "failed", "internal error (logged on the server)")
        else:
            _set_item(store, job_id, n, "done", detail, ids)
    _set_job(store, job_id, "grouping")
    ensure_grouped(store)
    _set_job(store, job_id, "done")


def _add(store: Store, item: Item, *, settings: Settings, http: httpx.Client) -> tuple[str, list[str]]:
    if item.kind == "feed":
        return _add_feed(store, item.input, settings=settings, http=http)
    if item.kind == "url":
        found = queries.article_id_for_url(store, item.input)
        if found is not None:
            return "already stored", [found]
        return _store_documents(store, _read_page(item.input, settings=settings, http=http), source=item.input)
    assert item.document is not None
    return _store_documents(store, [item.document], source=item.document.source)


def _read_page(url: str, *, settings: Settings, http: httpx.Client) -> list[Document]:
    from rashomon.sources.fetch import fetch
    from rashomon.sources.readers import read_bytes

    fetched = fetch(url, client=http, timeout=settings.fetch_timeout, max_bytes=settings.fetch_max_bytes)
    fmt = PAGE_FORMATS.get(fetched.media_type) if fetched.media_type else "html"
    if fmt is None:
        raise UnsupportedSource(url, f"not an article page: content type {fetched.media_type!r}")
    return read_bytes(fetched.content, source=url, fmt=fmt, url=fetched.url, encoding=fetched.charset)


def _store_documents(store: Store, documents: Sequence[Document], *, source: str) -> tuple[str, list[str]]:
    from rashomon.corpus.prepare import Task, prepare

    ids, added = [], 0
    for document in documents:
        prepared = prepare(Task(document=document, source=source))
        if prepared.article is None:
            raise InputError(source, prepared.error or "not an article")
        article = prepared.article
        (new,) = store.add_prepared([(article, prepared.features, None)])
        added += new
        # A duplicate by canonical URL is stored under the first copy's id.
        stored = (
            article.id if new or store.has_article(article.id) else queries.article_id_for_url(store, article.url or "")
        )
        ids.append(stored or article.id)
    if added == len(ids):
        return ("stored" if added == 1 else f"{added} articles stored"), ids
    return ("already stored" if not added else f"{added} stored, {len(ids) - added} already stored"), ids


def _add_feed(store: Store, url: str, *, settings: Settings, http: httpx.Client) -> tuple[str, list[str]]:
    from rashomon.corpus.poll import poll

    store.add_feed(url)
    before = queries.last_error_id(store)
    counts = poll(_OneFeed(store, url), client=http, timeout=settings.fetch_timeout, max_bytes=settings.fetch_max_bytes)
    errors = queries.latest_errors(store, url, after=before)
    if counts.errors and not counts.stored and not counts.duplicates and errors and errors[0]["record"] is None:
        raise FetchError(url, errors[0]["reason"])  # the feed itself failed
    detail = f"subscribed: {counts.stored} stored, {counts.duplicates} already stored, {counts.errors} errors"
    if errors:
        detail += "; " + "; ".join(f"{e['record'] or url}: {e['reason']}" for e in errors[:3])
    return detail, []


ClientFactory = Callable[[Settings], httpx.Client]


def default_client(settings: Settings) -> httpx.Client:
    """The HTTP client that fetches for a job: guarded by the settings' address policy."""
    from rashomon.sources.fetch import DeadlineBackend, user_agent

    return guarded_client(
        settings.policy,
        wrap_backend=DeadlineBackend,  # every connect and read also ends by the fetch's deadline
        timeout=settings.fetch_timeout,
        headers={"User-Agent": user_agent()},
    )


class Jobs:
    """Run submitted jobs one at a time per process, in the background, each with a guarded HTTP client."""

    def __init__(self, store_path: str, *, settings: Settings, client: ClientFactory = default_client) -> None:
        self.store_path = store_path
        self.settings = settings
        self.client = client
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="rashomon-jobs")

    def submit(self, job_id: str, items: Sequence[Item]) -> None:
        """Queue the job's items to run after the jobs before it."""
        self._pool.submit(self._run, job_id, list(items))

    def _run(self, job_id: str, items: list[Item]) -> None:
        try:
            with Store.open(self.store_path) as store, self.client(self.settings) as http:
                run_job(store, job_id, items, settings=self.settings, http=http)
        except Exception:  # noqa: BLE001 - a background thread has no caller to raise to; the job shows failed
            log.exception("job %s failed", job_id)
            with Store.open(self.store_path) as store:
                _set_job(store, job_id, "failed")

    def close(self) -> None:
        """Stop taking jobs; the one under way finishes, queued ones stay queued (and show as interrupted)."""
        self._pool.shutdown(wait=False, cancel_futures=True)
