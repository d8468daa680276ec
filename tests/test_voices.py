"""Voices on the reference story and on written stories: speakers, citations, shared quotes, naming."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

import rashomon
from rashomon.analysis.nlp import TRAINED_MODEL
from rashomon.analysis.pipeline import Pipeline
from rashomon.comparison.voices import naming_table, speaker_role, voices_summary
from rashomon.model.records import Article, Comparison
from rashomon.render import render
from report_helpers import assert_valid_report

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "carney-beijing"

# (outlet, words inside the quote, the speaker it must resolve to): every quote with a named speaker in the
# reference story, including those whose speaker is named only in an earlier sentence or paragraph.
REFERENCE_SPEAKERS = [
    ("Global Times", "I am headed to Beijing", "Mark Carney"),
    ("Global Times", "A pragmatic and constructive relationship", "Mark Carney"),
    ("Global Times", "unprecedented security pressure from its neighbor", "Lü Xiang"),
    ("Global Times", "concrete progress in economic and trade ties has yet to materialize", "Zhao Xingshu"),
    ("Global Times", "cooperation remains the central focus", "Lü Xiang"),
    (None, "We will double non-U.S. trade", "Anita Anand"),
    (None, "Prime Minister Carney is here to recalibrate", "Anita Anand"),
    (None, "Just landed in Beijing", "Mark Carney"),
    ("Global News", "It is Carney’s pragmatic foreign policy in action", "Vina Nadjibulla"),
    ("Global News", "There is not going to be one word", "Vina Nadjibulla"),
    ("Global News", "From Beijing’s perspective", "Dylan Loh"),
    ("Global News", "Part of it is having a conducive external environment", "Dylan Loh"),
    ("Global News", "They want to see that Canada has learned its lesson", "Dylan Loh"),
    ("Global News", "We have to be much more cautious around that", "Vina Nadjibulla"),
    ("Global News", "China is usually very well prepared", "Graham Shantz"),
    ("Global News", "There are some areas of deep disagreements", "Dylan Loh"),
    ("Global News", "very concerned", "Doug Ford"),
    ("The English Chronicle", "I think we are approaching the relationship", "Colin Robertson"),
    ("The English Chronicle", "At the end of the day", "Colin Robertson"),
    ("The English Chronicle", "The Americans are following", "Colin Robertson"),
    ("Breitbart", "From my perspective, the visit is an acknowledgement", "Mark Ceolin"),
    ("Breitbart", "It is important to note that Canadian businesses", "Mark Ceolin"),
    ("Breitbart", "nothing short of kowtowing", "Michael Chong"),
    ("Breitbart", "The Chinese might make a case", "Joseph Torigian"),
    ("Breitbart", "does reflect the new space", "Zhu Feng"),
    ("Breitbart", "current state of considerable unease", "Cui Shoujun"),
    ("Breitbart", "The whole crux of this visit", "Michael Kovrig"),
    ("Breitbart", "Canadians should not be looking for a reset", "Michael Kovrig"),
    ("Breitbart", "What changed is that Xi Jinping decided", "Michael Kovrig"),
    ("Breitbart", "Mr. Carney’s entourage for the trip", "The Globe and Mail"),
]

# Every outlet or agency each article names as a source, and nothing else.
REFERENCE_CITATIONS = {
    "Global Times": {"CCTV", "BBC", "The New York Times", "The Globe and Mail"},
    None: set(),
    "Global News": {"China Daily"},
    "The English Chronicle": {"Global Times"},
    "Breitbart": {"Global Times", "China Daily", "The Globe and Mail", "Reuters", "The Associated Press", "CityNews"},
}


@pytest.fixture(scope="module")
def reference() -> Comparison:
    return rashomon.compare([str(EXAMPLE)])


def _by_outlet(comparison: Comparison, outlet: str | None) -> Article:
    return next(a for a in comparison.articles if a.outlet == outlet)


@pytest.mark.parametrize(("outlet", "words", "speaker"), REFERENCE_SPEAKERS)
def test_reference_quotes_have_the_right_speaker(reference: Comparison, outlet, words, speaker) -> None:
    article = _by_outlet(reference, outlet)
    found = [q for q in reference.quotes if q.article == article.id and words in article.text[q.start : q.end]]
    assert found, f"{outlet}: no quote holds {words!r}"
    assert found[0].speaker_name == speaker, (found[0].speaker, found[0].speaker_name)


def test_reference_citations_list_each_cited_outlet_and_nothing_else(reference: Comparison) -> None:
    for outlet, expected in REFERENCE_CITATIONS.items():
        article = _by_outlet(reference, outlet)
        cited = {c.outlet for c in reference.citations if c.article == article.id}
        assert cited == expected, outlet


def test_reference_naming_table_sets_dictator_beside_president(reference: Comparison) -> None:
    xi = next(row for row in naming_table(reference) if row["name"] == "Xi Jinping")
    cells = {reference.article(c["article"]).outlet: c["descriptors"] for c in xi["articles"]}
    assert "dictator" in cells["Breitbart"]
    assert "President" in cells["Global Times"]
    assert "President" in cells["Global News"]
    meng = next(row for row in naming_table(reference) if row["name"] == "Meng Wanzhou")
    meng_cells = {reference.article(c["article"]).outlet: c["descriptors"] for c in meng["articles"]}
    assert "Huawei executive and Chinese Communist Party royalty" in meng_cells["Breitbart"]


def test_reference_shared_quotes_link_the_same_words_across_outlets(reference: Comparison) -> None:
    global_news = _by_outlet(reference, "Global News")
    breitbart = _by_outlet(reference, "Breitbart")
    lockstep = [
        q
        for q in reference.quotes
        if q.article == breitbart.id
        and q.kind != "indirect"
        and "contain China in lockstep" in breitbart.text[q.start : q.end]
    ]
    assert lockstep and global_news.id in lockstep[0].also_in


def test_reference_voices_summary_counts_speakers_with_roles(reference: Comparison) -> None:
    rows = {reference.article(r["article"]).outlet: r for r in voices_summary(reference)}
    gn = {s["speaker"]: s for s in rows["Global News"]["speakers"]}
    assert gn["Dylan Loh"]["role"] == "expert"
    assert gn["Dylan Loh"]["quotes"] >= 5
    assert gn["Doug Ford"]["role"] == "official"
    bb = {s["speaker"]: s for s in rows["Breitbart"]["speakers"]}
    assert bb["Mark Ceolin"]["role"] == "business"
    assert bb["Michael Chong"]["role"] == "politician"


def test_reference_report_has_the_voices_layers_and_validates(reference: Comparison) -> None:
    import json

    report = json.loads(render(reference, "json"))
    assert_valid_report(report)
    assert {"quotes", "citations", "descriptors", "naming", "voices", "outlets"} <= set(report)
    for q in report["quotes"]:
        text = next(a["text"] for a in report["articles"] if a["id"] == q["article"])
        assert text[q["start"] : q["end"]] == q["text"]
    markdown = render(reference, "md")
    for heading in (
        "## Who is quoted",
        "## Whom each outlet cites",
        "## How each outlet names the actors",
        "## Quotes carried by more than one outlet",
    ):
        assert heading in markdown
    assert "dictator" in markdown


def test_a_comparison_without_the_voices_layers_leaves_their_keys_out() -> None:
    from rashomon.comparison.compare import CompareOptions

    text = "The storm closed the port on Monday. Ships waited outside the harbour for two days."
    articles = [Article(id=f"a{i}", source=f"a{i}", text=text + " " * i) for i in range(2)]
    comparison = rashomon.compare_articles(articles, options=CompareOptions(components=("sentences", "entities")))
    assert comparison.quotes is None
    report = __import__("json").loads(render(comparison, "json"))
    assert not {"quotes", "citations", "descriptors", "naming", "voices"} & set(report)
    assert "## Who is quoted" not in render(comparison, "md")


def test_citations_on_written_sentences_and_the_own_outlet_rule() -> None:
    text = (
        "The minister told Reuters that talks would resume.\n"
        "According to the Associated Press (AP), the ships left at dawn.\n"
        "The Daily Courier reported the closure first.\n"
        "She once worked as an intern at Bloomberg before entering politics.\n"
        "In an interview with CityNews on Tuesday, the mayor said the port would reopen."
    )
    pipeline = Pipeline.from_names(("sentences", "entities", "quotes", "citations"))
    analysis = pipeline.analyze(Article(id="a", source="a", text=text, outlet="Reuters"))
    cited = {s.outlet for s in analysis.layers["citations"]}
    assert "Reuters" not in cited  # its own outlet
    assert {"The Associated Press", "CityNews"} <= cited
    assert "Bloomberg" not in cited  # named, not cited


@pytest.mark.parametrize(
    ("speaker", "kind", "descriptions", "outlet_kind", "role"),
    [
        ("Global Times", "organisation", [], "state", "state media"),
        ("the Chinese paper", "institutional", [], None, "media"),
        ("a senior government official", "anonymous", [], None, "anonymous"),
        ("Dylan Loh", "person", ["a professor at Nanyang Technological University"], None, "expert"),
        ("Colin Robertson", "person", ["a former Canadian diplomat"], None, "former official"),
        ("Ontario Premier Doug Ford", "person", ["Ontario Premier"], None, "official"),
        ("Graham Shantz", "person", ["president of the Canada China Business Council"], None, "business"),
        ("Carney’s office", "institutional", [], None, "official"),
        ("Michael Kovrig", "person", ["one of the Canadians taken hostage by China"], None, "other"),
    ],
)
def test_speaker_roles(speaker, kind, descriptions, outlet_kind, role) -> None:
    assert speaker_role(speaker, kind, descriptions, outlet_kind) == role


@pytest.mark.parametrize(
    ("speaker", "name", "descriptions", "role"),
    [
        ("King", "Tishana King", ["a medical records clerk at Kings County Hospital"], "other"),
        ("Ms. Mayor", "Ann Mayor", [], "other"),
        ("King Abdullah", "Abdullah", [], "official"),
        ("President Ann Lee", "Ann Lee", [], "official"),
        ("Rep. Tom King", "Tom King", [], "politician"),
        ("Sen. Ann Lee", "Ann Lee", [], "politician"),
        ("Ann Lee", "Ann Lee", ["Sens."], "politician"),
        ("Tom Reyes", "Tom Reyes", ["the leader of the Republican-controlled chamber"], "official"),
        ("Tom Reyes", "Tom Reyes", ["president of the Ohio Chamber of Commerce"], "business"),
    ],
)
def test_a_speakers_name_says_nothing_of_the_role(speaker, name, descriptions, role) -> None:
    assert speaker_role(speaker, "person", descriptions, None, name) == role


def test_an_organisations_name_may_say_its_role() -> None:
    assert speaker_role("The Justice Department", "organisation", [], None, "Justice Department") == "official"


def test_reference_unnamed_description_is_linked_to_the_actor_named_elsewhere(reference: Comparison) -> None:
    meng = next(row for row in naming_table(reference) if row["name"] == "Meng Wanzhou")
    cells = {reference.article(c["article"]).outlet: c["descriptors"] for c in meng["articles"]}
    assert cells["Global News"] == ["a Chinese tech executive"]
    assert "a Chinese technology executive" in cells[None]


def test_unnamed_description_needs_the_whole_title_and_one_more_shared_word() -> None:
    base = "Foreign Minister Ana Ruiz of Chile met the press on Monday in Santiago to discuss copper exports."
    other = "A Chilean prime minister has not visited the region since 2010, officials said on Monday."
    articles = [Article(id="a1", source="a1", text=base), Article(id="a2", source="a2", text=other)]
    comparison = rashomon.compare_articles(articles)
    assert not [d for d in comparison.descriptors if d.position == "unnamed"]


def test_reference_quotes_carry_the_attributors_confidence_and_the_group_flag(reference: Comparison) -> None:
    import json

    quotes = json.loads(render(reference, "json"))["quotes"]
    assert all(q["confidence"] is None or 0.0 <= q["confidence"] <= 1.0 for q in quotes)
    assert all(isinstance(q["group"], bool) for q in quotes)
    if importlib.util.find_spec(TRAINED_MODEL) is not None:  # the learned attributor runs on the trained pipeline
        assert any(q["confidence"] is not None for q in quotes)


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        ("We know how to win elections,” she said. “We have done it before", ["we know how", "we have done"]),
        ('We know how to win," he added. "We did it before', ["we know how", "we did it"]),
        ("We know how to win elections", ["we know how"]),
        ("an odd “ mark", ["an odd"]),  # unbalanced marks: the words as they are
    ],
)
def test_a_quote_run_over_its_cue_is_compared_by_its_quotations(text: str, pieces: list[str]) -> None:
    from rashomon.comparison.voices import quoted_pieces

    found = quoted_pieces(text)
    assert [p.strip().lower()[: len(w)] for p, w in zip(found[-len(pieces) :], pieces, strict=True)] == pieces
    assert all(cue not in " ".join(found[-len(pieces) :]) for cue in ("she said", "he added"))


@pytest.mark.skipif(importlib.util.find_spec(TRAINED_MODEL) is None, reason=f"{TRAINED_MODEL} missing")
def test_one_utterance_around_its_cue_is_one_quote_and_links_across_outlets() -> None:
    first = (
        "Pelosi spoke to reporters after the vote.\n“We know how to win elections,” she said Wednesday. “We have "
        "done it in the past and we will do it again.”"
    )
    second = (
        "The vote went to Pelosi.\n“We know how to win elections,” Ms. Pelosi added. “This is so much bigger than "
        "politics, it is about the character of America.”"
    )
    articles = [Article(id="a1", source="a1", text=first), Article(id="a2", source="a2", text=second)]
    comparison = rashomon.compare_articles(articles)
    assert comparison.quotes is not None
    direct = [q for q in comparison.quotes if q.kind == "direct" and q.article == "a1"]
    assert len(direct) == 1  # not the run and each of its quotations besides
    assert "a2" in direct[0].also_in
