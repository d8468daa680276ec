"""Shipped knowledge: the outlet registry, the loaded-terms lexicon, the gazetteer, word lists, sentiment."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rashomon._lazy import door

if TYPE_CHECKING:
    from rashomon.resources.gazetteer import place_name
    from rashomon.resources.lexicon import Lexicon, Term, default_lexicon
    from rashomon.resources.outlets import Outlet, OutletMention, OutletRegistry, default_registry

_EXPORTS = {
    "Lexicon": "rashomon.resources.lexicon",
    "Outlet": "rashomon.resources.outlets",
    "OutletMention": "rashomon.resources.outlets",
    "OutletRegistry": "rashomon.resources.outlets",
    "Term": "rashomon.resources.lexicon",
    "default_lexicon": "rashomon.resources.lexicon",
    "default_registry": "rashomon.resources.outlets",
    "place_name": "rashomon.resources.gazetteer",
}
__all__ = [
    "Lexicon",
    "Outlet",
    "OutletMention",
    "OutletRegistry",
    "Term",
    "default_lexicon",
    "default_registry",
    "place_name",
]
__getattr__, __dir__ = door(__name__, _EXPORTS)
