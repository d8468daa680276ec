"""Tests for the HTML report page without a browser: sections, optional layers, escaping, highlighting."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from markupsafe import Markup

import rashomon
from rashomon.cli import cli
from rashomon.render import available_formats
from rashomon.render import render as render_format
from rashomon.render.html import Mark, highlight, render, render_report, safe_href
from rashomon.render.json import report_dict
from report_helpers import CLI_GAZETTE, LATER_LAYERS, assert_valid_report, sample_comparison

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "carney-beijing"
SCRIPT = (Path(rashomon.__file__).parent / "render" / "templates" / "assets" / "report.js").read_text("utf-8")
SECTIONS = [
    "glance",
    "summary",
    "agreed",
    "some",
    "outlets",
    "conflicts",
    "voices",
    "citations",
    "naming",
    "tone",
    "texts",
    "notes",
]
HOSTILE = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'
HOSTILE_ATTR = '"><svg onload="window.__pwned = 3"><a href="javascript:window.__pwned = 4">'
LAYER_NOTES = {
    "conflicts": "Conflicts: not analysed",
    "quotes": "Quotes: not analysed",
    "citations": "Citations: not analysed",
    "descriptors": "Descriptors: not analysed",
    "loaded_terms": "Loaded terms: not analysed",
    "tone": "Tone: not analysed",
}


class Page(HTMLParser):
    """The parts of a rendered page the tests look at: tags, attributes, scripts and each article's text."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.texts: dict[str, str] = {}
        self.marked: dict[tuple[str, str], str] = {}
        self._pane: str | None = None
        self._claims: list[str] = []
        self._text_depth = 0
        self._in_script = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        classes = (attributes.get("class") or "").split()
        if tag == "article" and "pane" in classes:
            self._pane = attributes["id"]
        if self._text_depth:
            self._text_depth += 1
            self._claims = (attributes.get("data-claims") or "").split()
        elif tag == "div" and "t" in classes:
            self._text_depth = 1
            self.texts[self._pane or ""] = ""
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        if self._text_depth:
            self._text_depth -= 1
        self._claims = []
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)
        if self._text_depth:
            self.texts[self._pane or ""] += data
        for claim in self._claims:
            key = (self._pane or "", claim)
            self.marked[key] = self.marked.get(key, "") + data

    def ids(self) -> set[str]:
        """Return every element id on the page."""
        return {a["id"] for _, a in self.tags if a.get("id")}

    def attribute_values(self, name: str) -> list[str]:
        """Return every value of the named attribute, in page order."""
        return [a[name] or "" for _, a in self.tags if name in a]


def _spot(text: str, phrase: str, article: str) -> dict[str, Any]:
    start = text.index(phrase)
    return {"article": article, "start": start, "end": start + len(phrase)}


def _append(report: dict[str, Any], index: int, extra: str) -> tuple[str, str]:
    """Append `extra` to one article's text (offsets already in the report stay true); return id and text."""
    article = report["articles"][index]
    article["text"] += extra
    article["words"] = len(article["text"].split())
    return article["id"], article["text"]


def layered_report() -> dict[str, Any]:
    """Return the sample story's report with every optional layer filled in, following DESIGN §5."""
    report = report_dict(sample_comparison())
    gazette, gazette_text = _append(
        report,
        0,
        ' Ruth Okafor said the breakwater "held, but only just". The figures were first reported by Northern Wire.',
    )
    wire, wire_text = report["articles"][1]["id"], report["articles"][1]["text"]
    radio, radio_text = _append(
        report,
        2,
        ' Council leader Amy Reyes called the response "a disgrace", according '
        "to Reuters. Officials later put the number at 52,000 homes. The hapless "
        'operator blamed "unprecedented" winds.',
    )
    report["entities"].append(
        {"id": "e3reyes", "name": "Amy Reyes", "type": "PERSON", "aliases": ["Reyes"], "articles": [radio]}
    )
    report["outlets"] = [
        {"name": "Harbour Gazette", "country": "Ireland", "kind": "private", "articles": [gazette]},
        {"name": "Northern Wire", "country": "Norway", "kind": "agency", "articles": [wire]},
    ]
    okafor = {"speaker": "Ruth Okafor", "speaker_entity": "e2okafor", "cue": "said", "kind": "partial"}
    report["quotes"] = [
        {
            "id": "q1",
            "text": "held, but only just",
            **okafor,
            **_spot(wire_text, "held, but only just", wire),
            "also_in": [gazette],
        },
        {
            "id": "q2",
            "text": "held, but only just",
            **okafor,
            **_spot(gazette_text, "held, but only just", gazette),
            "also_in": [wire],
        },
        {
            "id": "q3",
            "text": "a disgrace",
            "speaker": "Amy Reyes",
            "speaker_entity": "e3reyes",
            "cue": "called",
            "kind": "partial",
            **_spot(radio_text, "a disgrace", radio),
            "also_in": [],
        },
        {
            "id": "q4",
            "text": "unprecedented",
            "speaker": None,
            "speaker_entity": None,
            "cue": "blamed",
            "kind": "partial",
            **_spot(radio_text, "unprecedented", radio),
            "also_in": [],
        },
    ]
    first_reported = "The figures were first reported by Northern Wire."
    according = 'Council leader Amy Reyes called the response "a disgrace", according to Reuters.'
    report["citations"] = [
        {"outlet": "Northern Wire", "text": first_reported, **_spot(gazette_text, first_reported, gazette)},
        {"outlet": "Reuters", "text": according, **_spot(radio_text, according, radio)},
    ]
    report["descriptors"] = [
        {
            "entity": "e2okafor",
            "text": "Harbour master",
            "mention": "Ruth Okafor",
            **_spot(wire_text, "Harbour master", wire),
        },
        {
            "entity": "e3reyes",
            "text": "Council leader",
            "mention": "Amy Reyes",
            **_spot(radio_text, "Council leader", radio),
        },
    ]
    later = "Officials later put the number at 52,000 homes."
    report["conflicts"] = [
        {
            "claim": "c1power",
            "kind": "number",
            "values": [
                {"article": gazette, "value": "about 40,000", "normalized": 40000, "text": gazette_text.split(". ")[0]},
                {"article": radio, "value": "52,000", "normalized": 52000, "text": later},
            ],
        }
    ]
    report["loaded_terms"] = [
        {"term": "hapless", "category": "pejorative", **_spot(radio_text, "hapless", radio)},
        {"term": "swept", "category": "dramatic verb", **_spot(wire_text, "swept", wire)},
    ]
    report["tone"] = [
        {"article": gazette, "entity": "e1ingrid", "score": -0.35, "mentions": 2},
        {"article": wire, "entity": "e1ingrid", "score": -0.5, "mentions": 1},
        {"article": radio, "entity": "e1ingrid", "score": -0.8, "mentions": 1},
        {"article": wire, "entity": "e2okafor", "score": 0.3, "mentions": 1},
        {"article": radio, "entity": "e3reyes", "score": 0.04, "mentions": 1},
    ]
    return report


def hostile_report() -> dict[str, Any]:
    """Return a report whose every free text tries to inject markup, script or a javascript: link."""
    report = layered_report()
    article_id, text = _append(report, 0, f"\n\n{HOSTILE} Attack {HOSTILE_ATTR} ends.")
    gazette = report["articles"][0]
    gazette.update(
        outlet=HOSTILE_ATTR,
        title=HOSTILE,
        url="javascript:window.__pwned = 5",
        removed=[{"text": '<iframe src="https://evil.example/"></iframe>', "reason": HOSTILE_ATTR}],
        notes=[HOSTILE],
    )
    report["articles"][1]["url"] = " javascript:alert(1)"
    report["articles"][2]["url"] = 'https://radio.example/ingrid?at=0412&by="x'
    report["story"]["title"] = HOSTILE + "</title><script>window.__pwned = 6</script>"
    report["claims"].append(
        {
            "id": 'c"><script>',
            "text": HOSTILE_ATTR,
            "status": "unique",
            "articles": [article_id],
            "missing": [],
            "mentions": [{**_spot(text, HOSTILE, article_id), "text": HOSTILE}],
        }
    )
    report["quotes"][1]["speaker"] = HOSTILE
    report["entities"][0]["name"] = HOSTILE_ATTR
    report["summary"]["sentences"][0]["text"] = HOSTILE
    report["citations"][0]["outlet"] = HOSTILE
    report["loaded_terms"][0]["category"] = HOSTILE_ATTR
    report["notes"] = [HOSTILE_ATTR]
    return report


@pytest.fixture(scope="module")
def example_report() -> dict[str, Any]:
    """The report of the reference story, compared today by the library."""
    return report_dict(rashomon.compare([str(EXAMPLE)]))


def test_fixtures_follow_the_contract() -> None:
    assert_valid_report(layered_report())
    assert_valid_report(hostile_report())


def test_html_is_a_registered_format() -> None:
    assert "html" in available_formats()
    assert render_format(sample_comparison(), "html") == render(sample_comparison())


def test_render_builds_the_page_from_the_report_dict() -> None:
    assert render(sample_comparison()) == render_report(report_dict(sample_comparison()))


def test_page_has_every_section_and_the_matrix() -> None:
    page = Page(render_report(layered_report()))
    assert set(SECTIONS) <= page.ids()
    matrix = [a for tag, a in page.tags if tag == "table" and a.get("class") == "matrix"]
    assert len(matrix) == 1
    rows = page.attribute_values("data-row")
    assert len(rows) == len(layered_report()["claims"])


def test_matrix_rows_run_from_consensus_to_unique() -> None:
    html = render_report(layered_report())
    headings = ["Reported by every outlet", "Reported by some outlets", "Reported by one outlet only"]
    positions = [html.index(h) for h in headings]
    assert positions == sorted(positions)


def test_matrix_marks_carried_and_missing_with_text_not_only_colour() -> None:
    html = render_report(layered_report())
    assert html.count('<span class="sr">carried by ') == 2 + 3 + 1 + 1  # ferries, power, two unique
    assert html.count('<span class="sr">missing from ') == 1 + 2 + 2
    assert '<span aria-hidden="true">●</span>' in html and '<span aria-hidden="true">○</span>' in html


@pytest.mark.parametrize("name", ["layered", "reference"])
def test_article_text_on_the_page_is_exactly_the_article(name: str, request: Any) -> None:
    report = layered_report() if name == "layered" else request.getfixturevalue("example_report")
    page = Page(render_report(report))
    assert list(page.texts.values()) == [a["text"] for a in report["articles"]]


def test_claim_mentions_carry_their_claim_in_every_article() -> None:
    report = layered_report()
    page = Page(render_report(report))
    panes = {a["id"]: f"a{i}" for i, a in enumerate(report["articles"])}
    for index, claim in enumerate(report["claims"]):
        marked = {pane: text for (pane, c), text in page.marked.items() if c == f"c{index}"}
        assert marked == {panes[m["article"]]: m["text"] for m in claim["mentions"]}


def test_absent_layers_say_they_were_not_analysed() -> None:
    html = render_report(report_dict(sample_comparison()))
    for note in LAYER_NOTES.values():
        assert note in html


@pytest.mark.parametrize("layer", LATER_LAYERS)
def test_each_layer_is_shown_only_when_present(layer: str) -> None:
    full = layered_report()
    without = {key: value for key, value in full.items() if key != layer}
    assert LAYER_NOTES[layer] not in render_report(full)
    assert LAYER_NOTES[layer] in render_report(without)


@pytest.mark.parametrize("layer", LATER_LAYERS)
def test_an_empty_layer_is_not_reported_as_missing(layer: str) -> None:
    report = layered_report()
    report[layer] = []
    html = render_report(report)
    assert LAYER_NOTES[layer] not in html
    assert 'class="empty"' in html


def test_layers_show_what_they_found() -> None:
    html = render_report(layered_report())
    for expected in (
        "52,000",
        "about 40,000",
        "Ruth Okafor",
        "Amy Reyes",
        "Reuters",
        "in this story",
        "Harbour master",
        "Council leader",
        "hapless",
        "pejorative",
        "▼",
        "−0.80",
        "+0.30",
        "Ireland",
        "agency",
    ):
        assert expected in html, expected


def test_shared_quote_is_listed_once() -> None:
    html = render_report(layered_report())
    shared = html.split("Shared quotes", 1)[1].split("</ul>", 1)[0]
    assert shared.count("held, but only just") == 1


def test_hostile_text_renders_inert() -> None:
    html = render_report(hostile_report())
    page = Page(html)
    assert page.scripts == [SCRIPT]
    assert not [name for _, attrs in page.tags for name in attrs if name.startswith("on")]
    assert not [tag for tag, _ in page.tags if tag in {"img", "svg", "iframe", "object", "embed", "base", "form"}]
    assert not page.attribute_values("src")
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in html


def test_links_are_fragments_or_http_article_urls() -> None:
    report = hostile_report()
    page = Page(render_report(report))
    external = [h for h in page.attribute_values("href") if not h.startswith("#")]
    assert external == ['https://radio.example/ingrid?at=0412&by="x']
    assert "javascript:" not in " ".join(page.attribute_values("href"))


def test_page_makes_no_external_reference() -> None:
    html = render_report(layered_report())
    page = Page(html)
    assert not page.attribute_values("src")
    for tag, attrs in page.tags:
        if tag == "link" or tag == "meta" and attrs.get("http-equiv") == "refresh":
            pytest.fail(f"<{tag}> would load something: {attrs}")
    assert "@import" not in html and "url(" not in html


def test_content_security_policy_allows_only_the_page_script() -> None:
    page = Page(render_report(layered_report()))
    csp = next(a["content"] for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert (
        csp
        and "default-src 'none'" in csp
        and "script-src 'sha256-" in csp
        and "unsafe-inline" not in csp.split("script-src")[1]
    )


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://gazette.example/a?b=1&c=2", "https://gazette.example/a?b=1&c=2"),
        ("HTTP://wire.example/x", "HTTP://wire.example/x"),
        ("javascript:alert(1)", None),
        (" javascript:alert(1)", None),
        ("java\nscript:alert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("//evil.example/x", None),
        ("stories/ingrid.html", None),
        ("https:///nohost", None),
        (None, None),
    ],
)
def test_safe_href(url: str | None, expected: str | None) -> None:
    assert safe_href(url) == expected


def _marks() -> Iterator[Mark]:
    yield Mark(0, 9, "m m-shared", claim="c0")
    yield Mark(4, 14, "q", title='quote: "A" & <B>')
    yield Mark(20, 10, "lt")  # reversed offsets are ignored
    yield Mark(5, 999, "lt")  # out of range too


def test_highlight_escapes_every_segment_and_keeps_the_text() -> None:
    text = "<b>1 & 2</b>\n\nthen"
    out = highlight(text, _marks())
    assert isinstance(out, Markup)
    assert str(out) == (
        '<span class="m m-shared" data-claims="c0" data-starts="c0">&lt;b&gt;1</span>'
        '<span class="m m-shared q" data-claims="c0" title="quote: &#34;A&#34; &amp; &lt;B&gt;"> &amp; 2&lt;</span>'
        '<span class="q" title="quote: &#34;A&#34; &amp; &lt;B&gt;">/b&gt;\n\n</span>'
        "then"
    )


def test_highlight_without_marks_is_the_escaped_text() -> None:
    assert str(highlight("a < b", [])) == "a &lt; b"


def test_single_article_and_empty_reports_render() -> None:
    report = report_dict(sample_comparison())
    lone = copy.deepcopy(report)
    lone.update(articles=lone["articles"][:1], claims=[], omissions=[], summary={"text": "", "sentences": []})
    assert "No claims were found to compare." in render_report(lone)
    assert "No summary could be drawn." in render_report(lone)


def test_reference_story_page(example_report: dict[str, Any]) -> None:
    html = render_report(example_report)
    page = Page(html)
    assert set(SECTIONS) <= page.ids()
    assert len(page.attribute_values("data-row")) == len(example_report["claims"])
    assert "Global Times" in html and "Breitbart" in html
    assert html.count('<details class="furniture">') == len(example_report["articles"])


def test_cli_writes_the_html_report(tmp_path: Path) -> None:
    source = tmp_path / "gazette.txt"
    source.write_text(CLI_GAZETTE, encoding="utf-8")
    out = tmp_path / "story.html"
    result = CliRunner().invoke(
        cli, ["compare", str(source), str(EXAMPLE / "001_49feeb1da4e40101.txt"), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
