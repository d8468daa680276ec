"""The notebook surface of a `Comparison`: short reprs, the report dict, an HTML matrix, DataFrames by outlet name."""

from __future__ import annotations

import builtins
import dataclasses
import html
import json
from typing import Any

import pytest

import rashomon
from rashomon import Article, CompareOptions, Comparison, compare_articles
from rashomon.model.notebook import HTML_ROWS
from rashomon.render import render
from rashomon.store.sqlite import membership_hash

COURIER = (
    "A wildfire near Marston destroyed 120 homes on Sunday, fire officials said. "
    'Fire chief Dana Reyes said: "The wind turned against us in minutes." '
    "About 2,000 residents were evacuated to the county fairground. The cause of the fire is under investigation."
)
POST = (
    "A wildfire destroyed 300 homes near Marston on Sunday, according to fire officials. "
    "About 2,000 residents were evacuated to the county fairground overnight. "
    '"We lost everything," said resident Tom <Hale> & co.'
)
RADIO = (
    "Around 2,000 people were evacuated from Marston as a wildfire spread on Sunday. "
    "Investigators have not yet found the cause of the fire."
)
OUTLETS = ("Valley Courier", "Pine Ridge Post", "Article 3 (marston-radio)")


def _article(text: str, source: str, outlet: str | None, title: str | None) -> Article:
    return Article(id=Article.make_id(url=None, text=text), source=source, outlet=outlet, title=title, text=text)


@pytest.fixture(scope="module")
def comparison() -> Comparison:
    """Three small articles on one fire, compared on the blank pipeline: two named outlets and one unknown."""
    articles = [
        _article(COURIER, "courier.html", "Valley Courier", "Marston fire destroys 120 homes"),
        _article(POST, "post.html", "Pine Ridge Post", "Hundreds of homes lost in Marston fire"),
        _article(RADIO, "/home/reader/notes/marston-radio.txt", None, None),
    ]
    return compare_articles(articles, title="Marston wildfire", options=CompareOptions(model="blank:en"))


def _ids(comparison: Comparison) -> set[str]:
    return {article.id for article in comparison.articles}


def test_comparison_repr_is_one_short_line_of_counts(comparison: Comparison) -> None:
    text = repr(comparison)
    consensus = sum(c.status == "consensus" for c in comparison.claims)
    assert text.startswith("<Comparison 'Marston wildfire': 3 articles, 3 outlets, ")
    assert f"{len(comparison.claims)} claims ({consensus} consensus)" in text
    assert "\n" not in text and len(text) < 200


@pytest.mark.parametrize("index", [0, 1, 2])
def test_article_repr_names_outlet_title_and_length_never_the_text(comparison: Comparison, index: int) -> None:
    article = comparison.articles[index]
    text = repr(article)
    assert text.startswith("<Article ") and f"{len(article.text):,} chars" in text
    assert article.text[:40] not in text and "/home/reader" not in text


def test_article_repr_shows_outlet_and_title(comparison: Comparison) -> None:
    assert (
        repr(comparison.articles[0])
        == f"<Article Valley Courier 'Marston fire destroys 120 homes' {len(COURIER)} chars>"
    )


@pytest.mark.parametrize("field", ["analyses", "claims", "quotes", "omissions", "conflicts"])
def test_every_record_a_user_meets_has_a_short_repr(comparison: Comparison, field: str) -> None:
    records = getattr(comparison, field)
    assert records, f"the fixture should yield {field}"
    for record in records:
        assert len(repr(record)) < 300 and repr(record).startswith(f"<{type(record).__name__} ")


def test_short_reprs_keep_dataclass_equality(comparison: Comparison) -> None:
    claim = comparison.claims[0]
    assert dataclasses.replace(claim) == claim
    assert dataclasses.replace(claim, text="something else") != claim


def test_to_dict_is_the_json_renderers_report(comparison: Comparison) -> None:
    assert json.loads(render(comparison, "json")) == comparison.to_dict()


def test_to_json_round_trips_to_the_report_dict(comparison: Comparison) -> None:
    assert json.loads(comparison.to_json(indent=None)) == comparison.to_dict()
    assert comparison.to_json().startswith('{\n  "schema"')


def test_html_matrix_has_a_row_per_claim_and_a_column_per_outlet(comparison: Comparison) -> None:
    page = comparison._repr_html_()
    assert page.count("<tr><td>") == len(comparison.claims)
    assert all(f"<th>{html.escape(name)}</th>" in page for name in OUTLETS)
    consensus = [c for c in comparison.claims if c.status == "consensus"]
    assert page.count("<td>✓</td>") == sum(len(c.articles) for c in comparison.claims) and consensus


def test_html_matrix_escapes_claim_text(comparison: Comparison) -> None:
    page = comparison._repr_html_()
    assert "<Hale>" not in page and "&lt;Hale&gt; &amp; co." in page


def test_html_matrix_is_bounded_with_a_more_line(comparison: Comparison) -> None:
    claims = tuple(dataclasses.replace(comparison.claims[0], id=f"c{n}") for n in range(HTML_ROWS + 12))
    page = dataclasses.replace(comparison, claims=claims)._repr_html_()
    assert page.count("<tr><td>") == HTML_ROWS and "<tr><td colspan='5'>… 12 more claims" in page


def test_outlets_of_a_claim_are_names_not_ids(comparison: Comparison) -> None:
    claim = next(c for c in comparison.claims if c.status == "consensus")
    assert comparison.outlets_of(claim) == OUTLETS


def test_labels_name_every_article_readably(comparison: Comparison) -> None:
    assert tuple(comparison.labels().values()) == OUTLETS
    assert comparison.label(comparison.articles[2].id) == "Article 3 (marston-radio)"


def test_claim_looks_a_claim_up_by_id(comparison: Comparison) -> None:
    assert comparison.claim(comparison.claims[-1].id) is comparison.claims[-1]
    with pytest.raises(KeyError):
        comparison.claim("no-such-claim")


def test_claims_frame_has_a_row_per_claim_and_a_column_per_outlet(comparison: Comparison) -> None:
    pytest.importorskip("pandas")
    frame = comparison.claims_frame()
    assert len(frame) == len(comparison.claims)
    assert list(frame.columns[-3:]) == list(OUTLETS)
    assert frame[list(OUTLETS)].sum().sum() == sum(len(c.articles) for c in comparison.claims)


@pytest.mark.parametrize(
    "method, items, column",
    [
        ("quotes_frame", "quotes", "outlet"),
        ("omissions_frame", "omissions", "outlet"),
        ("conflicts_frame", "conflicts", "values"),
    ],
)
def test_frames_name_outlets_never_article_ids(comparison: Comparison, method: str, items: str, column: str) -> None:
    pytest.importorskip("pandas")
    frame = getattr(comparison, method)()
    assert len(frame) == len(getattr(comparison, items))
    values = [v for cell in frame[column] for v in (cell if isinstance(cell, dict) else [cell])]
    assert set(values) <= set(OUTLETS) and not set(values) & _ids(comparison)


def test_quotes_frame_gives_the_quoted_words(comparison: Comparison) -> None:
    pytest.importorskip("pandas")
    frame = comparison.quotes_frame()
    row = frame[frame.speaker_name == "Dana Reyes"].iloc[0]
    assert row.outlet == "Valley Courier" and "The wind turned against us" in row.text


def test_conflicts_frame_shows_each_outlets_value(comparison: Comparison) -> None:
    pytest.importorskip("pandas")
    values = comparison.conflicts_frame().iloc[0]["values"]
    assert values == {"Valley Courier": "120 homes", "Pine Ridge Post": "300 homes"}


def test_frames_without_a_layer_are_empty_with_their_columns(comparison: Comparison) -> None:
    pytest.importorskip("pandas")
    frame = dataclasses.replace(comparison, quotes=None).quotes_frame()
    assert frame.empty and "speaker" in frame.columns


def test_frames_without_pandas_say_how_to_install_it(comparison: Comparison, monkeypatch: Any) -> None:
    real_import = builtins.__import__

    def no_pandas(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "pandas" or name.startswith("pandas."):
            raise ImportError("No module named 'pandas'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pandas)
    with pytest.raises(ImportError, match=r"^pandas is not installed: pip install pandas$"):
        comparison.claims_frame()


def test_dir_lists_the_public_names() -> None:
    names = dir(rashomon)
    assert set(rashomon.__all__) <= set(names) and "__doc__" in names
    assert "compare" in names and "Comparison" in names


def test_store_report_with_options_is_a_comparison_and_keeps_the_cache(tmp_path: Any) -> None:
    for name, text in (("courier", COURIER), ("post", POST), ("radio", RADIO)):
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    with rashomon.Store.open(tmp_path / "fire.db") as store:
        store.ingest([str(tmp_path / f"{name}.txt") for name in ("courier", "post", "radio")])
        story = store.stories()[0]
        comparison = store.report(story.id, options=CompareOptions(model="blank:en"))
        members = membership_hash([a.id for a in store.story_articles(story.id)])
        assert isinstance(comparison, Comparison) and len(comparison.articles) == story.articles
        assert store.cached_comparison(story.id, members) is None
