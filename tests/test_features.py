"""Grouping features and the per-article `prepare` function: pure, the same in any process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace

import pytest

from rashomon.corpus.prepare import Task, prepare, prepare_batch
from rashomon.errors import PipelineError
from rashomon.group.features import Features, features
from rashomon.group.grouper import group
from rashomon.model.records import Document
from test_stories import CORPUS, TEXTS, by_story

WIRE = (
    "Thousands of rail workers in Britain walked out on Thursday in a dispute over pay, halting trains from London "
    "to Manchester. The RMT union said the strike would last two days and more walkouts could follow in March."
)


def test_features_are_the_same_in_another_process_with_another_hash_seed() -> None:
    title, text = TEXTS["quake-a"]
    here = features(title, text).to_dict()
    code = ("import json, sys; from rashomon.group.features import features; "
            "print(json.dumps(features(sys.argv[1], sys.argv[2]).to_dict()))")  # fmt: skip
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    there = subprocess.run([sys.executable, "-c", code, title, text], capture_output=True, text=True, env=env,
                           check=True).stdout  # fmt: skip
    assert json.loads(there) == here


def test_features_round_trip_and_carry_terms_names_and_title_weight() -> None:
    found = features("Sulawesi quake", "A magnitude 6.4 earthquake struck Sulawesi on Monday, killing 34 people.")
    assert found.terms["sulawesi"] == 1 + 2  # once in the text, twice for the title
    assert "earthquak" in found.terms and "monday" not in found.names
    assert "sulawesi" in found.names
    again = Features.from_dict(json.loads(json.dumps(found.to_dict())))
    assert again.to_dict() == found.to_dict() and again.resemblance(found) == 1.0


def test_resemblance_finds_a_copy_with_a_changed_sentence_and_not_a_rewrite() -> None:
    base = features("", WIRE)
    copy = features("", WIRE.replace("more walkouts could follow in March", "further action was possible"))
    rewrite = features(*TEXTS["strike-b"])
    assert base.resemblance(copy) > 0.5
    assert base.resemblance(rewrite) < 0.1
    assert not features("", "Too short.").has_shingles and features("", "Too short.").resemblance(base) == 0.0


def test_grouping_with_features_computed_elsewhere_equals_grouping_from_text() -> None:
    shipped = []
    for record in CORPUS:  # features made as a worker would, then sent back as JSON
        data = json.loads(json.dumps(features(record.title, record.text).to_dict()))
        shipped.append(replace(record, text="", title="", features=Features.from_dict(data)))
    assert group(shipped) == group(CORPUS)
    assert len(by_story(group(shipped))) == 3


def test_prepare_cleans_and_computes_features_and_reports_a_bad_document_as_an_error() -> None:
    good = Task(document=Document(text="Subscribe to our newsletter\n\n" + WIRE, source="a.txt", title="Rail strike"),
                source="a.txt")  # fmt: skip
    empty = Task(document=Document(text="Sign up for our newsletter!", source="b.txt"), source="corpus.jsonl",
                 record=7)  # fmt: skip
    done, failed = prepare_batch([good, empty])
    assert done.error is None and done.article is not None and not done.article.text.startswith("Subscribe")
    assert done.features is not None and done.features.terms["strike"] >= 2 and done.analysis is None
    assert failed.article is None and failed.record == 7 and "no article text" in (failed.error or "")


def test_prepare_with_a_pipeline_returns_its_layers() -> None:
    task = Task(document=Document(text=WIRE, source="a.txt"), source="a.txt", pipeline=("sentences", "entities"))
    done = prepare(task)
    assert done.analysis is not None and len(done.analysis.sentences) == 2
    assert {"rashomon.sentences.v2", "rashomon.entities.v1"} <= set(done.analysis.provenance)
    assert any(WIRE[s.start : s.end] == "Manchester" for s in done.analysis.layers["entities"])


def test_a_pipeline_that_cannot_be_built_raises_instead_of_failing_every_record() -> None:
    with pytest.raises(PipelineError, match="quotes requires 'entities'"):
        prepare(Task(document=Document(text=WIRE, source="a.txt"), source="a.txt", pipeline=("sentences", "quotes")))
