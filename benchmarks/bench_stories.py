"""Story grouping at scale: throughput and peak memory (tracemalloc) at 10k, 20k and 50k synthetic records.

Records are recombined from the BASIL, AllSides-crawl and ECB+ texts read in place from ../shared/eval (never
copied): each synthetic story takes the members of one gold story, shuffles their sentences and adds one
sentence of another story, and stories are dated 20 to a day. Closed stories are drained as the stream goes,
as a store would, so the peak memory measures the grouper's windowed state.

    .venv-dev/bin/python benchmarks/bench_stories.py [--sizes 10000 20000 50000]
"""

from __future__ import annotations

import argparse
import random
import re
import time
import tracemalloc
from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from rashomon_eval.stories_eval import allsides_records, basil_records, ecbplus_records

from rashomon.group.grouper import Grouper, StoryRecord

_SENTENCE = re.compile(r"(?<=[.!?])\s+")
PER_DAY = 20


def source_stories() -> list[list[StoryRecord]]:
    """Gold stories of the three developer sets, as lists of member records."""
    stories: dict[object, list[StoryRecord]] = defaultdict(list)
    for record, label in [*basil_records(), *allsides_records()]:
        stories[label].append(record)
    for record, topic, subtopic in ecbplus_records("all"):
        stories[(topic, subtopic)].append(record)
    return [members for members in stories.values() if len(members) > 1]


def synthetic(n: int, sources: list[list[StoryRecord]], *, seed: int = 0) -> Iterator[StoryRecord]:
    """Yield `n` records in date order, story by story, recombined from the source stories."""
    rng = random.Random(seed)
    start, made, story = datetime(2020, 1, 1, tzinfo=UTC), 0, 0
    while made < n:
        members, other = rng.choice(sources), rng.choice(sources)
        extra = rng.choice(_SENTENCE.split(rng.choice(other).text) or [""])
        when = start + timedelta(days=story // PER_DAY, minutes=story % PER_DAY)
        for i, member in enumerate(members[: n - made]):
            sentences = _SENTENCE.split(member.text)[:12]
            rng.shuffle(sentences)
            yield StoryRecord(id=f"s{story}-{i}", published=when, title=member.title,
                              text=" ".join([*sentences, extra]), outlet=member.outlet)  # fmt: skip
            made += 1
        story += 1


def run(n: int, sources: list[list[StoryRecord]]) -> dict[str, float]:
    """Group `n` synthetic records; return records/s, comparisons per record and peak MiB."""
    records = list(synthetic(n, sources))
    grouper = Grouper()
    tracemalloc.start()
    began = time.perf_counter()
    stories = 0
    for i, record in enumerate(records):
        grouper.add(record)
        if i % 1000 == 999:
            stories += len(grouper.drain())
    seconds = time.perf_counter() - began
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    stories += len(grouper.stories())
    return {"records": n, "seconds": seconds, "per_s": n / seconds, "scored_per_record": grouper.comparisons / n,
            "stories": stories, "peak_mib": peak / 2**20}  # fmt: skip


def main() -> None:
    """Print one line of figures per corpus size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 20_000, 50_000])
    args = parser.parse_args()
    sources = source_stories()
    print(f"{'records':>8} {'seconds':>8} {'rec/s':>7} {'scored/rec':>10} {'stories':>8} {'peak MiB':>9}")
    for n in args.sizes:
        f = run(n, sources)
        print(f"{f['records']:>8} {f['seconds']:>8.1f} {f['per_s']:>7.0f} {f['scored_per_record']:>10.2f} "
              f"{f['stories']:>8} {f['peak_mib']:>9.1f}")  # fmt: skip


if __name__ == "__main__":
    main()
