"""Render a report as one self-contained HTML page: inline CSS and JS, no request at view time.

The page is built from the `rashomon.report/1` dict (DESIGN §5), never from the dataclasses, so a stored
report renders like a fresh one. Templates run with autoescape on; article text reaches them only as
`highlight()` output, built here by escaping each text segment between span offsets.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from importlib.resources import files
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from rashomon.model.records import Comparison
from rashomon.render.html_layers import layer_views, speaker
from rashomon.render.json import report_dict
from rashomon.render.text import article_labels

__all__ = ["Mark", "article_views", "environment", "highlight", "page_context", "render", "render_report", "safe_href"]

STATUS_RANK = {"consensus": 0, "shared": 1, "unique": 2}
STATUS_HEADINGS = {
    "consensus": "Reported by every outlet",
    "shared": "Reported by some outlets",
    "unique": "Reported by one outlet only",
}
PALETTE = 8
OWN_CLAIMS_SHOWN = 6
_NEWLINES = re.compile(r"\n+")
_CSP = (
    "default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'sha256-{digest}'; "
    "base-uri 'none'; form-action 'none'"
)


@cache
def environment() -> Environment:
    """Return the Jinja2 environment of the report templates, with autoescape on."""
    return Environment(
        loader=PackageLoader("rashomon.render", "templates"),
        autoescape=select_autoescape(default_for_string=True, default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@cache
def _asset(name: str) -> str:
    return (files("rashomon.render") / "templates" / "assets" / name).read_text(encoding="utf-8")


def safe_href(url: str | None) -> str | None:
    """Return `url` when it is an absolute http(s) address fit for a link, else None."""
    if not url or any(ch.isspace() or ord(ch) < 32 for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else None


@dataclass(frozen=True, slots=True)
class Mark:
    """A highlighted range of one article's text: CSS classes, the claim it belongs to, a tooltip."""

    start: int
    end: int
    cls: str
    claim: str = ""
    title: str = ""


def highlight(text: str, marks: Iterable[Mark]) -> Markup:
    """Return `text` as escaped HTML with every mark's range wrapped in a span; the text is unchanged."""
    valid = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    bounds = sorted({0, len(text), *(m.start for m in valid), *(m.end for m in valid)})
    pieces = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        active = [m for m in valid if m.start <= start and end <= m.end]
        pieces.append(_segment(text[start:end], start, active) if active else _plain(text[start:end]))
    return Markup("").join(pieces)


def _segment(piece: str, start: int, active: Sequence[Mark]) -> Markup:
    classes = " ".join(sorted({c for m in active for c in m.cls.split()}))
    attrs = Markup(' class="{}"').format(classes)
    claims = " ".join(dict.fromkeys(m.claim for m in active if m.claim))
    if claims:
        attrs += Markup(' data-claims="{}"').format(claims)
    # Other marks may cut a mention into several spans; the first one says where each mention begins.
    starts = " ".join(dict.fromkeys(m.claim for m in active if m.claim and m.start == start))
    if starts:
        attrs += Markup(' data-starts="{}"').format(starts)
    title = "; ".join(dict.fromkeys(m.title for m in active if m.title))
    if title:
        attrs += Markup(' title="{}"').format(title)
    return Markup("<span{}>{}</span>").format(attrs, piece)


def _plain(piece: str) -> Markup:
    # A run of line breaks becomes a block of its own so paragraphs get air; the characters stay, so the
    # page's text is still exactly the article's.
    out, pos = [], 0
    for match in _NEWLINES.finditer(piece):
        out += [escape(piece[pos : match.start()]), Markup('<span class="br">{}</span>').format(match.group())]
        pos = match.end()
    out.append(escape(piece[pos:]))
    return Markup("").join(out)


def _labels(articles: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    return article_labels([(a["id"], a.get("outlet"), a.get("source") or a["id"]) for a in articles])


def _parse_time(value: Any) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    return parsed.astimezone(UTC) if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _day(value: datetime) -> str:
    return f"{value.day} {value:%B %Y}"


def _when(value: datetime | None) -> str | None:
    if value is None:
        return None
    return _day(value) if (value.hour, value.minute) == (0, 0) else f"{_day(value)}, {value:%H:%M} UTC"


def _date_range(story: Mapping[str, Any]) -> str:
    known = [t for t in (_parse_time(story.get(k)) for k in ("first_published", "last_published")) if t]
    if not known:
        return "publication dates unknown"
    if known[0].date() == known[-1].date():
        return f"published {_day(known[0])}"
    return f"published between {_day(known[0])} and {_day(known[-1])}"


def _outlet_info(report: Mapping[str, Any], article: Mapping[str, Any]) -> Mapping[str, Any]:
    outlets = report.get("outlets") or ()
    info = article.get("outlet_info") or next((o for o in outlets if article["id"] in o.get("articles", ())), None)
    if not info and article.get("outlet"):
        info = next((o for o in outlets if o.get("name") == article["outlet"]), None)
    return info or {}


def article_views(report: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Return one view per article: label, outlet details, link, dates and counts, in report order."""
    labels = _labels(report["articles"])
    views = []
    for i, a in enumerate(report["articles"]):
        info = _outlet_info(report, a)
        kind = info.get("kind")
        views.append(
            {
                "id": a["id"],
                "dom": f"a{i}",
                "colour": i % PALETTE,
                "label": labels[a["id"]],
                "outlet": a.get("outlet"),
                "country": info.get("country") or None,
                "kind": kind if kind and kind != "unknown" else None,
                "title": a.get("title"),
                "href": safe_href(a.get("url")),
                "url": a.get("url"),
                "source": a.get("source"),
                "published": _when(_parse_time(a.get("published"))),
                "words": a.get("words", 0),
                "removed": a.get("removed") or [],
                "notes": a.get("notes") or [],
                "text": a.get("text", ""),
            }
        )
    return views


def _stub(article_id: str) -> dict[str, Any]:
    return {"id": article_id, "dom": None, "colour": PALETTE, "label": article_id}


class _Lookup(dict[str, dict[str, Any]]):
    """Article views by id; an id the report does not list still gets a plain label."""

    def __missing__(self, key: str) -> dict[str, Any]:
        return _stub(key)


def _claim_views(report: Mapping[str, Any], arts: _Lookup) -> list[dict[str, Any]]:
    claims = []
    for i, c in enumerate(report["claims"]):
        wordings = [
            {"article": arts[m["article"]], "text": arts[m["article"]].get("text", "")[m["start"] : m["end"]]}
            for m in c.get("mentions", ())
        ]
        claims.append(
            {
                "id": c["id"],
                "dom": f"c{i}",
                "text": c["text"],
                "status": c["status"],
                "confidence": c.get("confidence"),
                "carried": set(c["articles"]),
                "articles": [arts[a] for a in c["articles"]],
                "missing": [arts[a] for a in c.get("missing", ())],
                "wordings": sorted(wordings, key=lambda w: w["article"]["colour"]),
                "mentions": c.get("mentions", ()),
            }
        )
    return claims


def _matrix(claims: list[dict[str, Any]], articles: list[dict[str, Any]]) -> list[dict[str, Any]]:
    order = {a["id"]: i for i, a in enumerate(articles)}

    def key(claim: dict[str, Any]) -> tuple[int, int, int]:
        first = min((order.get(a, len(order)) for a in claim["carried"]), default=len(order))
        return STATUS_RANK.get(claim["status"], 3), -len(claim["carried"]), first

    groups = []
    for status, heading in STATUS_HEADINGS.items():
        rows = sorted((c for c in claims if c["status"] == status), key=key)
        if rows:
            groups.append({"status": status, "heading": heading, "rows": rows})
    return groups


def omission_view(omission: Mapping[str, Any]) -> dict[str, Any]:
    """What the page shows of an omission's evidence: its confidence, key terms found, the closest sentence."""
    evidence = omission.get("evidence") or {}
    closest = evidence.get("closest") or {}
    return {"confidence": omission.get("confidence"), "terms": len(evidence.get("terms", ())),
            "found": len(evidence.get("found", ())), "closest": closest.get("text"),
            "similarity": evidence.get("similarity")}  # fmt: skip


def _coverage(report: Mapping[str, Any], claims: list[dict[str, Any]], articles: list[dict[str, Any]]) -> None:
    omitted = Counter(o["article"] for o in report.get("omissions", ()))
    by_id = {c["id"]: c for c in claims}
    total = max(len(claims), 1)
    for a in articles:
        counts = Counter(c["status"] for c in claims if a["id"] in c["carried"])
        carried = sum(counts.values())
        own = [c for c in claims if c["status"] == "unique" and a["id"] in c["carried"]]
        a.update(
            {
                "carried": carried,
                "share": round(100 * carried / total),
                "bars": [(s, round(100 * counts[s] / total, 2), counts[s]) for s in STATUS_HEADINGS if counts[s]],
                "own": own,
                "own_shown": OWN_CLAIMS_SHOWN,
                "omissions": [
                    {**by_id[o["claim"]], "omission": omission_view(o)}
                    for o in report.get("omissions", ())
                    if o["article"] == a["id"] and o["claim"] in by_id
                ],
                "omitted": omitted[a["id"]],
            }
        )


def _marks(report: Mapping[str, Any], claims: list[dict[str, Any]], article_id: str) -> list[Mark]:
    marks = [
        Mark(m["start"], m["end"], f"m m-{c['status']}", claim=c["dom"])
        for c in claims
        for m in c["mentions"]
        if m["article"] == article_id
    ]
    for q in report.get("quotes") or ():
        if q.get("article") == article_id:
            marks.append(Mark(q["start"], q["end"], "q", title=f"{q.get('kind', 'direct')} quote: {speaker(q)}"))
    for t in report.get("loaded_terms") or ():
        if t.get("article") == article_id:
            marks.append(Mark(t["start"], t["end"], "lt", title=f"loaded term ({t.get('category', '')})"))
    return marks


def _summary(report: Mapping[str, Any], claims: list[dict[str, Any]], arts: _Lookup) -> dict[str, Any]:
    summary = report.get("summary") or {}
    by_id = {c["id"]: c for c in claims}
    sentences = [
        {"text": s["text"], "claim": by_id.get(s.get("claim")), "articles": [arts[a] for a in s.get("articles", ())]}
        for s in summary.get("sentences", ())
    ]
    return {"text": summary.get("text", ""), "sentences": sentences}


def _title(report: Mapping[str, Any]) -> str:
    titles = [a.get("title") for a in report["articles"]]
    return report["story"].get("title") or next((t for t in titles if t), None) or "Untitled story"


def page_context(report: Mapping[str, Any]) -> dict[str, Any]:
    """Return everything the report templates need, prepared from a report dict."""
    articles = article_views(report)
    arts = _Lookup((a["id"], a) for a in articles)
    claims = _claim_views(report, arts)
    _coverage(report, claims, articles)
    for a in articles:
        a["body"] = highlight(a["text"], _marks(report, claims, a["id"]))
    counts = Counter(c["status"] for c in claims)
    notes = [*report.get("notes", ()), *(f"{a['label']}: {n}" for a in articles for n in a["notes"])]
    return {
        "title": _title(report),
        "story": report["story"],
        "dates": _date_range(report["story"]),
        "articles": articles,
        "claims": claims,
        "counts": {s: counts[s] for s in STATUS_HEADINGS},
        "omission_count": len(report.get("omissions", ())),
        "matrix": _matrix(claims, articles),
        "summary": _summary(report, claims, arts),
        "layers": layer_views(report, claims, arts),
        "notes": notes,
        "provenance": report.get("provenance", ()),
        "schema": report.get("schema", ""),
    }


def render_report(report: Mapping[str, Any]) -> str:
    """Render a `rashomon.report/1` dict as one self-contained HTML page."""
    script = _asset("report.js")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return (
        environment()
        .get_template("report.html")
        .render(
            **page_context(report),
            css=Markup(_asset("report.css")),
            script=Markup(script),
            csp=_CSP.format(digest=digest),
        )
    )


def render(comparison: Comparison) -> str:
    """Render `comparison` as one self-contained HTML page."""
    return render_report(report_dict(comparison))
