"""The OpenAPI 3.1 description of the JSON API, served at `/api/openapi.json`.

Written out by hand from one table rather than generated from docstrings: the response schemas are what
clients rely on, and `tests/test_web_api.py` validates real responses against them and checks that every
`/api` route is described here. The story's 200 body is the report contract, `rashomon.report/1`, served
at `/api/schema/report.json` and referenced, not copied.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rashomon import __version__

__all__ = ["openapi_document"]

_NULLABLE_STR = {"type": ["string", "null"]}
_ERROR = {"$ref": "#/components/schemas/Error"}


def _page_of(item: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["items", "page", "per_page", "total", "pages", "prev", "next"],
        "properties": {
            "items": {"type": "array", "items": item},
            "page": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": 1},
            "total": {"type": "integer", "minimum": 0},
            "pages": {"type": "integer", "minimum": 1},
            "prev": {**_NULLABLE_STR, "description": "relative link to the previous page"},
            "next": {**_NULLABLE_STR, "description": "relative link to the next page"},
            **extra,
        },
    }


SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "required": ["error", "status"],
        "properties": {
            "error": {"type": "string", "description": "one line saying what is wrong"},
            "status": {"type": "integer"},
        },
    },
    "StoryRow": {
        "type": "object",
        "required": ["id", "title", "first_published", "last_published", "articles", "sources", "outlets"],
        "properties": {
            "id": {"type": "string"},
            "title": _NULLABLE_STR,
            "first_published": _NULLABLE_STR,
            "last_published": _NULLABLE_STR,
            "articles": {"type": "integer"},
            "sources": {"type": "integer", "description": "independent sources: copies of one article count once"},
            "outlets": {"type": "array", "items": {"type": "string"}},
        },
    },
    "StoryProgress": {
        "type": "object",
        "required": ["status", "elapsed_s", "retry_after_s", "story"],
        "properties": {
            "status": {"enum": ["queued", "running", "failed"]},
            "elapsed_s": {"type": "number"},
            "retry_after_s": {"type": "integer"},
            "error": _NULLABLE_STR,
            "story": {"$ref": "#/components/schemas/StoryRow"},
        },
    },
    "Span": {
        "type": "object",
        "required": ["kind", "start", "end", "label", "title"],
        "properties": {
            "kind": {"enum": ["claim", "quote", "loaded_term"]},
            "start": {"type": "integer"},
            "end": {"type": "integer"},
            "label": {"type": "string"},
            "title": {"type": "string"},
            "claim": {"type": "string"},
        },
    },
    "ArticleView": {
        "type": "object",
        "required": ["article", "story", "spans", "spans_from"],
        "properties": {
            "article": {
                "type": "object",
                "required": ["id", "outlet", "title", "url", "published", "text", "removed", "notes", "words"],
                "properties": {
                    "id": {"type": "string"},
                    "outlet": _NULLABLE_STR,
                    "title": _NULLABLE_STR,
                    "url": _NULLABLE_STR,
                    "source": {"type": "string"},
                    "published": _NULLABLE_STR,
                    "language": {"type": "string"},
                    "words": {"type": "integer"},
                    "text": {"type": "string"},
                    "removed": {"type": "array", "items": {"type": "object", "required": ["text", "reason"]}},
                    "notes": {"type": "array", "items": {"type": "string"}},
                },
            },
            "story": {"type": ["object", "null"]},
            "spans": {"type": "array", "items": {"$ref": "#/components/schemas/Span"}},
            "spans_from": {"enum": ["comparison", "analysis", None]},
        },
    },
    "OutletRow": {
        "type": "object",
        "required": ["name", "articles", "stories", "last_published"],
        "properties": {
            "name": {"type": "string"},
            "articles": {"type": "integer"},
            "stories": {"type": "integer"},
            "last_published": _NULLABLE_STR,
        },
    },
    "OutletView": {
        "type": "object",
        "required": ["outlet", "stories", "compared", "considered", "omissions", "quotes", "citations"],
        "properties": {
            "outlet": {"type": "object", "required": ["name", "articles"]},
            "stories": _page_of({"$ref": "#/components/schemas/StoryRow"}),
            "compared": {"type": "integer", "description": "of the latest stories considered, those compared"},
            "considered": {"type": "integer"},
            "omissions": {"type": "array", "items": {"type": "object", "required": ["story", "claim", "text"]}},
            "quotes": {"type": "array", "items": {"type": "object", "required": ["speaker", "quotes"]}},
            "citations": {"type": "array", "items": {"type": "object", "required": ["outlet", "citations"]}},
        },
    },
    "Submission": {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "urls": {"type": "array", "items": {"type": "string", "format": "uri"}},
            "feeds": {"type": "array", "items": {"type": "string", "format": "uri"}},
            "texts": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["text"],
                    "additionalProperties": False,
                    "properties": {k: {"type": "string"} for k in ("text", "title", "outlet", "url", "published")},
                },
            },
        },
    },
    "Job": {
        "type": "object",
        "required": ["id", "status", "created", "updated", "items", "total", "finished", "failed"],
        "properties": {
            "id": {"type": "string"},
            "status": {"enum": ["queued", "running", "grouping", "done", "failed"]},
            "created": {"type": "string"},
            "updated": {"type": "string"},
            "total": {"type": "integer"},
            "finished": {"type": "integer"},
            "failed": {"type": "integer"},
            "items": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["n", "kind", "input", "status", "detail", "articles"],
                    "properties": {
                        "n": {"type": "integer"},
                        "kind": {"enum": ["url", "feed", "text"]},
                        "input": {"type": "string"},
                        "status": {"enum": ["queued", "running", "done", "failed"]},
                        "detail": _NULLABLE_STR,
                        "articles": {"type": "array", "items": {"type": "object", "required": ["id", "story"]}},
                    },
                },
            },
        },
    },
    "Health": {
        "type": "object",
        "required": ["status", "articles", "stories"],
        "properties": {"status": {"const": "ok"}, "articles": {"type": "integer"}, "stories": {"type": "integer"}},
    },
}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*codes: int) -> dict[str, Any]:
    text = {
        401: "no token (when needed)",
        403: "wrong token, or writing disabled",
        404: "not in the store",
        413: "body too large",
        415: "wrong content type",
        422: "a parameter or the body is not valid",
        429: "over the client's rate",
    }
    return {str(code): _json(_ERROR, text[code]) for code in codes}


def _param(name: str, where: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"name": name, "in": where, "required": where == "path", "schema": schema, "description": description}


_PAGE = [
    _param("page", "query", {"type": "integer", "minimum": 1}, "page number, from 1"),
    _param("per_page", "query", {"type": "integer", "minimum": 1, "maximum": 100}, "items per page"),
]
_READ = (401, 403, 422, 429)


def _get(
    summary: str, ok: dict[str, Any], *, params: Sequence[dict[str, Any]] = (), errors: tuple[int, ...] = _READ
) -> dict[str, Any]:
    return {"get": {"summary": summary, "parameters": list(params), "responses": {"200": ok, **_errors(*errors)}}}


def openapi_document() -> dict[str, Any]:
    """Return the OpenAPI 3.1 document of the JSON API."""
    story_filters = [
        _param("q", "query", {"type": "string"}, "full-text search: stories with an article containing every word"),
        _param("since", "query", {"type": "string", "format": "date"}, "last published on or after this date"),
        _param("until", "query", {"type": "string", "format": "date"}, "first published on or before this date"),
        _param("outlet", "query", {"type": "string"}, "only stories with an article from this outlet"),
        *_PAGE,
    ]
    story = _get(
        "The story's comparison (rashomon.report/1), computed on first view and cached",
        _json({"$ref": "/api/schema/report.json"}, "the report"),
        params=[_param("story_id", "path", {"type": "string"}, "story id")],
        errors=(401, 403, 404, 429),
    )
    story["get"]["responses"]["202"] = {
        **_json({"$ref": "#/components/schemas/StoryProgress"}, "being compared; ask again after Retry-After"),
        "headers": {"Retry-After": {"schema": {"type": "integer"}}},
    }
    story["get"]["responses"]["500"] = _json({"$ref": "#/components/schemas/StoryProgress"}, "the comparison failed")
    submit = {
        "post": {
            "summary": "Add articles: page URLs, feed URLs and pasted texts, fetched in the background",
            "security": [{"token": []}],
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Submission"}}},
            },
            "responses": {
                "202": {
                    **_json({"$ref": "#/components/schemas/Job"}, "queued; follow Location"),
                    "headers": {"Location": {"schema": {"type": "string"}}},
                },
                **_errors(401, 403, 413, 415, 422, 429),
            },
        }
    }
    paths = {
        "/api/stories": _get(
            "Stories, newest first",
            _json(
                _page_of({"$ref": "#/components/schemas/StoryRow"}, filters={"type": "object"}), "one page of stories"
            ),
            params=story_filters,
        ),
        "/api/stories/{story_id}": story,
        "/api/articles/{article_id}": _get(
            "An article with its spans and what cleaning removed",
            _json({"$ref": "#/components/schemas/ArticleView"}, "the article"),
            params=[_param("article_id", "path", {"type": "string"}, "article id")],
            errors=(401, 403, 404, 429),
        ),
        "/api/outlets": _get(
            "Outlets, most articles first",
            _json(_page_of({"$ref": "#/components/schemas/OutletRow"}), "one page of outlets"),
            params=_PAGE,
        ),
        "/api/outlets/{name}": _get(
            "An outlet: its stories, omissions, speakers quoted and outlets cited",
            _json({"$ref": "#/components/schemas/OutletView"}, "the outlet"),
            params=[_param("name", "path", {"type": "string"}, "outlet name"), *_PAGE],
            errors=(401, 403, 404, 422, 429),
        ),
        "/api/jobs": submit,
        "/api/jobs/{job_id}": _get(
            "A submission's progress, item by item",
            _json({"$ref": "#/components/schemas/Job"}, "the job"),
            params=[_param("job_id", "path", {"type": "string"}, "job id")],
            errors=(401, 403, 404, 429),
        ),
        "/api/health": _get(
            "Liveness: the store answers", _json({"$ref": "#/components/schemas/Health"}, "ok"), errors=(429,)
        ),
        "/api/openapi.json": _get("This document", _json({"type": "object"}, "OpenAPI 3.1"), errors=(429,)),
        "/api/schema/report.json": _get(
            "The JSON Schema of rashomon.report/1", _json({"type": "object"}, "schema"), errors=(429,)
        ),
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Rashomon",
            "version": __version__,
            "description": "Stories, their cross-outlet comparisons, articles and outlets; docs/web.md.",
        },
        "paths": paths,
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {
                "token": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "RASHOMON_TOKEN; reads need it when the server says so",
                }
            },
        },
    }
