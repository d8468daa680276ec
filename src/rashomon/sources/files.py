"""Open what the user named only when it is a regular file, read it within a size cap, and name it printably.

A FIFO blocks the reader that opens it, and /dev/zero or /dev/urandom are read until memory runs out; both
were accepted as sources. A path is opened without blocking and checked on the open descriptor (no race
between the check and the open), and anything but a regular file is refused with one line naming it.
"""

from __future__ import annotations

import errno
import os
import stat
from typing import BinaryIO

from rashomon.errors import InputError, SourceNotFound, UnsupportedSource

__all__ = ["display_path", "file_kind", "is_url", "open_regular", "os_problem", "read_regular"]

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
)


def display_path(path: str) -> str:
    """`path` as text that can be printed and written as UTF-8: bytes that are not UTF-8 become `\\xNN`.

    Python keeps such bytes of a file name as lone surrogates, which no report or store can hold: a
    directory holding one such name aborted a whole ingest.
    """
    try:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that is no escaped byte: shown as the replacement character
        return path.encode("utf-8", "replace").decode("utf-8")


def file_kind(mode: int) -> str:
    """What a file of this mode is, in words ("a character device"), or "a special file"."""
    return next((name for test, name in _KINDS if test(mode)), "a special file")


def os_problem(error: OSError) -> str:
    """A few words for an OSError met opening or reading a source."""
    if error.errno == errno.ENOENT:
        return "no such file or directory"
    if error.errno == errno.ELOOP:
        return "symbolic link loop (too many levels of links)"
    if error.errno == errno.EACCES:
        return "permission denied"
    return f"cannot read: {error.strerror or error}"


def open_regular(path: str, *, label: str | None = None) -> BinaryIO:
    """Open `path` to read bytes when it is a regular file (links followed); raise an InputError otherwise."""
    name = label if label is not None else display_path(path)
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as error:
        if error.errno == errno.ENOENT and os.path.islink(path):
            raise SourceNotFound(name, "symbolic link to nothing (its target does not exist)") from None
        kind = SourceNotFound if error.errno == errno.ENOENT else InputError
        raise kind(name, os_problem(error)) from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise UnsupportedSource(name, f"not a regular file but {file_kind(mode)}; name a file or a directory")
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: str, *, limit: int, label: str | None = None) -> bytes:
    """Read a regular file whole, refusing one of more than `limit` bytes."""
    name = label if label is not None else display_path(path)
    with open_regular(path, label=name) as handle:
        try:
            data = handle.read(limit + 1)
        except OSError as error:
            raise InputError(name, os_problem(error)) from None
    if len(data) > limit:
        raise UnsupportedSource(name, f"too large: over {limit:,} bytes, the cap for one source")
    return data


def is_url(source: str) -> bool:
    """Return whether `source` is an http(s) URL rather than a path."""
    return source.lower().startswith(("http://", "https://"))
