"""Unit tests of the evaluation helpers on hand-built cases (no evaluation data needed)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rashomon_eval import (
    EVAL_DIR_ENV,
    EvalDataMissing,
    Figures,
    PairCounts,
    default_eval_dir,
    format_figures,
    pairwise,
    rebuild_sentence,
)
from rashomon_eval.ecbplus import ecbplus_dir, split_topics


def doc(item: tuple[str, int]) -> str:
    """Document of an (article, sentence) item."""
    return item[0]


GOLD = {
    ("a", 0): {"e1"},
    ("b", 0): {"e1"},
    ("c", 0): {"e1"},
    ("a", 1): {"e2"},
    ("b", 1): {"e2"},
    ("c", 1): set(),
}


def test_perfect_grouping() -> None:
    """Groups equal to the gold chains score 1.0 everywhere."""
    counts = pairwise([[("a", 0), ("b", 0), ("c", 0)], [("a", 1), ("b", 1)], [("c", 1)]], GOLD, document=doc)
    assert counts == PairCounts(gold=4, predicted=4, correct=4)
    assert (counts.precision, counts.recall, counts.f1) == (1.0, 1.0, 1.0)


def test_empty_prediction_and_empty_gold() -> None:
    """No predicted pair gives precision 0 and recall 0; nothing at all gives zeros, not a division error."""
    counts = pairwise([[item] for item in GOLD], GOLD, document=doc)
    assert counts == PairCounts(gold=4, predicted=0, correct=0)
    assert (counts.precision, counts.recall, counts.f1) == (0.0, 0.0, 0.0)
    assert pairwise([], {}, document=doc) == PairCounts()


def test_all_wrong() -> None:
    """Grouping only sentences of different chains gets nothing right."""
    counts = pairwise([[("a", 0), ("b", 1)], [("a", 1), ("c", 1)]], GOLD, document=doc)
    assert counts == PairCounts(gold=4, predicted=2, correct=0)
    assert counts.f1 == 0.0


def test_partial() -> None:
    """Two of four gold pairs found, with two false pairs: P 2/4, R 2/4; the lone c1 joins a wrong group."""
    counts = pairwise([[("a", 0), ("b", 0)], [("a", 1), ("b", 1), ("c", 1)]], GOLD, document=doc)
    assert counts == PairCounts(gold=4, predicted=4, correct=2)
    assert (counts.precision, counts.recall, counts.f1) == (0.5, 0.5, 0.5)
    skewed = pairwise([[("a", 0), ("b", 0), ("c", 0)], [("a", 1), ("c", 1)]], GOLD, document=doc)
    assert skewed == PairCounts(gold=4, predicted=4, correct=3)
    assert skewed.f1 == pytest.approx(0.75)


def test_pairs_within_one_document_are_not_counted() -> None:
    """Two sentences of one article never form a pair, in the gold or the prediction."""
    gold = {("a", 0): {"e"}, ("a", 1): {"e"}}
    assert pairwise([[("a", 0), ("a", 1)]], gold, document=doc) == PairCounts()


def test_sentence_sharing_two_chains_pairs_once() -> None:
    """A pair sharing two chains is one gold pair."""
    gold = {("a", 0): {"e1", "e2"}, ("b", 0): {"e1", "e2"}}
    assert pairwise([[("a", 0), ("b", 0)]], gold, document=doc) == PairCounts(gold=1, predicted=1, correct=1)


def test_counts_add_up_for_micro_averaging() -> None:
    """Adding counts sums each field."""
    total = PairCounts(gold=2, predicted=1, correct=1) + PairCounts(gold=3, predicted=4, correct=2)
    assert total == PairCounts(gold=5, predicted=5, correct=3)


@pytest.mark.parametrize(
    ("tokens", "text"),
    [
        ("The climber , 32 , died .", "The climber, 32, died."),
        ("He did n't say it 's over", "He didn't say it's over"),
        ("a so - called hero in 2 - 14 games", "a so-called hero in 2-14 games"),
        ("She said `` we won '' ( again ) !", "She said “we won” (again)!"),
        ('He said " we won " today', 'He said "we won" today'),
        ("it ’ s the players ' union", "it’s the players' union"),
        ("paid $ 5 million ; then left", "paid $5 million; then left"),
    ],
)
def test_rebuild_sentence(tokens: str, text: str) -> None:
    """Tokens join with spaces except around punctuation, clitics, quotes and hyphens."""
    assert rebuild_sentence(tokens.split()) == text


def test_rebuild_sentence_of_nothing() -> None:
    """No tokens (or only empty ones) give an empty string."""
    assert rebuild_sentence([]) == rebuild_sentence(["", ""]) == ""


def test_splits() -> None:
    """Dev is topics 23-25, train the rest of 1-35, all is 1-35; test topics 36-45 are in none."""
    assert split_topics("dev") == {23, 24, 25}
    assert split_topics("train") | split_topics("dev") == split_topics("all") == set(range(1, 36))
    assert not split_topics("train") & split_topics("dev")
    with pytest.raises(ValueError, match="dev, train, all"):
        split_topics("test")


def test_eval_dir_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """RASHOMON_EVAL_DIR overrides the default, and a folder without ECB+ raises EvalDataMissing."""
    monkeypatch.setenv(EVAL_DIR_ENV, str(tmp_path))
    assert default_eval_dir() == tmp_path
    with pytest.raises(EvalDataMissing, match=EVAL_DIR_ENV):
        ecbplus_dir()


def test_default_eval_dir_is_beside_the_project(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the variable, the data is looked for at ../shared/eval from the project root."""
    monkeypatch.delenv(EVAL_DIR_ENV, raising=False)
    root = Path(__file__).resolve().parents[1]
    assert default_eval_dir() == (root.parent / "shared" / "eval").resolve()


def test_format_figures_table() -> None:
    """The table has a header, a rule and one row per name, with three-decimal scores."""
    figures = Figures.from_counts(
        PairCounts(gold=4, predicted=3, correct=2), documents=3, sentences=6, clusters=1, seconds=0.25
    )
    lines = format_figures({"toy": figures}).splitlines()
    assert len(lines) == 3
    assert lines[0].split()[:4] == ["evaluation", "P", "R", "F1"]
    assert lines[2].split()[:7] == ["toy", "0.667", "0.500", "0.571", "4", "3", "2"]


def test_eval_dir_with_a_set_that_has_no_items_says_so(tmp_path) -> None:
    from click.testing import CliRunner

    from rashomon.cli import cli

    babe = tmp_path / "babe" / "data"
    babe.mkdir(parents=True)
    (babe / "final_labels_SG2.csv").write_text(
        "text;news_link;outlet;topic;type;label_bias;label_opinion;biased_words\n", encoding="utf-8"
    )
    result = CliRunner().invoke(cli, ["eval", "loaded", "--eval-dir", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: loaded: the dev split in {tmp_path} has no items to score"


def test_the_alignment_evaluation_aligns_with_the_actors_compare_aligns_with(monkeypatch: pytest.MonkeyPatch) -> None:
    """The report joins "John A. Boehner" and "John Boehner"; compare's aligner does not (`alignment_actors`), so
    the ECB+ figure must be measured with the aligner's actors, not the report's."""
    from rashomon_eval import ecbplus
    from rashomon_eval.ecbplus import Story, score_story

    from rashomon.analysis.pipeline import Pipeline
    from rashomon.comparison.actors import alignment_actors, canonical_entities, entity_index
    from rashomon.model.records import Article

    pipeline = Pipeline.from_names()
    texts = ("Speaker John A. Boehner spoke on Tuesday.", "Speaker John Boehner spoke on Tuesday.")
    analyses = tuple(pipeline.analyze(Article(id=str(i), source=str(i), text=t)) for i, t in enumerate(texts))
    seen = []
    monkeypatch.setattr(ecbplus, "align", lambda analyses, *, actors, options: seen.append(actors) or [])
    score_story(Story(key=(1, "a"), analyses=analyses, gold={}), ecbplus.AlignOptions())
    assert seen == [alignment_actors(analyses)]
    assert seen[0] != entity_index(canonical_entities(analyses), analyses)
