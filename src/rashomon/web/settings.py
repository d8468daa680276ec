"""The web app's settings: who may read and write, what it may fetch on a user's behalf, and its limits.

There is no default token: without one the app is read-only (every write is refused with 403). The token
comes from `--token-file`, `RASHOMON_TOKEN_FILE` or `RASHOMON_TOKEN`, in that order.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from rashomon.errors import RashomonError
from rashomon.sources.netguard import AddressPolicy

__all__ = ["MIN_TOKEN_CHARS", "Settings", "load_token"]

# A token guards writes on a network: 16 characters of a random token are far past online guessing at the
# default write rate, and short enough to paste.
MIN_TOKEN_CHARS = 16


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """How the app runs; every field has a safe default except the token, which has none.

    Args:
        token: the secret that writes need (and reads, with `read_token`); None makes the app read-only.
        allow: hosts and CIDR networks that fetches may reach although they are not public (trusted setups).
        rate: requests a second each client may make on average (0 turns the limit off), up to `burst` at once.
        write_rate: submissions a minute each client may make, up to `write_burst` at once.
        body_timeout: seconds a client may take to send a request body.
    """

    token: str | None = field(default=None, repr=False)
    read_token: bool = False
    allow: tuple[str, ...] = ()
    allow_private: bool = False
    per_page: int = 20
    max_per_page: int = 100
    max_body_bytes: int = 1_000_000
    max_items: int = 20
    max_text_chars: int = 200_000
    rate: float = 10.0
    burst: int = 60
    write_rate: float = 6.0
    write_burst: int = 6
    body_timeout: float = 10.0
    fetch_timeout: float = 20.0
    fetch_max_bytes: int = 10 * 1024 * 1024
    compare_workers: int = 1
    outlet_reports: int = 50

    def __post_init__(self) -> None:
        if self.token is not None and len(self.token) < MIN_TOKEN_CHARS:
            raise RashomonError(
                f"the token has {len(self.token)} characters; use at least {MIN_TOKEN_CHARS}"
                " (for example: python -c 'import secrets; print(secrets.token_urlsafe(24))')"
            )
        if self.read_token and self.token is None:
            raise RashomonError("reading by token needs a token: set RASHOMON_TOKEN or RASHOMON_TOKEN_FILE")
        for name in ("per_page", "max_per_page", "max_body_bytes", "max_items", "max_text_chars", "compare_workers"):
            if getattr(self, name) < 1:
                raise RashomonError(f"setting {name} must be at least 1, not {getattr(self, name)}")
        self.policy  # noqa: B018 - a bad allow-list entry is an error now, not on the first fetch

    @property
    def policy(self) -> AddressPolicy:
        """The address policy that fetches on a user's behalf obey."""
        return AddressPolicy(allow=self.allow, allow_private=self.allow_private)

    @property
    def writable(self) -> bool:
        """Whether the app accepts writes at all (it has a token)."""
        return self.token is not None


def load_token(
    *, token_file: str | os.PathLike[str] | None = None, environ: Mapping[str, str] | None = None
) -> str | None:
    """Return the write token from `token_file`, else RASHOMON_TOKEN_FILE, else RASHOMON_TOKEN; None if none."""
    env = os.environ if environ is None else environ
    path = token_file or env.get("RASHOMON_TOKEN_FILE") or None
    if path is not None:
        try:
            token = Path(path).read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as error:
            raise RashomonError(f"{os.fspath(path)}: cannot read the token file: {error}") from None
        if not token:
            raise RashomonError(f"{os.fspath(path)}: the token file is empty")
        return token
    token = env.get("RASHOMON_TOKEN", "").strip()
    return token or None
