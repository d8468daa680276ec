"""Grouping articles into stories: per-article features and the incremental, time-windowed grouper."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rashomon._lazy import door

if TYPE_CHECKING:
    from rashomon.group.features import FEATURES_VERSION, Features, features
    from rashomon.group.grouper import Grouper, GroupOptions, StoryRecord, group

_EXPORTS = {
    "FEATURES_VERSION": "rashomon.group.features",
    "Features": "rashomon.group.features",
    "GroupOptions": "rashomon.group.grouper",
    "Grouper": "rashomon.group.grouper",
    "StoryRecord": "rashomon.group.grouper",
    "features": "rashomon.group.features",
    "group": "rashomon.group.grouper",
}
__all__ = [
    "FEATURES_VERSION",
    "Features",
    "GroupOptions",
    "Grouper",
    "StoryRecord",
    "features",
    "group",
]
__getattr__, __dir__ = door(__name__, _EXPORTS)
