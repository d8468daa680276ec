"""Write reports to disk atomically: readers see the old file or the new one, never half of either.

`write_atomic` only handles real paths. The CLI's `-o -` (stdout) is the caller's job: print the text
instead of calling this function.
"""

from __future__ import annotations

import os
import secrets
import stat

from rashomon.errors import OutputError

__all__ = ["write_atomic"]


def _open_temp(directory: str, name: str) -> tuple[int, str]:
    while True:
        temp = os.path.join(directory, f".{name}.{secrets.token_hex(4)}.tmp")
        try:
            # 0o666 lets the umask decide the final mode, as for any file the user creates.
            return os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), temp
        except FileExistsError:
            continue


def _problem(error: OSError | UnicodeEncodeError, directory: str) -> str:
    if not os.path.exists(directory):
        return f"cannot write: directory {directory} does not exist"
    if not os.path.isdir(directory):
        return f"cannot write: {directory} is not a directory"
    if isinstance(error, UnicodeEncodeError):
        return f"cannot encode the report as UTF-8 ({error.reason})"
    return f"cannot write: {error.strerror or error}"


def _keep_mode(temp: str, target: str) -> None:
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        return
    os.chmod(temp, mode)


def write_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Write `text` (UTF-8) to `path` through a temporary file in the same directory."""
    target = os.fspath(path)
    directory = os.path.dirname(os.path.abspath(target))
    temp: str | None = None
    try:
        fd, temp = _open_temp(directory, os.path.basename(target))
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        _keep_mode(temp, target)
        os.replace(temp, target)
        temp = None
    except (OSError, UnicodeEncodeError) as error:
        raise OutputError(target, _problem(error, directory)) from error
    finally:
        if temp is not None:
            _remove_quietly(temp)


def _remove_quietly(temp: str) -> None:
    try:
        os.remove(temp)
    except OSError:
        # The temp file may never have been created, or its directory may be gone; nothing to undo.
        pass
