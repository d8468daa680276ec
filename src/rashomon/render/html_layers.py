"""Views of the report's optional layers for the HTML page: conflicts, voices, citations, naming, tone.

A view is None when its key is absent from the report (the layer was not analysed), so the page can say
"not analysed" instead of implying that nothing was found.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from typing import Any

from rashomon.comparison.framing import TONE_THRESHOLD, tone_direction

__all__ = ["ROWS_SHOWN", "TONE_NEUTRAL", "layer_views", "speaker"]

TONE_NEUTRAL = TONE_THRESHOLD  # one source of truth, shared with the Markdown report
SAME_QUOTE = 0.5
ROWS_SHOWN = 12
View = dict[str, Any]
Builder = Callable[[Mapping[str, Any], Mapping[str, View], Mapping[str, View]], Any]


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _entity_names(report: Mapping[str, Any]) -> dict[str, str]:
    return {e["id"]: e.get("name") or e["id"] for e in report.get("entities") or ()}


def _conflicts(report: Mapping[str, Any], claims: Mapping[str, View], arts: Mapping[str, View]) -> list[View]:
    return [
        {
            "claim": claims.get(c["claim"]),
            "claim_id": c["claim"],
            "kind": c.get("kind", ""),
            "about": _text(c.get("about")),
            "confidence": c.get("confidence"),
            "values": [
                {
                    "article": arts[v["article"]],
                    "value": _text(v.get("value")),
                    "normalized": _text(v.get("display") or v.get("normalized")),
                    "text": _text(v.get("text")),
                }
                for v in c.get("values", ())
            ],
        }
        for c in report["conflicts"]
    ]


def _agreements(report: Mapping[str, Any], claims: Mapping[str, View], arts: Mapping[str, View]) -> list[View]:
    """Agreements whose outlets word the value differently (identical wording needs no note)."""
    views = _conflicts({"conflicts": report["agreements"]}, claims, arts)
    return [v for v in views if len({x["value"].casefold() for x in v["values"]}) > 1]


def _shared_sources(report: Mapping[str, Any], claims: Mapping[str, View], arts: Mapping[str, View]) -> list[View]:
    return [
        {"kind": g.get("kind", ""), "passages": [{"article": arts[p["article"]], "text": _text(p.get("text"))}
                                                  for p in g.get("passages", ())]}
        for g in report["shared_sources"]
    ]  # fmt: skip


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.casefold()))


def _same_quote(a: View, b: View) -> bool:
    if a["speaker"] != b["speaker"] or a["ids"] != b["ids"]:
        return False
    wa, wb = _words(a["text"]), _words(b["text"])
    return len(wa & wb) >= SAME_QUOTE * max(min(len(wa), len(wb)), 1)


def _shared_quotes(quotes: list[Mapping[str, Any]], arts: Mapping[str, View]) -> list[View]:
    # Each copy of a shared quote lists the others in also_in, so one quote shows up once per article.
    shared: list[View] = []
    for q in quotes:
        if not q.get("also_in"):
            continue
        ids = frozenset([q["article"], *q["also_in"]])
        item = {"text": q["text"], "speaker": speaker(q), "ids": ids}
        if not any(_same_quote(item, seen) for seen in shared):
            shared.append(item)
    for item in shared:
        item["articles"] = [a for a in arts.values() if a["id"] in item["ids"]]
    return shared


def speaker(quote: Mapping[str, Any]) -> str:
    """Return the name to show for a quote's speaker: the resolved name, else as written, else Unattributed."""
    return quote.get("speaker_name") or quote.get("speaker") or "Unattributed"


def _split(rows: list[View]) -> View:
    return {"rows": rows[:ROWS_SHOWN], "more": rows[ROWS_SHOWN:]}


def _voices(report: Mapping[str, Any], claims: Mapping[str, View], arts: Mapping[str, View]) -> View:
    quotes = list(report["quotes"])
    articles = list(arts.values())
    grid: dict[str, Counter[str]] = defaultdict(Counter)
    names: dict[str, str] = {}
    roles: dict[str, str] = {}
    for q in quotes:
        # One row per resolved actor: "Carney" and "Mark Carney" quoted in two outlets are one voice.
        key = q.get("speaker_entity") or speaker(q).casefold()
        grid[key][q["article"]] += 1
        names.setdefault(key, speaker(q))
        if q.get("role"):
            roles.setdefault(key, q["role"])
    rows = [
        {
            "speaker": names[key],
            "role": roles.get(key),
            "cells": [counts[a["id"]] for a in articles],
            "total": sum(counts.values()),
        }
        for key, counts in sorted(grid.items(), key=lambda kv: (-len(kv[1]), -sum(kv[1].values()), names[kv[0]]))
    ]
    by_article = [
        {
            "article": a,
            "quotes": [
                {"text": q["text"], "speaker": speaker(q), "kind": q.get("kind", ""), "cue": q.get("cue")}
                for q in quotes
                if q["article"] == a["id"]
            ],
        }
        for a in articles
    ]
    return {"count": len(quotes), **_split(rows), "shared": _shared_quotes(quotes, arts), "by_article": by_article}


def _citations(report: Mapping[str, Any], claims: Mapping[str, View], arts: Mapping[str, View]) -> View:
    citations = list(report["citations"])
    articles = list(arts.values())
    in_story = {(a.get("outlet") or "").casefold(): a for a in articles if a.get("outlet")}
    grid: dict[str, Counter[str]] = defaultdict(Counter)
    about: dict[str, list[str]] = {}
    for c in citations:
        grid[c["outlet"]][c["article"]] += 1
        if not about.get(c["outlet"]):
            about[c["outlet"]] = [str(v) for v in (c.get("country"), c.get("kind")) if v and v != "unknown"]
    rows = [
        {
            "source": name,
            "about": " · ".join(about.get(name, ())),
            "cells": [counts[a["id"]] for a in articles],
            "total": sum(counts.values()),
            "in_story": in_story.get(name.casefold()),
        }
        for name, counts in sorted(grid.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
    ]
    sentences = [{"article": arts[c["article"]], "source": c["outlet"], "text": c["text"]} for c in citations]
    return {"count": len(citations), "rows": rows, "sentences": sentences}


def _naming(report: Mapping[str, Any], claims: Mapping[str, View], arts: Mapping[str, View]) -> View:
    names = _entity_names(report)
    grid: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for d in report["descriptors"]:
        cell = grid[d["entity"]][d["article"]]
        if d["text"] not in cell:
            cell.append(d["text"])
    rows = [
        {"entity": names.get(eid, eid), "cells": [cells.get(a["id"], []) for a in arts.values()]}
        for eid, cells in grid.items()
    ]
    rows.sort(key=lambda r: (-sum(1 for c in r["cells"] if c), r["entity"]))
    return {"count": len(report["descriptors"]), **_split(rows)}


def _loaded(report: Mapping[str, Any], claims: Mapping[str, View], arts: Mapping[str, View]) -> View:
    counts: dict[str, Counter[str]] = {a["id"]: Counter() for a in arts.values()}
    categories: dict[str, str] = {}
    for t in report["loaded_terms"]:
        term = t.get("term") or ""
        counts.setdefault(t["article"], Counter())[term] += 1
        categories.setdefault(term, t.get("category") or "")
    columns = [
        {
            "article": a,
            "total": sum(counts[a["id"]].values()),
            "terms": [
                {"term": term, "count": n, "category": categories[term]}
                for term, n in sorted(counts[a["id"]].items(), key=lambda kv: (-kv[1], kv[0].casefold()))
            ],
        }
        for a in arts.values()
    ]
    return {"count": len(report["loaded_terms"]), "columns": columns}


def _tone_cell(item: Mapping[str, Any] | None, text: str = "") -> View | None:
    if item is None:
        return None
    score = float(item.get("score") or 0.0)
    direction = item.get("direction") or tone_direction(score)
    if direction == "warm":
        mark, word, cls = "▲", "favourable", "pos"
    elif direction == "cold":
        mark, word, cls = "▼", "unfavourable", "neg"
    else:
        mark, word, cls = "■", "neutral", "neu"
    if not item.get("finding", True):
        mark, word, cls = "·", "too little evidence", "low"
    return {
        "score": f"{score:+.2f}".replace("-", "−"),
        "mark": mark,
        "word": word,
        "cls": cls,
        "strength": round(min(abs(score), 1.0), 2),
        "mentions": item.get("mentions", 0),
        "finding": bool(item.get("finding", True)),
        "evidence": [
            {"text": text[e["start"] : e["end"]], "score": f"{float(e.get('score') or 0.0):+.2f}".replace("-", "−")}
            for e in item.get("evidence") or ()
        ],
    }


def _tone(report: Mapping[str, Any], claims: Mapping[str, View], arts: Mapping[str, View]) -> View:
    names = _entity_names(report)
    texts = {a["id"]: a.get("text") or "" for a in report.get("articles") or ()}
    grid: dict[str, dict[str, Mapping[str, Any]]] = defaultdict(dict)
    for t in report["tone"]:
        grid[t["entity"]][t["article"]] = t
    rows: list[View] = [
        {
            "entity": names.get(eid, eid),
            "cells": [_tone_cell(cells.get(a["id"]), texts.get(a["id"], "")) for a in arts.values()],
        }
        for eid, cells in grid.items()
        if any(t.get("finding", True) for t in cells.values())  # low-evidence rows are not findings
    ]
    rows.sort(key=lambda r: (-sum(1 for c in r["cells"] if c and c["finding"]), r["entity"]))
    hidden = len({t["entity"] for t in report["tone"]}) - len(rows)
    return {"count": len(report["tone"]), "rows": rows, "hidden": hidden, "threshold": TONE_THRESHOLD}


BUILDERS: dict[str, Builder] = {
    "conflicts": _conflicts,
    "agreements": _agreements,
    "shared_sources": _shared_sources,
    "quotes": _voices,
    "citations": _citations,
    "descriptors": _naming,
    "loaded_terms": _loaded,
    "tone": _tone,
}


def layer_views(report: Mapping[str, Any], claims: list[View], arts: Mapping[str, View]) -> dict[str, Any]:
    """Return each optional layer's view, or None where the report does not carry that layer."""
    by_id = {c["id"]: c for c in claims}
    return {name: None if report.get(name) is None else build(report, by_id, arts) for name, build in BUILDERS.items()}
