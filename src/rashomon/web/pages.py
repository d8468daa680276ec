"""The server-rendered pages: the same templates and assets as the report page, plus a few of the app's own.

Templates come from `rashomon/web/templates/web/` and, for the story page, the report partials in
`rashomon/render/templates/report/`; CSS and JS are served from the packages (`/static/report/`,
`/static/web/`), never inlined and never from a CDN. Autoescape is on everywhere; article text reaches a
template only through `rashomon.render.html.highlight`, which escapes each piece.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from functools import cache
from typing import Any
from urllib.parse import parse_qsl

from jinja2 import ChoiceLoader, Environment, PackageLoader, StrictUndefined
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from rashomon.render.html import Mark, highlight, page_context, safe_href
from rashomon.store.sqlite import membership_hash
from rashomon.web import queries, views
from rashomon.web.api import RETRY_AFTER_S, paging_links
from rashomon.web.common import authorise_write, filters_of, int_param, state_of, store_for, story_query
from rashomon.web.jobs import BadSubmission, create_job, job_view, parse_form
from rashomon.web.security import CSP, SESSION_COOKIE, client_key, read_body, session_value, token_problem

__all__ = [
    "SPAN_CLASSES",
    "add",
    "add_form",
    "article",
    "environment",
    "home",
    "job",
    "login",
    "login_form",
    "logout",
    "outlet",
    "outlets",
    "render_page",
    "story",
    "style_hashes",
]

_STYLE_ATTR = re.compile(r'\sstyle="([^"]*)"')
SPAN_CLASSES = {"claim": "m m-{label}", "quote": "q", "loaded_term": "lt"}


@cache
def environment() -> Environment:
    """The Jinja2 environment of the app's pages: its own templates first, then the report's; autoescape on."""
    loader = ChoiceLoader([PackageLoader("rashomon.web", "templates"), PackageLoader("rashomon.render", "templates")])
    return Environment(loader=loader, autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def style_hashes(page: str) -> str:
    """CSP sources allowing exactly the page's inline style attributes by hash ('' when it has none)."""
    values = sorted({html.unescape(value) for value in _STYLE_ATTR.findall(page)})
    if not values:
        return ""
    digests = (base64.b64encode(hashlib.sha256(v.encode("utf-8")).digest()).decode("ascii") for v in values)
    return " 'unsafe-hashes'" + "".join(f" 'sha256-{d}'" for d in digests)


def _signed_in(request: Request) -> bool:
    settings = state_of(request).settings
    return (
        settings.token is not None
        and request.cookies.get(SESSION_COOKIE) is not None
        and (token_problem(request, settings) is None)
    )


def render_page(
    request: Request, name: str, context: dict[str, Any], *, status: int = 200, headers: dict[str, str] | None = None
) -> HTMLResponse:
    """Render a page template with the layout's values and a CSP that allows exactly what it uses."""
    settings = state_of(request).settings
    layout = {
        "base": request.scope.get("root_path", ""),
        "writable": settings.writable,
        "signed_in": _signed_in(request),
        "refresh": None,
    }
    page = environment().get_template(name).render({**layout, **context})
    csp = CSP.format(styles=style_hashes(page))
    return HTMLResponse(page, status_code=status, headers={"Content-Security-Policy": csp, **(headers or {})})


def home(request: Request) -> HTMLResponse:
    """GET /: the story list, newest first, with search, date and outlet filters and paging."""
    query = story_query(request)
    with store_for(request) as store:
        page = queries.list_stories(store, query)
        outlets = [row["name"] for row in queries.list_outlets(store, per_page=500).items]
    return render_page(
        request,
        "web/stories.html",
        {
            "page": page,
            "filters": filters_of(query),
            "outlets": outlets,
            **paging_links(request, page.page, page.pages),
        },
    )


def story(request: Request) -> HTMLResponse:
    """GET /stories/{story_id}: the comparison page, or its progress while it is computed."""
    story_id = request.path_params["story_id"]
    rendered = state_of(request).rendered
    with store_for(request) as store:
        summary = views.story_summary(store, story_id)
        key = (
            story_id,
            membership_hash(m["id"] for m in summary["members"]),
            request.scope.get("root_path", ""),
            _signed_in(request),
        )
        hit = rendered.get(key)
        if hit is not None:  # a fresh response each time: a Response object is not meant to be sent twice
            return HTMLResponse(hit.body, headers={"Content-Security-Policy": hit.headers["content-security-policy"]})
        report = queries.cached_report(store, story_id)
    if report is not None:
        page = render_page(request, "web/story.html", {**page_context(report), "story_row": summary})
        rendered.put(key, page)
        return page
    progress = state_of(request).comparisons.start(story_id)
    status = 500 if progress.state == "failed" else 202
    context = {"story_row": summary, "progress": progress, "refresh": None if status == 500 else RETRY_AFTER_S}
    return render_page(request, "web/computing.html", context, status=status)


def article(request: Request) -> HTMLResponse:
    """GET /articles/{article_id}: the text with its spans highlighted, and what cleaning removed."""
    with store_for(request) as store:
        view = views.article_view(store, request.path_params["article_id"])
    text = view["article"]["text"]
    marks = [
        Mark(s["start"], s["end"], SPAN_CLASSES[s["kind"]].format(label=s["label"]), title=s["title"])
        for s in view["spans"]
    ]
    counts = {kind: sum(s["kind"] == kind for s in view["spans"]) for kind in SPAN_CLASSES}
    return render_page(
        request,
        "web/article.html",
        {**view, "body": highlight(text, marks), "counts": counts, "href": safe_href(view["article"]["url"])},
    )


def outlets(request: Request) -> HTMLResponse:
    """GET /outlets: every outlet, most articles first."""
    page_no = int_param(request, "page", default=1)
    with store_for(request) as store:
        page = queries.list_outlets(store, page=page_no, per_page=50)
    return render_page(request, "web/outlets.html", {"page": page, **paging_links(request, page.page, page.pages)})


def outlet(request: Request) -> HTMLResponse:
    """GET /outlets/{name}: its stories, what it tends to leave out, whom it quotes and cites."""
    settings = state_of(request).settings
    page_no = int_param(request, "page", default=1)
    with store_for(request) as store:
        view = views.outlet_view(
            store,
            request.path_params["name"],
            page=page_no,
            per_page=settings.per_page,
            reports=settings.outlet_reports,
        )
    links = paging_links(request, page_no, view["stories"]["pages"])
    return render_page(request, "web/outlet.html", {**view, **links})


def add_form(request: Request) -> HTMLResponse:
    """GET /add: the form to add URLs, feeds or a pasted text."""
    return render_page(request, "web/add.html", {"error": None, "form": {}, "limits": state_of(request).settings})


async def _form(request: Request) -> dict[str, str]:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/x-www-form-urlencoded":
        raise HTTPException(415, "send the form as application/x-www-form-urlencoded")
    body = await read_body(request, state_of(request).settings)
    try:
        return dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
    except UnicodeDecodeError:
        raise HTTPException(422, "the form is not UTF-8") from None


async def add(request: Request) -> Response:
    """POST /add: queue the form's items (token needed), then show the job's progress."""
    form = await _form(request)
    settings = state_of(request).settings
    try:
        authorise_write(request, form_token=form.get("token") or None)
        items = parse_form(form, settings=settings)
    except (HTTPException, BadSubmission) as problem:
        status = problem.status_code if isinstance(problem, HTTPException) else 422
        message = problem.detail if isinstance(problem, HTTPException) else str(problem)
        kept = {k: v for k, v in form.items() if k != "token"}
        return render_page(request, "web/add.html", {"error": message, "form": kept, "limits": settings}, status=status)
    job_id = await run_in_threadpool(_queue, request, items)
    return RedirectResponse(f"{request.scope.get('root_path', '')}/jobs/{job_id}", status_code=303)


def _queue(request: Request, items: list[Any]) -> str:
    with store_for(request) as store:
        job_id = create_job(store, items, client=client_key(request.scope))
    state_of(request).jobs.submit(job_id, items)
    return job_id


def job(request: Request) -> HTMLResponse:
    """GET /jobs/{job_id}: each item's progress and outcome; reloads itself until every item is finished."""
    with store_for(request) as store:
        view = job_view(store, request.path_params["job_id"])
    running = view["status"] not in ("done", "failed")
    return render_page(request, "web/job.html", {"job": view, "refresh": RETRY_AFTER_S if running else None})


def login_form(request: Request) -> HTMLResponse:
    """GET /login: sign in with the token, so this browser may add articles (and read, when reading needs it)."""
    return render_page(request, "web/login.html", {"error": None, "next": _next(request.query_params.get("next"))})


async def login(request: Request) -> Response:
    """POST /login: check the token and keep an HMAC of it in an HttpOnly, SameSite=Strict cookie."""
    form = await _form(request)
    target = _next(form.get("next"))
    settings = state_of(request).settings
    try:
        authorise_write(request, form_token=form.get("token") or "-")
    except HTTPException as problem:
        return render_page(
            request, "web/login.html", {"error": problem.detail, "next": target}, status=problem.status_code
        )
    assert settings.token is not None  # authorise_write refuses every token when there is none
    response = RedirectResponse(f"{request.scope.get('root_path', '')}{target}", status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        session_value(settings.token),
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path=request.scope.get("root_path", "") or "/",
    )
    return response


async def logout(request: Request) -> Response:
    """POST /logout: forget this browser's session."""
    await _form(request)
    response = RedirectResponse(f"{request.scope.get('root_path', '')}/", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path=request.scope.get("root_path", "") or "/")
    return response


def _next(value: str | None) -> str:
    # Only a path on this site: "//host" and "https://host" would send the browser elsewhere after sign-in.
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return "/"
