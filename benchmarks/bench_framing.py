"""What the framing layers (loaded_terms, tone) and the story-level framing add to the cost per article.

Runs the default pipeline and the default pipeline plus each framing component over the reference story,
and over the PolNeAR dev texts when ../shared/eval is present (read in place), and prints milliseconds
per article; then the story-level `analyze_framing` on the reference story, per article. Run:
`.venv-dev/bin/python benchmarks/bench_framing.py`.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

# The same corpora and timing as the voices benchmark (run as a script, benchmarks/ is on sys.path).
from bench_voices import corpora, per_article_ms

import rashomon
from rashomon.analysis.pipeline import DEFAULT_PIPELINE, Pipeline
from rashomon.comparison.compare import CompareOptions
from rashomon.comparison.framing import analyze_framing
from rashomon.resources.lexicon import Lexicon

ROOT = Path(__file__).resolve().parents[1]
BASE = tuple(name for name in DEFAULT_PIPELINE if name not in ("loaded_terms", "tone"))
STAGES = {
    "default pipeline without framing": BASE,
    "+ loaded_terms": (*BASE, "loaded_terms"),
    "+ loaded_terms, tone": (*BASE, "loaded_terms", "tone"),
}


def main() -> None:
    """Print corpus x stage -> ms per article and the added cost; then lexicon load and story-level framing."""
    config = {"sentences": {"model": "blank:en"}}
    for corpus, articles in corpora().items():
        print(f"\n{corpus}")
        print(f"{'pipeline':28} {'ms/article':>10} {'added':>8}")
        base = None
        for label, names in STAGES.items():
            ms = per_article_ms(Pipeline.from_names(names, config=config), articles)
            base = ms if base is None else base
            print(f"{label:28} {ms:10.2f} {ms - base:+8.2f}")
    started = time.perf_counter()
    lexicon = Lexicon.load()
    print(f"\nlexicon load: {(time.perf_counter() - started) * 1000:.0f} ms ({len(lexicon)} terms), once per process")
    comparison = rashomon.compare(
        [str(ROOT / "examples" / "carney-beijing")],
        options=CompareOptions(model="blank:en", components=STAGES["+ loaded_terms, tone"]),
    )
    runs = []
    for _ in range(5):
        started = time.perf_counter()
        analyze_framing(comparison, lexicon=lexicon)
        runs.append((time.perf_counter() - started) * 1000 / len(comparison.articles))
    print(f"story-level framing (contrasts, tone table, profiles): {statistics.median(runs):.2f} ms per article")


if __name__ == "__main__":
    main()
