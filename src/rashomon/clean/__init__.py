"""The cleaning stage: repair each article's text, remove page furniture, and record every removal."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rashomon._lazy import door

if TYPE_CHECKING:
    from rashomon.clean.article import Cleaned, clean, make_article

_EXPORTS = {
    "Cleaned": "rashomon.clean.article",
    "clean": "rashomon.clean.article",
    "make_article": "rashomon.clean.article",
}
__all__ = [
    "Cleaned",
    "clean",
    "make_article",
]
__getattr__, __dir__ = door(__name__, _EXPORTS)
