"""Tests for the Markdown report: sections a reader expects, escaping, and sparse stories."""

from __future__ import annotations

import dataclasses
import re

import pytest

from rashomon.model.records import Claim, Comparison, Removal
from rashomon.render.markdown import article_labels, escape, render
from report_helpers import (
    RADIO_SHELTER,
    WIRE_POWER,
    empty_comparison,
    mention,
    sample_comparison,
    single_article_comparison,
)

SECTIONS = [
    "## Outlets",
    "## What they all report",
    "## What only some report",
    "## What each outlet leaves out",
    "## Reported by one outlet only",
    "## Summary",
    "## Notes",
    "## Removed page furniture",
]
UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def _headings(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("## ")]


def _section(text: str, heading: str) -> str:
    return text.split(heading + "\n", 1)[1].split("\n## ", 1)[0]


def _hostile() -> Comparison:
    comparison = sample_comparison()
    gazette, wire, radio = comparison.articles
    text = "# Live | updates: power cut | 40,000 homes\n\n" + gazette.text
    gazette = dataclasses.replace(
        gazette,
        outlet="Pipe | News",
        title="# Breaking | Storm *Ingrid* #",
        text=text,
        removed=(Removal(text="| Share | Tweet |\n# Related", reason="share bar"),),
    )
    claim = Claim(
        id="c9hostile",
        text="# Live | updates: power cut | 40,000 homes",
        status="unique",
        articles=(gazette.id,),
        missing=(wire.id, radio.id),
        mentions=(mention(gazette, "# Live | updates: power cut | 40,000 homes"),),
    )
    story = dataclasses.replace(comparison.story, title="# Breaking | Storm *Ingrid* #")
    return dataclasses.replace(comparison, story=story, articles=(gazette, wire, radio), claims=(claim,))


def test_sections_appear_in_reading_order() -> None:
    assert _headings(render(sample_comparison())) == SECTIONS


def test_title_and_overview() -> None:
    text = render(sample_comparison())
    assert text.startswith("# Storm Ingrid cuts power on the north coast\n\n3 articles from 3 outlets, ")
    assert "published between 14 January 2026 and 15 January 2026" in text
    assert "Of 4 claims, 1 is reported by every article, 1 by only some, and 2 by a single article." in text


def test_outlets_table_labels_unknown_outlet_by_file_name() -> None:
    table = _section(render(sample_comparison()), "## Outlets")
    assert "| Northern Wire | Storm knocks out power along northern coast | 2026-01-15 09:30 UTC | 39 | 0 |" in table
    assert "| Harbour Gazette | Storm Ingrid leaves 40,000 homes in the dark | 2026-01-14 | 39 | 2 |" in table
    assert "| Article 3 (coast-radio_0412) | — | — | 28 | 0 |" in table


def test_consensus_quotes_each_outlets_wording() -> None:
    section = _section(render(sample_comparison()), "## What they all report")
    assert f"  - *Northern Wire*: “{WIRE_POWER}”" in section
    assert section.count("  - *") == 3


def test_shared_claim_names_carriers_and_absentees() -> None:
    section = _section(render(sample_comparison()), "## What only some report")
    assert "carried by Harbour Gazette, Northern Wire; left out by Article 3 (coast-radio_0412)." in section


def test_omissions_are_grouped_per_outlet() -> None:
    section = _section(render(sample_comparison()), "## What each outlet leaves out")
    assert section.startswith("\n### Article 3 (coast-radio_0412)\n\n- All ferry crossings")
    assert "Nothing left out by Harbour Gazette, Northern Wire." in section


def test_unique_claims_are_grouped_per_outlet() -> None:
    section = _section(render(sample_comparison()), "## Reported by one outlet only")
    assert f"### Article 3 (coast-radio_0412)\n\n- {RADIO_SHELTER}" in section


def test_long_unique_lists_are_capped() -> None:
    comparison = sample_comparison()
    radio = comparison.articles[2]
    claims = tuple(
        Claim(
            id=f"u{i}",
            text=f"Detail number {i}.",
            status="unique",
            articles=(radio.id,),
            missing=(),
            mentions=(mention(radio, RADIO_SHELTER),),
        )
        for i in range(11)
    )
    section = _section(render(dataclasses.replace(comparison, claims=claims)), "## Reported by one outlet only")
    assert "- Detail number 7." in section and "Detail number 8." not in section
    assert section.rstrip().endswith("- … and 3 more")


def test_summary_names_the_outlets_per_sentence() -> None:
    section = _section(render(sample_comparison()), "## Summary")
    assert (
        "across the north coast on Tuesday night. *(Harbour Gazette, Northern Wire, Article 3 (coast-radio_0412))*"
        in section
    )


def test_notes_include_story_and_article_notes() -> None:
    section = _section(render(sample_comparison()), "## Notes")
    assert "- Northern Wire and Harbour Gazette share no copied passages." in section
    assert "- Article 3 (coast-radio_0412): no outlet given and none could be inferred" in section


def test_removed_furniture_lists_reason_and_text() -> None:
    section = _section(render(sample_comparison()), "## Removed page furniture")
    assert "### Harbour Gazette\n\n- *newsletter prompt*: Sign up for our morning briefing" in section


def test_long_furniture_is_truncated() -> None:
    comparison = sample_comparison()
    gazette = dataclasses.replace(
        comparison.articles[0],
        removed=(Removal(text="Read more: " + "storm coverage " * 40, reason="links"),),
    )
    text = render(dataclasses.replace(comparison, articles=(gazette, *comparison.articles[1:])))
    line = next(x for x in text.splitlines() if x.startswith("- *links*"))
    assert line.endswith("…") and len(line) < 200


def test_hostile_title_is_escaped() -> None:
    assert render(_hostile()).startswith("# \\# Breaking \\| Storm \\*Ingrid\\* \\#\n")


def test_hostile_text_keeps_table_rows_intact() -> None:
    table = _section(render(_hostile()), "## Outlets")
    rows = [line for line in table.splitlines() if line.startswith("|")]
    assert rows and all(len(UNESCAPED_PIPE.findall(row)) == 6 for row in rows)
    assert "| Pipe \\| News | \\# Breaking \\| Storm \\*Ingrid\\* # |" in table


def test_hostile_text_never_starts_a_heading() -> None:
    text = render(_hostile())
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert all(re.match(r"#{1,3} ", line) for line in headings)
    assert "# Live" not in text.replace("\\# Live", "")
    assert "- *share bar*: \\| Share \\| Tweet \\| # Related" in text


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("# Breaking", "\\# Breaking"),
        ("a | b", "a \\| b"),
        ("1. First", "1\\. First"),
        ("- not a list", "\\- not a list"),
        ("*bold* and _emph_", "\\*bold\\* and \\_emph\\_"),
        ("coast_radio_0412", "coast_radio_0412"),
        ("line one\nline two", "line one line two"),
        ("[link](x) <b>", "\\[link\\](x) \\<b\\>"),
    ],
    ids=["heading", "pipe", "ordered-list", "bullet", "emphasis", "intraword-underscore", "newline", "html"],
)
def test_escape(raw: str, expected: str) -> None:
    assert escape(raw) == expected


def test_labels_tell_apart_two_pieces_from_one_outlet() -> None:
    comparison = sample_comparison()
    gazette, wire, _ = comparison.articles
    second = dataclasses.replace(wire, outlet="Harbour Gazette", source="stories/ingrid/gazette-live.html")
    labels = article_labels((gazette, second))
    assert labels == {gazette.id: "Harbour Gazette (gazette)", wire.id: "Harbour Gazette (gazette-live)"}


def test_labels_for_urls_and_stdin() -> None:
    comparison = sample_comparison()
    wire, radio = comparison.articles[1:]
    labels = article_labels((dataclasses.replace(wire, outlet=None), dataclasses.replace(radio, source="-")))
    assert labels == {wire.id: "Article 1 (wire.example)", radio.id: "Article 2 (stdin)"}


def test_single_article_says_there_is_nothing_to_compare() -> None:
    text = render(single_article_comparison())
    assert "With a single article there is nothing to compare: every claim it makes (2) is unique" in text
    assert text.startswith("# Storm Ingrid leaves 40,000 homes in the dark\n")
    assert "## What they all report" not in text and "## What each outlet leaves out" not in text
    assert "## Reported by one outlet only\n\n### Harbour Gazette" in text


def test_empty_comparison_renders_every_section_plainly() -> None:
    text = render(empty_comparison())
    assert _headings(text) == SECTIONS
    assert "No claims were found to compare." in text
    assert "publication dates unknown" in text
    assert "No summary could be drawn." in text


def test_untitled_story_gets_a_fallback_title() -> None:
    comparison = empty_comparison()
    articles = tuple(dataclasses.replace(a, title=None) for a in comparison.articles)
    assert render(dataclasses.replace(comparison, articles=articles)).startswith("# Untitled story\n")
