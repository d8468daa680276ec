"""Rashomon: one news story through every outlet that told it."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
