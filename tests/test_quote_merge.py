"""Joining the learned attributor's quotes with the rules' quotes: the same result as comparing every pair."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from rashomon.analysis.components.quotes import Found, merge_learned
from rashomon.text.attribution import Speaker


def naive(learned: list[Found], ruled: list[Found]) -> list[Found]:
    """The definition: every learned quote against every rule quote; a quoted stretch inside a learned quote with
    a speaker and none of its own takes that speaker."""

    def shared(a: Found, b: Found) -> int:
        return max(0, min(a.end, b.end) - max(a.start, b.start))

    def same(a: Found, b: Found) -> bool:
        n = shared(a, b)
        return n >= 0.95 * (a.end - a.start) and n >= 0.95 * (b.end - b.start)

    out = []
    for f in learned:
        donor = max(ruled, key=lambda r: shared(f, r), default=None)
        if f.speaker is None and donor is not None and donor.speaker is not None and shared(f, donor) > 0:
            f = replace(f, speaker=donor.speaker)
        out.append(f)
    for r in ruled:
        covered = sum(shared(r, f) for f in learned)
        if covered == 0:
            out.append(r)
        elif r.kind in ("direct", "partial", "embedded") and not any(same(r, f) for f in learned):
            holders = [f for f in out[: len(learned)] if f.start <= r.start and r.end <= f.end]
            if holders or covered < 0.5 * (r.end - r.start):
                holder = next((f for f in holders if f.speaker is not None), None)
                if r.speaker is None and holder is not None:
                    r = replace(r, speaker=holder.speaker, cue=holder.cue)
                out.append(r)
    return out


def found(start: int, length: int, kind: str, speaker: int | None) -> Found:
    said = None if speaker is None else Speaker(start=0, end=3, text=f"S{speaker}")
    return Found(start=start, end=start + length, kind=kind, speaker=said, cue=None, paragraph=0)


quotes = st.lists(
    st.builds(found, st.integers(0, 60), st.integers(0, 30), st.sampled_from(["direct", "indirect", "partial"]),
              st.one_of(st.none(), st.integers(0, 3))),
    max_size=12,
)  # fmt: skip


@settings(max_examples=300, deadline=2000)
@given(learned=quotes, ruled=quotes)
def test_the_merge_is_the_pairwise_definition(learned: list[Found], ruled: list[Found]) -> None:
    assert merge_learned(learned, ruled) == naive(learned, ruled)


def test_a_learned_quote_replaces_the_rule_quote_it_repeats_and_takes_its_speaker() -> None:
    learned = [found(10, 40, "indirect", None)]
    repeated = found(11, 38, "indirect", 4)
    nested, outside, apart = found(20, 10, "direct", 2), found(0, 12, "direct", 1), found(70, 5, "direct", 3)
    merged = merge_learned(learned, [outside, repeated, nested, apart])
    assert merged[0].speaker is not None and merged[0].speaker.text == "S4"  # the one it overlaps most
    # A partial quote inside the paraphrase, one it covers a sixth of and one apart stay; the repeat goes.
    assert merged[1:] == [outside, nested, apart]


def test_thousands_of_quotes_merge_in_linear_time() -> None:
    learned = [found(100 * i, 60, "indirect", None) for i in range(5000)]
    ruled = [found(100 * i + 10, 40, "direct", i % 7) for i in range(5000)]
    merged = merge_learned(learned, ruled)  # 25 million pairs before; benchmarks/bench_voices.py times it
    assert len(merged) == 10_000 and all(m.speaker is not None for m in merged)
