"""Fuzz and property tests: pathological inputs through readers, Markdown, cleaning, quotes, quantities and dates.

Each generated case has a time budget: hypothesis's `deadline` (reported and shrunk), and a hard stop (SIGALRM)
well above it, so a hang fails its case instead of holding the suite for minutes. Budgets are generous for a
shared two-core machine; they catch super-linear work, not slowness. The slowest cases found are kept below
as explicit regression tests, each with its own budget.

More examples: `RASHOMON_FUZZ_EXAMPLES=2000 pytest tests/test_fuzz.py` (docs/robustness.md has the counts).
"""

from __future__ import annotations

import os
import re
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from functools import cache

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from rashomon.analysis.components.quotes import Quotes
from rashomon.analysis.pipeline import Pipeline
from rashomon.clean.article import clean, make_article
from rashomon.errors import InputError
from rashomon.model.records import Analysis, Document
from rashomon.sources.markdown import markdown_to_text
from rashomon.sources.readers import read_bytes, split_front_matter
from rashomon.text import quantities as quantity_text
from rashomon.text.quantities import find_quantities
from rashomon.text.quotemarks import quoted_spans
from rashomon.text.timex import find_dates
from rashomon.text.timex_cues import infer_published

pytestmark = [
    pytest.mark.skipif(sys.platform == "win32", reason="the hard time budget uses SIGALRM"),
    # A failing 60 KB case is printed whole; hypothesis warns about that, which would hide the failure.
    pytest.mark.filterwarnings("ignore:Generating overly large repr:hypothesis.errors.HypothesisWarning"),
]

EXAMPLES = int(os.environ.get("RASHOMON_FUZZ_EXAMPLES", "60"))
DEADLINE = timedelta(seconds=6)  # per generated case; the slowest honest case here takes well under 1 s
HARD_STOP = 60.0  # seconds: past this a case is a hang, stopped and failed

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=DEADLINE,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    derandomize=os.environ.get("RASHOMON_FUZZ_RANDOM") is None,  # the same cases each run unless asked
)


class Overtime(BaseException):
    """A case ran past its hard time budget (a BaseException, so no `except Exception` in the code swallows it)."""


@contextmanager
def budget(seconds: float) -> Iterator[None]:
    """Fail the current case when it runs past `seconds`: a budget that stops a hang, not a speed test."""

    def over(signum: int, frame: object) -> None:
        raise Overtime(f"over the {seconds:g} s budget")

    previous = signal.signal(signal.SIGALRM, over)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# Pieces that trip pattern and pairwise code: quote marks, cue words, names, numbers, currencies, dates,
# Markdown and HTML markers, odd spaces, mojibake, entities, byline and caption furniture.
ATOMS = [
    '"', "\u201c", "\u201d", "\u00ab", "\u00bb", "\u201e", "'", "\u2019", " ", "  ", "\n", "\n\n", "\t", "\u00a0",
    "said", " he said", "He said ", ", she said.", "according to ", "told ", "Anna Smith", "Smith", "Reuters",
    ", ", ". ", "; ", ": ", "\u2026", "...", "$", "\u20ac", "\u00a3", "US$", "5", "1,000", "3.5", "2026", " billion",
    " million", "%", " per cent", "twenty", "two ", "people", " years", " ago", "Monday", "January 5", "Jan. 5",
    "2026-01-14", "last week", "on Tuesday", "#", "# ", "*", "_", "**", "__", "[", "]", "(", ")", "![", "](",
    "`", ">", "-", "=", "---\n", "<p>", "</p>", "<div>", "<h1>", "{", "}", "\u00e9", "\u00c3\u00a9", "&amp;",
    "http://x.example/a", "By John Smith", "Photo: Reuters", "Advertisement", "the", "a", "and", "more than ",
    "\ud800", "\x00", "\x1b", "\u200b", "\r\n", "\r",
]  # fmt: skip
_atom = st.sampled_from(ATOMS)
# A short run of pieces repeated many times: the shape of every pathological case found so far.
repeated = st.builds(lambda parts, times: "".join(parts) * times, st.lists(_atom, min_size=1, max_size=6),
                     st.integers(1, 4000)).filter(lambda text: len(text) <= 60_000)  # fmt: skip
# The same, always large: hypothesis favours small numbers, and a super-linear step shows only at size.
large = st.builds(lambda parts, times: ("".join(parts) * times)[:60_000], st.lists(_atom, min_size=1, max_size=4),
                  st.sampled_from([1500, 6000]))  # fmt: skip
mixed = st.lists(st.one_of(_atom, st.text(max_size=12)), max_size=300).map("".join)
texts = st.one_of(repeated, large, mixed, st.text(max_size=3000))


@cache
def _analysis_pipeline() -> Pipeline:
    return Pipeline.from_names(["sentences", "entities"])


def _quotes_of(text: str) -> Analysis:
    article = make_article(Document(source="fuzz", text=text))
    return Quotes()(_analysis_pipeline().analyze(article))


@pytest.fixture(scope="module", autouse=True)
def warm_pipeline() -> None:
    """Load spaCy and the lexicons before any case is timed (a cold first case took 8 s of loading)."""
    _quotes_of("Anna Smith said the harbour would reopen on Monday.")


def _texts_or_skip(text: str) -> str:
    return text if text.strip() else "x"


# --- readers ------------------------------------------------------------------------------------------


@FUZZ
@given(data=st.one_of(st.binary(max_size=4000), texts.map(lambda t: t.encode("utf-8", "surrogatepass"))),
       name=st.sampled_from(["a.txt", "a.md", "a.html", "a.json", "a.jsonl", "-"]))  # fmt: skip
def test_readers_give_documents_or_one_input_error(data: bytes, name: str) -> None:
    with budget(HARD_STOP):
        try:
            documents = read_bytes(data, source=name)
        except InputError as error:
            assert "\n" not in str(error)
            return
    for document in documents:
        document.text.encode("utf-8")  # writable: no lone surrogate survives reading


@FUZZ
@given(text=texts)
def test_front_matter_is_metadata_or_one_input_error(text: str) -> None:
    with budget(HARD_STOP):
        try:
            split_front_matter("---\n" + text + "\n---\nBody.\n", source="a.md")
        except InputError:
            pass


# --- Markdown: linear, and the same as the patterns it replaced -----------------------------------------

_OLD_MD = [
    (re.compile(r"^[ \t]{0,3}([-*_])([ \t]*\1){2,}[ \t]*$", re.M), ""),
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), ""),
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),
    (re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(.*?)[ \t]*#*[ \t]*$", re.M), r"\1"),
    (re.compile(r"^(=+|-+)[ \t]*$", re.M), ""),
    (re.compile(r"^[ \t]{0,3}>[ \t]?", re.M), ""),
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])"), r"\2"),
    (re.compile(r"`([^`]+)`"), r"\1"),
    (re.compile(r"\n{3,}"), "\n\n"),
]


def old_markdown_to_text(text: str) -> str:
    """The pattern-based converter markdown_to_text replaced (super-linear, so only for short texts)."""
    for pattern, replacement in _OLD_MD:
        text = pattern.sub(replacement, text)
    return text


_md = st.text(alphabet=list("*_[]()!#-=> \t\n`ab\u00e9\u00a01"), max_size=40)


@settings(max_examples=max(EXAMPLES * 20, 1000), deadline=None, derandomize=FUZZ.derandomize)
@given(text=_md)
def test_markdown_to_text_matches_the_patterns_it_replaced(text: str) -> None:
    assert markdown_to_text(text) == old_markdown_to_text(text)


@FUZZ
@given(text=st.one_of(repeated, st.builds(lambda p, n: p * n, st.sampled_from(["# a", "_a ", "**a ", "[a", "![", " "]),
                                          st.integers(1, 30_000))))  # fmt: skip
def test_markdown_to_text_is_linear(text: str) -> None:
    with budget(HARD_STOP):
        markdown_to_text(text)


# --- cleaning ---------------------------------------------------------------------------------------------


@FUZZ
@given(text=texts)
def test_cleaning_finishes_and_settles(text: str) -> None:
    with budget(HARD_STOP):
        cleaned = clean(text)
        again = clean(cleaned.text)
    assert again.text == cleaned.text  # a cleaned text needs no more cleaning


# --- quotes ---------------------------------------------------------------------------------------------


@FUZZ
@given(text=texts.map(_texts_or_skip))
def test_quote_marks_pair_within_a_paragraph(text: str) -> None:
    with budget(HARD_STOP):
        spans = quoted_spans(text)
    for q in spans:
        assert 0 <= q.open_at < q.start < q.end <= len(text) and "\n" not in text[q.start : q.end]


@settings(FUZZ, max_examples=max(EXAMPLES // 2, 10))
@given(text=texts.map(_texts_or_skip))
def test_quotes_component_spans_stay_inside_the_text(text: str) -> None:
    with budget(HARD_STOP):
        try:
            analysis = _quotes_of(text)
        except InputError:
            return  # nothing left after cleaning
    size = len(analysis.article.text)
    for span in analysis.layers["quotes"]:
        assert 0 <= span.start < span.end <= size


# --- quantities and dates ---------------------------------------------------------------------------------


@FUZZ
@given(text=texts)
def test_quantities_are_found_within_budget_and_inside_the_text(text: str) -> None:
    with budget(HARD_STOP):
        found = find_quantities(text)
    for q in found:
        assert 0 <= q.start < q.end <= len(text) and text[q.start : q.end] == q.text


_NO_COUNT_BEFORE = re.compile(r"\b(?:no|the|any|every|which)\s+$")


@settings(max_examples=max(EXAMPLES * 10, 500), deadline=None, derandomize=FUZZ.derandomize)
@given(text=st.text(alphabet=list("no the any every which x\n\t"), max_size=30), cut=st.integers(0, 30))
def test_the_no_count_check_matches_the_pattern_it_replaced(text: str, cut: int) -> None:
    start = min(cut, len(text))
    assert quantity_text._nothing_counted_before(text, start) == bool(_NO_COUNT_BEFORE.search(text[:start]))


@FUZZ
@given(text=texts)
def test_dates_are_found_within_budget(text: str) -> None:
    with budget(HARD_STOP):
        dates = find_dates(text, published=datetime(2026, 1, 14, tzinfo=UTC))
        infer_published(text)
    for value in dates:
        assert 0 <= value.start < value.end <= len(text)


# --- the slowest cases, kept: each was minutes or more before it was fixed ---------------------------------

SLOW_CASES: list[tuple[str, Callable[[str], object], str]] = [
    ("quote storm", _quotes_of, 'He said "and then \u2026 ' * 5000),  # > 5 min (quadratic attribution)
    ("quotes in one sentence", _quotes_of, 'He said "a" ' * 30000),  # 60,000 marks: minutes of list copies
    ("quote marks", clean, '"' * 300_000),  # spaCy strips a run one character a pass: hours
    ("heading", markdown_to_text, "# a" + " " * 20_000 + "b"),  # cubic backtracking: > 70 s at 4,000
    ("emphasis", markdown_to_text, "_a " * 100_000),  # quadratic: 12 s at 20,000
    ("strong", markdown_to_text, "**a " * 100_000),  # 35 s at 20,000
    ("links", markdown_to_text, "[a" * 100_000),
    ("counts", find_quantities, "two people and " * 20_000),  # 51 s
    ("money", find_quantities, "$5 billion over five years, " * 20_000),
    ("mojibake line", clean, "caf\u00c3\u00a9 " * 20_000),  # a character diff per line: minutes at 6 KB
    ("dates without a boundary", lambda text: find_dates(text, published=datetime(2026, 1, 14, tzinfo=UTC)),
     " Monday" * 20_000),  # every clause ran to the end of the text: over 5 s at 2,000
    ("dates in a hyphen run", find_dates, "2026-01-14-" * 5000),  # "N years ago" scanned the whole run
    ("caption line", infer_published, "2026-01-14 " * 20_000),  # 1 s at 2,000 dates in a line, quadratic
    ("a long run without a space", _quotes_of, 'He said so. ' + '**"["\u201c_' * 2000),  # spaCy: 35 s at 14 KB
    ("outlet names", _quotes_of, "Photo: Reuters. " * 4000),  # each mention against every name and outlet: 80 s
    ("lone names", _quotes_of, "Anna Smith met Bo Lee. Smith said so. Lee said no. " * 1200),
    ("distinct paragraphs", clean, "\n".join(f"Item {n} has words {n % 7} and {n % 11} in it." for n in range(6000))),
]  # fmt: skip


@pytest.mark.parametrize("name, run, text", SLOW_CASES, ids=[case[0] for case in SLOW_CASES])
def test_a_case_that_used_to_hang_finishes_within_its_budget(
    name: str, run: Callable[[str], object], text: str
) -> None:
    with budget(HARD_STOP * 2):
        run(text)


def test_a_number_of_thousands_of_digits_is_no_quantity() -> None:
    assert find_quantities("2026" * 1076) == ()  # int() refused it: ValueError out of find_quantities (fuzz)


def test_a_number_of_thousands_of_digits_in_front_matter_is_text() -> None:
    metadata, body = split_front_matter("---\ntitle: " + "2026" * 1076 + "\n---\nBody.\n", source="a.md")
    assert metadata.title == "2026" * 1076 and body == "Body.\n"  # a bare ValueError from the YAML parser


@example(text='He said "and then \u2026 ' * 200)
@settings(FUZZ, max_examples=1)
@given(text=st.just("x"))
def test_the_issue_quote_storm_is_also_an_example(text: str) -> None:
    with budget(HARD_STOP):
        _quotes_of(text)
