"""Citations: credit lines and wire copy, reporting verbs around an outlet, short names, and bare mentions."""

from __future__ import annotations

import pytest

from rashomon.analysis.pipeline import Pipeline
from rashomon.model.layers import CitationSpan
from rashomon.model.records import Article

PIPELINE = Pipeline.from_names(("sentences", "entities", "quotes", "citations"))


def cited(text: str, *, outlet: str | None = None) -> list[tuple[str, str | None]]:
    article = Article(id="a", source="a", text=text, outlet=outlet)
    layer = PIPELINE.analyze(article).layers["citations"]
    return [(c.outlet, c.how) for c in layer if isinstance(c, CitationSpan)]


CREDITS = [
    ("WASHINGTON (AP) — The Senate passed the spending bill late on Friday.", "The Associated Press"),
    ("BRUSSELS, March 3 (Reuters) - Ministers agreed on a new fishing quota.", "Reuters"),
    ("The ferry sank near the harbour mouth, officials said. — AFP", "Agence France-Presse"),
    (
        "The ferry sank near the harbour mouth.\nThe Associated Press contributed to this report.",
        "The Associated Press",
    ),
    ("The ferry sank near the harbour mouth.\nAdditional reporting by Reuters.", "Reuters"),
]


@pytest.mark.parametrize(("text", "outlet"), CREDITS, ids=[c[1] + str(i) for i, c in enumerate(CREDITS)])
def test_credit_lines_cite_the_agency(text: str, outlet: str) -> None:
    assert (outlet, "credit") in cited(text)


SOURCING = [
    ("The plan was first reported by The Wall Street Journal on Tuesday.", "The Wall Street Journal"),
    ("Fox Business reported that the merger had collapsed.", "Fox Business"),
    ("Bloomberg, citing people familiar with the matter, said the talks had stalled.", "Bloomberg"),
    ("The minister told Reuters that the border would reopen.", "Reuters"),
    ("In an interview with CNBC, the chief executive defended the deal.", "CNBC"),
]


@pytest.mark.parametrize(("text", "outlet"), SOURCING, ids=[c[1] for c in SOURCING])
def test_reporting_around_an_outlet_cites_it(text: str, outlet: str) -> None:
    assert outlet in {name for name, _ in cited(text)}


def test_short_name_resolves_to_the_outlet_named_in_full() -> None:
    text = "The New York Times reported the deal on Monday.\nOfficials later told the Times that it was off."
    got = cited(text)
    assert got.count(("The New York Times", "told")) == 1


def test_short_name_with_no_full_name_in_the_article_is_left_alone() -> None:
    assert cited("Officials told the Times that the deal was off.") == []


def test_own_outlet_short_name_is_no_citation() -> None:
    text = "Officials told the Times that the deal was off."
    assert cited(text, outlet="The New York Times") == []


def test_a_bare_mention_is_no_citation() -> None:
    assert cited("She worked for Reuters for ten years before entering politics.") == []


def test_a_dash_inside_a_sentence_is_no_sign_off() -> None:
    assert cited("The merger — which Reuters covered closely — collapsed in June after a long review.") == []


@pytest.mark.parametrize(
    ("text", "outlet"),
    [
        # names the registry never matches in running text, cited once the text says what they are
        ("The mayor told the student news agency ISNA that no one was hurt.", "Iranian Students' News Agency"),
        (
            "The governor said, according to the semi-official news agency Mehr, that roads were closed.",
            "Mehr News Agency",
        ),
        # a modifier before any word for a medium: "the independent daily Dawn"
        ("The minister told the independent daily Dawn that talks would resume.", "Dawn"),
    ],
)
def test_an_ambiguous_short_name_is_an_outlet_when_the_text_says_what_it_is(text: str, outlet: str) -> None:
    assert outlet in {name for name, _ in cited(text)}


def test_an_ambiguous_short_name_alone_is_no_outlet() -> None:
    assert cited("The minister told ISNA members that the meeting would go ahead.") == []
    assert cited("The boat left at dawn and reached Mehr by noon, officials said.") == []


@pytest.mark.parametrize(
    ("text", "outlet"),
    [
        (
            "The photo was first reported on Sunday by harborwatch.com, a site run by a local blogger.",
            "harborwatch.com",
        ),
        ("“We are talking,” the coach told Hoopsdaily.net on Friday.", "Hoopsdaily.net"),
    ],
)
def test_a_site_named_by_its_domain_is_cited(text: str, outlet: str) -> None:
    assert [o for o, _ in cited(text)] == [outlet]


@pytest.mark.parametrize(
    "text",
    [
        "Send tips to desk@harborwatch.com or see www.harborwatch.com/tips for the form.",
        "She once worked for harborwatch.com as an intern.",
    ],
)
def test_an_address_or_a_bare_domain_is_no_citation(text: str) -> None:
    assert cited(text) == []


@pytest.mark.parametrize(
    "text",
    [
        'Former mayor Michael Bloomberg endorsed the senator on Wednesday. "This is too important," Bloomberg said.',
        'Rep. J. Randy Forbes spoke on the House floor on Tuesday. "Our motto was E pluribus unum," Forbes said.',
        "Steve Forbes, the publisher, backed the flat tax. Forbes said the plan would help small businesses.",
    ],
    ids=["given-name", "initial-between", "appositive"],
)
def test_an_outlet_name_that_is_the_surname_of_a_person_the_article_names_is_that_person(text: str) -> None:
    """ "Bloomberg said" after "Michael Bloomberg" is the man, not Bloomberg News."""
    assert cited(text) == []


def test_an_outlet_name_with_its_kind_beside_it_is_still_the_outlet_when_a_namesake_is_named() -> None:
    text = (
        "Michael Bloomberg endorsed the senator on Wednesday. Bloomberg News reported that the campaign"
        " had asked him twice."
    )
    assert "Bloomberg" in {name for name, _ in cited(text)}
