"""The public surface: `rashomon.__all__` is sorted and resolves, and the CLI calls `rashomon.compare`."""

from __future__ import annotations

import importlib
import importlib.metadata
import pkgutil
import sys
import types

import pytest
from click.testing import CliRunner

import rashomon
from rashomon.cli import cli
from rashomon.render import render
from report_helpers import sample_comparison

PUBLIC = [name for name in rashomon.__all__ if name != "__version__"]


@pytest.fixture(scope="module", autouse=True)
def import_every_submodule() -> None:
    """Import the whole package first, as a long-running program would, so lazy names meet submodules."""
    for module in pkgutil.walk_packages(rashomon.__path__, "rashomon."):
        if not module.name.endswith("__main__"):
            importlib.import_module(module.name)


def test_all_is_sorted():
    assert rashomon.__all__ == sorted(rashomon.__all__)


def test_all_has_no_duplicates():
    assert len(set(rashomon.__all__)) == len(rashomon.__all__)


@pytest.mark.parametrize("name", PUBLIC)
def test_public_name_resolves_to_an_object_not_a_module(name):
    assert not isinstance(getattr(rashomon, name), types.ModuleType)


@pytest.mark.parametrize("name", PUBLIC)
def test_public_name_imports_to_an_object_not_a_module(name):
    namespace: dict[str, object] = {}
    exec(f"from rashomon import {name}", namespace)
    assert not isinstance(namespace[name], types.ModuleType)


def test_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'comparee'"):
        rashomon.comparee  # noqa: B018


def test_version_is_the_installed_distribution_version():
    assert rashomon.__version__ == importlib.metadata.version("rashomon")


def test_cli_compare_calls_rashomon_compare(monkeypatch):
    calls = []
    comparison = sample_comparison()

    def spy(sources, **kwargs):
        calls.append((sources, kwargs))
        return comparison

    monkeypatch.setattr(sys.modules[rashomon.compare.__module__], "compare", spy)
    result = CliRunner().invoke(cli, ["compare", "gazette.txt", "wire.txt", "--format", "md"])
    assert result.exit_code == 0, result.output
    assert [sources for sources, _ in calls] == [["gazette.txt", "wire.txt"]]
    assert result.stdout == render(comparison, "md")
