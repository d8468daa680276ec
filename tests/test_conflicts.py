"""Conflicts and agreements: values and statements of aligned sentences, figures across claims, the reference story."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

import rashomon
from rashomon.comparison.facts.conflicts import Facts, find_conflicts
from rashomon.model.records import Article, Claim, Comparison, Mention
from rashomon.render.json import report_dict
from rashomon.render.markdown import render as render_md
from report_helpers import assert_valid_report

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "carney-beijing"
PUBLISHED = datetime(2025, 3, 12, tzinfo=UTC)


def _article(n: int, text: str, published: datetime | None = PUBLISHED) -> Article:
    return Article(id=f"a{n:015d}", source=f"outlet{n}.txt", outlet=f"Outlet {n}", text=text, published=published)


def facts_of(*sentences: str, published: datetime | None = PUBLISHED) -> Facts:
    """Compare one-sentence articles aligned as one claim."""
    articles = [_article(i, s, published) for i, s in enumerate(sentences)]
    claim = Claim(
        id="c" * 16,
        text=sentences[0],
        status="consensus",
        articles=tuple(a.id for a in articles),
        missing=(),
        mentions=tuple(Mention(article=a.id, start=0, end=len(a.text)) for a in articles),
    )
    return find_conflicts([claim], articles)


def values_of(record) -> list[str]:
    return [v.display for v in record.values]


CONFLICTS = [
    (
        "number",
        "The blast at the fertiliser depot killed 12 people, the regional governor said.",
        "At least 14 people were killed in the blast at the depot, according to rescuers.",
    ),
    (
        "quantity",
        "Unemployment in the province rose to 5.2% in February, the statistics office said.",
        "The statistics office said unemployment in the province rose to 5.9% last month.",
    ),
    (
        "quantity",
        "The city council approved a $310 million budget for the new light rail line on Tuesday.",
        "Councillors on Tuesday approved a C$250 million budget for the light rail line.",
    ),
    (
        "date",
        "The Ravensworth smelter, which opened in 1998, will close at the end of June.",
        "The smelter, opened in 2003, will close at the end of June, its owner said.",
    ),
    (
        "date",
        "Tomas Lind ran the lighthouse on the island from 1921 to 1948.",
        "Lind, who ran the island's lighthouse from 1920 to 1947, kept a diary.",
    ),
    (
        "statement",
        "Health minister Priya Raman did not meet the striking nurses on Monday.",
        "Health minister Priya Raman met the striking nurses on Monday at the hospital.",
    ),
    (
        "statement",
        "The club denied paying the agent a commission for the transfer.",
        "The club paid the agent a commission of £2m for the transfer, the documents show.",
    ),
    (
        "statement",
        "Negotiators reached no agreement on fishing quotas after two days of talks.",
        "Negotiators reached an agreement on fishing quotas after two days of talks in Brussels.",
    ),
    (
        "number",
        "The blast at the depot killed 12 people, the governor said.",
        "The blast at the depot killed 14 people, 12 of them workers, the governor said.",
    ),
    (
        "number",
        "The striker scored 12 goals in 30 games and made 9 assists.",
        "The striker scored 14 goals in 30 games and made 9 assists.",
    ),
    (
        "date",
        "Maria Ruiz, the former governor, was elected to the vacant seat in 1980.",
        "Ruiz was elected to the vacant seat in 1982, the paper said.",
    ),
    ("date", "The plan, though, was approved by the council in 2019.", "The council approved the plan in 2018."),
    (
        "statement",
        "The talks ended with a deal on tariffs, without delay.",
        "The talks produced no deal on tariffs, officials said.",
    ),
]


@pytest.mark.parametrize("kind, first, second", CONFLICTS, ids=lambda v: v[:40] if isinstance(v, str) else None)
def test_aligned_sentences_that_disagree_are_a_conflict(kind: str, first: str, second: str) -> None:
    facts = facts_of(first, second)
    assert [c.kind for c in facts.conflicts] == [kind]
    assert {v.article for v in facts.conflicts[0].values} == {"a000000000000000", "a000000000000001"}


AGREEMENTS = [
    ("Bilateral trade reached an estimated $118bn in 2024.", "Two-way trade totalled US$118.7 billion in 2024."),
    ("Inflation eased to 2.5% in January.", "Inflation eased to about 2.4 per cent in January."),
    (
        "It was the first visit by a Canadian leader in eight years.",
        "It was the first visit by a Canadian leader in nearly a decade.",
    ),
    (
        "The embassy said 1.8 million people had applied for the visa lottery.",
        "Some 1,800,000 people applied for the visa lottery, the embassy said.",
    ),
    (
        "The bridge was completed in March 2011 after a decade of work.",
        "Work on the bridge was completed in 2011 after ten years.",
    ),
]


@pytest.mark.parametrize("first, second", AGREEMENTS, ids=lambda v: v[:40])
def test_values_within_rounding_are_an_agreement_not_a_conflict(first: str, second: str) -> None:
    facts = facts_of(first, second)
    assert facts.conflicts == ()
    assert facts.agreements and all(len({v.article for v in a.values}) == 2 for a in facts.agreements)


NOT_COMPARED = [
    (
        "different counted things",
        "The storm damaged 300 homes and 40 schools across the county.",
        "The storm damaged 40 schools, officials said.",
    ),
    (
        "different events near the dates",
        "The treaty was signed in 2019 in Geneva.",
        "Parliament ratified the treaty in 2021 after a long debate.",
    ),
    (
        "a currency without a known rate",
        "The fund raised ₹10 million from donors.",
        "The fund raised €10 million from donors.",
    ),
    ("a bare number counts nothing", "The vote passed 52 to 47 in the Senate.", "The Senate vote passed 51 to 48."),
    (
        "not only is no denial",
        "The strike not only closed the port but halted rail freight.",
        "The strike closed the port and halted rail freight for three days.",
    ),
    (
        "a condition is no statement",
        "Officials would say whether the airport will not reopen on Friday.",
        "The airport will reopen on Friday, officials said.",
    ),
    ("both negate", "The minister did not resign on Monday.", "The minister has not resigned, her office said."),
    (
        "denied something else",
        "The mayor denied the claims about the contract.",
        "The mayor signed the contract in secret, the audit found.",
    ),
    (
        "ends of two ranges",
        "The worst hit farms sustained between 40 and 80 percent crop damage, the ministry said.",
        "The ministry said 40 percent to 70 percent of the crop on the worst hit farms was lost.",
    ),
    (
        "a quake and its aftershock",
        "The observatory registered a quake measuring 3.8 near the coast on Monday.",
        "The observatory said the quake near the coast measured magnitude 5.9.",
    ),
    (
        "one written day, two guessed years",
        "The judge set the sentencing for June 28 at the federal court.",
        "Sentencing at the federal court has been set for June 28.",
    ),
    (
        "a decimal figure the other outlet writes bare beside another figure",
        "The couple paid an effective federal tax rate of 35.7 percent last year.",
        "Their federal tax rate was 35.72, and with state taxes a combined rate of 45.8 percent.",
    ),
    (
        "the words of an apposition and a title opening the sentence: two events of one person",
        "Dr. Okafor, the first woman surgeon in the county, opened the Lakeside Clinic in 1998.",
        "Dr. Okafor became the first woman president of the county surgeons' society in 2004.",
    ),
    (
        "the words of an 'even though' clause: two events of one person",
        "After the election in 1992, Mr. Haller worked at the ministry for a modest salary and an office.",
        "Haller joined the government in 1993, even though his salary was modest and his office small.",
    ),
    (
        "'without' denies as 'no' does",
        "Mr. Haller worked at the ministry without pay or title for two years.",
        "Haller spent two years at the ministry but he had no pay and no title.",
    ),
    (
        "two seasons: every figure of like measure differs",
        "The striker scored 12 goals in 30 games and made 9 assists.",
        "The striker scored 21 goals in 44 games and made 15 assists.",
    ),
]


@pytest.mark.parametrize("why, first, second", NOT_COMPARED, ids=lambda v: v if " " in v[:15] else None)
def test_values_of_different_things_are_not_a_conflict(why: str, first: str, second: str) -> None:
    assert facts_of(first, second).conflicts == ()


def test_relative_dates_resolved_against_an_inferred_date_never_conflict() -> None:
    facts = facts_of(
        "The talks collapsed on Monday, the union said.", "The talks collapsed on Tuesday.", published=None
    )
    assert facts.conflicts == ()


def test_weekdays_resolved_against_the_publication_date_can_conflict() -> None:
    facts = facts_of(
        "The talks collapsed on Monday, the union said.", "The talks collapsed on Tuesday, the union said."
    )
    assert [c.kind for c in facts.conflicts] == ["date"]


def test_yesterday_a_day_from_another_outlets_weekday_is_no_conflict() -> None:
    # Published on Wednesday: "yesterday" reads as Tuesday, but the story may have been written on Tuesday.
    facts = facts_of("The climber died yesterday after a fall, police said.",
                     "The climber died on Monday after a fall, police said.")  # fmt: skip
    assert facts.conflicts == ()


def test_yesterday_two_days_from_another_outlets_weekday_still_conflicts() -> None:
    facts = facts_of("The climber died yesterday after a fall, police said.",
                     "The climber died on Sunday after a fall, police said.")  # fmt: skip
    assert [c.kind for c in facts.conflicts] == ["date"]


def test_conflict_groups_the_outlets_that_agree() -> None:
    facts = facts_of("The smelter opened in 1998.", "The smelter, opened in 2003, will close.",
                     "The smelter opened in 1998, its owner said.")  # fmt: skip
    (conflict,) = facts.conflicts
    groups = {v.article: v.group for v in conflict.values}
    assert groups["a000000000000000"] == groups["a000000000000002"] != groups["a000000000000001"]


def test_conflict_values_point_at_the_value_and_its_sentence() -> None:
    first, second = CONFLICTS[0][1:]
    (conflict,) = facts_of(first, second).conflicts
    spans = {first[v.start : v.end] if v.article.endswith("0") else second[v.start : v.end] for v in conflict.values}
    assert spans == {"12 people", "At least 14 people"}
    assert all(v.sentence_start == 0 for v in conflict.values)


def test_figure_in_unaligned_sentences_matches_by_measure_context_and_date() -> None:
    one = _article(0, "Exports of salmon reached $1.2 billion in 2023. The harbour was busy.")
    two = _article(1, "Farmers welcomed the news. Salmon exports hit US$1.24 billion in 2023, the agency said.")
    claims = [
        Claim(id=f"c{i:015d}", text="x", status="unique", articles=(a.id,), missing=(),
              mentions=(Mention(article=a.id, start=s, end=e),))
        for i, (a, s, e) in enumerate([(one, 0, 48), (two, 27, 88)])
    ]  # fmt: skip
    facts = find_conflicts(claims, [one, two])
    assert facts.conflicts == () and "figure" in [a.basis for a in facts.agreements]


def test_figure_in_another_year_is_not_matched() -> None:
    one = _article(0, "Exports of salmon reached $1.2 billion in 2023.")
    two = _article(1, "Salmon exports hit $1.9 billion in 2021.")
    claims = [
        Claim(id=f"c{i:015d}", text="x", status="unique", articles=(a.id,), missing=(),
              mentions=(Mention(article=a.id, start=0, end=len(a.text)),))
        for i, a in enumerate([one, two])
    ]  # fmt: skip
    assert find_conflicts(claims, [one, two]) == Facts()


@pytest.fixture(scope="module")
def carney() -> Comparison:
    return rashomon.compare([str(EXAMPLE)])


def _written(comparison: Comparison, record) -> set[str]:
    return {comparison.article(v.article).text[v.start : v.end] for v in record.values}


def test_reference_trade_figures_agree(carney: Comparison) -> None:
    assert carney.agreements is not None and carney.conflicts is not None
    assert any(_written(carney, a) == {"US$118.7 billion", "an estimated $118bn"} for a in carney.agreements)
    assert not any("118" in text for c in carney.conflicts for text in _written(carney, c))


def test_reference_trade_figure_sentence_is_shared_and_its_figure_agrees(carney: Comparison) -> None:
    claim = next(
        c
        for c in carney.claims
        if any("US$118.7 billion" in carney.article(m.article).text[m.start : m.end] for m in c.mentions)
    )
    assert len(claim.articles) >= 2
    agreeing = [
        a for a in carney.agreements or () if _written(carney, a) == {"US$118.7 billion", "an estimated $118bn"}
    ]
    assert agreeing and any(v.claim == claim.id for a in agreeing for v in a.values)


def test_lone_sentences_stating_the_same_sum_are_paired_but_not_different_sums() -> None:
    base = "The council met on Monday to discuss the harbour. Fishing crews gathered outside the town hall."
    articles = [
        Article(id="a", source="a", text=f"{base}\nThe state has agreed to pay US$2.46 billion for the works."),
        Article(
            id="b",
            source="b",
            text=f"{base}\nOfficials say the state will in the end pay about $2.5bn, with the city adding land.",
        ),
        Article(id="c", source="c", text=f"{base}\nA separate flood fund for farmers will receive $4.1 billion."),
    ]
    comparison = rashomon.compare_articles(articles)
    claim = next(
        c
        for c in comparison.claims
        if any("2.46" in comparison.article(m.article).text[m.start : m.end] for m in c.mentions)
    )
    assert set(claim.articles) == {"a", "b"}
    assert any(a.claim == claim.id for a in comparison.agreements or ())


def test_reference_first_visit_durations_agree(carney: Comparison) -> None:
    assert any({"eight years", "nearly a decade"} <= _written(carney, a) for a in carney.agreements or ())


def test_reference_detention_year_is_a_date_conflict(carney: Comparison) -> None:
    claim = next(
        c
        for c in carney.claims
        if any("in 2019 in retaliation" in carney.article(m.article).text[m.start : m.end] for m in c.mentions)
    )
    assert len(claim.articles) >= 2, "the aligner keeps Global News's 2019 sentence apart from the 2018 ones"
    found = [c for c in carney.conflicts or () if c.claim == claim.id]
    assert found and all(c.kind == "date" and "2019" in _written(carney, c) for c in found)
    assert {"2018", "since 2018"} <= set().union(*(_written(carney, c) for c in found))


def test_reference_has_no_other_conflict(carney: Comparison) -> None:
    assert all(c.kind == "date" and "2019" in _written(carney, c) for c in carney.conflicts or ())


def test_reference_report_carries_conflicts_and_agreements(carney: Comparison) -> None:
    report = report_dict(carney)
    assert_valid_report(report)
    value = report["conflicts"][0]["values"][0]
    article = next(a for a in report["articles"] if a["id"] == value["article"])
    assert article["text"][value["start"] : value["end"]] == value["text"]
    assert article["text"][value["value_start"] : value["value_end"]] == value["value"]
    assert report["agreements"]


def test_reference_markdown_shows_disagreements_and_agreements(carney: Comparison) -> None:
    text = render_md(carney)
    section = text.split("## Where the outlets disagree")[1].split("\n## ")[0]
    assert "**2019**" in section and "**since 2018**" in section
    assert "**US$118.7 billion**" in section and "agree within rounding" in section


def test_claimdiff_figures_read_precision_at_the_base_rate() -> None:
    from collections import Counter

    from rashomon_eval.claimdiff_conflicts import ClaimPair, ConflictFigures, conflicts_table, pair_conflicts

    figures = ConflictFigures(pairs=Counter(weaken=10, strengthen=80, neither=10),
                              reported=Counter(weaken=3, strengthen=1, neither=2), kinds=Counter(date=6))  # fmt: skip
    assert figures.precision == 0.5 and figures.precision_vs_strengthen == 0.75 and figures.base_rate == 0.1
    assert conflicts_table(figures).rows["weaken"]["share"] == 0.3
    pair = ClaimPair(
        pair_id="p1",
        topic="t",
        article_a="a",
        claim_a=CONFLICTS[0][1],
        article_b="b",
        claim_b=CONFLICTS[0][2],
        date=PUBLISHED,
        label="weaken",
    )
    assert pair_conflicts(pair) == ["number"]


def test_reference_reads_the_same_values_from_the_quantities_layers(carney: Comparison) -> None:
    from rashomon.analysis.pipeline import DEFAULT_PIPELINE
    from rashomon.comparison.compare import CompareOptions

    layered = rashomon.compare([str(EXAMPLE)], options=CompareOptions(components=(*DEFAULT_PIPELINE, "quantities")))

    def signature(c: Comparison) -> set[tuple]:
        records = (*(c.conflicts or ()), *(c.agreements or ()))
        return {(r.kind, tuple((v.article, v.start, v.end) for v in r.values)) for r in records}

    assert signature(layered) == signature(carney)


def _unaligned(*sentences: str) -> Facts:
    """Compare one-sentence articles, each sentence its own claim (the aligner kept them apart)."""
    articles = [_article(i, s) for i, s in enumerate(sentences)]
    claims = [
        Claim(id=f"c{i:015d}", text=a.text, status="unique", articles=(a.id,), missing=(),
              mentions=(Mention(article=a.id, start=0, end=len(a.text)),))
        for i, a in enumerate(articles)
    ]  # fmt: skip
    return find_conflicts(claims, articles)


@pytest.mark.parametrize(
    "first, second",
    [
        ("The quake, of magnitude 6.1, shook the island of Marden.", "The quake, of magnitude 5.9, shook the island."),
        (
            "The flood killed more than 26,000 people in the valley.",
            "More than 31,000 people were killed in the valley flood.",
        ),
        (
            "The archive held 50,000 pages of printed letters from the mayor.",
            "The clerk received 55,000 pages of the mayor's letters.",
        ),
    ],
    ids=["magnitude", "more-than", "page-count"],
)
def test_values_of_one_fact_conflict_across_the_story(first: str, second: str) -> None:
    assert [c.basis for c in _unaligned(first, second).conflicts] == ["story"]


@pytest.mark.parametrize(
    "first, second",
    [
        (
            "The island lies 1,500 kilometers south of the capital.",
            "The island lies about 940 miles south of the capital.",
        ),
        ("The storm hit 36 miles off the coast of the island.", "The storm hit 35 miles off the coast of the island."),
        ("Donors gave $43,350 to the mayor's campaign fund.", "Donors gave $43,000 to the mayor's campaign fund."),
    ],
    ids=["km-miles", "rounded-distance", "rounded-amount"],
)
def test_values_that_agree_within_rounding_or_units_never_conflict(first: str, second: str) -> None:
    facts = _unaligned(first, second)
    assert facts.conflicts == () and facts.agreements


def test_figures_far_apart_measure_different_things() -> None:
    facts = facts_of(
        "He spent $43,000 of campaign funds on a gold watch, prosecutors said.",
        "He spent $750,000 of campaign funds on personal items, prosecutors said.",
    )
    assert facts.conflicts == ()


def test_a_statement_told_reversed_is_a_statement_conflict() -> None:
    facts = _unaligned(
        "To pass this bill in the next weeks would increase the risk that the economy would stall.",
        "If they don't pass this bill in the next weeks it will increase the risk that the economy would stall.",
    )
    assert [c.kind for c in facts.conflicts] == ["statement"]
    assert {v.normalized for v in facts.conflicts[0].values} == {"negative", "positive"}


def test_relative_dates_read_against_different_article_dates_never_conflict() -> None:
    one = _article(0, "Sentencing was set for June 28, the court said.", datetime(2012, 3, 1, tzinfo=UTC))
    two = _article(1, "Sentencing was set for June 28, the court said.", datetime(2013, 3, 1, tzinfo=UTC))
    claim = Claim(id="c" * 16, text=one.text, status="consensus", articles=(one.id, two.id), missing=(),
                  mentions=tuple(Mention(article=a.id, start=0, end=len(a.text)) for a in (one, two)))  # fmt: skip
    assert find_conflicts([claim], [one, two]).conflicts == ()


@pytest.mark.parametrize(
    "first, second",
    [
        (
            "The island, which has about 200,000 residents, lies far to the south.",
            "Vell island, home to 120,000 people, lies to the south.",
        ),
        (
            "Vell island, home to 120,000 people, lies to the south.",
            "The island has a population of 90,000, officials said.",
        ),
    ],
    ids=["residents-people", "people-population"],
)
def test_populations_worded_differently_conflict(first: str, second: str) -> None:
    assert [c.kind for c in facts_of(first, second).conflicts] == ["number"]


def test_populations_of_two_named_places_do_not_conflict() -> None:
    facts = facts_of(
        "Vell island, home to 120,000 people, lies to the south.",
        "Dunmore island, home to 90,000 people, lies to the south.",
    )
    assert facts.conflicts == ()


def test_magnitudes_on_one_scale_of_two_places_do_not_conflict() -> None:
    facts = _unaligned(
        "In March a quake measuring 6.4 on the Richter scale hit the town of Orvel.",
        "A quake registering 6.1 on the Richter scale struck near Dunmore.",
    )
    assert facts.conflicts == ()


def test_conflict_says_what_it_is_about_with_a_confidence() -> None:
    (conflict,) = _unaligned(
        "The archive held 50,000 pages of printed letters from the mayor.",
        "The clerk received 55,000 pages of the mayor's letters.",
    ).conflicts
    assert conflict.outcome == "conflict" and "page" in conflict.about
    assert conflict.confidence is not None and 0 < conflict.confidence <= 1


def test_names_compare_without_possessives_or_calendar_words() -> None:
    facts = _unaligned(
        "In December, boxes holding 50,000 pages of printed emails from Mrs. Clinton’s account were delivered.",
        "The department said on Monday it had received 55,000 pages of Clinton's emails.",
    )
    assert [c.kind for c in facts.conflicts] == ["number"]


LIST_OF_EXPENSES = (
    "Receipts released by the court show the campaign paid $1,250 on the Blue Harbor Inn, $860 to Coastline "
    "Catering and $3,410 at the Grand Meridian Hotel."
)


def test_a_sum_in_a_list_conflicts_with_the_sum_paid_at_the_same_named_place() -> None:
    """In a list the words around each sum are the whole list's: the name it was paid at says what it measures."""
    facts = _unaligned(LIST_OF_EXPENSES, "Among the charges was a $3,140 stay at the Grand Meridian Hotel in June.")
    assert [values_of(c) for c in facts.conflicts] == [["$3,410", "$3,140"]]
    assert facts.conflicts[0].about == "amount at Grand Meridian Hotel" and facts.conflicts[0].confidence >= 0.6


def test_the_same_sum_paid_at_the_same_named_place_agrees() -> None:
    facts = _unaligned(LIST_OF_EXPENSES, "Among the charges was a $3,410 stay at the Grand Meridian Hotel in June.")
    assert facts.conflicts == ()
    assert [values_of(a) for a in facts.agreements] == [["$3,410", "$3,410"]]


def test_sums_paid_at_different_named_places_are_never_compared() -> None:
    facts = _unaligned(LIST_OF_EXPENSES, "Among the charges was a $3,140 stay at the Silver Pines Lodge in June.")
    assert facts.conflicts == () and facts.agreements == ()


def test_two_sums_tied_to_one_name_in_an_article_are_not_guessed_between() -> None:
    facts = _unaligned(
        LIST_OF_EXPENSES,
        "The campaign paid $3,140 at the Grand Meridian Hotel in June and $2,900 at the Grand Meridian Hotel in May.",
    )
    assert facts.conflicts == ()


def test_a_date_beside_a_disclosure_times_the_disclosure_not_the_fact() -> None:
    facts = facts_of(
        "Court records disclosed Wednesday show the senator repaid the loan to the bank.",
        "Court records disclosed Thursday show the senator repaid the loan to the bank.",
    )
    assert facts.conflicts == ()


class _Unrelated:
    """An encoder that reads every sentence as unrelated to every other (cosine 0): the sentence guard's worst case."""

    name = "unrelated"

    def encode(self, sentences: list[str]):
        import numpy as np

        return np.eye(len(sentences), dtype=np.float32)


def _aligned_with(encoder: object, *sentences: str) -> Facts:
    articles = [_article(i, s) for i, s in enumerate(sentences)]
    mentions = tuple(Mention(article=a.id, start=0, end=len(a.text)) for a in articles)
    ids = tuple(a.id for a in articles)
    claim = Claim(id="c" * 16, text=sentences[0], status="consensus", articles=ids, missing=(), mentions=mentions)
    return find_conflicts([claim], articles, encoder=encoder)  # type: ignore[arg-type]


def test_aligned_sentences_giving_a_place_two_populations_conflict_however_worded() -> None:
    """The place is the guard: "The island, which has about 90,000 residents, lies off the coast" and "The quake
    struck Marden island, home to 60,000 people" read far apart as sentences but give one island two populations."""
    facts = _aligned_with(
        _Unrelated(),
        "The island, which has about 90,000 residents, lies 300 miles south of the capital.",
        "The quake struck Marden island, home to 60,000 people, and the port of Velo, state radio said.",
    )
    assert [values_of(c) for c in facts.conflicts] == [["about 90,000 residents", "60,000 residents"]]


def test_other_counts_of_aligned_sentences_still_need_sentences_that_say_the_same() -> None:
    facts = _aligned_with(
        _Unrelated(),
        "The flood killed more than 26,000 people in the valley, officials said.",
        "More than 31,000 people were killed in the valley flood, officials said.",
    )
    assert facts.conflicts == ()


@pytest.mark.parametrize(
    "first, second",
    [
        ('"The harbour is not the target, the airport is the target," the general said.', "The airport is the target."),
        (
            "The council is not the problem; the budget office is the problem, she argued.",
            "The budget office is the problem.",
        ),
    ],
    ids=["contrast-comma", "contrast-semicolon"],
)
def test_a_sentence_that_denies_a_predicate_of_one_thing_and_grants_it_to_another_contradicts_nothing(
    first: str, second: str
) -> None:
    assert facts_of(first, second).conflicts == ()


def test_a_wish_to_do_it_does_not_excuse_a_denial() -> None:
    facts = facts_of(
        "The minister did not meet Xi, although he had hoped to meet him during the visit.",
        "The minister met Xi on Friday during the visit.",
    )
    assert [c.kind for c in facts.conflicts] == ["statement"]


def _first_sentences_aligned(*texts: str) -> Facts:
    """Articles of several sentences whose first sentences are aligned as one claim."""
    articles = [_article(i, t) for i, t in enumerate(texts)]
    mentions = tuple(Mention(article=a.id, start=0, end=a.text.index(".") + 1) for a in articles)
    ids = tuple(a.id for a in articles)
    claim = Claim(id="c" * 16, text=texts[0], status="consensus", articles=ids, missing=(), mentions=mentions)
    return find_conflicts([claim], articles)


def test_an_outlet_that_states_both_values_does_not_disagree_with_either() -> None:
    """A timeline's dated events paired by shared words: the first outlet writes 1962 too (the acquittal)."""
    charged = "In 1961 the mayor was charged with fraud over the harbour contracts. A jury acquitted him in 1962."
    acquitted = "The mayor was acquitted in 1962 on charges of fraud over the harbour contracts."
    assert _first_sentences_aligned(charged, acquitted).conflicts == ()


def test_an_outlet_that_states_only_its_own_value_disagrees() -> None:
    first = "In 1961 the mayor was charged with fraud over the harbour contracts. A jury later acquitted him."
    second = "In 1962 the mayor was charged with fraud over the harbour contracts."
    assert [values_of(c) for c in _first_sentences_aligned(first, second).conflicts] == [["1961", "1962"]]


def test_a_year_before_the_noun_it_dates_conflicts_only_with_a_date_of_that_noun() -> None:
    """'the 2012 harbour attack' dates the attack; '2016' in the other sentence times the hearing."""
    facts = facts_of(
        "The committee will question the minister about the 2012 harbour attack before it reports.",
        "The committee wants to drag the questioning of the minister into 2016 before it reports.",
    )
    assert facts.conflicts == ()


@pytest.mark.parametrize(
    "charge",
    [
        "A man has been charged with arson after a fire at a village shop.",
        "Police arrested a man on suspicion of arson after a fire at a village shop.",
    ],
    ids=["charged-with", "suspicion-of"],
)
def test_denying_a_charge_does_not_contradict_the_charge(charge: str) -> None:
    assert facts_of("A man has denied arson after a fire at a village shop on Sunday.", charge).conflicts == ()


def test_denying_an_act_contradicts_a_report_of_the_act() -> None:
    facts = facts_of(
        "The senator denied taking the money from the donor.",
        "The senator took the money from the donor, records show.",
    )
    assert [c.kind for c in facts.conflicts] == ["statement"]


def test_counts_of_people_doing_different_things_never_conflict() -> None:
    """'People' names no fact by itself: a crowd that gathered and a part of it that marched are two counts."""
    facts = _unaligned(
        "On Friday night about 300 people gathered at the square for the rally.",
        "Nearly 120 people set off from the rally at the square to march to the town hall.",
    )
    assert facts.conflicts == ()


def test_a_date_the_other_outlet_states_more_precisely_is_not_contradicted_by_its_other_dates() -> None:
    """'November 20, 2026' states 'November 2026': the other sentence's 'last year' times something else."""
    facts = facts_of(
        "The studio is under pressure to meet a previously announced November 2026 release date for the sequel.",
        "Last year the studio set a November 20, 2026 release date for the sequel and hired a writer.",
    )
    assert facts.conflicts == ()


def test_the_far_end_of_a_range_whose_near_end_is_a_bare_number_is_not_a_value() -> None:
    """'sentenced to one to three years' states a range; its 'three years' alone is not what was served."""
    facts = facts_of(
        "The aide pleaded guilty to obstruction and was sentenced to one to three years over the cover-up.",
        "The aide pleaded guilty to obstruction and served four months over the cover-up.",
    )
    assert facts.conflicts == ()


def test_a_full_date_before_the_noun_it_dates_is_about_that_noun() -> None:
    """'the June 20, 2024 attempted murder' dates the attempt, not the conviction of the other sentence."""
    facts = facts_of(
        "The gunman was convicted on March 20, 2025 of murder for killing the officer at the farm.",
        "The gunman was also convicted of the June 20, 2024 attempted murder of a worker at the farm.",
    )
    assert facts.conflicts == ()


def test_a_date_written_out_elsewhere_states_the_day_another_outlet_reads_from_a_weekday() -> None:
    """The second outlet dates both charges; the first outlet's 'Friday' is the day of the second one."""
    first = "The gunman was charged on Friday with killing the officer at the farm, police said. He was held."
    second = (
        "The gunman was charged on Monday, March 3 with wounding a worker at the farm, police said. "
        "On March 7, 2025 he was charged with killing the officer."
    )
    assert _first_sentences_aligned(first, second).conflicts == ()


def test_names_that_share_only_a_title_word_are_two_names() -> None:
    """'Hurricane Ivy' and 'Hurricane Lena' are two storms: their years do not conflict."""
    facts = facts_of(
        "When Hurricane Ivy destroyed the clinic in 1998, the doctor made house calls to all her patients.",
        "The doctor rebuilt her clinic, destroyed by Hurricane Lena in 2005, with donations from her patients.",
    )
    assert facts.conflicts == ()


def test_one_person_named_with_and_without_a_title_is_one_name() -> None:
    facts = facts_of(
        "Governor Maria Reyes signed the water bill on the steps of the capitol in 2019.",
        "Reyes signed the water bill on the steps of the capitol in 2018.",
    )
    assert [values_of(c) for c in facts.conflicts] == [["2019", "2018"]]


def test_a_count_per_game_is_not_a_count_of_one_game() -> None:
    facts = facts_of(
        "In the final on Sunday the forward scored 23 points and grabbed 7 rebounds for the champions.",
        "The forward's 23 points and eight rebounds a game carried the champions to the final on Sunday.",
    )
    assert facts.conflicts == ()


def test_a_duration_that_says_when_is_not_the_length_of_something() -> None:
    facts = facts_of(
        "The visitors, who had won their semifinal just 18 hours earlier, lost the final to the hosts.",
        "The visitors, who had won their semifinal, held the hosts for about 30 minutes before losing the final.",
    )
    assert facts.conflicts == ()


def test_two_spans_of_one_thing_still_conflict() -> None:
    facts = facts_of(
        "The standoff with the gunman at the farm lasted 18 hours, police said.",
        "The standoff with the gunman at the farm lasted about 30 hours, police said.",
    )
    assert [c.kind for c in facts.conflicts] == ["quantity"]


def test_a_present_denial_of_what_was_so_is_a_change_not_a_contradiction() -> None:
    facts = facts_of(
        "The new rules do not require agencies to consult scientists before approving dams, the lawsuit said.",
        "The old rule required agencies to consult scientists before approving dams, officials said.",
    )
    assert facts.conflicts == ()


def test_a_date_in_a_second_predicate_times_that_predicate() -> None:
    """'... and received a grant last year': the year is the grant's, not the election's of the first clause."""
    facts = facts_of(
        "She was elected president of the state nurses association in 2002, the first woman in the post.",
        "She was the first woman to lead the state nurses association and received a national award last year.",
    )
    assert facts.conflicts == ()


def test_a_count_of_two_kinds_of_people_is_not_a_count_of_the_first() -> None:
    facts = facts_of(
        "The threat of an attack led the ferry company to evacuate some 420 passengers and crew from the ship.",
        "The ferry company said it would fly its 246 passengers and most of its crew home from the ship.",
    )
    assert facts.conflicts == ()


def test_counts_of_one_kind_still_conflict() -> None:
    facts = facts_of(
        "The ferry company said it would fly its 246 passengers home from the ship on Friday.",
        "The ferry company said it would fly its 264 passengers home from the ship on Friday.",
    )
    assert [values_of(c) for c in facts.conflicts] == [["246 passengers", "264 passengers"]]


def test_no_before_a_number_denies_nothing() -> None:
    facts = facts_of(
        "Ms. Grey, who was the No. 2 official at the agency when the leak began, died on Thursday.",
        "Ms. Grey, the former agency official behind the leak, died on Thursday.",
    )
    assert facts.conflicts == ()


def test_the_parts_of_a_clock_time_are_not_durations_by_themselves() -> None:
    facts = facts_of(
        "The hosts took a 31-24 lead on an interception return with 4 minutes 48 seconds remaining in the game.",
        "The hosts tied the game on a short touchdown pass with 12 minutes, 31 seconds remaining in the game.",
    )
    assert facts.conflicts == ()


def test_the_total_of_a_part_of_a_total_is_not_the_part() -> None:
    facts = facts_of(
        "The quarterback completed 28 of 41 passes for 329 yards in the loss on Sunday.",
        "The quarterback, who completed 28 passes for 329 yards, lost on Sunday.",
    )
    assert facts.conflicts == ()


def test_an_age_is_not_how_long_anything_lasted() -> None:
    facts = facts_of(
        "The town's police chief, 46-year-old Sam Ortega, is in critical condition in a hospital.",
        "Chief Ortega, who has been with the police department for two decades, is in critical condition.",
    )
    assert facts.conflicts == ()


def test_a_denial_both_outlets_quote_is_no_disagreement() -> None:
    """The second outlet quotes the same denial a sentence later: its first sentence does not contradict it."""
    first = '"You never see that in zone defence," the coach said after the game. He was pleased.'
    second = '"It was zone defence, and he read it well," the coach said. "You never see that in zone defence."'
    assert _first_sentences_aligned(first, second).conflicts == ()


def test_offsets_before_one_moment_time_their_own_events() -> None:
    """'takes effect nine days before the inauguration' / 'issued six weeks before he takes office'."""
    facts = facts_of(
        "The new species rule, issued by the outgoing administration, takes effect nine days before the inauguration.",
        "Just six weeks before the new president takes office, the outgoing administration issued the species rule.",
    )
    assert facts.conflicts == ()


def test_offsets_of_one_event_still_conflict() -> None:
    facts = facts_of(
        "The outgoing administration issued the species rule just six weeks before the inauguration.",
        "The outgoing administration issued the species rule just four weeks before the inauguration.",
    )
    assert [c.kind for c in facts.conflicts] == ["quantity"]


def test_what_someone_did_not_know_denies_nothing() -> None:
    facts = facts_of(
        "What the deputy didn't know was that the gunman was hiding behind the door of the house.",
        "Deputies believed they knew where the gunman was hiding and searched the house.",
    )
    assert facts.conflicts == ()


@pytest.mark.parametrize(
    ("denial", "report"),
    [
        ("The minister denied reports that she had resigned from the cabinet.",
         "Two papers reported that the minister had resigned from the cabinet."),
        ("The aide denied suggestions that he was the source of the leak.",
         "Some reporters have suggested that the aide was the source of the leak."),
        ("The company denied claims that its drivers were underpaid last year.",
         "The union claimed that the company's drivers were underpaid last year."),
    ],
    ids=["reports", "suggestions", "claims"],
)  # fmt: skip
def test_denying_what_others_say_answers_the_saying_and_does_not_deny_it_was_said(denial: str, report: str) -> None:
    assert facts_of(denial, report).conflicts == ()


@pytest.mark.parametrize(
    "too",
    [
        "His sister said he had too much sense to point a loaded gun at an officer.",
        "The guard was too frightened to point the gun at the officer, a witness said.",
        "His friends said he had far too much of his father's calm good sense to point a gun at anyone.",
    ],
)
def test_too_much_to_do_it_denies_it_as_not_does(too: str) -> None:
    """'too … to point' says he did not point: it agrees with 'did not point', it does not contradict it."""
    assert facts_of("Witnesses said the man did not point the gun at the officer.", too).conflicts == ()


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Under the law the election is valid only if turnout is more than 50 percent of eligible voters.",
         "Officials said 90 percent of eligible voters took part in the election."),
        ("The bill needed 60 votes to pass the Senate on Tuesday.", "The bill won 58 votes in the Senate on Tuesday."),
        ("The plan requires at least 3,000 workers at the port.", "The port has 2,400 workers under the plan."),
        # a clause a stated time sets apart tells another event: the 30 are another fire's, not this one's 14
        ("The fire at the market on Tuesday came two weeks after a blaze there killed 30 people.",
         "The fire at the market killed 14 people on Tuesday, officials said."),
        ("The strike on Monday came three days after a march by dockworkers drew 5,000 people.",
         "The strike by dockworkers on Monday drew 12,000 people, the union said."),
    ],
    ids=["valid-only-if", "needed", "requires", "earlier-blaze", "earlier-march"],
)  # fmt: skip
def test_figures_of_two_roles_are_not_compared(one: str, other: str) -> None:
    """A figure a rule asks for is not the figure reached; one of an event a stated time apart is not this one's."""
    assert facts_of(one, other).conflicts == ()


def test_two_outlets_giving_different_required_figures_conflict() -> None:
    facts = facts_of("The bill needed 60 votes to pass the Senate on Tuesday.",
                     "The bill needed 67 votes to pass the Senate on Tuesday.")  # fmt: skip
    assert [values_of(c) for c in facts.conflicts] == [["60 votes", "67 votes"]]


def test_a_figure_after_the_clause_set_apart_is_the_sentence_own() -> None:
    """'Three days after the quake, rescuers found 12 survivors': the comma closes the other event's clause."""
    facts = facts_of("Three days after the quake, rescuers found 12 survivors in the rubble of the school.",
                     "Rescuers found 15 survivors in the rubble of the school.")  # fmt: skip
    assert [values_of(c) for c in facts.conflicts] == [["12 survivors", "15 survivors"]]


@pytest.mark.parametrize(
    "first, second",
    [
        (
            '"I can\'t comment on the first case, but this one looks like bad luck," the coroner said.',
            '"I cant comment on the first case, but this one looks like bad luck," the coroner told the paper.',
        ),
        (
            "The club said it doesn't expect the striker to play again this season.",
            "The club said it doesnt expect the striker to play again this season, according to the manager.",
        ),
    ],
    ids=["cant", "doesnt"],
)
def test_a_negation_written_without_its_apostrophe_is_still_a_negation(first: str, second: str) -> None:
    """Web copy drops apostrophes: "cant comment" says what "can't comment" says, so the two never disagree."""
    assert facts_of(first, second).conflicts == ()


def test_what_is_yet_to_happen_has_not_happened() -> None:
    facts = facts_of(
        "The second victim had not yet regained consciousness and was on a ventilator, police said.",
        "The second victim had yet to regain consciousness on Wednesday, police said.",
    )
    assert facts.conflicts == ()


def test_a_noun_after_a_number_is_not_the_verb_another_sentence_denies() -> None:
    """ "has not scored a goal" denies a verb; "four scores" counts things: no statement conflict."""
    facts = facts_of(
        "The winger has played 12 games and has not scored a goal in the league this season.",
        "At his old club the winger played 90 games in the league with 31 goals and four scores from free kicks.",
    )
    assert facts.conflicts == ()


def test_a_verb_after_that_is_still_the_verb_another_sentence_denies() -> None:
    facts = facts_of(
        "The Senate did not pass the farm bill on Friday, aides said.",
        "The farm bill that passed the Senate on Friday now goes to the House.",
    )
    assert [c.kind for c in facts.conflicts] == ["statement"]


def test_the_verb_after_a_denied_predicate_is_no_argument_of_it() -> None:
    """ "won't tax and will spend": "spend" is a second verb, not what "tax" applies to; the other sentence grants
    "tax" to another subject ("Democrats"), so nothing is shown to be denied and granted of one thing."""
    facts = facts_of(
        "One party won't tax and will spend.",
        "The Democrats tax and spend, while the Republicans just spend.",
    )
    assert facts.conflicts == ()


def test_a_month_before_the_noun_it_names_dates_that_noun() -> None:
    """ "the November election" names the election; "declared in December" times the declaration."""
    facts = facts_of(
        "The senator, who said the war is one we must win, said the party must focus on the November election.",
        "The chairman himself declared back in December that the war is one the country has to win.",
    )
    assert facts.conflicts == ()
