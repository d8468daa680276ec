"""The Starlette application over one store: routes, error handling, and the background workers' lifetime."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from os import PathLike, fspath
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from rashomon.render.schema import report_schema
from rashomon.store.sqlite import Store
from rashomon.web import api, pages
from rashomon.web.common import AppState, Rendered
from rashomon.web.compute import Comparisons
from rashomon.web.jobs import ClientFactory, Jobs, default_client, recover
from rashomon.web.openapi import openapi_document
from rashomon.web.security import Guard, RateLimiter
from rashomon.web.settings import Settings

__all__ = ["create_app"]

log = logging.getLogger("rashomon.web")


def _routes() -> list[Route | Mount]:
    return [
        Route("/", pages.home, name="home"),
        Route("/stories/{story_id}", pages.story, name="story"),
        Route("/articles/{article_id}", pages.article, name="article"),
        Route("/outlets", pages.outlets, name="outlets"),
        Route("/outlets/{name:path}", pages.outlet, name="outlet"),
        Route("/add", pages.add_form, methods=["GET"], name="add_form"),
        Route("/add", pages.add, methods=["POST"], name="add"),
        Route("/jobs/{job_id}", pages.job, name="job"),
        Route("/login", pages.login_form, methods=["GET"], name="login_form"),
        Route("/login", pages.login, methods=["POST"], name="login"),
        Route("/logout", pages.logout, methods=["POST"], name="logout"),
        Route("/api/stories", api.stories),
        Route("/api/stories/{story_id}", api.story),
        Route("/api/articles/{article_id}", api.article),
        Route("/api/outlets", api.outlets),
        Route("/api/outlets/{name:path}", api.outlet),
        Route("/api/jobs", api.submit, methods=["POST"]),
        Route("/api/jobs/{job_id}", api.job),
        Route("/api/health", api.health),
        Route("/api/openapi.json", _openapi),
        Route("/api/schema/report.json", _report_schema),
        Mount("/static/report", StaticFiles(packages=[("rashomon.render", "templates/assets")]), name="report_assets"),
        Mount("/static/web", StaticFiles(packages=[("rashomon.web", "static")]), name="web_assets"),
    ]


def _openapi(request: Request) -> JSONResponse:
    return JSONResponse(openapi_document())


def _report_schema(request: Request) -> JSONResponse:
    return JSONResponse(report_schema())


def _is_api(request: Request) -> bool:
    return request.url.path.startswith(f"{request.scope.get('root_path', '')}/api")


async def _http_error(request: Request, exc: Exception) -> Response:
    """An HTTPException as JSON under /api and as a page elsewhere; its detail is always a one-line message."""
    assert isinstance(exc, HTTPException)
    headers = dict(exc.headers or {})
    if _is_api(request) or request.scope.get("path", "").startswith("/api"):
        detail = f"no API route {request.url.path}" if exc.detail == "Not Found" else exc.detail
        return JSONResponse({"error": detail, "status": exc.status_code}, exc.status_code, headers=headers)
    message = exc.detail
    if exc.status_code == 404 and message == "Not Found":  # the router's own 404: no route matched
        message = f"there is no page at {request.url.path}"
    context: dict[str, Any] = {"status": exc.status_code, "message": message}
    return pages.render_page(request, "web/error.html", context, status=exc.status_code, headers=headers)


def create_app(
    store_path: str | PathLike[str], *, settings: Settings | None = None, client: ClientFactory = default_client
) -> Starlette:
    """Return the web app over the store at `store_path` (created and migrated if needed).

    Args:
        client: makes the HTTP client that fetches submitted URLs and feeds; the default is guarded by
            `settings.policy` (tests pass one with an injected resolver).
    """
    path = fspath(store_path)
    settings = settings or Settings()
    with Store.open(path) as store:  # a bad path or a file that is not a store fails here, once
        interrupted = recover(store)
    if interrupted:
        log.warning("%d items of jobs whose server stopped are marked failed", interrupted)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        state.comparisons.close()
        state.jobs.close()

    state = AppState(
        store_path=path,
        settings=settings,
        comparisons=Comparisons(path, workers=settings.compare_workers),
        jobs=Jobs(path, settings=settings, client=client),
        writes=RateLimiter(settings.write_rate / 60, settings.write_burst),
        rendered=Rendered(),
    )
    app = Starlette(
        routes=_routes(),
        middleware=[Middleware(Guard, settings=settings)],
        exception_handlers={HTTPException: _http_error},
        lifespan=lifespan,
    )
    app.state.rashomon = state
    return app
