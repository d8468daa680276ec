"""Dates: the labelled table's accuracy floors, weekday and month rules, `infer_published`, the component."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from quantity_tables import date_ok, load, score
from rashomon.analysis.pipeline import Pipeline
from rashomon.model.records import Article
from rashomon.text.quantities import agree
from rashomon.text.timex import DateValue, find_dates, infer_published, weekday_date

# Measured on tests/data/dates.tsv (138 cases); raise a floor when resolution improves, never lower it.
FLOORS = {"absolute": 1.0, "relative": 1.0}
STORY = Path(__file__).resolve().parents[1] / "examples" / "carney-beijing"
WED = date(2026, 1, 14)  # the reference story's publication day, a Wednesday


def one(text: str, published: date | None = WED) -> DateValue:
    """Return the only date in `text`."""
    found = find_dates(text, published=published)
    assert len(found) == 1, found
    return found[0]


def span(value: DateValue) -> tuple[str | None, str | None]:
    """Return (first, last) as ISO strings."""
    return (value.first.isoformat() if value.first else None, value.last.isoformat() if value.last else None)


def test_tables_hold_at_least_150_cases():
    assert len(load("quantities")) + len(load("dates")) >= 150


def test_table_accuracy_meets_floors():
    rows = load("dates")

    def check(row):
        return date_ok(row, find_dates(row.sentence, published=date.fromisoformat(row.expected["published"])))

    accuracy, counts, failed = score(rows, check)
    print("\ndate normalisation accuracy:")
    for kind in FLOORS:
        print(f"  {kind:9} {accuracy[kind]:.3f}  ({counts[kind]} cases)")
    print("  failed:", [row.surface for row in failed])
    for kind, floor in FLOORS.items():
        assert accuracy[kind] >= floor, (kind, accuracy[kind], [r.surface for r in failed if r.kind == kind])


@pytest.mark.parametrize(
    "text, expected",
    [
        ("in 2018", ("2018-01-01", "2018-12-31")),
        ("last October", ("2025-10-01", "2025-10-31")),
        ("later this year", ("2026-01-15", "2026-12-31")),
        ("by 2035", ("2035-01-01", "2035-12-31")),
        ("Jan. 17", ("2026-01-17", "2026-01-17")),
    ],
)
def test_ranges(text, expected):
    assert span(one(text)) == expected


# --- weekdays: the news convention ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text, published, expected",
    [
        ("Carney arrived on Wednesday.", date(2026, 1, 15), "2026-01-14"),  # published Thursday: the day before
        ("Carney will arrive on Wednesday.", date(2026, 1, 13), "2026-01-14"),  # published Tuesday: the next day
        ("Carney arrived on Wednesday.", WED, "2026-01-14"),  # the same weekday is the publication day
        ("The report was released Monday.", WED, "2026-01-12"),
        ("The leaders will meet Friday.", WED, "2026-01-16"),
        ("Officials met on Friday.", WED, "2026-01-09"),
        ("Carney spoke on Tuesday.", WED, "2026-01-13"),
        ("Carney speaks on Tuesday.", WED, "2026-01-13"),  # no tense cue: the past
        ("The premier met the envoy last Wednesday.", WED, "2026-01-07"),
        ("The bill is tabled next Wednesday.", WED, "2026-01-21"),
    ],
)
def test_weekday_resolution(text, published, expected):
    value = one(text, published)
    assert value.relative and value.anchor == published
    assert span(value) == (expected, expected)


def test_weekday_date_rules():
    assert weekday_date(WED, 0, -1, None) == (date(2026, 1, 12), "weekday-past")
    assert weekday_date(WED, 0, 1, None) == (date(2026, 1, 19), "weekday-future")
    assert weekday_date(WED, 2, 0, "last") == (date(2026, 1, 7), "weekday-last")


def test_range_end_runs_forward_from_its_start():
    value = one("Carney kicked off an official visit from Wednesday to Saturday.")
    assert span(value) == ("2026-01-14", "2026-01-17")


def test_bare_month_follows_the_tense():
    assert span(one("China will launch its plan in March."))[0] == "2026-03-01"
    assert span(one("The two leaders met in October."))[0] == "2025-10-01"


def test_relative_date_without_anchor_is_unresolved():
    value = one("The talks resumed on Wednesday.", None)
    assert value.relative and not value.resolved and value.rule == "unanchored"


def test_absolute_date_needs_no_anchor():
    assert span(one("It happened on January 14, 2026.", None)) == ("2026-01-14", "2026-01-14")


def test_may_the_modal_is_not_a_month():
    assert find_dates("Carney may visit, May said.", published=WED) == ()


# --- agree on dates -------------------------------------------------------------------------------

DATE_PAIRS = [
    ("in 2019", "in 2018", False),
    ("in late 2018", "in 2018", True),
    ("on Wednesday", "on January 14, 2026", True),
    ("by 2035", "in 2030", True),
    ("since 2017", "since 2018", False),
    ("through Saturday", "through Jan. 17", True),
    ("around 2012", "in 2013", True),
]


@pytest.mark.parametrize("a, b, expected", DATE_PAIRS, ids=[f"{a}|{b}" for a, b, _ in DATE_PAIRS])
def test_dates_agree(a, b, expected):
    da, db = one(a), one(b)
    assert agree(da, db) is expected
    assert agree(db, da) is expected


def test_unresolved_dates_do_not_agree():
    assert not agree(one("on Wednesday", None), one("on Wednesday", None))


# --- infer_published ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected, evidence",
    [
        ("Published: 14 January 2026 | The Desk\nBody text.", datetime(2026, 1, 14, tzinfo=UTC), "byline"),
        ("Updated Jan. 14, 2026 at 10:32 p.m.\nBody.", datetime(2026, 1, 14, 22, 32, tzinfo=UTC), "byline"),
        ("By Jane Doe | January 13, 2026\nBody.", datetime(2026, 1, 13, tzinfo=UTC), "byline"),
        ("OTTAWA, Jan. 14, 2026 (Reuters) - The prime minister left.", datetime(2026, 1, 14, tzinfo=UTC), "dateline"),
        (
            "Body.\n— Mark Carney (@MarkJCarney) January 13, 2026\nMore.\n— A B (@ab) January 14, 2026\nEnd.",
            datetime(2026, 1, 14, tzinfo=UTC),
            "embedded-post",
        ),
        (
            "Carney arrives in Beijing on January 14, 2026. Photo: VCG\nBody.",
            datetime(2026, 1, 14, tzinfo=UTC),
            "caption",
        ),
    ],
)
def test_infer_published(text, expected, evidence):
    found = infer_published(text)
    assert found is not None
    when, where = found
    assert when == expected
    assert where.attrs["evidence"] == evidence and where.attrs["inferred"]
    assert 0 <= where.start < where.end <= len(text)


def test_infer_published_finds_nothing_in_plain_text():
    assert infer_published("Carney met Xi in October 2025 and again on Friday.") is None


# --- the component --------------------------------------------------------------------------------


def analyse(name: str, published: datetime | None = None):
    """Run sentences + quantities over one reference article."""
    path = next(STORY.glob(f"{name}_*.txt"))
    article = Article(id=name, source=str(path), text=path.read_text(encoding="utf-8"), published=published)
    return Pipeline.from_names(["sentences", "quantities"]).analyze(article)


def test_component_assigns_layers_within_the_text():
    analysis = analyse("001")
    text = analysis.article.text
    assert "rashomon.quantities.v1" in analysis.provenance
    for layer in ("quantities", "dates"):
        assert analysis.layers[layer]
        for s in analysis.layers[layer]:
            assert 0 <= s.start < s.end <= len(text)
    money = [s for s in analysis.layers["quantities"] if s.label == "money"]
    assert money[0].text_of(text) == "US$118.7 billion" and money[0].value == 118.7e9


def test_component_anchors_on_the_inferred_date_when_none_is_given():
    analysis = analyse("001")
    dates, text = analysis.layers["dates"], analysis.article.text
    october = next(s for s in dates if s.text_of(text) == "last October")
    assert october.first == "2025-10-01" and october.anchor_source == "inferred"


def test_component_prefers_the_given_publication_date():
    analysis = analyse("002", datetime(2026, 1, 13, 15, tzinfo=UTC))
    dates, text = analysis.layers["dates"], analysis.article.text
    thursday = next(s for s in dates if s.text_of(text) == "Thursday")
    assert thursday.first == "2026-01-15" and thursday.anchor_source == "published"


def test_component_writes_typed_records_that_survive_the_store():
    from rashomon.model.layers import DateSpan, QuantitySpan
    from rashomon.model.serialize import analysis_from_dict, analysis_to_dict

    analysis = analyse("001")
    assert all(isinstance(s, QuantitySpan) and not s.attrs for s in analysis.layers["quantities"])
    assert all(isinstance(s, DateSpan) and not s.attrs for s in analysis.layers["dates"])
    assert analysis_from_dict(analysis_to_dict(analysis)).layers == analysis.layers
