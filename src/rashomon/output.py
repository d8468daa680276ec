"""Write reports to disk atomically: readers see the old file or the new one, never half of either.

The rule for what may be written:

- A regular file, or a new file in an existing directory, is replaced through a temporary file in the same
  directory (`os.replace`).
- A symbolic link is followed to the file it names (all links resolved), and that file is replaced in its
  own directory; the link itself stays. A link to nothing, a loop of links, or a link to anything but a
  regular file is refused.
- Anything else (a device such as /dev/full, a FIFO, a socket, a directory) is refused: before, `-o
  /dev/full` replaced the device node with a regular file and exited 0.
- The outputs of one run are written together (`write_all`): every temporary file is written and synced
  first, and the targets are replaced only once all of them were; one output that cannot be written leaves
  every target as it was.

Standard output (`-o -`) is the caller's job: print the text instead of naming a path here.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from rashomon.errors import OutputError

__all__ = ["check_target", "staged", "write_all", "write_atomic"]


@dataclass(frozen=True, slots=True)
class _Staged:
    name: str  # the output as the user gave it
    target: str  # the file that will be replaced (links resolved)
    temp: str


def check_target(path: str | os.PathLike[str]) -> str:
    """Return the file writing `path` replaces (links resolved), or raise an OutputError saying why not."""
    name = os.fspath(path)
    target = name
    if os.path.islink(name):
        try:
            target = os.path.realpath(name, strict=True)
        except OSError as error:
            if error.errno == errno.ELOOP:
                raise OutputError(name, "cannot write: symbolic link loop") from None
            raise OutputError(name, "cannot write: symbolic link to nothing (its target does not exist)") from None
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        directory = os.path.dirname(target) or "."
        if not os.path.exists(directory):
            raise OutputError(name, f"cannot write: directory {os.path.dirname(name) or '.'} does not exist") from None
        if not os.path.isdir(directory):
            raise OutputError(name, f"cannot write: {os.path.dirname(name)} is not a directory") from None
        return target
    except NotADirectoryError:
        raise OutputError(name, f"cannot write: {os.path.dirname(name)} is not a directory") from None
    except OSError as error:
        raise OutputError(name, f"cannot write: {error.strerror or error}") from None
    if not stat.S_ISREG(mode):
        raise OutputError(name, f"cannot write: it is {_kind(mode)}, and only a regular file is replaced")
    return target


def write_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Write `text` (UTF-8) to `path` through a temporary file in the same directory."""
    write_all([(os.fspath(path), text)])


def write_all(outputs: Sequence[tuple[str, str]]) -> None:
    """Write each (path, text) pair, replacing the targets only once every one of them could be written."""
    with staged(outputs) as commit:
        commit()


@contextmanager
def staged(outputs: Sequence[tuple[str, str]]) -> Iterator[Callable[[], None]]:
    """Write every text to a temporary file beside its target and yield `commit`, which replaces the targets.

    Leaving the block without calling `commit` (or on an error) removes the temporary files, so the
    caller can do more that must succeed first (print to standard output) between staging and commit.
    """
    pending: list[_Staged] = []
    try:
        for name, text in outputs:
            pending.append(_stage(name, text))

        def commit() -> None:
            while pending:
                item = pending[0]
                try:
                    _keep_mode(item.temp, item.target)
                    os.replace(item.temp, item.target)
                except OSError as error:
                    raise OutputError(item.name, f"cannot write: {error.strerror or error}") from error
                pending.pop(0)

        yield commit
    finally:
        for item in pending:
            _remove_quietly(item.temp)


def _stage(name: str, text: str) -> _Staged:
    target = check_target(name)
    directory = os.path.dirname(os.path.abspath(target))
    temp: str | None = None
    try:
        fd, temp = _open_temp(directory, os.path.basename(target))
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
    except (OSError, UnicodeEncodeError) as error:
        if temp is not None:
            _remove_quietly(temp)
        raise OutputError(name, _problem(error, directory)) from error
    return _Staged(name=name, target=target, temp=temp)


def _open_temp(directory: str, name: str) -> tuple[int, str]:
    while True:
        temp = os.path.join(directory, f".{name}.{secrets.token_hex(4)}.tmp")
        try:
            # 0o666 lets the umask decide the final mode, as for any file the user creates.
            return os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), temp
        except FileExistsError:
            continue


def _kind(mode: int) -> str:
    from rashomon.sources.files import file_kind

    return file_kind(mode)


def _problem(error: OSError | UnicodeEncodeError, directory: str) -> str:
    if isinstance(error, UnicodeEncodeError):
        return f"cannot encode the report as UTF-8 ({error.reason})"
    if error.errno == errno.ENOSPC:
        return "cannot write: No space left on device (disk full)"
    return f"cannot write: {error.strerror or error}"


def _keep_mode(temp: str, target: str) -> None:
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        return
    os.chmod(temp, mode)


def _remove_quietly(temp: str) -> None:
    try:
        os.remove(temp)
    except OSError:
        # The temp file may never have been created, or its directory may be gone; nothing to undo.
        pass
