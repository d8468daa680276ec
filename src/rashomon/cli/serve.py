"""`rashomon serve`: parse the options, build the settings, and hand over to `rashomon.web.serve`."""

from __future__ import annotations

import click

from rashomon.cli.options import db_option, handle_errors
from rashomon.errors import RashomonError


@click.command(short_help="Serve the stories, their comparisons and a JSON API over HTTP.")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(min=1), help="Worker processes.")
@click.option(
    "--token-file",
    type=click.Path(dir_okay=False, exists=True),
    default=None,
    help="File holding the write token (else RASHOMON_TOKEN_FILE or RASHOMON_TOKEN; none: read-only).",
)
@click.option("--read-token", is_flag=True, help="Reading needs the token too (default: open).")
@click.option(
    "--allow",
    multiple=True,
    metavar="HOST|CIDR",
    help="A host or network that fetches may reach although it is not public (repeatable).",
)
@click.option("--allow-private", is_flag=True, help="Let fetches reach private (RFC 1918, ULA, CGNAT) addresses.")
@click.option(
    "--rate",
    default=10.0,
    show_default=True,
    type=click.FloatRange(min=0),
    help="Requests a second per client, per worker (0: no limit).",
)
@click.option("--root-path", default="", help="The path prefix a reverse proxy serves the app under.")
@click.option(
    "--forwarded-allow-ips", default=None, help="Proxies trusted for X-Forwarded-For/-Proto (default 127.0.0.1)."
)
@click.option("--access-log/--no-access-log", default=True, show_default=True, help="Log every request.")
@handle_errors
def serve(
    db_path: str,
    host: str,
    port: int,
    workers: int,
    token_file: str | None,
    read_token: bool,
    allow: tuple[str, ...],
    allow_private: bool,
    rate: float,
    root_path: str,
    forwarded_allow_ips: str | None,
    access_log: bool,
) -> None:
    """Serve the stories, their comparisons and a JSON API over HTTP.

    Pages: the story list (search, date and outlet filters), each story's
    comparison (computed on first view, then cached), articles with their
    spans, outlets; /api/... is every page as JSON, described at
    /api/openapi.json. Adding articles needs the token; without one the
    app is read-only. See docs/web.md.

    \b
    Example:
        rashomon serve --db rashomon.db --token-file token.txt --port 8000
    """
    try:
        from rashomon.web import Settings, load_token
        from rashomon.web import serve as run
        from rashomon.web.server import ServerOptions
    except ImportError as missing:
        raise RashomonError(
            f"rashomon serve needs the web extra ({missing.name}): pip install 'rashomon[web]'"
        ) from None

    settings = Settings(
        token=load_token(token_file=token_file),
        read_token=read_token,
        allow=allow,
        allow_private=allow_private,
        rate=rate,
    )
    options = ServerOptions(
        host=host,
        port=port,
        workers=workers,
        root_path=root_path,
        forwarded_allow_ips=forwarded_allow_ips,
        access_log=access_log,
    )
    mode = "read-only (no token)" if settings.token is None else "writes need the token"
    click.echo(f"serving {db_path} on http://{host}:{port}{root_path}/ with {workers} worker(s); {mode}", err=True)
    run(db_path, settings=settings, options=options, token_file=token_file)
