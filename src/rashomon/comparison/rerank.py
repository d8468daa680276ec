"""The embedding path of the aligner: re-score candidate pairs, guard against false merges, multi-membership.

`rescore` adds the sentence-embedding cosine to the lexical score of candidate pairs (sharing words, a
normalised value or a rarely named actor). Two guards keep a merge honest: below `min_cosine` two sentences
are never one claim whatever words they share (a shared number or phrase alone is not one fact), and two
sentences where one negates what the other states ("can be justified" / "cannot be justified") are never
one claim (their disagreement is a conflict, found across the story). `expand` then lets a sentence that
states several facts join every claim it fits.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from rashomon.comparison.facts.statements import contradiction

if TYPE_CHECKING:
    from rashomon.comparison.align import AlignOptions, Unit


def share_values(values: Sequence[frozenset[tuple[str, ...]]], n: int) -> np.ndarray:
    """Pairs of units that state at least one same normalised amount or date (or name one rare actor)."""
    shared = np.zeros((n, n), dtype=bool)
    holders: dict[tuple[str, ...], list[int]] = {}
    for i, keys in enumerate(values):
        for key in keys:
            holders.setdefault(key, []).append(i)
    for members in holders.values():
        shared[np.ix_(members, members)] = True
    return shared


RARE_SHARE = 0.2  # ... and in at most this share of each article's sentences


def rare_actors(items: Sequence[Unit], named: Sequence[set[str]], *, most: int) -> set[str]:
    """Actors several articles name in few of their sentences (at most `most`, and RARE_SHARE of each).

    Such a name marks what one particular fact is about ("Jeb Bush" in a story about Clinton's emails). In a
    text of two or three sentences every name is in most of them and marks nothing (ECB+ keeps only the
    annotated sentences of each document: counted there, the bonus cost 0.03 of dev precision).
    """
    sizes: dict[str, int] = {}
    counts: dict[str, dict[str, int]] = {}
    for unit, ids in zip(items, named, strict=True):
        sizes[unit.article] = sizes.get(unit.article, 0) + 1
        for actor in ids:
            per = counts.setdefault(actor, {})
            per[unit.article] = per.get(unit.article, 0) + 1
    return {
        a
        for a, per in counts.items()
        if len(per) > 1 and all(n <= most and n <= RARE_SHARE * sizes[article] for article, n in per.items())
    }


def rescore(
    items: Sequence[Unit],
    sentences: Sequence[str],
    lexical: np.ndarray,
    *,
    values: Sequence[frozenset[tuple[str, ...]]],
    options: AlignOptions,
) -> tuple[np.ndarray, np.ndarray, int]:
    """Return (similarity, cosine, re-scored pairs): candidates of different articles re-scored with the model."""
    from rashomon.analysis.embeddings import load_encoder

    n = len(items)
    if not n:
        return lexical.copy(), np.zeros((0, 0), dtype=np.float32), 0
    articles = np.array([unit.article for unit in items])
    shared = share_values(values, n)
    cross = articles[:, None] != articles[None, :]
    cosine = load_encoder(options.embedding or "onnx").encode(list(sentences))
    cosine = cosine @ cosine.T
    candidates = ((lexical >= options.candidate_floor) | shared | (cosine >= options.candidate_cosine)) & cross
    boosted = lexical + np.clip(cosine - options.cosine_floor, 0.0, None) + options.value_bonus * shared
    out = lexical.copy()
    out[candidates] = boosted[candidates]
    out[cross & (cosine < options.min_cosine)] = 0.0
    for i, j in zip(*np.nonzero(np.triu(cross & (out >= options.linkage), k=1)), strict=True):
        if contradiction(sentences[i], sentences[j]) is not None:
            out[i, j] = out[j, i] = 0.0
    return out, cosine, int(np.triu(candidates).sum())


def expand(
    groups: Sequence[Sequence[Unit]],
    items: Sequence[Unit],
    similarity: np.ndarray,
    *,
    options: AlignOptions,
    apart: np.ndarray | None = None,
) -> list[list[Unit]]:
    """Let each claim take, from every article it lacks, the best sentence that fits all its members.

    A sentence already in another claim may join too (it states several facts). Claims that end up with
    the same sentences are kept once; larger claims choose first.
    """
    index = {id(unit): i for i, unit in enumerate(items)}
    by_article: dict[str, np.ndarray] = {}
    for i, unit in enumerate(items):
        by_article.setdefault(unit.article, np.zeros(0, dtype=int))
        by_article[unit.article] = np.append(by_article[unit.article], i)
    out: list[list[Unit]] = []
    seen: set[frozenset[int]] = set()
    for group in sorted(groups, key=len, reverse=True):
        members = [index[id(u)] for u in group]
        carriers = {u.article for u in group}
        columns = similarity[:, members]
        mean, peak = columns.mean(axis=1), columns.max(axis=1)  # every unit's fit to the claim, at once
        added = []
        for article, candidates in by_article.items():
            if article in carriers:
                continue
            if apart is not None:  # never beside a member it is too far from in meaning (`group`)
                candidates = candidates[~apart[np.ix_(candidates, np.asarray(members))].any(axis=1)]
                if not len(candidates):
                    continue
            best = int(candidates[np.argmax(mean[candidates])])
            if mean[best] >= options.expand_mean and peak[best] >= options.expand_pair:
                added.append(best)
        key = frozenset(members + added)
        if key in seen:
            continue
        seen.add(key)
        out.append([items[i] for i in sorted(key, key=lambda i: (items[i].article, items[i].span.start))])
    return out
