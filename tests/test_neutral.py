"""The neutral summary: least loaded wording, no source's loaded word outside quotes, its own rate measured."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import rashomon
from rashomon.comparison.neutral import attributed, is_attributed, states, summary_terms, trim_loaded
from rashomon.model.records import Article, Comparison
from rashomon.render import render
from rashomon.resources.lexicon import default_lexicon
from report_helpers import assert_valid_report

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "carney-beijing"

WIRE = (
    "The mayor closed the harbour on Monday after the storm damaged two piers. "
    "Repairs will take three weeks, the port authority said."
)
TABLOID = (
    "The embattled mayor slammed the harbour shut on Monday after the storm damaged two piers. "
    "Repairs will drag on for three weeks, the port authority admitted."
)
LOCAL = (
    "The mayor closed the harbour on Monday after the storm damaged two piers, leaving fishing crews idle. "
    "Repairs will take three weeks, the port authority said."
)


@pytest.fixture(scope="module")
def reference() -> Comparison:
    return rashomon.compare([str(EXAMPLE)])


def test_reference_summary_has_no_loaded_word_of_a_source_outside_quotes(reference: Comparison) -> None:
    summary = reference.summary
    assert summary.sentences
    assert summary.loaded_terms == ()
    assert summary.loaded_rate == 0.0
    assert summary_terms(summary.text, default_lexicon()) == []
    rates = dict(summary.source_rates)
    assert set(rates) == {a.id for a in reference.articles}
    assert max(rates.values()) > 20  # Breitbart's own voice, set beside the summary's 0.0


def test_reference_summary_never_restates_a_direct_quote_as_fact(reference: Comparison) -> None:
    for sentence in reference.summary.sentences:
        assert not sentence.text.startswith(("“", '"')), sentence.text


def test_summary_prefers_the_plain_wording_of_a_claim() -> None:
    articles = [
        Article(id=name, source=name, outlet=name, text=text)
        for name, text in (("wire", WIRE), ("tabloid", TABLOID), ("local", LOCAL))
    ]
    comparison = rashomon.compare_articles(articles)
    text = comparison.summary.text
    assert "harbour" in text
    for loaded in ("embattled", "slammed", "drag on", "admitted"):
        assert loaded not in text
    assert comparison.summary.loaded_rate == 0.0


def test_report_shows_the_summary_rate_and_the_framing_sections(reference: Comparison) -> None:
    report = json.loads(render(reference, "json"))
    assert_valid_report(report)
    assert report["summary"]["loaded_rate"] == 0.0
    assert {r["article"] for r in report["summary"]["source_rates"]} == {a["id"] for a in report["articles"]}
    markdown = render(reference, "md")
    for heading in (
        "## Loaded language",
        "## Naming contrasts",
        "## Same fact, different words",
        "## Tone toward the main actors",
    ):
        assert heading in markdown
    assert "this summary 0.0" in markdown
    assert "**dictator**" in markdown


@pytest.mark.parametrize(
    ("sentence", "loaded", "expected"),
    [
        # an aside after the subject goes, and the clause it interrupted closes up
        (
            "Governor Ann Lee, dogged by a shameful scandal, will step down in May.",
            "shameful",
            "Governor Ann Lee will step down in May.",
        ),
        ("The council, whose reckless plan failed, met on Tuesday.", "reckless", "The council met on Tuesday."),
        (
            "Paul Ortiz — a notorious lobbyist — joined the board on Friday.",
            "notorious",
            "Paul Ortiz joined the board on Friday.",
        ),
        # a participial phrase that ends a two-part sentence goes, and the full stop stays
        (
            "Voters chose a new parliament on Sunday, handing a stunning win to the opposition.",
            "stunning",
            "Voters chose a new parliament on Sunday.",
        ),
        # loaded words in the main clause, a list, a condition, a quotation or after a fronted clause stay:
        # nothing can be cut without changing what the sentence says or breaking it
        ("The mayor slammed the council on Monday, officials said.", "slammed", None),
        ("She promised to cut taxes, gut regulations and build roads.", "gut", None),
        ("The plant will close, unless the shameful deal collapses.", "shameful", None),
        ("The senator, who called it “a disgraceful plan,” voted no.", "disgraceful", None),
        ("When the furious crowd left, the square was quiet again.", "furious", None),
        ("Analyst Jo Park, a longtime critic, blasted the plan on Monday.", "blasted", None),
        # a stretch opened by a comma and closed by a dash is no aside: a list's last items and its verb
        (
            "An article described how Ann Lee, Tom Hale, the notorious lobbyist Paul Ortiz and Jo Park were set to"
            " play — but could not agree on the order.",
            "notorious",
            None,
        ),
    ],
)
def test_trim_loaded_drops_only_asides(sentence: str, loaded: str, expected: str | None) -> None:
    assert trim_loaded(sentence, [sentence.index(loaded)]) == expected


def test_summary_states_a_fact_without_the_aside_that_loads_it() -> None:
    texts = {
        "one": "Governor Ann Lee, embattled by a corruption inquiry, will resign on Friday, her office said. "
        "The state senate will choose an interim governor next week.",
        "two": "Governor Ann Lee, an embattled Democrat, will resign on Friday, her office said. "
        "Lee was elected in 2019.",
    }
    articles = [Article(id=k, source=k, outlet=k, text=v) for k, v in texts.items()]
    summary = rashomon.compare_articles(articles).summary
    assert "Governor Ann Lee will resign on Friday, her office said." in summary.text
    assert "embattled" not in summary.text


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The mayor slammed the council.", "“The mayor slammed the council,” one outlet reports."),
        ("Will the mayor resign?", "“Will the mayor resign?” one outlet reports."),
        (
            "The mayor called it “a disgrace” on Monday.",
            "“The mayor called it ‘a disgrace’ on Monday,” one outlet reports.",
        ),
        (
            'The mayor called the plan "a disgrace."',
            "“The mayor called the plan ‘a disgrace,’” one outlet reports.",
        ),
        (
            'He said the plan "will not let" critics "stand in the way".',
            "“He said the plan ‘will not let’ critics ‘stand in the way’,” one outlet reports.",
        ),
    ],
    ids=["plain", "question", "curly-quotes", "straight-quote-at-the-end", "two-straight-quotes"],
)
def test_attributed_quotes_the_whole_sentence_with_its_own_quotes_made_single(sentence: str, expected: str) -> None:
    assert attributed(sentence) == expected
    assert is_attributed(expected)


def _summary(texts: dict[str, str]) -> Comparison:
    return rashomon.compare_articles([Article(id=k, source=k, outlet=k, text=v) for k, v in texts.items()])


@pytest.mark.parametrize(
    "texts",
    [
        {
            "one": "The mayor slammed the council on Monday for closing the harbour after the storm damaged two piers.",
            "two": "The mayor blasted the council on Monday for closing the harbour after the storm damaged the piers.",
        },
        {
            "one": "The senator lambasted the harbour levy on Tuesday before the vote in the state assembly.",
            "two": "The senator ripped into the harbour levy on Tuesday before the state assembly voted on it.",
            "three": "The senator eviscerated the new harbour levy on Tuesday ahead of a vote in the assembly.",
        },
    ],
    ids=["two-outlets", "three-outlets"],
)
def test_a_story_loaded_in_every_main_clause_gets_one_attributed_quotation(texts: dict[str, str]) -> None:
    comparison = _summary(texts)
    summary = comparison.summary
    assert len(summary.sentences) == 1
    sentence = summary.sentences[0]
    assert is_attributed(sentence.text)
    assert sentence.articles == tuple(a for a, text in texts.items() if attributed(text) == sentence.text)
    assert summary_terms(summary.text, default_lexicon()) == []
    assert summary.loaded_rate == 0.0
    assert summary.title is None  # no article has a title, and an outlet's quoted words are not one


def test_a_story_with_one_plain_fact_quotes_no_outlet() -> None:
    summary = _summary(
        {
            "one": "The mayor slammed the council on Monday. Repairs to the two piers will take three weeks, "
            "the port authority said on Tuesday.",
            "two": "The mayor blasted the council on Monday. The port authority said on Tuesday that repairs to "
            "the two piers would take three weeks.",
        }
    ).summary
    assert summary.sentences
    assert not any(is_attributed(s.text) for s in summary.sentences)


@pytest.mark.parametrize(
    ("sentence", "mention", "expected"),
    [
        # One speaker, two statements: the shared name and title are not the fact.
        (
            "Officers found a rifle in the truck that matched the one used in the attack, "
            "Harbor police Sgt. Dana Whitfield said.",
            "Harbor police Sgt. Dana Whitfield said Morrow and Keane appeared to have been the targets of the attack.",
            False,
        ),
        (
            "Senator Alma Reyes answered the criticism on Friday, writing that she had asked the Treasury "
            "to publish her private letters.",
            "It was the review of Treasury records that led on Friday to the disclosure "
            "of Senator Alma Reyes’s private letters.",
            False,
        ),
        # The same fact in other words around the same names is stated.
        (
            "Officers found a rifle in the truck, Harbor police Sgt. Dana Whitfield said.",
            "Sgt. Dana Whitfield of the Harbor police said officers found the rifle inside the truck.",
            True,
        ),
        # A sentence of names alone is judged on all its words.
        (
            "Governor Pat Olsen named Maria Duval.",
            "On Tuesday Governor Pat Olsen named Maria Duval to the seat.",
            True,
        ),
        # Another number is not the same statement.
        (
            "The storm destroyed 40 homes in Harbor County.",
            "The storm destroyed 14 homes in Harbor County.",
            False,
        ),
    ],
)
def test_states_needs_the_fact_not_only_its_names(sentence: str, mention: str, expected: bool) -> None:
    assert states(sentence, mention) is expected


def test_summary_states_a_fact_in_the_wording_that_names_who_did_it() -> None:
    """Of 'He won a Tony Award …' and 'Jackman won a Tony Award …' the summary takes the one that says who."""
    comparison = _summary(
        {
            "one": "The academy said on Friday that the Australian actor Hugh Jackman will host the Academy Awards in "
            "February. He won a Tony Award in 2004 for his role in the musical about the singer Peter Allen.",
            "two": "Hugh Jackman will host the Academy Awards in February, the academy said on Friday. Jackman won a "
            "Tony Award in 2004 for his role in the musical about the singer Peter Allen.",
        }
    )
    stated = [s.text for s in comparison.summary.sentences]
    assert "Jackman won a Tony Award in 2004 for his role in the musical about the singer Peter Allen." in stated
    assert not any(text.startswith("He ") for text in stated)


def test_words_one_outlet_prints_unmarked_and_another_quotes_are_never_restated_as_fact() -> None:
    """A post one outlet runs as a plain paragraph is still the poster's words where another outlet quotes it."""
    comparison = _summary(
        {
            "blog": "A city council aide resigned on Monday after criticising the mayor's children online.\n"
            "Read the whole post here:\n"
            "Dear Tom and Anna, you are part of the first family of this city. You should both stay at home during "
            "the public events of the city.\n"
            "The aide had worked for the council's transport committee for three years.\n"
            "The mayor said on Tuesday that the family would not comment on the post.",
            "paper": "A city council aide resigned on Monday after criticising the mayor's children online.\n"
            '"You should both stay at home during the public events of the city," the aide wrote in the post on '
            "Friday.\n"
            "The aide had worked on the council's transport committee for three years before the post.\n"
            "The mayor said on Tuesday that his family would not comment on the post.",
        }
    )
    assert "resigned" in comparison.summary.text
    assert "stay at home" not in comparison.summary.text
