"""The one registry: built-ins through the plugin door, and a real installed entry point adding every kind."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from rashomon.registry import DEFAULT_PLUGINS, default_registry

PLUGIN = '''
"""A third-party plugin: one of each extension."""
import click


def register_components(register):
    def shout():
        def run(analysis):
            text = analysis.article.text
            return analysis.with_layer("shouts", tuple(s for s in analysis.sentences if text[s.end - 1] == "!"))
        return run
    register("shouts", shout, requires=("sentences",), assigns=("shouts",), version=2)


def register_comparers(register):
    def loudest(comparison, options):
        counts = {a.article.id: len(a.layers.get("shouts", ())) for a in comparison.analyses}
        return {"notes": (*comparison.notes, "loudest: " + max(counts, key=counts.get))}
    register("loudest", loudest, requires=("analyses",), assigns=("notes",))


def register_renderers(register):
    register("count", lambda comparison, **opts: f"{len(comparison.claims)} claims\\n", suffixes=(".count",))


def register_commands(cli):
    @cli.command()
    def hello():
        """Say hello from a plugin."""
        click.echo("hello from the plugin")
'''


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A plugin installed the way pip installs one: a module and a dist-info with an entry point."""
    site = tmp_path_factory.mktemp("site")
    (site / "rashomon_shout.py").write_text(textwrap.dedent(PLUGIN), encoding="utf-8")
    info = site / "rashomon_shout-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: rashomon-shout\nVersion: 0.1\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[rashomon]\nshout = rashomon_shout\n", encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")]))
    env.pop("RASHOMON_LOAD_PLUGINS", None)
    return env


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "rashomon", *args], env=env, capture_output=True, text=True)


def test_builtins_come_through_the_plugin_door() -> None:
    registry = default_registry(entry_points=False)
    assert {info.plugin for info in registry.components.values()} <= set(DEFAULT_PLUGINS)
    assert list(registry.renderers) == ["html", "json", "md"]
    assert list(registry.comparers)[:2] == ["entities", "descriptors"]


def test_an_installed_plugin_is_listed_with_each_kind(installed: dict[str, str]) -> None:
    listed = _run(installed, "components")
    assert listed.returncode == 0, listed.stderr
    assert "rashomon.shouts.v2\trequires: sentences\tassigns: shouts" in listed.stdout
    assert "rashomon.compare.loudest.v1" in listed.stdout
    assert "count\tsuffixes: .count\tfrom: rashomon_shout" in listed.stdout
    assert "  rashomon_shout" in listed.stdout.split("command plugins:")[1]


def test_an_installed_plugin_adds_a_command(installed: dict[str, str]) -> None:
    assert _run(installed, "hello").stdout == "hello from the plugin\n"


def test_an_installed_plugin_renders_and_compares(installed: dict[str, str], tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("The ferry sank on Monday! Nobody was hurt.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("The ferry sank on Monday. Nobody was hurt.\n", encoding="utf-8")
    out = tmp_path / "report.count"
    done = _run(installed, "compare", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8").endswith(" claims\n")
    as_json = _run(installed, "compare", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--format", "json")
    report = json.loads(as_json.stdout)
    assert any(note.startswith("loudest: ") for note in report["notes"])
    assert "rashomon.compare.loudest.v1" in report["provenance"]


def test_load_plugins_env_restricts_entry_points(installed: dict[str, str]) -> None:
    env = dict(installed, RASHOMON_LOAD_PLUGINS="")
    assert "rashomon_shout" not in _run(env, "components").stdout
    assert _run(env, "hello").returncode != 0
