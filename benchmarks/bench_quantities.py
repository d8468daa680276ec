"""Time quantity and date extraction per article on the reference story; compare candidate libraries.

Prints figures, never asserts:
    python benchmarks/bench_quantities.py [--runs 20]
    python benchmarks/bench_quantities.py --compare [--lib-path DIR]   # libraries installed (or under DIR)

`--compare` scores what libraries do alone on the labelled tables in tests/data: quantulum3 for
quantities, text2num / number-parser / word2number for number words, dateparser (search_dates, and
DateDataParser on the labelled surface), parsedatetime and ctparse for dates. Libraries that are not
installed are skipped.
"""

from __future__ import annotations

import argparse
import importlib
import statistics
import sys
import time
import warnings
from collections.abc import Callable, Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from quantity_tables import Row, date_ok, load, quantity_ok, score  # noqa: E402
from rashomon.analysis.pipeline import Pipeline  # noqa: E402
from rashomon.model.records import Article  # noqa: E402
from rashomon.text.quantities import find_quantities  # noqa: E402
from rashomon.text.timex import find_dates  # noqa: E402
from rashomon.text.timex_cues import infer_published  # noqa: E402

STORY = ROOT / "examples" / "carney-beijing"


def median_ms(fn: Callable[[], Any], runs: int) -> tuple[float, float]:
    """Return (cold ms, median warm ms) of calling `fn`."""
    start = time.perf_counter()
    fn()
    cold = (time.perf_counter() - start) * 1000
    warm = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        warm.append((time.perf_counter() - start) * 1000)
    return cold, statistics.median(warm)


def bench_story(runs: int) -> None:
    """Print per-article cost of the extractors and the component on the reference story."""
    pipe = Pipeline.from_names(["sentences"])
    quantities = Pipeline.from_names(["quantities"], provided=("sentences",))
    print(f"{'article':28} {'chars':>6} {'quantities ms':>14} {'dates ms':>9} {'infer ms':>9} {'component ms':>13}")
    totals = []
    for path in sorted(STORY.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        analysis = pipe.analyze(Article(id=path.stem, source=str(path), text=text))
        anchor = date(2026, 1, 14)
        q = median_ms(lambda: find_quantities(text), runs)[1]  # noqa: B023
        d = median_ms(lambda: find_dates(text, published=anchor), runs)[1]  # noqa: B023
        i = median_ms(lambda: infer_published(text), runs)[1]  # noqa: B023
        c = median_ms(lambda: quantities(analysis), runs)[1]  # noqa: B023
        totals.append(c)
        print(f"{path.name:28} {len(text):6d} {q:14.2f} {d:9.2f} {i:9.2f} {c:13.2f}")
    print(f"component per article: mean {statistics.mean(totals):.2f} ms, max {max(totals):.2f} ms")


def optional(name: str) -> Any | None:
    """Import a module if it is installed."""
    try:
        return importlib.import_module(name)
    except Exception:  # noqa: BLE001 - any import failure means "not available here"
        return None


def report(title: str, rows: list[Row], check: Callable[[Row], bool], seconds: float) -> None:
    """Print one comparison line: accuracy per kind and time per case."""
    accuracy, counts, _failed = score(rows, check)
    figures = "  ".join(f"{k} {accuracy[k]:.2f}" for k in counts)
    print(f"  {title:44} {figures}   {seconds / len(rows) * 1000:7.2f} ms/case")


def timed(rows: list[Row], check: Callable[[Row], bool]) -> tuple[Callable[[Row], bool], float]:
    """Run `check` once over rows to time it; return a cached version for scoring."""
    results = {}
    start = time.perf_counter()
    for row in rows:
        try:
            results[id(row)] = check(row)
        except Exception:  # noqa: BLE001 - a library crash counts as a miss
            results[id(row)] = False
    return (lambda row: results[id(row)]), time.perf_counter() - start


def in_range(row: Row, day: date | None) -> bool:
    """Lenient date check for libraries that return one date: it falls within the expected range."""
    first, last = (date.fromisoformat(row.expected[k]) for k in ("first", "last"))
    return day is not None and first <= day <= last


def anchor_of(row: Row) -> datetime:
    return datetime.combine(date.fromisoformat(row.expected["published"]), datetime.min.time())


def compare_quantities(rows: list[Row]) -> None:
    """Score our extractor and quantulum3 (value only, leniently) on the quantity table."""
    print("quantities (tests/data/quantities.tsv)")
    check, secs = timed(rows, lambda r: quantity_ok(r, find_quantities(r.sentence)))
    report("rashomon.text.quantities (all fields)", rows, check, secs)

    def value_only(r: Row, found: Iterable[tuple[int, int, float]]) -> bool:
        start, end = r.bounds
        hits = [v for s, e, v in found if s < end and start < e]
        return not hits if r.kind == "none" else any(abs(v - float(r.expected["value"])) < 1e-6 for v in hits)

    check, secs = timed(rows, lambda r: value_only(r, ((q.start, q.end, q.value) for q in find_quantities(r.sentence))))
    report("rashomon.text.quantities (value only)", rows, check, secs)
    parser = optional("quantulum3.parser")
    if parser:
        check, secs = timed(
            rows, lambda r: value_only(r, ((q.span[0], q.span[1], q.value) for q in parser.parse(r.sentence)))
        )
        report("quantulum3 parse (value only)", rows, check, secs)
    words = [r for r in rows if r.kind != "none" and r.surface.split()[0].isalpha() and not r.surface[0].isdigit()]
    print(f"number words ({len(words)} cases whose surface starts with a word)")
    libs = {
        "text2num": lambda s: optional("text_to_num").text2num(s, "en"),
        "number-parser": lambda s: optional("number_parser").parse_number(s),
        "word2number": lambda s: optional("word2number.w2n").word_to_num(s),
    }
    from rashomon.text.quantities import _NUM

    for name, fn in libs.items():
        try:
            fn("five")
        except Exception:  # noqa: BLE001
            print(f"  {name:44} not installed")
            continue

        def parse_words(r: Row, fn: Callable[[str], Any] = fn) -> bool:
            m = _NUM.search(r.surface)
            if not m or not m.group("words"):
                return True  # not a number-word case: "a", "half a"
            want = float(r.expected["value"])
            got = fn(m.group("words"))
            return got is not None and any(abs(float(got) * k - want) < 1e-6 for k in (1, 10, 100))

        check, secs = timed(words, parse_words)
        report(name, words, check, secs)


def compare_dates(rows: list[Row]) -> None:
    """Score our resolver and date libraries on the date table (libraries leniently: one date in range)."""
    print("dates (tests/data/dates.tsv)")
    check, secs = timed(rows, lambda r: date_ok(r, find_dates(r.sentence, published=anchor_of(r))))
    report("rashomon.text.timex (exact range + qualifier)", rows, check, secs)
    check, secs = timed(
        rows, lambda r: any(in_range(r, d.first) for d in find_dates(r.sentence, published=anchor_of(r)) if d.first)
    )
    report("rashomon.text.timex (lenient: a date in range)", rows, check, secs)
    dateparser = optional("dateparser")
    if dateparser:
        from dateparser.date import DateDataParser
        from dateparser.search import search_dates

        def searched(r: Row) -> bool:
            found = search_dates(r.sentence, languages=["en"], settings={"RELATIVE_BASE": anchor_of(r)}) or []
            return any(s in r.surface or r.surface in s for s, _ in found) and any(
                in_range(r, d.date()) for s, d in found if s in r.surface or r.surface in s
            )

        check, secs = timed(rows, searched)
        report("dateparser.search_dates (lenient)", rows, check, secs)

        def candidate(r: Row) -> bool:
            parser = DateDataParser(languages=["en"], settings={"RELATIVE_BASE": anchor_of(r)})
            got = parser.get_date_data(r.surface).date_obj
            return in_range(r, got.date() if got else None)

        check, secs = timed(rows, candidate)
        report("dateparser on the labelled surface (lenient)", rows, check, secs)
    pdt = optional("parsedatetime")
    if pdt:
        cal = pdt.Calendar(version=pdt.VERSION_CONTEXT_STYLE)

        def parsed(r: Row) -> bool:
            when, ctx = cal.parseDT(r.surface, sourceTime=anchor_of(r))
            return bool(ctx.hasDate) and in_range(r, when.date())

        check, secs = timed(rows, parsed)
        report("parsedatetime on the labelled surface (lenient)", rows, check, secs)
    ctparse = optional("ctparse")
    if ctparse:

        def ct(r: Row) -> bool:
            result = ctparse.ctparse(r.surface, ts=anchor_of(r), timeout=1)
            res = getattr(result, "resolution", None)
            start = getattr(res, "start", res)
            if start is None or getattr(start, "year", None) is None:
                return False
            return in_range(r, date(start.year, start.month or 1, start.day or 1))

        check, secs = timed(rows, ct)
        report("ctparse on the labelled surface (lenient)", rows, check, secs)


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--compare", action="store_true", help="score candidate libraries on the tables")
    parser.add_argument("--lib-path", help="extra directory to import candidate libraries from")
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")
    if args.lib_path:
        sys.path.append(args.lib_path)
    print(f"python {sys.version.split()[0]}")
    bench_story(args.runs)
    if args.compare:
        compare_quantities(load("quantities"))
        compare_dates(load("dates"))


if __name__ == "__main__":
    main()
