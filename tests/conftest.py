"""Shared pytest setup for the Rashomon test suite."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

# Test helper modules (report_helpers, ...) import by plain name under any pytest import mode.
sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture(scope="session")
def annotated_stories():  # type: ignore[no-untyped-def]
    """Every annotated story compared (compare's default pipeline) and scored, once for the whole session.

    The fact floors (test_stories_gold) and the voices floors (test_eval_quotes) read the same run: comparing
    the 12 stories twice cost about four minutes of CI. Skips without ../shared/eval locally, fails in CI.
    """
    from rashomon_eval.ecbplus import EvalDataMissing
    from rashomon_eval.stories_gold import run_stories, stories_dir

    try:
        stories_dir()
    except EvalDataMissing as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but the evaluation data is missing, so story floors cannot run: {exc}")
        pytest.skip(f"story floors need ../shared/eval (not on this machine): {exc}")
    return run_stories()
