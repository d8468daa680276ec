"""The web app in a real headless browser: Playwright driving the system chromium against uvicorn on 127.0.0.1.

Without chromium these tests skip on a developer machine and fail under CI=true, where .ci/run installs it.
Every page is checked for CSP violations and for requests to any origin but the app's own. Screenshots go
to tests/artifacts/ (ignored by git).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from rashomon.web import Settings, create_app
from web_helpers import TOKEN, Built, build_store, live_server

ARTIFACTS = Path(__file__).parent / "artifacts"
DESKTOP = {"width": 1280, "height": 900}
NARROW = {"width": 390, "height": 844}
TEXT = (
    "The lighthouse keepers' association said on Friday that the old beacon on Gull Point would be relit "
    "after forty years, once the council approves the repair budget. "
) * 3


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but {reason}; .ci/run installs Debian's chromium before the tests")
    pytest.skip(f"browser tests need {reason.removeprefix('there is no ')}")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless system chromium; Playwright never downloads a browser here."""
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None and Path("/usr/bin/chromium").exists():
        executable = "/usr/bin/chromium"
    if executable is None:
        _unavailable("there is no system chromium (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("there is no playwright for Python (pip install playwright)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, headless=True)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Built]]:
    """The app over the sample store (harbour story compared, council story not), served by uvicorn."""
    built = build_store(tmp_path_factory.mktemp("site") / "site.db")
    app = create_app(built.path, settings=Settings(token=TOKEN, rate=0))
    with live_server(app) as base:
        yield base, built


@dataclass
class Tab:
    """A page in its own context, with the console errors and requests it caused."""

    page: Any
    base: str
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def goto(self, path: str) -> Any:
        """Open `path` on the app and wait for it to load."""
        return self.page.goto(self.base + path)

    def check_clean(self) -> None:
        """Assert no CSP violation or script error, and no request left the app's origin."""
        assert not [e for e in self.errors if "Content Security Policy" in e or "Refused" in e], self.errors
        assert all(url.startswith(self.base) for url in self.requests), self.requests


@pytest.fixture
def tab(browser: Any, site: tuple[str, Built]) -> Iterator[Any]:
    contexts = []

    def opener(viewport: dict[str, int] = DESKTOP) -> Tab:
        context = browser.new_context(viewport=viewport)
        contexts.append(context)
        page = context.new_page()
        opened = Tab(page=page, base=site[0])
        page.on("console", lambda m: opened.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: opened.errors.append(str(e)))
        context.on("request", lambda r: opened.requests.append(r.url))
        return opened

    yield opener
    for context in contexts:
        context.close()


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / ".gitignore").write_text("*\n", encoding="utf-8")
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


def test_list_story_article_and_back(tab, site):
    base, built = site
    t = tab()
    t.goto("/")
    assert t.page.locator("ol.stories > li").count() == 2
    _shot(t.page, "web-list")
    t.page.locator(".story-title a", has_text="Dockers strike at Valmora").click()
    t.page.wait_for_url(f"{base}/stories/{built.harbour}")
    assert t.page.locator("#glance").is_visible() and t.page.locator(".pane").count() == 3
    assert t.page.evaluate("document.documentElement.classList.contains('js')")  # report.js ran under the CSP
    _shot(t.page, "web-story")
    t.page.locator("#members-h + ul a").first.click()
    t.page.wait_for_url(f"{base}/articles/*")
    assert t.page.locator(".article-text .m").count() > 0  # claim sentences underlined
    _shot(t.page, "web-article")
    t.page.go_back()
    t.page.wait_for_url(f"{base}/stories/{built.harbour}")
    t.page.go_back()
    t.page.wait_for_url(f"{base}/")
    assert t.page.locator("h1").inner_text() == "Stories"
    t.check_clean()


def test_search_narrows_the_list(tab):
    t = tab()
    t.goto("/")
    t.page.get_by_label("Search the articles").fill("lighthouse minutes")
    t.page.get_by_role("button", name="Show stories").click()
    t.page.wait_for_url("**/?q=lighthouse+minutes*")
    titles = t.page.locator(".story-title").all_inner_texts()
    assert len(titles) == 1 and "Council" in titles[0]
    assert "<script>" in titles[0]  # the hostile title shows as text, never as markup
    t.check_clean()


def test_an_uncompared_story_shows_progress_then_its_comparison(tab, site):
    base, built = site
    t = tab()
    t.goto(f"/stories/{built.hostile}")
    assert t.page.locator("progress").count() == 1 or t.page.locator("#glance").count() == 1
    t.page.wait_for_selector("#glance", timeout=300_000)  # the page reloads itself until the comparison is cached
    t.check_clean()


def test_adding_an_article_with_the_token(tab):
    t = tab()
    t.goto("/add")
    t.page.get_by_label("Token", exact=True).fill(TOKEN)
    t.page.get_by_label("Text", exact=True).fill(TEXT)
    t.page.get_by_label("Title", exact=True).fill("Gull Point beacon to be relit")
    t.page.get_by_label("Outlet", exact=True).fill("Point Gazette")
    t.page.get_by_role("button", name="Add").click()
    t.page.wait_for_url("**/jobs/*")
    t.page.wait_for_selector("tr.st-done", timeout=300_000)  # the job page reloads itself until it is done
    _shot(t.page, "web-job")
    t.page.get_by_role("link", name="article", exact=True).click()
    t.page.wait_for_url("**/articles/*")
    assert t.page.locator("h1").inner_text() == "Gull Point beacon to be relit"
    t.check_clean()


@pytest.mark.parametrize("token, message", [("", "a token is needed"), ("wrong", "the token is not valid")])
def test_adding_without_the_token_is_refused(tab, token, message):
    t = tab()
    t.goto("/add")
    t.page.get_by_label("Token", exact=True).fill(token)
    t.page.get_by_label("Text", exact=True).fill(TEXT)
    t.page.get_by_role("button", name="Add").click()
    alert = t.page.get_by_role("alert")
    assert message in alert.inner_text()
    assert t.page.get_by_label("Text", exact=True).input_value().strip() == TEXT.strip()  # what was typed is kept
    t.check_clean()


def test_keyboard_skip_link_search_and_open_a_story(tab, site):
    base, built = site
    t = tab()
    t.goto("/")
    t.page.keyboard.press("Tab")
    assert t.page.evaluate("document.activeElement.textContent") == "Skip to the content"
    t.page.keyboard.press("Enter")
    t.page.wait_for_url("**/#main")  # the jump lands a moment after the key press on a loaded machine
    t.page.get_by_label("Search the articles").focus()
    t.page.keyboard.type("dockers")
    t.page.keyboard.press("Enter")
    t.page.wait_for_url("**/?q=dockers*")
    link = t.page.locator(".story-title a").first
    link.focus()
    t.page.keyboard.press("Enter")
    t.page.wait_for_url(f"{base}/stories/{built.harbour}")
    t.check_clean()


def test_narrow_screen_has_no_sideways_scroll_and_the_story_uses_tabs(tab, site):
    t = tab(NARROW)
    for path in ("/", f"/stories/{site[1].harbour}", f"/articles/{site[1].harbour_article}", "/outlets", "/add"):
        t.goto(path)
        overflow = t.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, (path, overflow)
    t.goto(f"/stories/{site[1].harbour}")
    assert t.page.locator(".tabs [role=tab]").first.is_visible()
    _shot(t.page, "web-narrow-story")
    t.goto("/")
    _shot(t.page, "web-narrow-list")
    t.check_clean()
