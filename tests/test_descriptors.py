"""Descriptors: the words an article attaches to a name, read beside each mention (blank pipeline)."""

from __future__ import annotations

import importlib.util

import pytest

from rashomon.analysis.nlp import TRAINED_MODEL
from rashomon.analysis.pipeline import Pipeline
from rashomon.model.records import Analysis, Article

PIPELINE = Pipeline.from_names(("sentences", "entities", "descriptors"), config={"sentences": {"model": "blank:en"}})


def descriptors(text: str) -> list[tuple[str, str]]:
    """(words, where) of each descriptor of the text."""
    analysis = PIPELINE(Analysis(article=Article(id="a", source="t", text=text)))
    return [(d.text_of(text), d.label) for d in analysis.layers["descriptors"]]


def trained_descriptors(text: str) -> list[tuple[str, str]]:
    """(words, where) of each descriptor of the text, on the trained pipeline."""
    pipeline = Pipeline.from_names(("sentences", "entities", "descriptors"),
                                   config={"sentences": {"model": TRAINED_MODEL}})  # fmt: skip
    analysis = pipeline(Analysis(article=Article(id="a", source="t", text=text)))
    return [(d.text_of(text), d.label) for d in analysis.layers["descriptors"]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“It was a shock,” said her cousin, Tomas Varga, of Leeds.", ("her cousin", "preposed")),
        (
            "After the vote, the paper's Berlin correspondent, Hanna Olsen, asked about the budget.",
            ("the paper's Berlin correspondent", "preposed"),
        ),
        (
            "Representative Dana Whitfield, a former C.I.A. analyst and Navy pilot, was sworn in.",
            ("a former C.I.A. analyst and Navy pilot", "appositive"),
        ),
        (
            "Whitfield, who is widely seen as the party's likely nominee, spoke on Monday.",
            ("the party's likely nominee", "appositive"),
        ),
        (
            "Ruth Calder, 61, a retired nurse from Ohio, said she saw the car.",
            ("a retired nurse from Ohio", "appositive"),
        ),
        (
            "Peter Morrow, the head of the harbour authority, said the port would reopen.",
            ("the head of the harbour authority", "appositive"),
        ),
        (
            "The former chairman of the transit board, Tom Reyes was first elected in 2004.",
            ("The former chairman of the transit board", "preposed"),
        ),
        (
            "A former deputy director of Governor Ann Lee's 2010 campaign, Tom Reyes was first elected in 2012.",
            ("A former deputy director of Governor Ann Lee's 2010 campaign", "preposed"),
        ),
        (
            "The owner hid the conduct of the former dairy manager, Kyle Beus, from the bank.",
            ("the former dairy manager", "preposed"),
        ),
        (
            "The mayor named two aides, Ann Lee, and her longtime campaign manager, Tom Reyes.",
            ("her longtime campaign manager", "preposed"),
        ),
        (
            "The son of Cuban immigrants, Tom Reyes was first elected in 2010.",
            ("The son of Cuban immigrants", "preposed"),
        ),
        ("Her chief of staff, Tom Reyes, resigned on Monday.", ("Her chief of staff", "preposed")),
    ],
    ids=[
        "kin-before-name",
        "role-before-name",
        "abbreviation-inside",
        "relative-clause",
        "age-before-appositive",
        "head-of",
        "a describing word on spaCy's stop list",
        "another person's title inside",
        "a description ending in its role starts after the preposition before it",
        "a description after 'and' leaves the 'and' out",
        "a singular role before a preposition heads it, a plural after it does not",
        "the role a preposition follows heads it, not the role ending it",
    ],
)
def test_description_beside_a_name(text: str, expected: tuple[str, str]) -> None:
    assert expected in descriptors(text)


@pytest.mark.parametrize(
    "text",
    [
        "According to the lawyer, Tomas Varga was at home.",
        "The talks went on, and the minister left early.",
        "In the wake of the talks with President Ann Lee, Tomas Varga has kept quiet.",
        "Good reviews from economists, Tomas Varga said, show the plan works.",
        "Ann Lee led the poll with 40 percent, Tomas Varga had 30 percent.",
    ],
    ids=[
        "clause-not-description",
        "no-name",
        "a title in a phrase that no role heads",
        "a plural role noun",
        "a measure read as a role by its ending",
    ],
)
def test_no_description_where_none_is_attached(text: str) -> None:
    assert not [d for d in descriptors(text) if d[1] in ("preposed", "anaphor")]


def test_a_title_with_its_office_is_one_description() -> None:
    text = "Secretary of State Ann Lee said on Tuesday that she would fly to Geneva."
    assert ("Secretary of State", "title") in descriptors(text)


@pytest.mark.skipif(importlib.util.find_spec(TRAINED_MODEL) is None, reason=f"{TRAINED_MODEL} missing")
@pytest.mark.parametrize(
    "text",
    ["Some leading Senate Democrats said they would attend.", "A half-dozen House Republicans stayed away."],
)
def test_the_words_before_an_organisation_that_qualifies_a_name_are_not_its_description(text: str) -> None:
    """The trained tagger reads "Senate" and "House" as organisations; the rules read no name there."""
    assert not [d for d in trained_descriptors(text) if d[1] == "title"]


@pytest.mark.skipif(importlib.util.find_spec(TRAINED_MODEL) is None, reason=f"{TRAINED_MODEL} missing")
def test_a_day_after_an_organisation_does_not_take_its_description() -> None:
    text = "The minister said so in an interview with French newspaper Le Parisien Wednesday."
    assert ("French newspaper", "title") in trained_descriptors(text)


def test_a_description_set_off_after_a_persons_name_is_not_set_before_the_next_name() -> None:
    text = "Under Jim Ortiz, the former head coach of the Boston Celtics, Tom Reyes moved to point guard."
    found = PIPELINE(Analysis(article=Article(id="a", source="t", text=text))).layers["descriptors"]
    assert not [d for d in found if d.label == "preposed" and d.mention.text_of(text) == "Tom Reyes"]


@pytest.mark.parametrize("description", ["The Ohio Republican", "The 45-year-old congressman"])
def test_a_described_subject_is_tied_to_the_person_last_named(description: str) -> None:
    text = f"Dana Whitfield voted against the bill on Tuesday. {description} said she would not change her mind."
    analysis = PIPELINE(Analysis(article=Article(id="a", source="t", text=text)))
    (anaphor,) = [d for d in analysis.layers["descriptors"] if d.label == "anaphor"]
    assert anaphor.text_of(text) == description
    assert anaphor.mention.text_of(text) == "Dana Whitfield"


def test_a_name_after_a_possessive_is_no_antecedent_of_a_described_subject() -> None:
    """A trained model may tag "Twitter" in "the mayor's Twitter account" as a person; a name owned by someone
    ("Ortiz's Twitter", "his Facebook page") is a thing of theirs, not the one "the ... mayor" describes."""
    from rashomon.analysis.components.descriptors import Descriptors
    from rashomon.model.layers import EntitySpan

    text = (
        "Mayor Linda Ortiz spoke to reporters on Monday. Her spokesman said that the mayor's Twitter account had"
        " been hacked. Earlier this week, the outspoken and sometimes combative mayor refused to answer questions."
    )
    base = Pipeline.from_names(("sentences",), config={"sentences": {"model": "blank:en"}})
    analysis = base(Analysis(article=Article(id="a", source="t", text=text)))
    spans = [("Linda Ortiz", "Linda Ortiz"), ("Twitter", "Twitter")]  # as a model tagged them: both PERSON
    entities = tuple(
        EntitySpan(start=text.index(w), end=text.index(w) + len(w), label="PERSON", name=name) for w, name in spans
    )
    analysis = Descriptors()(analysis.with_layer("entities", entities))
    (anaphor,) = [d for d in analysis.layers["descriptors"] if d.label == "anaphor"]
    assert anaphor.text_of(text) == "the outspoken and sometimes combative mayor"
    assert anaphor.mention.text_of(text) == "Linda Ortiz"


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        (
            "The mayor, who has endorsed Democratic presidential nominee Alma Reyes, spoke on Monday.",
            "Alma Reyes",
            "Democratic presidential nominee",
        ),
        (
            "Governor Lee endorsed Democratic presidential nominee Alma Reyes on Monday.",
            "Alma Reyes",
            "Democratic presidential nominee",
        ),
        ("He ran as an independent, unlike Republican nominee Tom Hale, who won.", "Tom Hale", "Republican nominee"),
        (
            "Police said the embattled Republican congressman Tom Hale was at home.",
            "Tom Hale",
            "embattled Republican congressman",
        ),
        (
            "On Monday the newly elected Republican senator Tom Hale spoke.",
            "Tom Hale",
            "newly elected Republican senator",
        ),
        ("The jury said that convicted cop killer Tom Hale should die.", "Tom Hale", "convicted cop killer"),
        ("The firm hired Hollywood marketing executive Tom Hale.", "Tom Hale", "Hollywood marketing executive"),
    ],
    ids=[
        "verb-after-auxiliary",
        "verb-after-a-name",
        "preposition",
        "participle-adjective",
        "adverb-and-participle",
        "participle-after-that",
        "ing-noun-after-a-name",
    ],
)
def test_a_role_description_before_a_name_holds_no_verb_or_preposition(text: str, name: str, expected: str) -> None:
    """The words before a name and its role noun describe it until a verb or a preposition: "has endorsed" and
    "unlike" are not part of how the article labels the person; "embattled", "newly elected" are."""
    found = [d for d in descriptors(text) if d[1] == "title"]
    assert (expected, "title") in found


@pytest.mark.parametrize(
    "text",
    [
        "Dana Whitfield criticised Tom Hale on Tuesday, long before backing Ann Lee's campaign. The Ohio Republican"
        " said she would not change her mind.",
        "Dana Whitfield told reporters on Tuesday that “Tom Hale is wrong about the budget.” The Ohio Republican said"
        " she would not change her mind.",
    ],
    ids=["subject-not-last-named", "not-a-name-inside-a-quote"],
)
def test_a_described_subject_continues_the_subject_of_the_sentence_before(text: str) -> None:
    """News puts the topic first: "The Ohio Republican" after "Dana Whitfield criticised Tom Hale …" is
    Whitfield, not the last person named; a name inside her quote is her topic, not the article's."""
    analysis = PIPELINE(Analysis(article=Article(id="a", source="t", text=text)))
    (anaphor,) = [d for d in analysis.layers["descriptors"] if d.label == "anaphor"]
    assert anaphor.mention.text_of(text) == "Dana Whitfield"


@pytest.mark.parametrize(
    "subject",
    [
        "The Obama administration",
        "The White House report",
        "The decisive moment",
        "The American people",
        "The Los Angeles Angels withdrew",
        "The long march went",
        "The young man",
    ],
    ids=["institution", "document", "ment-noun", "collective", "past-verb", "short-past-verb", "bare-man"],
)
def test_a_described_subject_that_names_no_person_describes_no_one(subject: str) -> None:
    """Only a person noun makes a sentence subject a description of the person named before it."""
    text = f"Dana Whitfield voted against the bill on Tuesday. {subject} said it would change nothing."
    analysis = PIPELINE(Analysis(article=Article(id="a", source="t", text=text)))
    assert not [d for d in analysis.layers["descriptors"] if d.label == "anaphor"]
