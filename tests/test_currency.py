"""Sums of money in two currencies: compared through the year's exchange rate, never by their bare figures."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from rashomon.comparison.facts.conflicts import Facts, find_conflicts
from rashomon.comparison.facts.currency import converted, converted_agree, in_dollars
from rashomon.model.records import Article, Claim, Mention
from rashomon.text.quantities import Quantity, find_quantities


def _money(text: str) -> Quantity:
    (quantity,) = [q for q in find_quantities(text) if q.kind == "money"]
    return quantity


def _facts(first: str, second: str, *, year: int | None) -> Facts:
    """Two one-sentence articles of one year (None: undated), aligned as one claim."""
    published = datetime(year, 6, 1, tzinfo=UTC) if year else None
    articles = [
        Article(id=f"a{n:015d}", source=f"outlet{n}.txt", outlet=f"Outlet {n}", text=text, published=published)
        for n, text in enumerate((first, second))
    ]
    claim = Claim(id="c" * 16, text=first, status="consensus", articles=tuple(a.id for a in articles), missing=(),
                  mentions=tuple(Mention(article=a.id, start=0, end=len(a.text)) for a in articles))  # fmt: skip
    return find_conflicts([claim], articles)


@pytest.mark.parametrize(
    "text, year, dollars",
    [
        ("It cost $4 million.", 2019, 4e6),
        ("It cost US$4 million.", 2019, 4e6),
        ("It cost €4 million.", 2019, 4.48e6),
        ("It cost £4 million.", 2008, 7.4e6),
        ("It cost 400 million yen.", 2012, 5e6),
    ],
)
def test_a_sum_is_read_in_dollars_at_its_year_rate(text: str, year: int, dollars: float) -> None:
    assert in_dollars(_money(text), year) == pytest.approx(dollars)


def test_a_sum_without_a_year_has_no_dollar_value() -> None:
    assert in_dollars(_money("It cost €4 million."), None) is None


@pytest.mark.parametrize(
    "first, second, expected",
    [
        ("€4 million", "$4.5 million", True),
        ("€4 million", "$6 million", False),
        ("€4 million", "$5.3 million", None),
    ],
    ids=["within-rate", "beyond-rate", "in-between"],
)
def test_converted_sums_agree_conflict_or_say_nothing(first: str, second: str, expected: bool | None) -> None:
    assert converted_agree(_money(first), 2019, _money(second), 2019) is expected


@pytest.mark.parametrize(
    "first, second",
    [("$5 million", "$7 million"), ("€5 million", "¥500 million"), ("€5 million", "₹50 million")],
    ids=["one-currency", "bare-yen-or-yuan", "no-rate"],
)
def test_only_two_known_currencies_are_converted(first: str, second: str) -> None:
    assert not converted(_money(first), _money(second))


def test_a_sum_and_its_conversion_agree() -> None:
    facts = _facts("The museum paid €5 million for the painting.", "The museum paid $5.6 million for the painting.",
                   year=2019)  # fmt: skip
    assert facts.conflicts == () and facts.agreements


def test_two_sums_far_apart_in_dollars_conflict() -> None:
    facts = _facts("The museum paid £3 million for the painting.", "The museum paid $6 million for the painting.",
                   year=2019)  # fmt: skip
    assert [c.kind for c in facts.conflicts] == ["quantity"]


@pytest.mark.parametrize("year, conflicts", [(2008, 0), (2019, 1)])
def test_the_rate_of_the_articles_year_decides(year: int, conflicts: int) -> None:
    facts = _facts("The club sold the striker for £3 million.", "The club sold the striker for $5.5 million.",
                   year=year)  # fmt: skip
    assert len(facts.conflicts) == conflicts


def test_undated_articles_never_compare_two_currencies() -> None:
    facts = _facts("The museum paid £3 million for the painting.", "The museum paid $6 million for the painting.",
                   year=None)  # fmt: skip
    assert facts == Facts()
