"""Stories over the store: grouping stored articles, stable ids, cached reports, and the two commands."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from rashomon.clean.article import make_article
from rashomon.cli import cli
from rashomon.corpus.stories import compare_story, regroup, render_story
from rashomon.model.records import Document
from rashomon.store.sqlite import Store

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "carney-beijing"

STORM = [
    (
        "storm-1",
        14,
        "Storm Ingrid cut power to 40,000 homes on the north coast on Tuesday night. Ferries to the "
        "islands were cancelled and the harbour at Port Ellis was closed to shipping.",
    ),
    (
        "storm-2",
        15,
        "Power is back for most of the 40,000 homes Storm Ingrid left in the dark on the north coast. "
        "Ferries to the islands sail again from Port Ellis, the harbour master said.",
    ),
    (
        "storm-3",
        16,
        "Insurers counted the cost of Storm Ingrid on the north coast, where the harbour at Port Ellis "
        "reopened and the ferries to the islands resumed after the power cut to 40,000 homes.",
    ),
]


def storm_article(name: str, day: int, text: str):
    return make_article(
        Document(
            source=f"{name}.txt",
            text=text,
            url=f"https://news.example/{name}",
            published=datetime(2026, 1, day, tzinfo=UTC),
            outlet=name,
        )
    )


@pytest.fixture
def store(tmp_path: Path):
    with Store.open(tmp_path / "s.db") as s:
        yield s


def test_two_stories_are_grouped_apart_and_ids_stay_when_an_article_joins(store: Store) -> None:
    # Same week as the reference story: undated articles (two of the reference five) can only join a story
    # that is still open when the grouper reaches them (see docs/stories.md).
    for name, day, text in STORM[:2]:
        store.add_article(storm_article(name, day, text))
    from rashomon.sources.read import read_story

    for document in read_story([str(EXAMPLE)]).documents:
        store.add_article(make_article(document))
    first = regroup(store)
    assert first.stories == 2
    members = store.story_members()
    storm_id = next(sid for sid, ids in members.items() if len(ids) == 2)
    store.add_article(storm_article(*STORM[2]))
    again = regroup(store)
    assert (again.stories, again.written, again.removed) == (2, 1, 0)
    assert len(store.story_members()[storm_id]) == 3  # the story kept its id as the third article joined


def test_report_is_cached_until_the_membership_changes(store: Store) -> None:
    for name, day, text in STORM[:2]:
        store.add_article(storm_article(name, day, text))
    regroup(store)
    (story_id,) = store.story_members()
    comparison, report = compare_story(store, story_id)
    assert comparison is not None and report["story"]["articles"] == 2
    cached, again = compare_story(store, story_id)
    assert cached is None and again == json.loads(json.dumps(report))
    store.add_article(storm_article(*STORM[2]))
    regroup(store)
    fresh, third = compare_story(store, story_id)
    assert fresh is not None and third["story"]["articles"] == 3
    assert "<html" in render_story(store, story_id, "html").lower()
    assert render_story(store, story_id, "md").startswith("# ")


def test_stories_and_report_commands(tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", str(EXAMPLE), "--db", str(db)]).exit_code == 0
    listed = runner.invoke(cli, ["stories", "--db", str(db), "--format", "csv"])
    assert listed.exit_code == 0, listed.output
    header, line = listed.stdout.strip().splitlines()
    assert header == "id,articles,sources,first_published,last_published,title"
    story_id, articles = line.split(",")[:2]
    assert articles == "5"
    table = runner.invoke(cli, ["stories", "--db", str(db)]).stdout.splitlines()
    assert table[0].split() == ["id", "articles", "sources", "first_published", "last_published", "title"]
    assert table[1].startswith(story_id + "  ")
    as_json = json.loads(runner.invoke(cli, ["stories", "--db", str(db), "--format", "json"]).stdout)
    assert as_json[0]["id"] == story_id and as_json[0]["articles"] == 5
    out = tmp_path / "story.html"
    made = runner.invoke(cli, ["report", story_id, "--db", str(db), "-o", str(out)])
    assert made.exit_code == 0 and out.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
    missing = runner.invoke(cli, ["report", "0000000000000000", "--db", str(db)])
    assert missing.exit_code != 0 and "story '0000000000000000' is not in" in missing.stderr
    assert "Traceback" not in missing.output
    nostore = runner.invoke(cli, ["stories", "--db", str(tmp_path / "none.db")])
    assert nostore.exit_code != 0 and "no such store" in nostore.stderr
    assert not (tmp_path / "none.db").exists()


def test_a_report_reuses_the_layers_made_at_ingest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from rashomon.analysis.pipeline import DEFAULT_PIPELINE, Pipeline

    # Ingest analyses with the blank pipeline and `report` defaults to the trained one (docs/nlp-backends.md):
    # layers are reused only when both name the same model, as here.
    monkeypatch.setenv("RASHOMON_SPACY_MODEL", "blank:en")
    fresh, layered = tmp_path / "fresh.db", tmp_path / "layered.db"
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", str(EXAMPLE), "--db", str(fresh)]).exit_code == 0
    made = runner.invoke(cli, ["ingest", str(EXAMPLE), "--db", str(layered), "--pipeline", "default"])
    assert made.exit_code == 0, made.output
    with Store.open(layered) as store:
        assert store.count("analyses") == 5
        assert all(store.get_analysis(a.id).provenance[0] == "rashomon.sentences.v2" for a in store.articles())
        (story,) = store.stories()
    expected = json.loads(runner.invoke(cli, ["report", story.id, "--db", str(fresh), "--format", "json"]).stdout)

    def refuse(self: Pipeline, article: object) -> None:
        raise AssertionError(f"analysed again although the store holds {DEFAULT_PIPELINE}")

    monkeypatch.setattr(Pipeline, "analyze", refuse)
    reused = runner.invoke(cli, ["report", story.id, "--db", str(layered), "--format", "json"])
    assert reused.exit_code == 0, reused.output
    assert json.loads(reused.stdout)["claims"] == expected["claims"]


def test_layers_of_another_pipeline_are_not_reused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from rashomon.analysis.pipeline import Pipeline

    db = tmp_path / "partial.db"
    made = CliRunner().invoke(cli, ["ingest", str(EXAMPLE), "--db", str(db), "--pipeline", "sentences,entities"])
    assert made.exit_code == 0, made.output
    calls = []
    original = Pipeline.analyze
    monkeypatch.setattr(Pipeline, "analyze", lambda self, article: calls.append(article.id) or original(self, article))
    with Store.open(db) as store:
        (story,) = store.stories()
        _, report = compare_story(store, story.id)
    assert len(calls) == 5 and report["quotes"]  # analysed again: the stored layers lack quotes and the rest


def _stream(n: int) -> list:
    """`n` articles over 40 days: the written stories of test_stories retold each week, plus wire copies."""
    from test_stories import TEXTS

    articles, keys = [], sorted(TEXTS)
    for i in range(n):
        title, body = TEXTS[keys[i % len(keys)]]
        week, variant = divmod(i, len(keys))
        text = body if week % 3 else body + f" Week {week} brought new details from the scene."
        articles.append(make_article(Document(
            source=f"a{i}.txt", text=text, title=title, url=f"https://news.example/{i}", outlet=f"outlet-{variant}",
            published=datetime(2026, 1, 1, 9 + i % 8, tzinfo=UTC) + timedelta(days=(i * 40) // n))))  # fmt: skip
    return articles


def _grouping(store: Store) -> dict[str, dict[str, str | None]]:
    return {s.id: store.members_of(s.id) for s in store.stories()}


def test_new_later_articles_resume_the_saved_grouping_and_match_a_full_pass(tmp_path: Path) -> None:
    from rashomon.corpus.stories import ensure_grouped

    articles = _stream(64)
    cut = 40  # the first 40 in date order, grouped; then the 24 later ones arrive
    with Store.open(tmp_path / "full.db") as full:
        for article in articles:
            full.add_article(article)
        regroup(full)
        expected = _grouping(full)
    with Store.open(tmp_path / "inc.db") as inc:
        for article in articles[:cut]:
            inc.add_article(article)
        ensure_grouped(inc)
        for article in articles[cut:]:
            inc.add_article(article)
        read: list[int] = []
        ensure_grouped(inc, progress=read.append)
        assert len(read) == len(articles) - cut  # only the new articles were read
        assert _grouping(inc) == expected
        assert len(expected) < len(articles) and any(len(m) > 2 for m in expected.values())
        titles = {s.id: s.title for s in inc.stories()}
    with Store.open(tmp_path / "full.db") as full:
        assert titles == {s.id: s.title for s in full.stories()}  # resumed stories keep their titles


def test_an_older_article_arriving_late_regroups_everything_and_still_matches(tmp_path: Path) -> None:
    from rashomon.corpus.stories import ensure_grouped

    articles = _stream(48)
    late = articles.pop(5)  # an early article that arrives after later ones were grouped
    with Store.open(tmp_path / "inc.db") as inc:
        for article in articles:
            inc.add_article(article)
        ensure_grouped(inc)
        inc.add_article(late)
        read: list[int] = []
        ensure_grouped(inc, progress=read.append)
        assert len(read) == len(articles) + 1  # its place changes what follows: a full pass
        got = _grouping(inc)
    with Store.open(tmp_path / "full.db") as full:
        for article in [*articles, late]:
            full.add_article(article)
        regroup(full)
        assert got == _grouping(full)
