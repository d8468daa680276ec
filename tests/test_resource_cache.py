"""Built resources cached on disk: built once, rebuilt when the source changes, never fatal when broken."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from rashomon.resources import cache


@pytest.fixture(autouse=True)
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.delenv(cache.NO_CACHE_ENV, raising=False)
    return tmp_path / "cache"


class Builder:
    """Counts its calls and builds a small object graph from the source."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, source: bytes) -> dict[str, list[str]]:
        self.calls += 1
        return {"words": source.decode().split()}


def test_a_resource_is_built_once_then_read_from_the_cache() -> None:
    build = Builder()
    first = cache.built("terms", b"alpha beta", build)
    second = cache.built("terms", b"alpha beta", build)
    assert first == second == {"words": ["alpha", "beta"]}
    assert build.calls == 1


def test_a_changed_source_or_version_builds_again() -> None:
    build = Builder()
    cache.built("terms", b"alpha", build)
    assert cache.built("terms", b"alpha gamma", build) == {"words": ["alpha", "gamma"]}
    cache.built("terms", b"alpha", build, version=2)
    assert build.calls == 3


def test_a_corrupt_cache_file_is_rebuilt(cache_home: Path) -> None:
    build = Builder()
    cache.built("terms", b"alpha", build)
    [stored] = (cache_home / "resources").iterdir()
    stored.write_bytes(b"\x80\x05not a pickle")
    assert cache.built("terms", b"alpha", build) == {"words": ["alpha"]}
    assert build.calls == 2


def test_an_unwritable_cache_folder_still_builds(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = cache_home.parent / "file-not-folder"
    blocked.write_text("x", encoding="utf-8")
    monkeypatch.setenv(cache.CACHE_ENV, str(blocked))
    build = Builder()
    assert cache.built("terms", b"alpha", build) == {"words": ["alpha"]}
    assert cache.built("terms", b"alpha", build) == {"words": ["alpha"]}
    assert build.calls == 2
    assert blocked.read_text(encoding="utf-8") == "x"


def test_no_cache_env_turns_the_cache_off(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cache.NO_CACHE_ENV, "1")
    build = Builder()
    cache.built("terms", b"alpha", build)
    cache.built("terms", b"alpha", build)
    assert build.calls == 2
    assert not os.path.exists(cache_home)


def test_the_outlet_registry_is_built_once_and_rebuilt_when_a_user_file_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rashomon.resources import outlets

    user = tmp_path / "mine.yaml"
    user.write_text("outlets:\n- name: Harbour Gazette\n  kind: private\n", encoding="utf-8")
    monkeypatch.setenv(outlets.ENV_VAR, str(user))
    builds = []
    real = outlets.OutletRegistry.load.__func__  # type: ignore[attr-defined]
    monkeypatch.setattr(
        outlets.OutletRegistry, "load", classmethod(lambda cls, *p, **k: builds.append(p) or real(cls, *p, **k))
    )

    def fresh() -> outlets.OutletRegistry:
        outlets._cached_registry.cache_clear()  # a new process: only the disk cache is left
        return outlets.default_registry()

    assert fresh().get("Harbour Gazette") is not None and fresh().get("Reuters") is not None
    assert len(builds) == 1
    user.write_text("outlets:\n- name: Harbour Herald\n  kind: private\n", encoding="utf-8")
    registry = fresh()
    outlets._cached_registry.cache_clear()
    assert registry.get("Harbour Herald") is not None and registry.get("Harbour Gazette") is None
    assert len(builds) == 2


def test_a_user_lexicon_that_cannot_be_read_is_named_not_cached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rashomon.errors import InputError
    from rashomon.resources import lexicon

    monkeypatch.setenv(lexicon.ENV_VAR, str(tmp_path / "missing.yaml"))
    lexicon._cached.cache_clear()
    try:
        with pytest.raises(InputError, match="missing.yaml"):
            lexicon.default_lexicon()
    finally:
        lexicon._cached.cache_clear()
