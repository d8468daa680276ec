"""The JSON API: every page's twin under `/api`, lists paginated, the story as the `rashomon.report/1` contract.

Errors are `{"error": message, "status": code}` with 401, 403, 404, 413, 422 or 429; a bug is a 500 with
a generic message (the traceback stays in the server's log).
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from rashomon.store.sqlite import membership_hash
from rashomon.web import queries, views
from rashomon.web.common import authorise_write, filters_of, int_param, state_of, store_for, story_query
from rashomon.web.compute import Progress
from rashomon.web.jobs import BadSubmission, create_job, job_view, parse_submission
from rashomon.web.security import client_key, read_body

__all__ = [
    "RETRY_AFTER_S",
    "article",
    "health",
    "job",
    "outlet",
    "outlets",
    "paging_links",
    "stories",
    "story",
    "story_status",
    "submit",
]

RETRY_AFTER_S = 2


def paging_links(request: Request, page: int, pages: int) -> dict[str, str | None]:
    """Relative links (`?...&page=N`) to the previous and next pages, None at either end."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "page"]

    def link(n: int) -> str:
        return "?" + urlencode([*params, ("page", str(n))])

    return {"prev": link(page - 1) if page > 1 else None, "next": link(page + 1) if page < pages else None}


def stories(request: Request) -> JSONResponse:
    """GET /api/stories: one page of stories, newest first, filtered by q, since, until and outlet."""
    query = story_query(request)
    with store_for(request) as store:
        page = queries.list_stories(store, query)
    body = {**views.page_dict(page), "filters": filters_of(query), **paging_links(request, page.page, page.pages)}
    return JSONResponse(body)


def story_status(progress: Progress, summary: dict[str, Any]) -> dict[str, Any]:
    """The body of a story whose comparison is not ready: its state, the story's row and when to ask again."""
    return {
        "status": progress.state,
        "elapsed_s": round(progress.elapsed, 1),
        "retry_after_s": RETRY_AFTER_S,
        "error": progress.error,
        "story": summary,
    }


def story(request: Request) -> Response:
    """GET /api/stories/{story_id}: the comparison report (200), or its progress while it is computed (202)."""
    story_id = request.path_params["story_id"]
    rendered = state_of(request).rendered
    with store_for(request) as store:
        summary = views.story_summary(store, story_id)
        key = ("json", story_id, membership_hash(m["id"] for m in summary["members"]))
        hit = rendered.get(key)
        if hit is not None:
            return Response(hit.body, media_type="application/json")
        report = queries.cached_report(store, story_id)
    if report is not None:
        found = Response(json.dumps(report, ensure_ascii=False), media_type="application/json")
        rendered.put(key, found)
        return found
    progress = state_of(request).comparisons.start(story_id)
    if progress.state == "failed":
        return JSONResponse({**story_status(progress, summary), "status": 500}, status_code=500)
    return JSONResponse(story_status(progress, summary), status_code=202, headers={"Retry-After": str(RETRY_AFTER_S)})


def article(request: Request) -> JSONResponse:
    """GET /api/articles/{article_id}: the article, its spans, what cleaning removed and its story."""
    with store_for(request) as store:
        return JSONResponse(views.article_view(store, request.path_params["article_id"]))


def outlets(request: Request) -> JSONResponse:
    """GET /api/outlets: one page of outlets, most articles first."""
    page_no = int_param(request, "page", default=1)
    per_page = int_param(request, "per_page", default=50, maximum=state_of(request).settings.max_per_page)
    with store_for(request) as store:
        page = queries.list_outlets(store, page=page_no, per_page=per_page)
    return JSONResponse({**views.page_dict(page), **paging_links(request, page.page, page.pages)})


def outlet(request: Request) -> JSONResponse:
    """GET /api/outlets/{name}: the outlet's stories (paged), omissions, speakers and citations."""
    settings = state_of(request).settings
    page_no = int_param(request, "page", default=1)
    per_page = int_param(request, "per_page", default=settings.per_page, maximum=settings.max_per_page)
    with store_for(request) as store:
        found = views.outlet_view(
            store, request.path_params["name"], page=page_no, per_page=per_page, reports=settings.outlet_reports
        )
    found["stories"].update(paging_links(request, page_no, found["stories"]["pages"]))
    return JSONResponse(found)


async def submit(request: Request) -> JSONResponse:
    """POST /api/jobs: queue URLs, feed URLs and pasted texts to add; needs the token."""
    app = state_of(request)
    authorise_write(request)
    if request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
        raise HTTPException(415, "send the submission as application/json")
    body = await read_body(request, app.settings)
    try:
        data = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise HTTPException(422, f"the body is not valid JSON: {error}") from None
    try:
        items = parse_submission(data, settings=app.settings)
    except BadSubmission as bad:
        raise HTTPException(422, str(bad)) from None
    job = await run_in_threadpool(_queue, request, items)
    return JSONResponse(
        job, status_code=202, headers={"Location": f"{request.scope.get('root_path', '')}/api/jobs/{job['id']}"}
    )


def _queue(request: Request, items: list[Any]) -> dict[str, Any]:
    app = state_of(request)
    with store_for(request) as store:
        job_id = create_job(store, items, client=client_key(request.scope))
        app.jobs.submit(job_id, items)
        return job_view(store, job_id)


def job(request: Request) -> JSONResponse:
    """GET /api/jobs/{job_id}: each item's status (queued, running, done, failed) and outcome."""
    with store_for(request) as store:
        return JSONResponse(job_view(store, request.path_params["job_id"]))


def health(request: Request) -> JSONResponse:
    """GET /api/health: 200 with counts when the store answers."""
    with store_for(request) as store:
        return JSONResponse({"status": "ok", "articles": store.count("articles"), "stories": store.count("stories")})
