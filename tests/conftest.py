"""Shared pytest setup for the Rashomon test suite."""

from __future__ import annotations

import sys
from pathlib import Path

# Test helper modules (report_helpers, ...) import by plain name under any pytest import mode.
sys.path.insert(0, str(Path(__file__).parent))
