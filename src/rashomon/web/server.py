"""Run the app with uvicorn: one process, or several worker processes on the same store.

Several workers need an import string that each worker process calls, so the parent hands the store path
and settings to them in an environment variable (never the token: each worker reads it again from where
the parent did, the token file or RASHOMON_TOKEN).
"""

from __future__ import annotations

import dataclasses
import json
import os
from dataclasses import dataclass
from typing import Any

from starlette.applications import Starlette

from rashomon.errors import RashomonError
from rashomon.web.app import create_app
from rashomon.web.settings import Settings, load_token

__all__ = ["ENV_CONFIG", "ServerOptions", "app_from_env", "serve"]

ENV_CONFIG = "RASHOMON_WEB_CONFIG"


@dataclass(frozen=True, slots=True, kw_only=True)
class ServerOptions:
    """How uvicorn listens: address, worker processes, proxy trust and logging."""

    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    root_path: str = ""
    forwarded_allow_ips: str | None = None
    access_log: bool = True
    # Bounds a flood of connections per worker; beyond it uvicorn answers 503 at once.
    limit_concurrency: int | None = 200
    timeout_keep_alive: int = 5


def serve(
    store_path: str, *, settings: Settings, options: ServerOptions | None = None, token_file: str | None = None
) -> None:
    """Serve the app over `store_path` until interrupted (Ctrl-C or SIGTERM)."""
    import uvicorn

    options = options or ServerOptions()
    common: dict[str, Any] = {
        "host": options.host,
        "port": options.port,
        "root_path": options.root_path,
        "proxy_headers": True,
        "forwarded_allow_ips": options.forwarded_allow_ips,
        "access_log": options.access_log,
        "limit_concurrency": options.limit_concurrency,
        "timeout_keep_alive": options.timeout_keep_alive,
        "server_header": False,
    }
    app = create_app(store_path, settings=settings)  # checks the store (and migrates it) before any worker starts
    if options.workers == 1:
        uvicorn.run(app, **common)
        return
    fields = {k: v for k, v in dataclasses.asdict(settings).items() if k != "token"}
    os.environ[ENV_CONFIG] = json.dumps({"store": store_path, "settings": fields, "token_file": token_file})
    uvicorn.run("rashomon.web.server:app_from_env", factory=True, workers=options.workers, **common)


def app_from_env() -> Starlette:
    """Build the app in a worker process from what `serve` left in RASHOMON_WEB_CONFIG."""
    raw = os.environ.get(ENV_CONFIG)
    if not raw:
        raise RashomonError(f"{ENV_CONFIG} is not set; start workers with `rashomon serve --workers N`")
    config = json.loads(raw)
    fields = dict(config["settings"])
    fields["allow"] = tuple(fields.get("allow", ()))
    settings = Settings(token=load_token(token_file=config.get("token_file")), **fields)
    return create_app(config["store"], settings=settings)
