"""The quote evaluation harness on hand-written brat and BASIL-shaped snippets (no evaluation data needed)."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest
from rashomon_eval import EvalDataMissing, EvalOptions, basil, evaluate, format_table, polnear
from rashomon_eval.metrics import Accuracy
from rashomon_eval.names import normalise_name, same_speaker
from rashomon_eval.spans import TokenIndex, Words, is_direct, match, overlap
from rashomon_eval.stories_gold import StoriesFigures

from rashomon.analysis.pipeline import Pipeline
from rashomon.errors import PipelineError
from rashomon.model.layers import QuoteSpan
from rashomon.model.records import Analysis, Article, Span
from rashomon.registry import Registry

TEXT = (
    "Council passes budget\n"
    "The mayor said the bridge would reopen in May.\n"
    "“We are nearly done,” Ana Ruiz said, “and the cost stayed flat.”\n"
    "Critics called the plan “reckless”, according to a local paper."
)


def at(fragment: str, text: str = TEXT) -> tuple[int, int]:
    """Offsets of the first occurrence of `fragment`."""
    start = text.index(fragment)
    return start, start + len(fragment)


def brat_line(tid: str, kind: str, *fragments: str) -> str:
    """A brat `T` line for the fragments (one piece each), text joined by a space as brat writes it."""
    pieces = [at(f) for f in fragments]
    where = ";".join(f"{s} {e}" for s, e in pieces)
    return f"{tid}\t{kind} {where}\t{' '.join(TEXT[s:e] for s, e in pieces)}"


ANN = "\n".join(
    [
        brat_line("T1", "Source", "The mayor"),
        brat_line("T2", "Cue", "said the"),
        brat_line("T3", "Content", "the bridge would reopen in May"),
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
        brat_line("T5", "Content", "“We are nearly done,”", "“and the cost stayed flat.”"),
        brat_line("T6", "Source", "Ana Ruiz"),
        "E2\tAttribution:T7 Cue:T8 Source:T6 Content:T5 ",
        # A span whose text runs over a line break: the second line is not a record.
        brat_line("T9", "Content", "reopen in May.\n“We are"),
        "E3\tAttribution-no-source:T10 Content:T9",
        brat_line("T11", "Content", "the plan “reckless”"),
        brat_line("T12", "Source", "a local paper"),
        "E4\tAttribution:T13 Content:T11 Source:T12",
        "E5\tAttribution-no-source:T14 ",
        "#1\tAnnotatorNotes T3\tunsure about the cue",
    ]
)


@pytest.fixture
def gold() -> polnear.GoldArticle:
    """The hand-written article with its gold quotes."""
    spans, relations = polnear.parse_brat(ANN)
    article = Article(id="council", source="council.txt", text=TEXT)
    return polnear.GoldArticle(article=article, annotator="x", quotes=polnear.gold_quotes(TEXT, spans, relations))


def fake_quotes(**speakers: tuple[str | None, str | None]) -> Registry:
    """A registry whose `quotes` marks each “…” or "…" a direct quote; `speakers`: quote -> (speaker text, name)."""

    def factory() -> object:
        def run(analysis: Analysis) -> Analysis:
            text = analysis.article.text
            quotes = []
            for m in re.finditer(r"[“\"][^“”\"\n]*[”\"]", text):
                span_text, name = speakers.get(m.group(), (None, None))
                start, end = at(span_text, text) if span_text else (None, None)
                speaker = Span(start=start, end=end) if start is not None and end is not None else None
                quotes.append(
                    QuoteSpan(start=m.start(), end=m.end(), label="direct", speaker=speaker, speaker_name=name)
                )
            return analysis.with_layer("quotes", tuple(quotes))

        return run

    registry = Registry()
    registry.register("quotes", factory, assigns=("quotes",))
    return registry


def fake_pipeline(**speakers: tuple[str | None, str | None]) -> Pipeline:
    """The fake quote component as a one-step pipeline."""
    return Pipeline.from_names(["quotes"], registry=fake_quotes(**speakers))


def test_brat_records_are_anchored_lines_and_keep_discontinuous_pieces() -> None:
    spans, relations = polnear.parse_brat(ANN)
    assert sorted(spans) == ["T1", "T11", "T12", "T2", "T3", "T5", "T6", "T9"]
    assert spans["T5"] == ("Content", (at("“We are nearly done,”"), at("“and the cost stayed flat.”")))
    assert spans["T9"] == ("Content", (at("reopen in May.\n“We are"),))
    assert relations[1] == {"Attribution": "T7", "Cue": "T8", "Source": "T6", "Content": "T5"}
    assert relations[4] == {"Attribution-no-source": "T14"}


def test_gold_quotes_one_per_content_with_kind_and_sources(gold: polnear.GoldArticle) -> None:
    quotes = {TEXT[q.content[0][0] : q.content[-1][1]][:12]: q for q in gold.quotes}
    assert len(gold.quotes) == 4  # the relation without a Content is dropped
    assert quotes["the bridge w"].direct is False
    assert quotes["“We are near"].direct is True and quotes["“We are near"].sources == ((at("Ana Ruiz"),),)
    assert quotes["reopen in Ma"].sources == ()
    assert quotes["the plan “re"].direct is True  # a quoted word makes it direct, by PolNeAR's rule
    assert len(gold.sources) == 3


def test_second_content_piece_joins_the_first_and_shared_contents_merge_sources() -> None:
    ann = "\n".join(
        [
            brat_line("T1", "Content", "the bridge would reopen"),
            brat_line("T2", "Content", "in May"),
            brat_line("T3", "Source", "The mayor"),
            brat_line("T4", "Source", "Ana Ruiz"),
            "E1\tAttribution:T5 Content:T1 Content2:T2 Source:T3",
            "E2\tAttribution:T6 Content:T2 Content2:T1 Source:T4",
        ]
    )
    (quote,) = polnear.gold_quotes(TEXT, *polnear.parse_brat(ann))
    assert quote.content == (at("the bridge would reopen"), at("in May"))
    assert quote.sources == ((at("The mayor"),), (at("Ana Ruiz"),))


def test_words_of_a_discontinuous_span_leave_its_gap_neutral() -> None:
    index = TokenIndex(TEXT)
    gold = index.words((at("“We are nearly done,”"), at("“and the cost stayed flat.”")))
    whole = index.words((at("“We are nearly done,” Ana Ruiz said, “and the cost stayed flat.”"),))
    assert len(gold.words) == 9 and len(gold.neutral) == 3  # Ana Ruiz said
    assert overlap(gold, whole) == 1.0
    first_half = index.words((at("“We are nearly done,”"),))
    assert overlap(gold, first_half) == pytest.approx(4 / 9)


@pytest.mark.parametrize(
    ("gold", "system", "expected"),
    [
        ("the bridge would reopen in May", "the bridge would reopen in May.", 1.0),
        ("the bridge would reopen in May", "bridge would reopen", 0.5),
        ("the bridge would reopen in May", "reopen in May.\n“We are", 3 / 8),
        ("the bridge would reopen in May", "Ana Ruiz", 0.0),
        ("the bridge would reopen in May", "ridge would", 2 / 6),
    ],
    ids=["punctuation-ignored", "half", "partial", "disjoint", "cut-word-counts"],
)
def test_overlap_is_shared_words_over_union(gold: str, system: str, expected: float) -> None:
    index = TokenIndex(TEXT)
    assert overlap(index.words((at(gold),)), index.words((at(system),))) == pytest.approx(expected)


def test_matching_is_one_to_one_best_first() -> None:
    gold = [Words(frozenset({1, 2, 3, 4})), Words(frozenset({3, 4, 5, 6}))]
    system = [Words(frozenset({3, 4, 5})), Words(frozenset({1, 2, 3}))]
    assert match(gold, system, threshold=0.5) == {1: 0, 0: 1}
    assert match(gold, system[:1], threshold=0.5) == {1: 0}  # the better pair wins the one system span
    assert match(gold, system, threshold=1.0) == {}


def test_direct_means_a_double_quotation_mark() -> None:
    assert is_direct("“done”") and is_direct('"done"') and not is_direct("the mayor’s plan")


def test_score_counts_content_by_rule_and_kind(gold: polnear.GoldArticle) -> None:
    figures = polnear.score([gold], fake_pipeline())
    counts = figures.counts
    # Quotes found: “We are nearly done,” (4 of the 9 gold words: no match), “and the cost stayed flat.”
    # (5 of 9: a match) and “reckless” (1 of 3: no match).
    assert counts["content_overlap_all"] == polnear.Counts(gold=4, predicted=3, correct=1)
    assert counts["content_overlap_direct"] == polnear.Counts(gold=3, predicted=3, correct=1)
    assert counts["content_overlap_indirect"] == polnear.Counts(gold=1, predicted=0, correct=0)
    assert counts["content_exact_all"] == polnear.Counts(gold=4, predicted=3, correct=0)
    assert figures.metrics()["content_overlap_all_f1"] == pytest.approx(2 / 7)
    assert len(figures.articles[0].missed) == 3 and len(figures.articles[0].spurious) == 2


def test_speaker_is_right_when_its_span_shares_a_word_with_the_gold_source(gold: polnear.GoldArticle) -> None:
    pipeline = fake_pipeline(**{"“and the cost stayed flat.”": ("Ruiz", "Ana Ruiz")})
    figures = polnear.score([gold], pipeline)
    assert figures.accuracy["speaker"] == Accuracy(correct=1, total=1)
    assert figures.counts["source"] == polnear.Counts(gold=3, predicted=1, correct=1)
    assert figures.counts["attribution"] == polnear.Counts(gold=4, predicted=3, correct=1)
    assert figures.metrics()["speaker_accuracy"] == 1.0


def test_speaker_by_name_only_counts_in_the_lenient_figure(gold: polnear.GoldArticle) -> None:
    pipeline = fake_pipeline(**{"“and the cost stayed flat.”": ("The mayor", "Ana Ruiz")})
    figures = polnear.score([gold], pipeline)
    assert figures.accuracy["speaker"] == Accuracy(correct=0, total=1)
    assert figures.accuracy["speaker_or_name"] == Accuracy(correct=1, total=1)
    assert len(figures.articles[0].misattributed) == 1


def test_tables_have_rows_by_kind_and_the_cost(gold: polnear.GoldArticle) -> None:
    spans, speakers = polnear.score([gold], fake_pipeline(), name="toy").tables()
    text = format_table(spans)
    assert text.splitlines()[0].split() == ["toy", "P", "R", "F1", "gold", "pred", "correct"]
    assert [line.rsplit(None, 6)[0] for line in text.splitlines()[2:5]] == [
        "content exact direct",
        "content exact indirect",
        "content exact all",
    ]
    assert re.search(r"^1 articles, .* articles/s\)$", text, re.M)
    assert list(speakers.rows) == ["speaker", "speaker or name", "no gold source"]


def write_polnear(root: Path) -> Path:
    """A PolNeAR-shaped folder holding the hand-written article under two annotators (dev) and none in train."""
    data = root / "polnear" / "data"
    for split in ("dev", "train"):
        (data / split / "text").mkdir(parents=True)
        (data / split / "attributions").mkdir()
    (data / "dev" / "text" / "council.txt").write_text(TEXT, encoding="utf-8")
    (data / "dev" / "attributions" / "council_b.ann").write_text(ANN, encoding="utf-8")
    (data / "dev" / "attributions" / "council_a.ann").write_text(ANN.split("\nE2")[0], encoding="utf-8")
    return root


def test_load_reads_raw_text_and_the_first_annotator(tmp_path: Path) -> None:
    (article,) = polnear.load_articles("dev", eval_dir=write_polnear(tmp_path))
    assert article.article.text == TEXT and article.article.id == "council"
    assert article.annotator == "a" and len(article.quotes) == 1
    assert polnear.load_articles("train", eval_dir=tmp_path) == []
    with pytest.raises(ValueError, match="dev, train, all"):
        polnear.load_articles("test", eval_dir=tmp_path)


def test_missing_data_names_the_folder(tmp_path: Path) -> None:
    with pytest.raises(EvalDataMissing, match="PolNeAR evaluation data not found"):
        polnear.load_articles("dev", eval_dir=tmp_path)
    with pytest.raises(EvalDataMissing, match="BASIL evaluation data not found"):
        basil.load_articles(eval_dir=tmp_path)


@pytest.mark.parametrize(
    ("system", "gold", "same"),
    [
        ("Mr. Obama", "Barack_Obama", True),
        ("Donald J. Trump", "Donald_Trump", True),
        ("Sen. Ted Cruz’s", "Ted_Cruz", True),
        ("the Obama campaign", "Obama_campaign", True),
        ("Felipe Calderón", "Felipe_Calder", True),
        ("longtime pollster Pat Caddell", "Pat Caddell", True),
        ("Hillary Rodham Clinton", "Hillary_Clinton", True),  # a middle name dropped
        ("George Herbert Walker Bush", "George_Bush", True),
        ("Hillary Clinton", "Bill_Clinton", False),
        ("Paul Ryan", "John_Paul_Stevens", False),
        ("Hillary Rodham", "Hillary_Rodham_Clinton", False),
        ("Romney campaign", "Obama_campaign", False),
        ("campaign", "Obama_campaign", False),
        ("Obama", "Obama_campaign", False),
        (None, "Barack_Obama", False),
    ],
)
def test_same_speaker_after_normalisation(system: str | None, gold: str, same: bool) -> None:
    assert same_speaker(system, gold) is same


def test_normalise_name_drops_titles_initials_and_accents() -> None:
    assert normalise_name("Former Vice President Joe R. Biden") == ("joe", "biden")
    assert normalise_name("Calderón") == ("calderon",)


BODY = [
    ["The senator spoke on Monday.", "“We will win,” he said."],
    [],
    ["Aides repeated it: “We will win,” they said."],
]


def write_basil(root: Path) -> Path:
    """A BASIL-shaped folder: one article, a named-speaker quote span, a generic one and a non-quote."""
    folder = root / "basil"
    (folder / "articles" / "2012").mkdir(parents=True)
    (folder / "annotations" / "2012").mkdir(parents=True)
    article = {"source": "fox", "title": "A speech", "body-paragraphs": BODY}
    spans = [
        {"quote": "yes", "speaker": "Jane_Doe", "start": 0, "end": 14, "txt": "“We will win,”"},
        {"quote": "yes", "speaker": "Jane_Doe", "start": 19, "end": 33, "txt": "“We will win,”"},
        {"quote": "yes", "speaker": "other_pro", "start": 0, "end": 7, "txt": "The sen"},
        {"quote": "no", "speaker": "", "start": 4, "end": 11, "txt": "senator"},
        {"quote": "yes", "speaker": "John_Roe", "start": 0, "end": 9, "txt": "not there"},
    ]
    (folder / "articles" / "2012" / "t_1.json").write_text(json.dumps(article), encoding="utf-8")
    annotations = {"phrase-level-annotations": spans}
    (folder / "annotations" / "2012" / "t_1_ann.json").write_text(json.dumps(annotations), encoding="utf-8")
    return root


def test_basil_body_and_span_location(tmp_path: Path) -> None:
    (article,) = basil.load_articles(eval_dir=write_basil(tmp_path))
    text = article.article.text
    assert text == "The senator spoke on Monday. “We will win,” he said.\nAides repeated it: “We will win,” they said."
    first, second = article.quotes
    assert (first.start, first.end) == (29, 43) and first.speaker == "Jane Doe"
    assert text[second.start : second.end] == "“We will win,”" and second.start > text.index("\n")
    assert article.unlocated == 1


def test_basil_span_whose_offsets_do_not_hold_is_taken_at_its_first_occurrence() -> None:
    sentences = [(0, "He said “no”."), (14, "She said “no”.")]
    assert basil.locate({"txt": "“no”", "start": 9}, sentences) == (23, 27)
    assert basil.locate({"txt": "“no”", "start": 3}, sentences) == (8, 12)
    assert basil.locate({"txt": "“yes”", "start": 0}, sentences) is None


def test_basil_speaker_accuracy_among_found_spans(tmp_path: Path) -> None:
    articles = basil.load_articles(eval_dir=write_basil(tmp_path))

    def quotes(analysis: Analysis) -> Analysis:
        text = analysis.article.text
        he = Span(start=text.index(" he ") + 1, end=text.index(" he ") + 3)
        first = QuoteSpan(start=29, end=43, label="direct", speaker=he, speaker_name="Sen. Jane Doe")
        other = QuoteSpan(start=0, end=len("The senator"), label="indirect", speaker=Span(start=0, end=3))
        assert text[first.start : first.end] == "“We will win,”"
        return analysis.with_layer("quotes", (first, other))

    figures = basil.score(articles, quotes)
    assert figures.found == Accuracy(correct=1, total=2)
    assert figures.speaker == Accuracy(correct=1, total=1)
    assert figures.speaker_or_text == Accuracy(correct=1, total=1)
    assert figures.metrics()["speaker_end_to_end"] == 0.5
    assert "1 gold spans not found" in format_table(figures.tables()[0])


def test_basil_lenient_speaker_accepts_the_speaker_text(tmp_path: Path) -> None:
    articles = basil.load_articles(eval_dir=write_basil(tmp_path))

    def quotes(analysis: Analysis) -> Analysis:
        # The speaker as written is read from the analysed text: give it a phrase naming Jane Doe.
        text = analysis.article.text + " a spokeswoman for Jane Doe"
        said = Span(start=len(analysis.article.text) + 1, end=len(text))
        quote = QuoteSpan(start=29, end=43, label="direct", speaker=said, speaker_name="Lis Smith")
        article = dataclasses.replace(analysis.article, text=text)
        return dataclasses.replace(analysis, article=article).with_layer("quotes", (quote,))

    figures = basil.score(articles, quotes)
    assert figures.speaker == Accuracy(correct=0, total=1)
    assert figures.speaker_or_text == Accuracy(correct=1, total=1)


def test_evaluate_runs_named_tasks_with_the_given_pipeline(tmp_path: Path) -> None:
    options = EvalOptions(eval_dir=write_polnear(tmp_path), pipeline=fake_pipeline())
    result = evaluate(["quotes"], options=options)
    assert [t.name for t in result.tables] == ["polnear_dev_quotes", "polnear_dev_quotes speakers"]
    assert result.skipped == {}


def test_evaluate_all_skips_tasks_without_data_and_says_why(tmp_path: Path) -> None:
    options = EvalOptions(eval_dir=write_polnear(tmp_path), pipeline=fake_pipeline())
    result = evaluate([], options=options)
    assert [t.name for t in result.tables][0] == "polnear_dev_quotes"
    assert set(result.skipped) == {
        "alignment",
        "speakers",
        "conflicts",
        "loaded",
        "loaded-spans",
        "claim-pairs",
        "summary-credit",
        "summary",
        "stories",
        "cleaning",
        "stories-gold",
    }
    assert "trafilatura evaluation pages not found" in result.skipped["cleaning"]
    assert "BASIL evaluation data not found" in result.skipped["speakers"]


def test_evaluate_named_task_without_data_or_component_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(EvalDataMissing, match="BASIL"):
        evaluate(["speakers"], options=EvalOptions(eval_dir=tmp_path))
    registry = Registry()
    with pytest.raises(PipelineError, match="unknown component 'quotes'"):
        polnear.quote_pipeline(registry=registry, names=("quotes",))
    choices = (
        "choose from: alignment, quotes, speakers, conflicts, loaded, loaded-spans, claim-pairs, summary-credit, "
        "summary, stories, cleaning, stories-gold, all"
    )
    with pytest.raises(ValueError, match=choices):
        evaluate(["claims"])


def test_evaluate_with_no_data_at_all_is_one_error(tmp_path: Path) -> None:
    with pytest.raises(EvalDataMissing, match="ECB\\+ evaluation data not found.*PolNeAR.*BASIL"):
        evaluate([], options=EvalOptions(eval_dir=tmp_path))


def test_eval_command_rejects_an_unknown_task() -> None:
    from click.testing import CliRunner

    from rashomon.cli import cli

    result = CliRunner().invoke(cli, ["eval", "claims"])
    assert result.exit_code == 2 and "alignment" in result.stderr


def test_module_entry_point_runs_tasks_and_reports_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from rashomon_eval.__main__ import main

    assert main(["--eval-dir", str(tmp_path)]) == 2
    assert "ECB+ evaluation data not found" in capsys.readouterr().err
    assert main(["claims"]) == 2
    choices = (
        "choose from: alignment, quotes, speakers, conflicts, loaded, loaded-spans, claim-pairs, summary-credit, "
        "summary, stories, cleaning, stories-gold, all"
    )
    assert choices in capsys.readouterr().err


STORY_FLOORS = json.loads((Path(__file__).parent / "eval" / "floors.json").read_text(encoding="utf-8"))[
    "voices_stories"
]


@pytest.fixture(scope="module")
def story_means(annotated_stories: StoriesFigures) -> dict[str, float]:
    """The means over the 12 annotated stories, with compare's default pipeline (tests/conftest.py).

    The story scorer's printed names carry a qualifier the evaluation package's figures leave out ("quotes
    found (plain)" is "quotes found"): both names are given.
    """
    means = dict(annotated_stories.means)
    return {**means, **{f: means[f.split(" (")[0]] for f in STORY_FLOORS if f.split(" (")[0] in means}}


@pytest.mark.slow
@pytest.mark.parametrize("figure", sorted(STORY_FLOORS), ids=sorted(STORY_FLOORS))
def test_story_voices_stay_above_floor(story_means: dict[str, float], figure: str) -> None:
    """The mean over the 12 stories of each voices figure stays above its floor (tests/eval/floors.json)."""
    assert figure in story_means, f"run_stories printed no mean for {figure!r}: {sorted(story_means)}"
    assert story_means[figure] >= STORY_FLOORS[figure] - 0.01, (figure, story_means[figure], STORY_FLOORS[figure])
