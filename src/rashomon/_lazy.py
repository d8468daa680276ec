"""Lazy package doors: a package names its public objects and where they live, and imports them on first use.

`rashomon --help` must not import spaCy, scikit-learn or onnxruntime, so a door never imports its modules
eagerly; `__dir__` lists the public names and each package's `TYPE_CHECKING` block shows them to type checkers.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def door(package: str, exports: Mapping[str, str]) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """Return `__getattr__` and `__dir__` for `package`, whose public names live in the modules `exports` maps."""

    def __getattr__(name: str) -> Any:
        if name in exports:
            return getattr(importlib.import_module(exports[name]), name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    def __dir__() -> list[str]:
        return sorted(exports)

    return __getattr__, __dir__
