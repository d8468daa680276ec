"""Built resources cached on disk: parse and compile a YAML resource once, then load the result in milliseconds.

Parsing the outlet registry and the lexicon and compiling their matchers took about 1 s of every `compare`
(PyYAML, then thousands of small records and tries). The built object is pickled under the cache folder,
keyed by a hash of the source bytes, the builder's version and Rashomon's version, so an edited source or
a new release builds again; a cache that cannot be read or written is ignored (and rebuilt), never fatal.
The cache holds only what this user's own process wrote under their own cache folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Sequence
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TypeVar

from rashomon import __version__

__all__ = ["CACHE_ENV", "NO_CACHE_ENV", "built", "cache_dir", "sources"]

T = TypeVar("T")
CACHE_ENV = "RASHOMON_CACHE_DIR"
NO_CACHE_ENV = "RASHOMON_NO_CACHE"


def cache_dir() -> Path:
    """Return $RASHOMON_CACHE_DIR, else $XDG_CACHE_HOME/rashomon, else ~/.cache/rashomon."""
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return Path(configured)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "rashomon"


def sources(packaged: Traversable, paths: Sequence[str]) -> bytes:
    """The bytes a built resource depends on: the packaged file's, then each user file's with its path."""
    parts = [packaged.read_bytes()]
    for path in paths:
        parts += [os.fsencode(path), Path(path).read_bytes()]
    return b"\0\0".join(parts)


def built(name: str, source: bytes, build: Callable[[bytes], T], *, version: int = 1) -> T:
    """Return `build(source)`, from the on-disk cache when these very bytes were built before."""
    if os.environ.get(NO_CACHE_ENV):
        return build(source)
    digest = hashlib.sha256(source + f"\0{name}\0{version}\0{__version__}".encode()).hexdigest()[:20]
    path = cache_dir() / "resources" / f"{name}-{digest}.pickle"
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)  # type: ignore[no-any-return]  # noqa: S301 - our own cache file
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        pass  # absent, stale, truncated or from an older class layout: build it again
    result = build(source)
    _write(path, result)
    return result


def _write(path: Path, value: object) -> None:
    """Write atomically (a concurrent reader sees the whole file or none); give up quietly when it cannot."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, staged = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    except OSError:
        return  # a read-only or missing home: run uncached
    try:
        with os.fdopen(descriptor, "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(staged, path)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        with contextlib.suppress(OSError):
            os.unlink(staged)
