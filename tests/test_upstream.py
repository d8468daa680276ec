"""Shared upstream sources: copied and paraphrased passages, shared quotes, independent sources per claim."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

import rashomon
from rashomon.comparison.compare import CompareOptions, analyze
from rashomon.comparison.summary import summarize
from rashomon.comparison.upstream import count_sources, find_shared_sources, match
from rashomon.model.records import Analysis, Article, Claim, Comparison, Mention, Quote, SharedSource
from rashomon.render.json import report_dict
from rashomon.render.markdown import render as render_md
from report_helpers import assert_valid_report

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "carney-beijing"
WIRE = (
    "The agency said the cargo ship Maren Star ran aground on a sandbank off the northern breakwater shortly after "
    "midnight on Sunday while waiting for a pilot to guide it into the harbour. "
    "Salvage crews pumped fuel from the stricken vessel's tanks through the night and a tug was expected to try to "
    "refloat the ship at high tide on Monday afternoon."
)
GAZETTE = (
    "Harbour traffic was halted for most of Sunday. " + WIRE + " Fishermen said the sandbank had shifted after "
    "the winter storms."
)
RADIO = (
    "Residents of Kellan Point woke to an unusual sight. "
    + WIRE.replace("The agency said the", "The")
    + " The mayor called for the channel to be dredged."
)
POST = (
    "A cargo ship is stuck off the breakwater. The Maren Star, a bulk carrier, grounded on a sandbank early on "
    "Sunday as it waited for a pilot, the coastguard told the Post. No one was hurt."
)
PUBLISHED = datetime(2025, 2, 3, tzinfo=UTC)


def _articles(*texts: str) -> list[Article]:
    return [Article(id=f"u{i:015d}", source=f"o{i}.txt", outlet=f"Outlet {i}", text=t, published=PUBLISHED)
            for i, t in enumerate(texts)]  # fmt: skip


@pytest.fixture(scope="module")
def harbour() -> list[Analysis]:
    return analyze(_articles(GAZETTE, RADIO, POST), options=CompareOptions(components=("sentences",)))


def test_wire_copy_in_two_outlets_is_one_copied_passage(harbour: list[Analysis]) -> None:
    (group,) = find_shared_sources(harbour)
    assert group.kind == "copied" and group.articles == ("u000000000000000", "u000000000000001")
    texts = {a.article.id: a.article.text for a in harbour}
    passages = {p.article: texts[p.article][p.start : p.end] for p in group.passages}
    assert len(group.passages) == 2, "consecutive copied sentences join into one passage"
    assert passages["u000000000000000"] == WIRE
    assert passages["u000000000000001"].startswith("The cargo ship") and passages["u000000000000001"].endswith(
        "Monday afternoon."
    )


def test_independent_retelling_is_not_a_shared_source(harbour: list[Analysis]) -> None:
    groups = find_shared_sources(harbour)
    assert all("u000000000000002" not in g.articles for g in groups)


def _shingles(text: str) -> frozenset[tuple[str, ...]]:
    words = text.lower().replace(",", "").replace(".", "").split()
    return frozenset(tuple(words[k : k + 4]) for k in range(len(words) - 3))


@pytest.mark.parametrize("first, second, shared", [
    ("Prime Minister Ana Ruiz arrived in Lisbon on Wednesday for a two-day visit.",
     "Prime Minister Ana Ruiz arrived in Lisbon on Wednesday night, her first trip abroad.", False),
    ("The report noted that the minister's delegation will include five cabinet members, the biggest delegation "
     "that has accompanied her on a foreign trip so far.",
     "Her delegation for the trip beginning Monday will include five cabinet members, the biggest delegation that "
     "has accompanied her on a foreign trip so far.", True),
], ids=["formulaic lede", "paraphrased report"])  # fmt: skip
def test_a_passage_needs_a_long_shared_run(first: str, second: str, shared: bool) -> None:
    assert bool(match(_shingles(first), _shingles(second))) is shared


def test_linked_quotes_are_the_same_quote_even_when_sentences_differ() -> None:
    one = "The Herald's editorial board said the council had acted “with reckless disregard for the taxpayer.”"
    two = "An editorial accused councillors of “reckless disregard for the taxpayer,” urging a recount."
    analyses = analyze(_articles(one, two), options=CompareOptions(components=("sentences",)))
    ids = [a.article.id for a in analyses]
    quotes = [
        Quote(id="q1", article=ids[0], start=one.index("with"), end=one.index(".”"), kind="partial", also_in=(ids[1],)),
        Quote(id="q2", article=ids[1], start=two.index("reckless"), end=two.index(",”"), kind="partial",
              also_in=(ids[0],)),
    ]  # fmt: skip
    (group,) = find_shared_sources(analyses, quotes)
    assert group.kind == "same quote" and set(group.articles) == set(ids)


def _claim(*articles: str, mentions: tuple[Mention, ...]) -> Claim:
    return Claim(id="k" * 16, text="x", status="consensus", articles=articles, missing=(), mentions=mentions)


def test_carriers_of_one_copied_passage_count_once() -> None:
    group = SharedSource(id="g" * 16, kind="copied", articles=("a", "b"),
                         passages=(rashomon.model.records.Passage(article="a", start=0, end=50),
                                   rashomon.model.records.Passage(article="b", start=100, end=150)))  # fmt: skip
    mentions = (Mention(article="a", start=10, end=40), Mention(article="b", start=100, end=130),
                Mention(article="c", start=0, end=30))  # fmt: skip
    (claim,) = count_sources([_claim("a", "b", "c", mentions=mentions)], [group])
    assert claim.sources == 2


def test_a_mention_outside_the_shared_passage_stays_independent() -> None:
    group = SharedSource(id="g" * 16, kind="copied", articles=("a", "b"),
                         passages=(rashomon.model.records.Passage(article="a", start=0, end=50),
                                   rashomon.model.records.Passage(article="b", start=100, end=150)))  # fmt: skip
    mentions = (Mention(article="a", start=60, end=90), Mention(article="b", start=100, end=130))
    (claim,) = count_sources([_claim("a", "b", mentions=mentions)], [group])
    assert claim.sources == 2


def test_summary_never_leads_with_copies_of_one_text() -> None:
    copies = Claim(id="c1" * 8, text="The copied wire ran in three papers.",
                   status="consensus", articles=("a", "b", "c"), missing=(),
                   mentions=(), order=0.1, sources=1)  # fmt: skip
    checked = Claim(id="c2" * 8, text="Two reporters told it on their own.",
                    status="shared", articles=("a", "b"), missing=("c",),
                    mentions=(), order=0.5, sources=2)  # fmt: skip
    summary = summarize([copies, checked])
    assert [s.claim for s in summary.sentences][0] == checked.id  # independent reports lead; copies count once


def test_story_with_a_wire_copy_reports_sources_in_json_and_markdown() -> None:
    comparison = rashomon.compare_articles(_articles(GAZETTE, RADIO, POST))
    report = report_dict(comparison)
    assert_valid_report(report)
    assert [g["kind"] for g in report["shared_sources"]] == ["copied"]
    assert all("sources" in c for c in report["claims"])
    copied = [c for c in comparison.claims if len(c.articles) > 1 and c.sources == 1]
    assert copied, "the claims carried only by the wire copy rest on one source"
    text = render_md(comparison)
    assert "## Passages from a shared source" in text and "Copied in Outlet 0, Outlet 1" in text
    assert "one source, not independent agreement" in text


@pytest.fixture(scope="module")
def carney() -> Comparison:
    return rashomon.compare([str(EXAMPLE)])


def _outlets(comparison: Comparison, group: SharedSource) -> set[str | None]:
    return {comparison.article(a).outlet for a in group.articles}


def test_reference_globe_passage_is_paraphrased_by_global_times_and_quoted_by_breitbart(carney: Comparison) -> None:
    groups = [g for g in carney.shared_sources or () if _outlets(carney, g) == {"Global Times", "Breitbart"}]
    assert [g.kind for g in groups] == ["paraphrased"]
    texts = [carney.article(p.article).text[p.start : p.end] for p in groups[0].passages]
    assert all("five cabinet members" in t for t in texts)


def test_reference_china_daily_editorial_is_a_shared_quote(carney: Comparison) -> None:
    groups = [g for g in carney.shared_sources or () if _outlets(carney, g) == {"Global News", "Breitbart"}]
    assert {g.kind for g in groups} == {"same quote"}
    texts = " ".join(carney.article(p.article).text[p.start : p.end] for g in groups for p in g.passages)
    assert "in lockstep with the United States" in texts and "in vain" in texts


def test_reference_claims_count_independent_sources(carney: Comparison) -> None:
    assert all(c.sources is not None and 1 <= c.sources <= len(c.articles) for c in carney.claims)
    consensus = [c for c in carney.claims if c.status == "consensus"]
    assert all(c.sources == len(c.articles) for c in consensus)
    lockstep = next(c for c in carney.claims if "lockstep" in c.text)
    assert len(lockstep.articles) == 2 and lockstep.sources == 1
