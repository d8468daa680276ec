"""Train the learned attributor on PolNeAR's training part and write its weights into the package.

    python -m rashomon_eval.train.attribution [--eval-dir ../shared/eval] [--cache DIR] [--out PATH]

Reads `polnear/data/train` in place (first annotator per article, as the evaluator), parses every
paragraph with `rashomon.analysis.nlp.TRAINED_MODEL` (cached as spaCy DocBins under --cache, so a
second run skips parsing), builds the cue tagger's sequences (one per sentence) and the role tagger's
(one per cue: the cue's paragraph, each token labelled source, content or neither; and words that are
cues elsewhere but not here, with no roles, so the tagger learns to abstain), trains both linear-chain
CRFs with python-crfsuite (L-BFGS, fixed order and iterations: the same data gives the same weights)
and writes them as gzipped JSON. Never reads the dev split or the stories.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rashomon.analysis.learned.attribution import CUE_THRESHOLD, MODEL_PATH, ROLE_WINDOW, role_window
from rashomon.analysis.learned.crf import LinearChain
from rashomon.analysis.learned.features import cue_features, quoted_tokens, role_features
from rashomon.analysis.nlp import TRAINED_MODEL, load_nlp
from rashomon_eval.ecbplus import default_eval_dir
from rashomon_eval.polnear import first_annotations, parse_brat, polnear_dir

Pieces = tuple[tuple[int, int], ...]
CUE_PARAMS = {"c1": 0.2, "c2": 0.01, "max_iterations": 120, "feature.possible_transitions": True}
ROLE_PARAMS = {"c1": 0.1, "c2": 0.01, "max_iterations": 150, "feature.possible_transitions": True}
MIN_CUE_WORD = 3  # a word annotated as a cue this often elsewhere yields abstain examples where it is not one


@dataclass(frozen=True, slots=True)
class Relation:
    """One gold attribution: its cue, source and content pieces (character offsets)."""

    cue: Pieces
    source: Pieces
    content: Pieces


def relations(text: str) -> list[Relation]:
    """The attributions of a brat file that have a cue."""
    spans, rels = parse_brat(text)
    out = []
    for rel in rels:
        cue = spans.get(rel.get("Cue", ""), ("", ()))[1]
        if not cue:
            continue
        content = tuple(p for role in ("Content", "Content2") for p in spans.get(rel.get(role, ""), ("", ()))[1])
        source = spans.get(rel.get("Source", ""), ("", ()))[1]
        out.append(Relation(cue=tuple(cue), source=tuple(source), content=tuple(sorted(content))))
    return out


def parsed_article(text: str, cache: Path | None, name: str) -> list[tuple[int, Any]]:
    """(offset, Doc) for each paragraph of the article, from the DocBin cache when present."""
    from spacy.tokens import DocBin

    nlp = load_nlp(TRAINED_MODEL)
    target = cache / f"{name}.spacy" if cache else None
    bounds = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if m.group().strip()]
    if target is not None and target.exists():
        docs = list(DocBin().from_bytes(target.read_bytes()).get_docs(nlp.vocab))
        return [(doc.user_data["offset"], doc) for doc in docs]
    docs = list(nlp.pipe(text[s:e] for s, e in bounds))
    if target is not None:
        store = DocBin(store_user_data=True)
        for (start, _), doc in zip(bounds, docs, strict=True):
            doc.user_data["offset"] = start
            store.add(doc)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(store.to_bytes())
    return [(start, doc) for (start, _), doc in zip(bounds, docs, strict=True)]


def _covered(doc: Any, offset: int, pieces: Pieces) -> list[int]:
    """Indexes of the doc's tokens that share a character with the pieces."""
    return [t.i for t in doc if any(s < offset + t.idx + len(t) and offset + t.idx < e for s, e in pieces)]


def _bio(indexes: set[int], n: int, tag: str, labels: list[str]) -> None:
    for i in range(n):
        if i in indexes:
            labels[i] = ("I-" if i - 1 in indexes and labels[i - 1].endswith(tag) else "B-") + tag


def sequences(
    articles: Iterator[tuple[str, str, list[Relation]]], cache: Path | None, cue_words: Counter[str]
) -> tuple[list[tuple[list[list[str]], list[str]]], list[tuple[list[list[str]], list[str]]]]:
    """Build the cue tagger's and the role tagger's training sequences."""
    cue_seqs: list[tuple[list[list[str]], list[str]]] = []
    role_seqs: list[tuple[list[list[str]], list[str]]] = []
    for name, text, rels in articles:
        for offset, doc in parsed_article(text, cache, name):
            quoted = quoted_tokens(doc)
            mine = [r for r in rels if _covered(doc, offset, r.cue[:1])]
            cue_tokens: set[int] = set()
            by_cue: dict[tuple[int, int], tuple[set[int], set[int]]] = {}
            for rel in mine:
                tokens = _covered(doc, offset, rel.cue)
                cue_tokens.update(tokens)
                first, last = min(tokens), max(tokens) + 1
                roles = by_cue.setdefault((first, last), (set(), set()))
                roles[0].update(_covered(doc, offset, rel.source))
                roles[1].update(_covered(doc, offset, rel.content))
            for sent in doc.sents:
                labels = ["O"] * len(sent)
                _bio({t - sent.start for t in cue_tokens if sent.start <= t < sent.end}, len(sent), "CUE", labels)
                cue_seqs.append((cue_features(sent, quoted), labels))
            for (first, last), (source, content) in sorted(by_cue.items()):
                lo, hi = role_window(doc, first, last)
                labels = ["O"] * len(doc)
                _bio(content - set(range(first, last)), len(doc), "C", labels)
                _bio(source - content - set(range(first, last)), len(doc), "S", labels)
                role_seqs.append((role_features(doc, first, last, quoted, window=(lo, hi)), labels[lo:hi]))
            for token in doc:
                if token.i not in cue_tokens and cue_words[token.lower_] >= MIN_CUE_WORD and token.pos_ == "VERB":
                    lo, hi = role_window(doc, token.i, token.i + 1)
                    window = (lo, hi)
                    role_seqs.append(
                        (role_features(doc, token.i, token.i + 1, quoted, window=window), ["O"] * (hi - lo))
                    )
    return cue_seqs, role_seqs


def train(seqs: Sequence[tuple[list[list[str]], list[str]]], params: dict[str, Any]) -> LinearChain:
    """Train one linear-chain CRF with python-crfsuite and read its weights back."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for features, labels in seqs:
        trainer.append(features, labels)
    trainer.set_params(params)
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "model.crfsuite")
        trainer.train(path)
        tagger = pycrfsuite.Tagger()
        tagger.open(path)
        info = tagger.info()
    names: tuple[str, ...] = tuple(sorted(set(info.labels)))
    index = {label: i for i, label in enumerate(names)}
    import numpy as np

    transitions = np.zeros((len(names), len(names)))
    for (a, b), weight in info.transitions.items():
        transitions[index[a], index[b]] = weight
    states: dict[str, tuple[list[int], list[float]]] = {}
    for (attr, label), weight in sorted(info.state_features.items()):
        if abs(weight) >= 1e-4:
            ids, ws = states.setdefault(attr, ([], []))
            ids.append(index[label])
            ws.append(weight)
    return LinearChain(
        labels=names,
        transitions=transitions,
        states={k: (tuple(ids), tuple(ws)) for k, (ids, ws) in states.items()},
    )


Seqs = list[tuple[list[list[str]], list[str]]]


def _spans(labels: Sequence[str], tag: str) -> list[set[int]]:
    """The token sets of the B-/I- runs of one tag."""
    runs: list[set[int]] = []
    for i, label in enumerate(labels):
        if label == "B-" + tag or (label == "I-" + tag and (not runs or i - 1 not in runs[-1])):
            runs.append({i})
        elif label == "I-" + tag:
            runs[-1].add(i)
    return runs


def cue_f1(chain: LinearChain, seqs: Seqs) -> float:
    """F1 of cues on held-out sentences: a gold cue is found, a predicted one right, when they share a token."""
    outside = chain.labels.index("O")
    gold_n = found = pred_n = right = 0
    for features, labels in seqs:
        probs = chain.marginals(features)
        marked = ["I-CUE" if 1.0 - row[outside] >= CUE_THRESHOLD else "O" for row in probs]
        gold, pred = _spans(labels, "CUE"), _spans(marked, "CUE")
        gold_tokens, pred_tokens = set().union(*gold), set().union(*pred)
        gold_n, pred_n = gold_n + len(gold), pred_n + len(pred)
        found += sum(1 for run in gold if run & pred_tokens)
        right += sum(1 for run in pred if run & gold_tokens)
    precision, recall = right / max(1, pred_n), found / max(1, gold_n)
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def role_f1(chain: LinearChain, seqs: Seqs) -> float:
    """Token F1 of source and content labels on held-out role sequences (gold cues and abstentions)."""
    tp = predicted = gold = 0
    for features, labels in seqs:
        decoded = chain.decode(features)
        for want, got in zip(labels, decoded, strict=True):
            want_role, got_role = want[2:], got[2:]
            gold += want_role != ""
            predicted += got_role != ""
            tp += want_role != "" and want_role == got_role
    precision, recall = tp / max(1, predicted), tp / max(1, gold)
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def cross_validate(
    articles: Sequence[tuple[str, str, list[Relation]]],
    cache: Path | None,
    grid: Sequence[tuple[float, float]],
    *,
    taggers: Sequence[str] = ("cue", "role"),
) -> None:
    """Print each (c1, c2)'s mean held-out cue and role F1 over 3 folds of the training articles (by article)."""
    folds = 3
    parts: list[tuple[Seqs, Seqs]] = []
    for fold in range(folds):
        held = [a for k, a in enumerate(articles) if k % folds == fold]
        parts.append(sequences(iter(held), cache, _cue_words([a for a in articles if a not in held])))
    for c1, c2 in grid:
        scores = []
        for fold in range(folds):
            train_cue = [s for k, part in enumerate(parts) if k != fold for s in part[0]]
            train_role = [s for k, part in enumerate(parts) if k != fold for s in part[1]]
            cue_score = role_score = 0.0
            if "cue" in taggers:
                cue_score = cue_f1(train(train_cue, {**CUE_PARAMS, "c1": c1, "c2": c2}), parts[fold][0])
            if "role" in taggers:
                role_score = role_f1(train(train_role, {**ROLE_PARAMS, "c1": c1, "c2": c2}), parts[fold][1])
            scores.append((cue_score, role_score))
        cue_mean = sum(s[0] for s in scores) / folds
        role_mean = sum(s[1] for s in scores) / folds
        print(f"c1 {c1} c2 {c2}: cue F1 {cue_mean:.4f}, role token F1 {role_mean:.4f}", flush=True)


def _cue_words(articles: Sequence[tuple[str, str, list[Relation]]]) -> Counter[str]:
    """How often each word opens a gold cue in the articles."""
    return Counter(
        re.sub(r"\s+", " ", " ".join(text[s:e] for s, e in rel.cue[:1])).lower()
        for _, text, rels in articles
        for rel in rels
    )


def read_train(eval_dir: Path, limit: int | None) -> list[tuple[str, str, list[Relation]]]:
    """(name, text, relations) of each training article, first annotator, in name order."""
    folder = polnear_dir(eval_dir) / "train"
    out = []
    for name, ann in sorted(first_annotations(folder).items())[:limit]:
        text = (folder / "text" / f"{name}.txt").read_bytes().decode("utf-8")
        out.append((name, text, relations(ann.read_text(encoding="utf-8"))))
    return out


def main(argv: Sequence[str] | None = None) -> None:
    """Train both taggers on PolNeAR train and write the weights file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=None)
    parser.add_argument("--cache", type=Path, default=None, help="folder for cached parses (DocBin per article)")
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    parser.add_argument("--limit", type=int, default=None, help="train on the first N articles (quick trials)")
    parser.add_argument(
        "--cv", nargs="+", metavar="C1,C2", help="cross-validate these settings on train, write nothing"
    )
    parser.add_argument("--cv-taggers", default="cue,role", help="which taggers --cv trains: cue, role or both")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    articles = read_train(args.eval_dir or default_eval_dir(), args.limit)
    if args.cv:
        grid = [(float(a), float(b)) for a, b in (p.split(",") for p in args.cv)]
        cross_validate(articles, args.cache, grid, taggers=args.cv_taggers.split(","))
        return
    cue_words = _cue_words(articles)
    cue_seqs, role_seqs = sequences(iter(articles), args.cache, cue_words)
    print(f"{len(articles)} articles: {len(cue_seqs)} cue sequences, {len(role_seqs)} role sequences")
    cue = train(cue_seqs, CUE_PARAMS)
    role = train(role_seqs, ROLE_PARAMS)
    data = {
        "about": (
            f"Learned attributor trained on PolNeAR train ({len(articles)} articles, first annotator) with "
            f"python -m rashomon_eval.train.attribution; spaCy pipeline {TRAINED_MODEL}; role window {ROLE_WINDOW}"
        ),
        "cue": cue.to_dict(),
        "role": role.to_dict(),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.GzipFile(args.out, "wb", mtime=0) as handle:  # mtime 0: the same weights give the same bytes
        handle.write(json.dumps(data, sort_keys=True, separators=(",", ":")).encode("utf-8"))
    took = time.perf_counter() - started
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB) in {took:.0f} s")


if __name__ == "__main__":
    main()
