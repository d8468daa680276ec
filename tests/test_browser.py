"""The HTML report in a real headless browser: Playwright driving the system chromium, pages opened from disk.

Screenshots land in tests/artifacts/ (ignored by git). Without chromium these tests skip on a developer
machine and fail under CI=true, where .ci/run installs it.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

import rashomon
from rashomon.render.html import render_report
from rashomon.render.json import report_dict
from test_html_report import EXAMPLE, SECTIONS, hostile_report, layered_report

ARTIFACTS = Path(__file__).parent / "artifacts"
DESKTOP = {"width": 1400, "height": 900}
NARROW = {"width": 390, "height": 844}


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but {reason}; .ci/run installs Debian's chromium before the tests")
    pytest.skip(f"browser tests need {reason.removeprefix('there is no ')}")


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None and Path("/usr/bin/chromium").exists():
        found = "/usr/bin/chromium"
    if found is None:
        _unavailable("there is no system chromium (apt-get install chromium)")
    return str(found)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless system chromium; Playwright never downloads a browser here."""
    executable = _chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("there is no playwright for Python (pip install playwright)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, headless=True)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, dict[str, Any]]]:
    """The reference story, the layered sample and the hostile sample, each written as a page on disk."""
    folder = tmp_path_factory.mktemp("pages")
    made = {
        "reference": report_dict(rashomon.compare([str(EXAMPLE)])),
        "layered": layered_report(),
        "hostile": hostile_report(),
    }
    out = {}
    for name, report in made.items():
        path = folder / f"{name}.html"
        path.write_text(render_report(report), encoding="utf-8")
        out[name] = (path, report)
    return out


@dataclass
class Opened:
    """A page opened from disk, with every request and dialog it caused."""

    page: Any
    uri: str
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def foreign_requests(self) -> list[str]:
        """Return the requests other than the page file itself."""
        return [url for url in self.requests if url.split("#")[0] != self.uri]


@pytest.fixture
def open_page(browser: Any, reports: dict[str, tuple[Path, dict[str, Any]]]) -> Iterator[Callable[..., Opened]]:
    """Open a named page at a viewport size, recording requests and dialogs; contexts close after the test."""
    contexts = []

    def opener(name: str, viewport: dict[str, int] = DESKTOP, *, javascript: bool = True) -> Opened:
        context = browser.new_context(viewport=viewport, java_script_enabled=javascript)
        contexts.append(context)
        page = context.new_page()
        opened = Opened(page=page, uri=reports[name][0].as_uri())
        context.on("request", lambda request: opened.requests.append(request.url))
        page.on("dialog", lambda dialog: (opened.dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(opened.uri)
        page.wait_for_load_state("load")
        return opened

    yield opener
    for context in contexts:
        context.close()


def _shot(page: Any, name: str, *, full_page: bool = False) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / ".gitignore").write_text("*\n", encoding="utf-8")
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full_page)


def _claim_index(report: dict[str, Any], status: str) -> int:
    """Return the index of the first claim with `status` that some article leaves out, if any does."""
    candidates = [i for i, c in enumerate(report["claims"]) if c["status"] == status]
    return next((i for i in candidates if report["claims"][i]["missing"]), candidates[0])


def _highlighted(page: Any) -> dict[str, str]:
    return page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('.pane')].map(
            pane => [pane.id, [...pane.querySelectorAll('.t .hl')].map(e => e.textContent).join('')]))"""
    )


def _expected(report: dict[str, Any], index: int) -> dict[str, str]:
    panes = {a["id"]: f"a{i}" for i, a in enumerate(report["articles"])}
    expected = dict.fromkeys(panes.values(), "")
    mentions = sorted(report["claims"][index]["mentions"], key=lambda m: m["start"])
    for m in mentions:
        expected[panes[m["article"]]] += m["text"]
    return expected


def test_reference_page_shows_sections_and_matrix(open_page: Callable[..., Opened], reports: Any) -> None:
    opened = open_page("reference")
    page, report = opened.page, reports["reference"][1]
    for section in SECTIONS:
        assert page.locator(f"#{section}").is_visible(), section
    assert page.locator(".matrix tr[data-row]").count() == len(report["claims"])
    assert page.locator(".matrix thead th.oh").count() == len(report["articles"])
    assert page.locator(".pane").count() == len(report["articles"])
    _shot(page, "report-desktop")
    _shot(page, "report-desktop-full", full_page=True)
    assert opened.foreign_requests() == []


def test_article_columns_hold_exactly_the_article_texts(open_page: Callable[..., Opened], reports: Any) -> None:
    page = open_page("reference").page
    texts = page.locator(".pane .t").all_text_contents()
    assert texts == [a["text"] for a in reports["reference"][1]["articles"]]


@pytest.mark.parametrize(
    "name, status", [("reference", "shared"), ("reference", "consensus"), ("layered", "consensus")]
)
def test_clicking_a_claim_highlights_its_sentences_in_each_article(
    open_page: Callable[..., Opened], reports: Any, name: str, status: str
) -> None:
    opened = open_page(name)
    page, report = opened.page, reports[name][1]
    index = _claim_index(report, status)
    page.locator(f'.matrix .claim[data-claim="c{index}"]').click()
    assert _highlighted(page) == _expected(report, index)
    for pane_id, text in _expected(report, index).items():
        pane = page.locator(f"#{pane_id}")
        assert pane.locator(".absent").is_visible() == (text == "")
        if text:
            assert _in_view(page, pane_id), f"{pane_id}: its first highlighted sentence is scrolled out of view"
    assert page.locator("#selection").is_visible()
    assert page.locator(f'.matrix .claim[data-claim="c{index}"]').get_attribute("aria-pressed") == "true"
    if name == "reference" and status == "shared":
        _shot(page, "report-desktop-selected")
    assert opened.foreign_requests() == []


def _in_view(page: Any, pane_id: str) -> bool:
    return page.evaluate(
        """id => { const box = document.querySelector('#' + id + ' .t');
                   const first = box.querySelector('.hl').getBoundingClientRect();
                   const frame = box.getBoundingClientRect();
                   return first.top >= frame.top - 1 && first.top < frame.bottom; }""",
        pane_id,
    )


def test_clicking_a_sentence_selects_its_claim(open_page: Callable[..., Opened], reports: Any) -> None:
    page, report = open_page("layered").page, reports["layered"][1]
    page.locator("#a2 .t .m-consensus").first.click()
    assert _highlighted(page) == _expected(report, 0)


def test_claims_work_from_the_keyboard(open_page: Callable[..., Opened], reports: Any) -> None:
    page, report = open_page("reference").page, reports["reference"][1]
    index = _claim_index(report, "shared")
    button = page.locator(f'#some .claim[data-claim="c{index}"]')
    button.focus()
    assert page.evaluate("document.activeElement.dataset.claim") == f"c{index}"
    page.keyboard.press("Enter")
    assert _highlighted(page) == _expected(report, index)
    page.keyboard.press("Escape")
    assert not any(_highlighted(page).values())
    assert page.locator("#selection").is_hidden()


def test_narrow_window_shows_one_article_at_a_time(open_page: Callable[..., Opened], reports: Any) -> None:
    page, report = open_page("reference", NARROW).page, reports["reference"][1]
    assert page.locator(".tabs").is_visible()
    assert [p.is_visible() for p in page.locator(".pane").all()].count(True) == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
    _shot(page, "report-narrow")
    page.locator("#tab-a2").click()
    assert page.locator("#a2").is_visible() and page.locator("#a0").is_hidden()
    page.keyboard.press("ArrowRight")
    assert page.locator("#a3").is_visible()
    index = next(
        i
        for i, c in enumerate(report["claims"])
        if c["status"] == "shared" and report["articles"][3]["id"] in c["missing"]
    )
    page.locator(f'.matrix .claim[data-claim="c{index}"]').click()
    shown = next(p for p in page.locator(".pane").all() if p.is_visible())
    assert shown.locator(".t .hl").count() > 0, "selecting a claim shows an article that carries it"
    assert shown.locator(".t .hl").first.evaluate("e => e.getBoundingClientRect().top") < NARROW["height"]
    assert re.fullmatch(r"\d+", page.locator(f"#tab-{shown.get_attribute('id')} .hits").inner_text())
    _shot(page, "report-narrow-selected")


def test_article_links_open_their_pane_on_a_narrow_screen(open_page: Callable[..., Opened]) -> None:
    page = open_page("reference", NARROW).page
    hrefs = [c.get_attribute("href") for c in page.locator("#summary .chip").all()]
    target = next(h for h in hrefs if h and h != "#a0")[1:]  # an article whose pane is hidden at first
    page.locator(f'#summary .chip[href="#{target}"]').first.click()
    assert page.locator(f"#{target}").is_visible() and page.locator("#a0").is_hidden()
    assert page.locator(f"#tab-{target}").get_attribute("aria-selected") == "true"


def test_page_reads_without_javascript(open_page: Callable[..., Opened], reports: Any) -> None:
    opened = open_page("reference", NARROW, javascript=False)
    page = opened.page
    for section in SECTIONS:
        assert page.locator(f"#{section}").is_visible(), section
    assert all(p.is_visible() for p in page.locator(".pane").all()), "without scripts every article is shown"
    assert page.locator(".tabs").is_hidden()
    assert opened.foreign_requests() == []


def test_layers_render_in_the_browser(open_page: Callable[..., Opened]) -> None:
    page = open_page("layered").page
    assert page.locator("#conflicts .conflict").count() == 1
    assert page.locator("#voices .quotes blockquote").first.inner_text() == "held, but only just"
    assert page.locator("#citations tbody tr").count() == 2
    assert page.locator("#tone td.t-neg").count() == 3
    assert page.locator(".t .q").count() >= 4 and page.locator(".t .lt").count() == 2
    _shot(page, "layers-desktop-full", full_page=True)


def test_hostile_text_stays_inert(open_page: Callable[..., Opened], reports: Any) -> None:
    opened = open_page("hostile")
    page = opened.page
    hostile = len(reports["hostile"][1]["claims"]) - 1
    page.locator(f'.matrix .claim[data-claim="c{hostile}"]').click()
    assert _highlighted(page)["a0"] == reports["hostile"][1]["claims"][hostile]["mentions"][0]["text"]
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert opened.dialogs == []
    assert page.locator("img, svg, iframe, object, embed").count() == 0
    assert page.locator("script").count() == 1
    assert page.locator('a[href^="javascript:"]').count() == 0
    assert "<script>window.__pwned = 1</script>" in page.locator("#a0 .t").inner_text()
    assert opened.foreign_requests() == []
    _shot(page, "hostile-desktop")


def test_print_shows_every_article_and_hides_controls(open_page: Callable[..., Opened]) -> None:
    page = open_page("reference").page
    page.emulate_media(media="print")
    assert page.locator(".toc").is_hidden()
    assert all(p.is_visible() for p in page.locator(".pane").all())
    assert page.evaluate("getComputedStyle(document.querySelector('.matrix-wrap')).maxHeight") == "none"


def _luminance(rgb: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(fg: tuple[float, float, float], bg: tuple[float, float, float]) -> float:
    light, dark = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


COLOURS = """selector => {
  const parse = value => {
    const canvas = document.createElement('canvas').getContext('2d');
    canvas.fillStyle = value; canvas.fillRect(0, 0, 1, 1);
    return [...canvas.getImageData(0, 0, 1, 1).data];
  };
  const el = document.querySelector(selector);
  let node = el, bg = [0, 0, 0, 0];
  while (node && bg[3] === 0) { bg = parse(getComputedStyle(node).backgroundColor); node = node.parentElement; }
  return {fg: parse(getComputedStyle(el).color), bg: bg[3] ? bg : [255, 255, 255, 255]};
}"""


@pytest.mark.parametrize(
    "selector",
    [
        "h1",
        ".dek",
        ".help",
        ".outlet .meta",
        ".count",
        ".chip",
        ".tile.s-shared b",
        ".tile.s-unique b",
        ".matrix .claim",
        ".coverage .pct",
        ".pane .meta",
        ".t",
        ".reason",
        ".toc a",
        ".empty",
    ],
)
def test_text_has_readable_contrast(open_page: Callable[..., Opened], selector: str) -> None:
    # The reference story fills every section; the layered sample leaves some empty, so it shows `.empty`.
    page = open_page("layered" if selector == ".empty" else "reference").page
    colours = page.evaluate(COLOURS, selector)
    ratio = _contrast(tuple(colours["fg"][:3]), tuple(colours["bg"][:3]))
    assert ratio >= 4.5, f"{selector}: contrast {ratio:.2f} is below WCAG AA"
