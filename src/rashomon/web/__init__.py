"""The web app (`rashomon serve`): server-rendered pages over the store, each with a JSON twin under `/api`.

    from rashomon.web import Settings, create_app
    app = create_app("rashomon.db", settings=Settings(token=load_token()))

Starlette and uvicorn come with the `web` extra: pip install 'rashomon[web]'. See docs/web.md.
"""

from __future__ import annotations

from rashomon.web.app import create_app
from rashomon.web.server import serve
from rashomon.web.settings import Settings, load_token

__all__ = ["Settings", "create_app", "load_token", "serve"]
