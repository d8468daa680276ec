"""The web app in-process (Starlette's TestClient): every /api endpoint and its errors, the pages' safety
(escaping, CSP, headers), tokens, limits, and `rashomon serve`'s option checks.

Responses are validated against the app's own OpenAPI document and the report contract.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner
from starlette.routing import Route
from starlette.testclient import TestClient

from rashomon.cli import cli
from rashomon.render.schema import report_schema
from rashomon.sources.netguard import AddressPolicy, guarded_client
from rashomon.web import Settings, create_app, load_token
from rashomon.web.openapi import openapi_document
from web_helpers import HOSTILE_TITLE, TOKEN, Built, build_store, copy_store, page_server, wait_for


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The sample store, built and its harbour story compared once for the module."""
    return build_store(tmp_path_factory.mktemp("web") / "sample.db")


@pytest.fixture
def store(built: Built, tmp_path: Path) -> Built:
    """A private copy of the sample store for one test."""
    return copy_store(built, tmp_path / "store.db")


def client_for(store: Built, **settings: Any) -> TestClient:
    """A TestClient on an app over `store` with these settings (token set unless given as None)."""
    settings.setdefault("token", TOKEN)
    return TestClient(create_app(store.path, settings=Settings(**settings)))


@pytest.fixture
def client(store: Built) -> Iterator[TestClient]:
    with client_for(store) as c:
        yield c


AUTH = {"Authorization": f"Bearer {TOKEN}"}
DOC = openapi_document()


def check(response: Any, path: str, status: int, method: str = "get") -> Any:
    """Assert the status, then validate the body against the OpenAPI schema of that path and status."""
    assert response.status_code == status, response.text
    schema = DOC["paths"][path][method]["responses"][str(status)]["content"]["application/json"]["schema"]
    body = response.json()
    if schema.get("$ref") == "/api/schema/report.json":
        jsonschema.validate(body, report_schema())
    else:
        jsonschema.validate(body, {"allOf": [schema], "components": DOC["components"]})
    return body


# The OpenAPI document


def test_every_api_route_is_described_and_every_description_is_a_route(client):
    routes = {r.path for r in client.app.routes if isinstance(r, Route) and r.path.startswith("/api")}
    described = {p.replace("{name}", "{name:path}") for p in DOC["paths"]}
    assert routes == described


def test_openapi_document_is_served_and_well_formed(client):
    body = client.get("/api/openapi.json").json()
    assert body["openapi"].startswith("3.1")
    for schema in body["components"]["schemas"].values():
        jsonschema.Draft202012Validator.check_schema(schema)


def test_report_schema_is_served(client):
    assert client.get("/api/schema/report.json").json()["$id"] == report_schema()["$id"]


# Stories


def test_story_list_newest_first_with_counts_and_outlets(client, store):
    body = check(client.get("/api/stories"), "/api/stories", 200)
    assert [s["id"] for s in body["items"]] == [store.harbour, store.hostile]
    harbour = body["items"][0]
    assert (harbour["articles"], harbour["sources"]) == (3, 3)
    assert harbour["outlets"] == ["Coastal Wire", "Harbour Tribune", "Valmora Daily"]


def test_story_list_pages(client, store):
    first = check(client.get("/api/stories?per_page=1"), "/api/stories", 200)
    assert (first["total"], first["pages"], first["prev"]) == (2, 2, None)
    second = check(client.get("/api/stories" + first["next"]), "/api/stories", 200)
    assert [s["id"] for s in second["items"]] == [store.hostile] and second["next"] is None


@pytest.mark.parametrize(
    "query, ids",
    [
        ("q=dockers", "harbour"),
        ("q=lighthouse+minutes", "hostile"),
        ("q=dockers+lighthouse", ""),
        ("since=2026-03-01", "harbour"),
        ("until=2026-02-28", "hostile"),
        ("outlet=Coastal+Wire", "harbour"),
        ("q=NEAR(strike", ""),
    ],
    ids=["word", "two-words", "no-story-has-both", "since", "until", "outlet", "fts-near-is-a-word"],
)
def test_story_list_filters(client, store, query, ids):
    body = check(client.get(f"/api/stories?{query}"), "/api/stories", 200)
    assert [s["id"] for s in body["items"]] == [getattr(store, name) for name in ids.split()]


@pytest.mark.parametrize("q", ['"', "*", "AND (", "dockers OR", 'col:"x', "^strike", "-"])
def test_search_words_are_literals_never_fts_syntax(client, q):
    check(client.get("/api/stories", params={"q": q}), "/api/stories", 200)


@pytest.mark.parametrize(
    "query, message",
    [
        ("page=0", "page must be at least 1, not 0"),
        ("page=x", "page must be a whole number, not 'x'"),
        ("per_page=1000", "per_page must be between 1 and 100, not 1000"),
        ("since=yesterday", "since must be a date as YYYY-MM-DD, not 'yesterday'"),
        ("since=2026-03-02&until=2026-03-01", "since (2026-03-02) is after until (2026-03-01)"),
    ],
)
def test_story_list_bad_parameters_are_422_with_the_reason(client, query, message):
    body = check(client.get(f"/api/stories?{query}"), "/api/stories", 422)
    assert body["error"] == message


def test_story_is_the_report_contract(client, store):
    report = check(client.get(f"/api/stories/{store.harbour}"), "/api/stories/{story_id}", 200)
    assert report["schema"] == "rashomon.report/1" and len(report["articles"]) == 3


def test_story_is_computed_in_the_background_then_cached(client, store):
    first = client.get(f"/api/stories/{store.hostile}")
    body = check(first, "/api/stories/{story_id}", 202)
    assert body["status"] in ("queued", "running") and first.headers["retry-after"] == "2"
    assert body["story"]["id"] == store.hostile
    wait_for(lambda: client.get(f"/api/stories/{store.hostile}").status_code == 200)
    check(client.get(f"/api/stories/{store.hostile}"), "/api/stories/{story_id}", 200)


def test_unknown_story_is_404(client):
    body = check(client.get("/api/stories/0123456789abcdef"), "/api/stories/{story_id}", 404)
    assert body["error"] == "no story '0123456789abcdef' in this store"


# Articles and outlets


def test_article_has_text_removals_story_and_spans_from_the_comparison(client, store):
    body = check(client.get(f"/api/articles/{store.harbour_article}"), "/api/articles/{article_id}", 200)
    assert body["story"]["id"] == store.harbour and body["spans_from"] == "comparison"
    kinds = {span["kind"] for span in body["spans"]}
    assert "claim" in kinds
    text = body["article"]["text"]
    assert all(0 <= s["start"] < s["end"] <= len(text) for s in body["spans"])


def test_article_without_a_comparison_has_no_spans(client, store):
    body = check(client.get(f"/api/articles/{store.hostile_article}"), "/api/articles/{article_id}", 200)
    assert (body["spans"], body["spans_from"]) == ([], None)


def test_unknown_article_is_404(client):
    check(client.get("/api/articles/nope"), "/api/articles/{article_id}", 404)


def test_outlets_and_an_outlet(client, store):
    listed = check(client.get("/api/outlets"), "/api/outlets", 200)
    assert {o["name"] for o in listed["items"]} >= {"Valmora Daily", "<i>Evil</i> Gazette"}
    body = check(client.get("/api/outlets/Valmora%20Daily"), "/api/outlets/{name}", 200)
    assert body["stories"]["items"][0]["id"] == store.harbour
    assert (body["compared"], body["considered"]) == (1, 1)


def test_unknown_outlet_is_404_and_bad_page_is_422(client):
    check(client.get("/api/outlets/Nobody"), "/api/outlets/{name}", 404)
    check(client.get("/api/outlets/Valmora%20Daily?page=-1"), "/api/outlets/{name}", 422)


def test_health(client):
    assert check(client.get("/api/health"), "/api/health", 200) == {"status": "ok", "articles": 4, "stories": 2}


def test_unknown_api_route_is_a_json_404(client):
    assert client.get("/api/nothing").json() == {"error": "no API route /api/nothing", "status": 404}


# Adding articles


TEXT = "The ferry operator raised fares by ten percent on Monday, citing fuel costs and new safety rules. " * 4


def test_submission_without_a_token_is_401_and_with_a_wrong_one_403(client):
    refused = client.post("/api/jobs", json={"texts": [{"text": TEXT}]})
    assert check(refused, "/api/jobs", 401, "post")["error"].startswith("a token is needed")
    assert refused.headers["www-authenticate"] == "Bearer"
    wrong = client.post("/api/jobs", json={"texts": [{"text": TEXT}]}, headers={"Authorization": "Bearer nope"})
    assert check(wrong, "/api/jobs", 403, "post")["error"] == "the token is not valid"


def test_without_a_configured_token_writing_is_disabled(store):
    with client_for(store, token=None) as c:
        body = check(c.post("/api/jobs", json={"texts": [{"text": TEXT}]}, headers=AUTH), "/api/jobs", 403, "post")
    assert body["error"].startswith("writing is disabled")


@pytest.mark.parametrize(
    "payload, message",
    [
        ({}, "nothing to add: give at least one of urls, feeds or texts"),
        ({"links": []}, "unknown field 'links'; expected urls, feeds or texts"),
        ({"urls": "http://example.org/"}, "urls must be a list"),
        ({"urls": ["ftp://example.org/"]}, "urls[0]: not an http(s) URL with a host: ftp://example.org/"),
        ({"urls": ["http://127.0.0.1:9/"]}, "urls[0]: refused: 127.0.0.1 is a loopback address: http://127.0.0.1:9/"),
        ({"feeds": ["http://[::1]/feed"]}, "feeds[0]: refused: ::1 is a loopback address: http://[::1]/feed"),
        (
            {"urls": ["http://169.254.169.254/"]},
            "urls[0]: refused: 169.254.169.254 is a cloud metadata address: http://169.254.169.254/",
        ),
        ({"texts": [{"text": "  "}]}, "texts[0].text is empty"),
        (
            {"texts": [{"text": "x", "published": "soon"}]},
            "texts[0].published must be an ISO 8601 date such as 2026-01-14, not 'soon'",
        ),
        (
            {"texts": [{"text": "x", "colour": "red"}]},
            "texts[0]: unknown field 'colour'; expected text, title, outlet, url, published",
        ),
        ({"texts": [{"text": "x"}] * 21}, "21 items: at most 20 per submission"),
    ],
)
def test_bad_submissions_are_422_with_the_reason(client, payload, message):
    assert check(client.post("/api/jobs", json=payload, headers=AUTH), "/api/jobs", 422, "post")["error"] == message


def test_submission_that_is_not_json(client):
    bad = client.post("/api/jobs", content=b"{nope", headers={**AUTH, "Content-Type": "application/json"})
    assert check(bad, "/api/jobs", 422, "post")["error"].startswith("the body is not valid JSON")
    form = client.post("/api/jobs", data={"text": "x"}, headers=AUTH)
    assert check(form, "/api/jobs", 415, "post")["error"] == "send the submission as application/json"


def test_oversized_body_is_413(store):
    with client_for(store, max_body_bytes=100) as c:
        big = c.post("/api/jobs", json={"texts": [{"text": "x" * 200}]}, headers=AUTH)
    assert check(big, "/api/jobs", 413, "post")["error"].startswith("the body is")


def test_pasted_text_is_stored_grouped_and_reported_per_item(client):
    queued = client.post(
        "/api/jobs", json={"texts": [{"text": TEXT, "title": "Fares", "outlet": "Port News"}]}, headers=AUTH
    )
    job = check(queued, "/api/jobs", 202, "post")
    assert queued.headers["location"] == f"/api/jobs/{job['id']}"
    done = wait_for(lambda: (j := client.get(f"/api/jobs/{job['id']}").json())["status"] == "done" and j)
    check(client.get(f"/api/jobs/{job['id']}"), "/api/jobs/{job_id}", 200)
    (item,) = done["items"]
    assert (item["status"], item["detail"]) == ("done", "stored")
    article = item["articles"][0]
    assert article["story"] is not None
    assert client.get(f"/api/articles/{article['id']}").json()["article"]["outlet"] == "Port News"


def test_the_same_text_twice_is_already_stored(client):
    for expected in ("stored", "already stored"):
        job = client.post("/api/jobs", json={"texts": [{"text": TEXT}]}, headers=AUTH).json()
        done = wait_for(lambda job=job: (j := client.get(f"/api/jobs/{job['id']}").json())["status"] == "done" and j)
        assert done["items"][0]["detail"] == expected


def _loopback_client(settings: Settings) -> Any:
    # Names resolve to 127.0.0.1 without DNS; the settings' policy decides whether that may be reached.
    return guarded_client(settings.policy, resolve=lambda host, port: ["127.0.0.1"], timeout=5)


@pytest.mark.parametrize("allow, status", [((), "failed"), (("127.0.0.1",), "done")], ids=["refused", "allowed"])
def test_a_url_resolving_to_loopback_is_fetched_only_when_allowed(store, allow, status):
    app = create_app(store.path, settings=Settings(token=TOKEN, allow=allow), client=_loopback_client)
    with page_server() as port, TestClient(app) as c:
        job = c.post("/api/jobs", json={"urls": [f"http://news.test:{port}/fares"]}, headers=AUTH).json()
        done = wait_for(lambda: (j := c.get(f"/api/jobs/{job['id']}").json())["status"] == "done" and j)
    item = done["items"][0]
    assert item["status"] == status
    if status == "failed":
        assert "refused to connect: news.test resolves to 127.0.0.1; 127.0.0.1 is a loopback address" in item["detail"]
    else:
        assert item["detail"] == "stored" and item["articles"]


def test_unknown_job_is_404(client):
    check(client.get("/api/jobs/0000"), "/api/jobs/{job_id}", 404)


# Reading by token, sessions, limits


def test_read_token_protects_reads_but_not_health_or_the_api_description(store):
    with client_for(store, read_token=True) as c:
        assert c.get("/api/stories").status_code == 401
        assert c.get("/api/stories", headers={"Authorization": "Bearer wrong-token-0000000"}).status_code == 403
        assert c.get("/api/stories", headers=AUTH).status_code == 200
        assert c.get("/api/health").status_code == 200
        assert c.get("/api/openapi.json").status_code == 200
        page = c.get(f"/stories/{store.harbour}", follow_redirects=False)
        assert (page.status_code, page.headers["location"]) == (303, f"/login?next=/stories/{store.harbour}")


def test_signing_in_sets_a_session_that_opens_reads_and_writes(store):
    with client_for(store, read_token=True) as c:
        signed = c.post("/login", data={"token": TOKEN, "next": "/outlets"}, follow_redirects=False)
        assert (signed.status_code, signed.headers["location"]) == (303, "/outlets")
        cookie = signed.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=strict" in cookie and TOKEN not in cookie
        assert c.get("/").status_code == 200
        assert c.post("/api/jobs", json={"texts": [{"text": TEXT}]}).status_code == 202


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "/\\evil.example"])
def test_sign_in_never_redirects_off_site(client, target):
    signed = client.post("/login", data={"token": TOKEN, "next": target}, follow_redirects=False)
    assert signed.headers["location"] == "/"


def test_wrong_sign_in_is_403(client):
    assert client.post("/login", data={"token": "wrong"}).status_code == 403


def test_cross_site_form_post_is_refused(client):
    posted = client.post("/add", data={"token": TOKEN, "text": TEXT}, headers={"Origin": "http://evil.example"})
    assert posted.status_code == 403 and "cross-site request refused" in posted.text


def test_rate_limit_is_429_with_retry_after(store):
    with client_for(store, rate=0.5, burst=2) as c:
        codes = [c.get("/api/health").status_code for _ in range(3)]
        limited = c.get("/api/health")
    assert codes == [200, 200, 429]
    assert limited.json()["error"].startswith("too many requests") and int(limited.headers["retry-after"]) >= 1


def test_submissions_have_their_own_lower_rate(store):
    with client_for(store, write_rate=1, write_burst=1) as c:
        first = c.post("/api/jobs", json={"texts": [{"text": TEXT}]}, headers=AUTH)
        second = c.post("/api/jobs", json={"texts": [{"text": TEXT}]}, headers=AUTH)
    assert (first.status_code, second.status_code) == (202, 429)


def test_a_bug_is_a_generic_500_without_a_traceback(client, monkeypatch, caplog):
    from rashomon.web import queries

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("secret internals /etc/passwd")

    monkeypatch.setattr(queries, "list_stories", broken)
    for path in ("/api/stories", "/"):
        response = client.get(path)
        assert response.status_code == 500
        assert "secret" not in response.text and "Traceback" not in response.text
        assert "internal error" in response.text
    assert "secret internals" in caplog.text  # logged on the server


# Pages: escaping, CSP, headers


def test_pages_escape_article_text_and_metadata(client, store):
    for path in ("/", f"/articles/{store.hostile_article}", "/outlets", f"/outlets/{'%3Ci%3EEvil%3C/i%3E%20Gazette'}"):
        page = client.get(path)
        assert page.status_code == 200, path
        assert "<script>alert" not in page.text and "<img src=x" not in page.text and "<i>Evil" not in page.text
    article = client.get(f"/articles/{store.hostile_article}").text
    assert "&lt;script&gt;alert(&#39;text&#39;)&lt;/script&gt;" in article
    assert 'href="javascript:' not in article
    assert HOSTILE_TITLE not in client.get("/").text


def test_every_page_has_a_csp_without_unsafe_inline_and_the_security_headers(client, store):
    paths = [
        "/",
        f"/stories/{store.harbour}",
        f"/articles/{store.harbour_article}",
        "/outlets",
        "/add",
        "/login",
        "/nothing",
        "/api/stories",
    ]
    for path in paths:
        headers = client.get(path).headers
        csp = headers["content-security-policy"]
        assert "'unsafe-inline'" not in csp and "default-src 'none'" in csp and "script-src 'self'" in csp, path
        assert headers["x-content-type-options"] == "nosniff" and headers["x-frame-options"] == "DENY", path


def test_story_page_allows_exactly_its_style_attributes_by_hash(client, store):
    page = client.get(f"/stories/{store.harbour}")
    from rashomon.web.pages import style_hashes

    assert style_hashes(page.text) in page.headers["content-security-policy"]
    assert "<style" not in page.text and "<script>" not in page.text  # assets are files, never inline


def test_unknown_page_is_a_404_page(client):
    page = client.get("/nothing")
    assert page.status_code == 404 and "there is no page at /nothing" in page.text


# Settings and the command


def test_a_short_token_is_refused():
    with pytest.raises(Exception, match="the token has 5 characters; use at least 16"):
        Settings(token="short")


def test_token_comes_from_the_file_before_the_environment(tmp_path):
    path = tmp_path / "token"
    path.write_text(TOKEN + "\n")
    assert load_token(token_file=path, environ={"RASHOMON_TOKEN": "other"}) == TOKEN
    assert load_token(environ={"RASHOMON_TOKEN_FILE": str(path)}) == TOKEN
    assert load_token(environ={"RASHOMON_TOKEN": "  from-env  "}) == "from-env"
    assert load_token(environ={}) is None


def test_serve_refuses_a_short_token_in_one_line(tmp_path, monkeypatch):
    monkeypatch.setenv("RASHOMON_TOKEN", "short")
    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "Error: the token has 5 characters; use at least 16 (for example: python -c 'import secrets;"
        " print(secrets.token_urlsafe(24))')"
    ]


def test_serve_refuses_a_bad_allow_entry(tmp_path, monkeypatch):
    monkeypatch.delenv("RASHOMON_TOKEN", raising=False)
    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "x.db"), "--allow", "not a host"])
    assert result.exit_code == 1 and "not a host name, an IP address or a CIDR network" in result.output


def test_policy_of_settings_follows_the_allow_list():
    assert Settings(allow=("10.0.0.0/8",), allow_private=True).policy == AddressPolicy(
        allow=("10.0.0.0/8",), allow_private=True
    )


def test_json_bodies_are_json(client, store):
    raw = client.get(f"/api/stories/{store.harbour}")
    assert raw.headers["content-type"].startswith("application/json")
    json.loads(raw.text)


def test_a_story_page_served_again_from_memory_is_the_same_page(client, store):
    first, second = (client.get(f"/stories/{store.harbour}") for _ in range(2))
    assert second.status_code == 200 and second.text == first.text
    assert second.headers["content-security-policy"] == first.headers["content-security-policy"]
    assert second.headers["content-type"] == "text/html; charset=utf-8"


@pytest.mark.parametrize(
    "module",
    [
        "rashomon.web",
        *(
            f"rashomon.web.{m}"
            for m in (
                "api",
                "app",
                "common",
                "compute",
                "jobs",
                "openapi",
                "pages",
                "queries",
                "security",
                "server",
                "settings",
                "views",
            )
        ),
        "rashomon.sources.netguard",
    ],
)
def test_all_is_sorted_and_resolves(module):
    import importlib

    found = importlib.import_module(module)
    assert found.__all__ == sorted(found.__all__)
    assert all(hasattr(found, name) for name in found.__all__)


def test_under_a_root_path_links_and_api_errors_keep_the_prefix(store):
    app = create_app(store.path, settings=Settings(token=TOKEN))
    # As uvicorn passes it behind a proxy that strips the prefix: the path includes the root path.
    with TestClient(app, root_path="/rashomon") as c:
        page = c.get("/rashomon/")
        assert page.status_code == 200 and 'href="/rashomon/static/report/report.css"' in page.text
        assert f'href="/rashomon/stories/{store.harbour}"' in page.text
        assert c.get("/rashomon/api/nothing").json()["status"] == 404
        assert c.get("/rashomon/static/web/web.css").status_code == 200
