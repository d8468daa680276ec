"""Time the outlet registry: loading it, and `find` over the reference story's texts repeated.

Prints figures, never asserts: `python benchmarks/bench_outlets.py [--repeat 20] [--runs 7] [--compare]`.
`--compare` also times the matchers that were considered (docs/outlets.md): the same trie with a leading
lookbehind, one alternation of every name sorted longest first, and spaCy's PhraseMatcher on a blank
English tokenizer. Those rows time the raw scan only, without the context rules `find` applies.
"""

from __future__ import annotations

import argparse
import platform
import re
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from rashomon.resources.outlets import OutletRegistry, _trie_regex

STORY = Path(__file__).resolve().parents[1] / "examples" / "carney-beijing"
SENTENCE_END = re.compile(r"(?<=[.!?”\"])\s+|\n+")


def best_of(fn: Callable[[], Any], runs: int) -> tuple[float, Any]:
    """Return (fastest seconds over `runs` calls, last result): the minimum is the least noisy on a busy machine."""
    best, result = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def row(case: str, seconds: float, chars: int, found: int, units: int, unit: str) -> str:
    """Format one result line."""
    per_unit = f"{seconds / units * 1e6:8.2f} µs/{unit}" if units > 1 else " " * 17
    speed = f"{chars / seconds / 1e6:7.1f} MB/s"
    return f"{case:<44} {seconds * 1e3:9.2f} ms {speed} {per_unit} {found / seconds:11,.0f} found/s"


def compare_rows(registry: OutletRegistry, text: str, sentences: list[str], runs: int) -> list[str]:
    """Time the alternative matchers on the same names and texts (raw scans, no context rules)."""
    names = sorted({name for outlet in registry for name in outlet.names}, key=len, reverse=True)
    patterns = {
        "trie, previous character first (shipped)": re.compile(_trie_regex(names)),
        "trie, lookbehind first": re.compile(r"(?<!\w)" + _trie_regex(names).removeprefix(r"[^\w]")),
        "one alternation, longest first": re.compile(
            r"(?<!\w)(?:" + "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names) + r")(?!\w)"
        ),
    }
    lines = []
    for case, pattern in patterns.items():
        seconds, count = best_of(lambda p=pattern: sum(1 for _ in p.finditer("\n" + text)), runs)
        lines.append(row(case, seconds, len(text), count, 1, ""))
    try:
        import spacy
        from spacy.matcher import PhraseMatcher
    except ImportError:
        return [*lines, "spaCy is not installed: PhraseMatcher row skipped"]
    nlp = spacy.blank("en")
    nlp.max_length = max(nlp.max_length, len(text) + 1)
    matcher = PhraseMatcher(nlp.vocab)
    matcher.add("OUTLET", list(nlp.tokenizer.pipe(names)))
    seconds, count = best_of(lambda: len(matcher(nlp.make_doc(text))), runs)
    lines.append(row("PhraseMatcher, whole text (tokenize + match)", seconds, len(text), count, 1, ""))
    seconds, count = best_of(lambda: sum(len(matcher(nlp.make_doc(s))) for s in sentences), runs)
    lines.append(row("PhraseMatcher, per sentence", seconds, len(text), count, len(sentences), "sentence"))
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmarks and print one line per case."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=20, help="copies of the reference story's texts")
    parser.add_argument("--runs", type=int, default=7, help="timed runs per case (the fastest is reported)")
    parser.add_argument("--compare", action="store_true", help="also time the alternative matchers")
    args = parser.parse_args(argv)
    texts = [path.read_text(encoding="utf-8") for path in sorted(STORY.glob("*.txt"))]
    text = "\n".join(texts * args.repeat)
    sentences = [s for s in SENTENCE_END.split(text) if s.strip()]
    print(f"python {platform.python_version()} on {platform.machine()}; {len(texts)} reference texts x {args.repeat}")
    print(f"= {len(text):,} characters, {len(sentences):,} sentences; fastest of {args.runs} runs per case")

    load_seconds, registry = best_of(OutletRegistry.load, max(1, args.runs // 2))
    print(f"load the packaged registry ({len(registry)} outlets, YAML + regex): {load_seconds * 1e3:.0f} ms")
    seconds, mentions = best_of(lambda: registry.find(text), args.runs)
    print(row("find, whole text", seconds, len(text), len(mentions), 1, ""))
    seconds, count = best_of(lambda: sum(len(registry.find(s)) for s in sentences), args.runs)
    print(row("find, per sentence", seconds, len(text), count, len(sentences), "sentence"))
    if args.compare:
        print("\nmatchers considered (raw scan, no context rules):")
        print("\n".join(compare_rows(registry, text, sentences, args.runs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
