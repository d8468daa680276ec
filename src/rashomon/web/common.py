"""What the pages and the API share: the app's state, a store per request, and query parameters checked
into one clear 422 message each."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from rashomon.store.sqlite import Store
from rashomon.web.compute import Comparisons
from rashomon.web.jobs import Jobs
from rashomon.web.queries import StoryQuery
from rashomon.web.security import RateLimiter, client_key, token_problem
from rashomon.web.settings import Settings
from rashomon.web.views import NotFound

__all__ = [
    "AppState",
    "Rendered",
    "authorise_write",
    "date_param",
    "filters_of",
    "int_param",
    "state_of",
    "store_for",
    "story_query",
    "text_param",
]


class Rendered:
    """The latest rendered story pages (and report JSON) of this process, keyed by story and membership.

    A cached comparison's page is the same until the story's membership changes (which changes the key), and
    rendering it costs tens of milliseconds; this keeps the `size` most recent ones.
    """

    def __init__(self, size: int = 32) -> None:
        self.size = size
        self._pages: OrderedDict[tuple[object, ...], Response] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[object, ...]) -> Response | None:
        """The page rendered for `key`, or None."""
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, key: tuple[object, ...], page: Response) -> None:
        """Keep `page` for `key`, forgetting the least recently used beyond `size`."""
        with self._lock:
            self._pages[key] = page
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class AppState:
    """One app's store path, settings and background workers."""

    store_path: str
    settings: Settings
    comparisons: Comparisons
    jobs: Jobs
    writes: RateLimiter
    rendered: Rendered


def state_of(request: Request) -> AppState:
    """The app state of the app serving `request`."""
    state: AppState = request.app.state.rashomon
    return state


@contextmanager
def store_for(request: Request) -> Iterator[Store]:
    """A store connection for one request, closed after it; a missing subject becomes a 404.

    One connection per request: SQLite connections belong to the thread that opened them, and opening one on
    a WAL database costs well under a millisecond next to rendering a page.
    """
    with Store.open(state_of(request).store_path) as store:
        try:
            yield store
        except NotFound as missing:
            raise HTTPException(404, str(missing)) from None


def authorise_write(request: Request, *, form_token: str | None = None) -> None:
    """Raise the 401/403 of a write without the right token, or the 429 of a client over its write rate."""
    app = state_of(request)
    _same_site(request)
    problem = token_problem(request, app.settings, form_token=form_token)
    if problem is not None:
        raise problem
    wait = app.writes.take(client_key(request.scope))
    if wait:
        raise HTTPException(429, f"too many submissions; retry in {wait:.0f}s", {"Retry-After": str(round(wait + 0.5))})


def _same_site(request: Request) -> None:
    """Refuse a write a browser sends from another site (CSRF); clients that send no Origin are not browsers."""
    origin = request.headers.get("origin")
    if request.headers.get("sec-fetch-site") == "cross-site" or (
        origin is not None and urlsplit(origin).netloc.lower() != request.headers.get("host", "").lower()
    ):
        raise HTTPException(403, "cross-site request refused: submit from this site's own pages")


def int_param(request: Request, name: str, *, default: int, minimum: int = 1, maximum: int | None = None) -> int:
    """An integer query parameter within bounds; anything else is a 422 naming it."""
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise HTTPException(422, f"{name} must be a whole number, not {raw!r}") from None
    if value < minimum or (maximum is not None and value > maximum):
        bound = f"between {minimum} and {maximum}" if maximum is not None else f"at least {minimum}"
        raise HTTPException(422, f"{name} must be {bound}, not {value}")
    return value


def date_param(request: Request, name: str) -> date | None:
    """A date query parameter (YYYY-MM-DD); anything else is a 422 naming it."""
    raw = (request.query_params.get(name) or "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise HTTPException(422, f"{name} must be a date as YYYY-MM-DD, not {raw!r}") from None


def text_param(request: Request, name: str, *, limit: int = 200) -> str | None:
    """A short text query parameter, stripped; over `limit` characters is a 422."""
    raw = (request.query_params.get(name) or "").strip()
    if len(raw) > limit:
        raise HTTPException(422, f"{name} is over {limit} characters")
    return raw or None


def story_query(request: Request) -> StoryQuery:
    """The story list's filters and page from the query string."""
    settings = state_of(request).settings
    since, until = date_param(request, "since"), date_param(request, "until")
    if since is not None and until is not None and since > until:
        raise HTTPException(422, f"since ({since}) is after until ({until})")
    return StoryQuery(
        q=text_param(request, "q"),
        since=since,
        until=until,
        outlet=text_param(request, "outlet"),
        page=int_param(request, "page", default=1),
        per_page=int_param(request, "per_page", default=settings.per_page, maximum=settings.max_per_page),
    )


def filters_of(query: StoryQuery) -> dict[str, Any]:
    """The filters of a story query as the API echoes them (dates as text)."""
    return {
        "q": query.q,
        "since": query.since.isoformat() if query.since else None,
        "until": query.until.isoformat() if query.until else None,
        "outlet": query.outlet,
    }
