"""Tests for the JSON report: the rashomon.report/1 contract rendered from a Comparison."""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime, timedelta, timezone

import pytest

from rashomon.errors import RashomonError
from rashomon.model.records import Mention
from rashomon.render.json import iso, render, report_dict, validate_report
from report_helpers import (
    LATER_LAYERS,
    assert_valid_report,
    empty_comparison,
    sample_comparison,
    single_article_comparison,
)


def test_sample_report_validates() -> None:
    assert_valid_report(report_dict(sample_comparison()))


def test_top_level_keys_are_the_contract_plus_notes_and_provenance() -> None:
    data = report_dict(sample_comparison())
    assert list(data) == [
        "schema",
        "story",
        "articles",
        "entities",
        "outlets",
        "claims",
        "omissions",
        "summary",
        "notes",
        "provenance",
    ]
    assert data["schema"] == "rashomon.report/1"


def test_later_layer_keys_are_left_out() -> None:
    data = report_dict(sample_comparison())
    assert not set(LATER_LAYERS) & data.keys()


def test_mention_text_is_the_article_slice() -> None:
    comparison = sample_comparison()
    data = report_dict(comparison)
    texts = {a.id: a.text for a in comparison.articles}
    mentions = [m for claim in data["claims"] for m in claim["mentions"]]
    assert len(mentions) == 7
    for m in mentions:
        assert m["text"] == texts[m["article"]][m["start"] : m["end"]]


def test_story_dates_are_utc_iso_strings() -> None:
    story = report_dict(sample_comparison())["story"]
    assert story["first_published"] == "2026-01-14T00:00:00+00:00"
    assert story["last_published"] == "2026-01-15T09:30:00+00:00"


@pytest.mark.parametrize(
    "value, expected",
    [
        (None, None),
        (datetime(2026, 1, 14, 8, 0, tzinfo=timezone(timedelta(hours=8))), "2026-01-14T00:00:00+00:00"),
        (datetime(2026, 1, 14, 8, 0), "2026-01-14T08:00:00+00:00"),
    ],
    ids=["none", "offset-converted", "naive-taken-as-utc"],
)
def test_iso(value: datetime | None, expected: str | None) -> None:
    assert iso(value) == expected


def test_article_fields_and_nulls() -> None:
    radio = report_dict(sample_comparison())["articles"][2]
    assert radio["outlet"] is None and radio["title"] is None and radio["url"] is None
    assert radio["published"] is None
    assert radio["words"] == len(radio["text"].split())
    assert radio["notes"] == ["no outlet given and none could be inferred"]
    gazette = report_dict(sample_comparison())["articles"][0]
    assert gazette["removed"][0] == {
        "text": "Sign up for our morning briefing",
        "reason": "newsletter prompt",
    }


def test_omissions_and_summary() -> None:
    data = report_dict(sample_comparison())
    assert data["omissions"] == [{"article": "3c4d5e6f70819203", "claim": "c2ferries"}]
    assert [s["claim"] for s in data["summary"]["sentences"]] == ["c1power", "c2ferries"]


@pytest.mark.parametrize("build", [single_article_comparison, empty_comparison], ids=["one-article", "empty"])
def test_sparse_comparisons_validate(build: object) -> None:
    assert callable(build)
    assert_valid_report(report_dict(build()))


def test_render_is_indented_utf8_json_with_trailing_newline() -> None:
    comparison = sample_comparison()
    article = dataclasses.replace(comparison.articles[0], title="Sturm „Ingrid“ trifft die Küste")
    text = render(dataclasses.replace(comparison, articles=(article, *comparison.articles[1:])))
    assert text.endswith("}\n")
    assert "„Ingrid“" in text and "Küste" in text
    assert text.startswith('{\n  "schema"')
    assert json.loads(text)["articles"][0]["title"] == "Sturm „Ingrid“ trifft die Küste"


def test_mention_outside_the_article_is_refused() -> None:
    comparison = sample_comparison()
    claim = comparison.claims[2]
    bad = dataclasses.replace(claim, mentions=(Mention(article=claim.articles[0], start=0, end=10_000),))
    with pytest.raises(RashomonError, match="c3harbour: offsets 0-10000 fall outside"):
        report_dict(dataclasses.replace(comparison, claims=(bad,)))


def test_mention_of_unknown_article_is_refused() -> None:
    comparison = sample_comparison()
    bad = dataclasses.replace(comparison.claims[0], mentions=(Mention(article="nope", start=0, end=1),))
    with pytest.raises(RashomonError, match="c1power cites article nope"):
        report_dict(dataclasses.replace(comparison, claims=(bad,)))


def test_validate_report_names_the_path_of_the_problem() -> None:
    data = report_dict(sample_comparison())
    data["claims"][1]["mentions"][0]["start"] = -1
    with pytest.raises(RashomonError, match=r"at \$\.claims\[1\]\.mentions\[0\]\.start: -1 is less than"):
        validate_report(data)
