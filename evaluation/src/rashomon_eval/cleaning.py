"""Extraction and cleaning on trafilatura's English evaluation pages: what must stay, what must go.

Each page of `../shared/eval/trafilatura_eval_en` is extracted as `rashomon` reads an HTML file
(`sources.extract.extract_html`, trafilatura underneath) and cleaned (`clean.article.clean`). The set lists,
per page, snippets a correct main text contains (`with`) and boilerplate it must not contain (`without`).

Two stages are scored apart, so a change to the cleaning rules is measured on what they can touch:

- extraction: the share of `with` snippets in the extracted text, and of `without` snippets kept out of it;
- cleaning: of the `with` snippets the extraction kept, the share still there after cleaning (a rule that
  removes prose loses them), and of the `without` snippets the extraction let through, the share cleaning
  removed.

Snippets are compared in Unicode compatibility form (NFKC), lower-cased, with runs of white space made one
space. A page the extractor refuses
(no prose found) counts its `with` snippets as missed.
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rashomon_eval.ecbplus import EVAL_DIR_ENV, EvalDataMissing, default_eval_dir
from rashomon_eval.metrics import Table

if TYPE_CHECKING:
    from rashomon_eval.tasks import EvalOptions

FOLDER = "trafilatura_eval_en"
INDEX = "evaldata_en.json"
_SPACE = re.compile(r"\s+")


def trafilatura_dir(eval_dir: Path | None = None) -> Path:
    """Return the trafilatura evaluation folder under `eval_dir`, or raise EvalDataMissing naming where it looked."""
    folder = (eval_dir or default_eval_dir()) / FOLDER
    if not (folder / INDEX).is_file() or not (folder / "html").is_dir():
        raise EvalDataMissing(f"trafilatura evaluation pages not found at {folder} (set {EVAL_DIR_ENV})")
    return folder


def norm(text: str) -> str:
    """Compatibility forms folded (cleaning repairs "ﬂ" to "fl"), lower-cased, white space made single spaces."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip().lower()


@dataclass(slots=True)
class CleaningFigures:
    """Snippet counts at each stage, pages refused, and the removals cleaning made by reason."""

    pages: int = 0
    refused: int = 0
    keep: int = 0  # `with` snippets
    keep_extracted: int = 0  # ... in the extracted text
    keep_cleaned: int = 0  # ... of those, still in the cleaned text
    drop: int = 0  # `without` snippets
    drop_extracted: int = 0  # ... let through by the extraction
    drop_cleaned: int = 0  # ... of those, removed by cleaning
    reasons: Counter[str] = field(default_factory=Counter)
    lost: list[tuple[str, str]] = field(default_factory=list)  # (page, must-keep snippet) cleaning removed

    def metrics(self) -> dict[str, float]:
        """The four shares (0 when nothing was there to count)."""
        return {
            "extraction_keeps": self.keep_extracted / self.keep if self.keep else 0.0,
            "extraction_leaves_out": 1 - self.drop_extracted / self.drop if self.drop else 0.0,
            "cleaning_keeps": self.keep_cleaned / self.keep_extracted if self.keep_extracted else 0.0,
            "cleaning_removes": self.drop_cleaned / self.drop_extracted if self.drop_extracted else 0.0,
        }

    def tables(self) -> tuple[Table, ...]:
        """The shares with their counts, and the removals by reason."""
        m = self.metrics()
        rows: dict[str, dict[str, float | int | str]] = {
            "extraction: must-keep snippets found": {"share": m["extraction_keeps"], "of": self.keep},
            "extraction: boilerplate left out": {"share": m["extraction_leaves_out"], "of": self.drop},
            "cleaning: must-keep snippets kept": {"share": m["cleaning_keeps"], "of": self.keep_extracted},
            "cleaning: boilerplate removed": {"share": m["cleaning_removes"], "of": self.drop_extracted},
        }
        notes = (
            f"{self.pages} pages, {self.refused} refused by the extractor (no prose found)",
            *(f"lost by cleaning: {page}: {snippet[:70]!r}" for page, snippet in self.lost),
        )
        figures = Table(name="trafilatura_en_cleaning", columns=("share", "of"), rows=rows, notes=notes)
        removals = Table(
            name="trafilatura_en_removals",
            columns=("removed",),
            rows={reason: {"removed": count} for reason, count in self.reasons.most_common()},
        )
        return figures, removals


def run_cleaning(*, eval_dir: Path | None = None) -> CleaningFigures:
    """Extract and clean every page of the set and count its snippets at each stage."""
    from rashomon.clean.article import clean
    from rashomon.errors import RashomonError
    from rashomon.sources.extract import extract_html

    folder = trafilatura_dir(eval_dir)
    pages = json.loads((folder / INDEX).read_text(encoding="utf-8"))
    figures = CleaningFigures()
    for url, page in pages.items():
        figures.pages += 1
        keep, drop = page.get("with", []), page.get("without", [])
        figures.keep += len(keep)
        figures.drop += len(drop)
        html = gzip.decompress((folder / "html" / page["file"]).read_bytes()).decode("utf-8")
        try:
            extracted = extract_html(html, source=page["file"], url=url).text
        except RashomonError:
            figures.refused += 1
            continue
        cleaned = clean(extracted)
        figures.reasons.update(r.reason for r in cleaned.removed)
        norm_text, cleaned_text = norm(extracted), norm(cleaned.text)
        for snippet in map(norm, keep):
            if snippet in norm_text:
                figures.keep_extracted += 1
                if snippet in cleaned_text:
                    figures.keep_cleaned += 1
                else:
                    figures.lost.append((url, snippet))
        for snippet in map(norm, drop):
            if snippet in norm_text:
                figures.drop_extracted += 1
                figures.drop_cleaned += snippet not in cleaned_text
    return figures


def run_task(options: EvalOptions) -> tuple[Table, ...]:
    """The `cleaning` evaluation task: the whole English set (every split reads the same pages)."""
    return run_cleaning(eval_dir=options.eval_dir).tables()
