"""Quantities: the labelled table's accuracy floors, normalisation cases, and `agree`."""

from __future__ import annotations

import math

import pytest

from quantity_tables import load, quantity_ok, score
from rashomon.text.numbers import parse_number
from rashomon.text.quantities import Quantity, agree, comparable, find_quantities, plural, singular

# Measured on tests/data/quantities.tsv (178 cases); raise a floor when the extractor improves, never lower it.
FLOORS = {"money": 1.0, "percent": 1.0, "count": 1.0, "duration": 1.0, "none": 1.0}


def one(text: str) -> Quantity:
    """Return the only quantity in `text`."""
    found = find_quantities(text)
    assert len(found) == 1, found
    return found[0]


def test_table_accuracy_meets_floors():
    rows = load("quantities")
    accuracy, counts, failed = score(rows, lambda row: quantity_ok(row, find_quantities(row.sentence)))
    print("\nquantity normalisation accuracy:")
    for kind in FLOORS:
        print(f"  {kind:9} {accuracy[kind]:.3f}  ({counts[kind]} cases)")
    print("  failed:", [row.surface for row in failed])
    assert sum(counts.values()) >= 100
    for kind, floor in FLOORS.items():
        assert accuracy[kind] >= floor, (kind, accuracy[kind], [r.surface for r in failed if r.kind == kind])


@pytest.mark.parametrize(
    "surface, value, precision",
    [
        ("1.8", 1.8, 0.1),
        ("100,000", 100000, 100000),
        ("1,004", 1004, 1),
        ("twenty-one", 21, 1),
        ("one hundred and five", 105, 1),
        ("three and a half", 3.5, 0.5),
        ("a", 1, 1),
    ],
)
def test_parse_number(surface, value, precision):
    assert parse_number(surface) == (value, precision)


def test_parse_number_refuses_words_that_are_not_numbers():
    assert parse_number("several") is None


def test_money_keeps_currency_scale_and_qualifier():
    q = one("Bilateral trade reached an estimated $118bn in 2024.")
    assert (q.kind, q.value, q.unit, q.precision, q.qualifier, q.cue) == (
        "money", 118e9, "USD", 1e9, "approx", "an estimated",
    )  # fmt: skip
    assert q.assumed and q.text == "an estimated $118bn"


def test_explicit_currency_is_not_assumed():
    assert not one("Trade totalled US$118.7 billion.").assumed


def test_count_has_its_noun_in_the_singular():
    q = one("The entourage will include five cabinet members.")
    assert (q.kind, q.value, q.noun, q.text) == ("count", 5, "cabinet member", "five cabinet members")


def test_relative_dates_are_not_durations():
    assert find_quantities("The plant closed two years ago.") == ()


@pytest.mark.parametrize(
    "word, expected", [("countries", "country"), ("MPs", "MP"), ("taxes", "tax"), ("people", "people")]
)
def test_singular(word, expected):
    assert singular(word) == expected


def test_attrs_are_json_ready():
    attrs = one("More than 1.8 million Canadian residents").attrs()
    assert attrs["qualifier"] == "lower" and attrs["low"] == 1.8e6 and attrs["high"] is None
    assert "start" not in attrs


# --- agree ----------------------------------------------------------------------------------------

AGREE = [
    ("Trade was US$118.7 billion.", "Trade reached an estimated $118bn.", True),
    ("Trade was US$118.7 billion.", "Trade was $118bn.", True),
    ("Trade was US$118.7 billion.", "Trade was US$117 billion.", False),
    ("Trade was US$118.7 billion.", "Trade was $121bn.", False),
    ("It was the first trip in eight years.", "It was the first trip in nearly a decade.", True),
    ("It was the first trip in eight years.", "It was the first trip in nine years.", False),
    ("It lasted 18 months.", "It lasted a year.", True),
    ("Tariffs of 25% apply.", "Tariffs of 25 per cent apply.", True),
    ("Tariffs of 25% apply.", "Tariffs of 20% apply.", False),
    ("More than 1.8 million Canadian residents.", "Two million Canadian residents.", True),
    ("More than 1.8 million Canadian residents.", "1.5 million Canadian residents.", False),
    ("About 100,000 Chinese students.", "96,000 Chinese students.", True),
    ("Two Canadians were held.", "Four Canadians were held.", False),
]


@pytest.mark.parametrize("a, b, expected", AGREE, ids=[f"{a}|{b}" for a, b, _ in AGREE])
def test_agree(a, b, expected):
    qa, qb = one(a), one(b)
    assert agree(qa, qb) is expected
    assert agree(qb, qa) is expected


def test_agree_needs_the_same_unit():
    usd, gbp = one("It cost $5 million."), one("It cost £5 million.")
    assert not comparable(usd, gbp) and not agree(usd, gbp)


def test_bare_dollar_is_comparable_with_any_dollar_but_explicit_ones_are_not():
    cad, bare, usd = one("It cost C$5 million."), one("It cost $5 million."), one("It cost US$5 million.")
    assert agree(cad, bare)
    assert not comparable(cad, usd)


def test_counts_of_different_things_are_not_comparable():
    assert not comparable(one("five cabinet members"), one("five provinces"))


def test_bounds():
    q = one("nearly a decade")
    assert (q.low, q.high) == (7.5, 10)
    assert math.isinf(one("at least 12 people").high)


@pytest.mark.parametrize(
    "text, noun",
    [
        ("The island, which has about 200,000 residents, lies south.", "resident"),
        ("Vell island, home to 120,000 people, lies south.", "resident"),
        ("The town has a population of more than 9,000.", "resident"),
        ("The valley is populated by 4,000 farmers.", "farmer"),
        ("The flood killed 40 people in the valley.", "people"),
        ("The town of 3,000 people voted.", "people"),
    ],
    ids=["residents", "home-to", "population-of", "populated-by-a-noun", "killed", "town-of"],
)
def test_a_population_is_one_measure_however_worded(text, noun):
    assert one(text).noun == noun


@pytest.mark.parametrize(
    "noun", ["carries", "countries", "churches", "boxes", "days", "children", "people", "cabinet members", "wishes"]
)
def test_plural_reads_back_what_singular_took_off(noun: str) -> None:
    """A conflict shows '9 carries', not '9 carrys': the counted noun is stored singular and shown plural."""
    last = noun.rsplit(" ", 1)[-1]
    assert plural(noun.removesuffix(last) + singular(last)) == noun
