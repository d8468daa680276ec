"""Joining the learned attributor's quotes with the rules' quotes: the same result as comparing every pair."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from rashomon.analysis.components.quotes import Found, merge_learned
from rashomon.text.attribution import Speaker


def naive(learned: list[Found], ruled: list[Found]) -> list[Found]:
    """The definition: every learned quote against every rule quote; a quoted stretch inside a learned quote with
    a speaker takes that speaker when it has none of its own, or when one cue reports both and its own speaker
    phrase lies inside the holder's."""

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
                piece = (  # the rule read the place the holder's phrase ends in ("S1 spokesman in Rome")
                    holder is not None
                    and r.speaker is not None
                    and r.cue is not None
                    and r.cue == holder.cue
                    and r.speaker.text == "Rome"
                    and holder.speaker.text.endswith(" in Rome")
                    and holder.speaker.start <= r.speaker.start
                    and r.speaker.end <= holder.speaker.end
                )
                if holder is not None and (r.speaker is None or piece):
                    r = replace(r, speaker=holder.speaker, cue=holder.cue)
                out.append(r)
    return out


def found(
    start: int, length: int, kind: str, speaker: int | None, cue: tuple[int, int] | None = None, wide: bool = True
) -> Found:
    """A quote whose speaker phrase is "S<n> spokesman in Rome" (wide) or only the place it ends in (narrow)."""
    phrase = f"S{speaker} spokesman in Rome"
    at = 0 if wide else phrase.index("Rome")
    said = None if speaker is None else Speaker(start=at, end=len(phrase), text=phrase[at:])
    return Found(start=start, end=start + length, kind=kind, speaker=said, cue=cue, paragraph=0)


quotes = st.lists(
    st.builds(found, st.integers(0, 60), st.integers(0, 30), st.sampled_from(["direct", "indirect", "partial"]),
              st.one_of(st.none(), st.integers(0, 3)), st.sampled_from([None, (4, 8), (90, 94)]), st.booleans()),
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
    assert merged[0].speaker is not None and merged[0].speaker.text.startswith("S4")  # the one it overlaps most
    # A partial quote inside the paraphrase, one it covers a sixth of and one apart stay; the repeat goes.
    assert merged[1:] == [outside, nested, apart]


def test_thousands_of_quotes_merge_in_linear_time() -> None:
    learned = [found(100 * i, 60, "indirect", None) for i in range(5000)]
    ruled = [found(100 * i + 10, 40, "direct", i % 7) for i in range(5000)]
    merged = merge_learned(learned, ruled)  # 25 million pairs before; benchmarks/bench_voices.py times it
    assert len(merged) == 10_000 and all(m.speaker is not None for m in merged)


def test_a_quoted_stretch_one_cue_reports_with_a_paraphrase_is_the_paraphrase_speakers() -> None:
    """The rules read the place that completes the phrase ("Silicon Valley" of "Analyst Rob Enderle of Enderle Group
    in Silicon Valley"); the paraphrase's speaker is whom the words are. Another cue, or a phrase of the rules' own,
    keeps the rules' speaker."""
    holder = found(10, 40, "indirect", 1, cue=(4, 8))
    piece = found(20, 10, "partial", 2, cue=(4, 8), wide=False)
    other_cue = found(20, 10, "partial", 2, cue=(60, 64), wide=False)
    own = found(20, 10, "partial", 2, cue=(4, 8))  # "S2 spokesman in Rome" is no piece of the holder's phrase
    merged = [merge_learned([holder], [q])[1] for q in (piece, other_cue, own)]
    assert [q.speaker.text for q in merged if q.speaker is not None] == [
        "S1 spokesman in Rome",
        "Rome",
        "S2 spokesman in Rome",
    ]
