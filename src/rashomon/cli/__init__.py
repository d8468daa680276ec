"""The `rashomon` command: a thin click shell over the library functions."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from rashomon import __version__
from rashomon.errors import RashomonError

if TYPE_CHECKING:
    from rashomon.corpus.stories import RegroupCounts
    from rashomon.group.grouper import GroupOptions
    from rashomon.store.sqlite import Store

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}
F = TypeVar("F", bound=Callable[..., Any])
# Any other suffix is refused before any work is done, naming the output: "-o report.pdf" must not
# quietly write JSON. --format overrides the suffix.


from rashomon.cli.options import (  # noqa: E402
    ALIGN_HELP,
    align_options,
    db_option,
    fetch_client,
    fetch_options,
    handle_errors,
    list_format_option,
    print_rows,
)


@click.group(context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, prog_name="rashomon")
@click.option("--debug", is_flag=True, help="Show full tracebacks on errors.")
def cli(debug: bool) -> None:
    """Rashomon: one news story through every outlet that told it."""


@cli.command()
@click.argument("sources", nargs=-1)
@click.option("--manifest", type=click.Path(dir_okay=False), help="Manifest giving outlet/title/url/date per file.")
@click.option(
    "--format",
    "fmt",
    type=str,
    default=None,
    help="json, md or html; default from -o's suffix, else Markdown on a terminal and JSON into a pipe.",
)
@click.option("-o", "--output", "outputs", multiple=True, help="Write the report here (repeatable; '-' = stdout).")
@click.option(
    "--nlp",
    "model",
    default=None,
    help="spaCy pipeline to use (default: the trained English one if installed, else blank).",
)
@click.option("--align", "aligner", default="auto", show_default=True, help=ALIGN_HELP)
@click.option("--strict", is_flag=True, help="Fail on the first source that cannot be read, instead of skipping it.")
@fetch_options
@handle_errors
def compare(
    sources: tuple[str, ...],
    manifest: str | None,
    fmt: str | None,
    outputs: tuple[str, ...],
    model: str | None,
    aligner: str,
    strict: bool,
    allow: tuple[str, ...],
    allow_private: bool,
) -> None:
    """Compare how several articles report one story.

    SOURCES are files, directories, URLs or '-' for stdin; with --manifest they may be left out.
    A source that cannot be read is skipped with a warning on stderr and a note in the report;
    the command fails only when no usable article remains, or at the first one with --strict.
    URLs are fetched from public addresses only; --allow names a host or network of your own to reach.

    \b
    Example:
        rashomon compare examples/carney-beijing -o report.json -o report.md
    """
    from rashomon.comparison.compare import CompareOptions
    from rashomon.comparison.compare import compare as run_compare
    from rashomon.render import render

    if not sources and not manifest:
        raise click.UsageError("give at least one source (file, directory, URL or '-') or --manifest")
    if not outputs and not fmt and sys.stdout.isatty():
        fmt = "md"  # a terminal gets the readable report; a pipe or a file gets the JSON contract
    targets = report_targets(outputs, fmt)
    options = CompareOptions(model=model, align=align_options(aligner))
    warn = functools.partial(click.echo, err=True)
    client = fetch_client(allow, allow_private)
    try:
        comparison = run_compare(
            list(sources), manifest=manifest, options=options, client=client, strict=strict, warn=warn
        )
    finally:
        if client is not None:
            client.close()
    write_reports(targets, lambda name: render(comparison, name))


def report_targets(outputs: tuple[str, ...], fmt: str | None) -> list[tuple[str, str]]:
    """Each output ('-' = stdout) with its format, every file checked writable before any work is done."""
    from rashomon.output import check_target

    targets = [(output, output_format(output, fmt)) for output in outputs or ("-",)]
    for output, _ in targets:
        if output != "-":
            check_target(output)
    return targets


def write_reports(targets: list[tuple[str, str]], render_one: Callable[[str], str]) -> None:
    """Render each format once, then write every output ('-' = stdout); files are replaced only if all can be."""
    from rashomon.output import staged

    texts: dict[str, str] = {}
    for _, name in targets:
        if name not in texts:
            texts[name] = render_one(name)
    files = [(output, texts[name]) for output, name in targets if output != "-"]
    with staged(files) as commit:
        for output, name in targets:
            if output == "-":
                echo_data(texts[name])
        commit()
    for output, _ in files:
        click.echo(f"wrote {output}", err=True)


def echo_data(text: str) -> None:
    """Print data on stdout; a stdout that cannot take it (a full disk, a closed pipe) is an OutputError."""
    from rashomon.errors import OutputError

    try:
        click.echo(text, nl=False)
    except OSError as error:
        # Python would try the same write again at exit and print a traceback: stdout goes to /dev/null.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        raise OutputError("<stdout>", f"cannot write: {error.strerror or error}") from error


def open_store(db_path: str, hint: str) -> Store:
    """Open a store that must exist already; a missing file is a one-line error saying how to make it."""
    from rashomon.store.sqlite import Store

    if not Path(db_path).is_file():
        raise RashomonError(f"{db_path}: no such store; {hint.format(db=db_path)}")
    return Store.open(db_path)


FEEDS_HINT = "subscribe with `rashomon feeds add URL --db {db}`"
INGEST_HINT = "create it with `rashomon ingest SOURCES --db {db}`"


def output_format(output: str, fmt: str | None) -> str:
    """Return the report format for an output: --format, else the file's suffix, else json."""
    from rashomon.render import available_formats, format_for_suffix, renderers

    suffix = Path(output).suffix.lower() if output != "-" else ""
    if not fmt and suffix and format_for_suffix(suffix) is None:
        known = " ".join(sorted(s for info in renderers().values() for s in info.suffixes))
        raise RashomonError(f"{output}: suffix {suffix!r} names no report format; use --format or one of: {known}")
    name = fmt or format_for_suffix(suffix) or "json"
    if name not in available_formats():
        where = "--format" if fmt else f"{output}: suffix {suffix!r}"
        raise RashomonError(f"{where}: no {name!r} report format; available: {', '.join(available_formats())}")
    return name


@cli.command(short_help="List the components, comparers, formats and plugins.")
@handle_errors
def components() -> None:
    """List what the registry holds: analysis components (with the layers they
    require and assign), story-level comparers, report formats and the plugins
    that added commands.

    \b
    Example:
        rashomon components
    """
    from rashomon.registry import default_registry, plugin_modules

    registry = default_registry()
    click.echo("components:")
    for info in registry.components.values():
        requires = ", ".join(info.requires) or "-"
        click.echo(f"  {info.versioned_name}\trequires: {requires}\tassigns: {', '.join(info.assigns)}")
    click.echo("comparers:")
    for item in registry.comparers.values():
        click.echo(f"  {item.versioned_name}\trequires: {', '.join(item.requires)}\tassigns: {', '.join(item.assigns)}")
    click.echo("formats:")
    for fmt in registry.renderers.values():
        click.echo(f"  {fmt.name}\tsuffixes: {' '.join(fmt.suffixes) or '-'}\tfrom: {fmt.plugin}")
    commands = [m.__name__ for m in plugin_modules() if hasattr(m, "register_commands")]
    click.echo("command plugins:")
    for name in commands:
        click.echo(f"  {name}")


@cli.command(short_help="Store articles from files, directories and corpora, and group them into stories.")
@click.argument("sources", nargs=-1, required=True)
@db_option
@click.option(
    "--map",
    "mappings",
    multiple=True,
    metavar="FIELD=COLUMN",
    help="Corpus column for a field: text, title, url, published, outlet, language (repeatable).",
)
@click.option(
    "--max-chars",
    type=click.IntRange(min=1),
    default=None,
    help="Refuse texts longer than this (default 5,000,000 characters).",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Processes that clean and analyse articles (the reading, storing and grouping stay here).",
)
@click.option(
    "--engine",
    default="process",
    show_default=True,
    metavar="NAME",
    help="process (a local pool of --workers), dask (a local Dask cluster), or dask://HOST:PORT.",
)
@click.option(
    "--pipeline",
    "pipeline_names",
    default=None,
    metavar="NAMES",
    help="Also store span layers of these components ('default' or comma-separated names);"
    " default: none, the fast path (cleaning and grouping features).",
)
@click.option(
    "--group/--no-group",
    default=True,
    show_default=True,
    help="Group the stored articles into stories after the ingest.",
)
@handle_errors
def ingest(sources: tuple[str, ...], db_path: str, mappings: tuple[str, ...], max_chars: int | None, workers: int,
           engine: str, pipeline_names: str | None, group: bool) -> None:  # fmt: skip
    """Clean and store articles, then group them into stories; bad files and records are recorded and skipped.

    SOURCES are files and directories (as for compare), URLs, and corpora by
    suffix: .jsonl, .csv or .parquet, one article per record. An article
    already stored (same id or canonical URL) is counted as a duplicate.
    Counts go to stderr; the exit status is 0 when the run completed, even
    with recorded errors, and 1 when nothing could be read at all.

    Cleaning and grouping features run on --workers processes, or on a Dask
    cluster with --engine dask or dask://HOST:PORT (docs/scale-out.md).

    \b
    Example:
        rashomon ingest news.jsonl --db rashomon.db --map text=body --workers 2
    """
    from rashomon.analysis.pipeline import DEFAULT_PIPELINE
    from rashomon.corpus.ingest import estimate
    from rashomon.corpus.ingest import ingest as run_ingest
    from rashomon.corpus.prepare import check_pipeline
    from rashomon.engines import open_engine
    from rashomon.sources.records import MAX_TEXT_CHARS, parse_mapping
    from rashomon.store.sqlite import Store

    mapping = parse_mapping(mappings)
    pipeline = None
    if pipeline_names:
        pipeline = (
            DEFAULT_PIPELINE
            if pipeline_names == "default"
            else tuple(name.strip() for name in pipeline_names.split(",") if name.strip())
        )
    if pipeline:
        check_pipeline(pipeline)  # before anything is opened or started
    with open_engine(engine, workers=workers) as runner, Store.open(db_path) as store, _GroupingBar(store) as grouping:
        with click.progressbar(length=estimate(sources), label="ingesting", file=sys.stderr) as bar:
            counts = run_ingest(
                list(sources),
                store,
                mapping=mapping,
                max_chars=max_chars or MAX_TEXT_CHARS,
                progress=bar.update,
                engine=runner,
                pipeline=pipeline,
                group=group,
                group_progress=grouping,
            )
    grouped = counts.grouped
    summary = f"{counts.stored} stored, {counts.duplicates} duplicates, {counts.errors} errors"
    if counts.errors:
        summary += f" (recorded in {db_path}, table ingest_errors)"
    if counts.read == 0 and counts.errors:
        raise RashomonError(f"{db_path}: nothing could be read: {summary}")
    click.echo(summary, err=True)
    if grouped is not None:
        click.echo(_grouped_summary(grouped), err=True)


def _group(store: Store, options: GroupOptions | None = None, *, stale_only: bool = False) -> RegroupCounts | None:
    """Regroup the store's articles when they changed since the last grouping, with a progress bar.

    With `stale_only`, only articles not grouped yet (new ones, or a grouping cut short) count as a
    change, not options that differ from the last grouping's.
    """
    from rashomon.corpus.stories import ensure_grouped, is_current

    if stale_only and is_current(store):
        return None
    with _GroupingBar(store) as bar:
        return ensure_grouped(store, options=options, progress=bar)


class _GroupingBar:
    """A progress callback that shows a grouping bar on stderr from its first call (none when nothing groups)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.bar: Any = None

    def __call__(self, n: int) -> None:
        if self.bar is None:
            self.bar = click.progressbar(length=self.store.count("articles"), label="grouping", file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(n)

    def __enter__(self) -> _GroupingBar:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


def _grouped_summary(counts: RegroupCounts) -> str:
    return f"{counts.stories} stories ({counts.written} new or changed, {counts.removed} removed)"


@cli.group(short_help="Subscribe to RSS and Atom feeds, and list them.")
def feeds() -> None:
    """Subscribe to RSS and Atom feeds for `rashomon poll`, and list them.

    \b
    Example:
        rashomon feeds add https://news.example/rss.xml --db rashomon.db
    """


@feeds.command("add", short_help="Subscribe to feeds.")
@click.argument("urls", nargs=-1, required=True)
@db_option
@handle_errors
def feeds_add(urls: tuple[str, ...], db_path: str) -> None:
    """Subscribe to each feed URL; one already subscribed is left as it is.

    \b
    Example:
        rashomon feeds add https://news.example/rss.xml --db rashomon.db
    """
    from rashomon.errors import InputError
    from rashomon.sources.fetch import is_url
    from rashomon.store.sqlite import Store

    for url in urls:
        if not is_url(url):
            raise InputError(url, "not an http(s) URL")
    with Store.open(db_path) as store:
        for url in urls:
            added = store.add_feed(url)
            click.echo(f"{'added' if added else 'already subscribed'}: {url}", err=True)


@feeds.command("list", short_help="List the subscribed feeds.")
@db_option
@list_format_option
@handle_errors
def feeds_list(db_path: str, fmt: str) -> None:
    """List the subscribed feeds with a header: URL, title, last polled.

    \b
    Example:
        rashomon feeds list --db rashomon.db
    """
    with open_store(db_path, FEEDS_HINT) as store:
        rows = [{"url": f.url, "title": f.title, "last_polled": f.last_polled} for f in store.feeds()]
    print_rows(rows, fmt)


@feeds.command("remove", short_help="Unsubscribe from feeds.")
@click.argument("urls", nargs=-1, required=True)
@db_option
@handle_errors
def feeds_remove(urls: tuple[str, ...], db_path: str) -> None:
    """Unsubscribe from each feed URL; the articles already stored stay.

    \b
    Example:
        rashomon feeds remove https://news.example/rss.xml --db rashomon.db
    """
    with open_store(db_path, FEEDS_HINT) as store:
        missing = [url for url in urls if not store.remove_feed(url)]
        for url in urls:
            click.echo(f"{'not subscribed' if url in missing else 'removed'}: {url}", err=True)
    if missing and len(missing) == len(urls):
        raise RashomonError(f"{db_path}: none of these feeds was subscribed; see `rashomon feeds list`")


@cli.command(short_help="Fetch and store the new articles of every subscribed feed.")
@db_option
@click.option(
    "--delay",
    type=click.FloatRange(min=0),
    default=1.0,
    show_default=True,
    help="Seconds between two requests to one host.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=20.0,
    show_default=True,
    help="Seconds to wait on a connection or a read before giving up on a feed or page.",
)
@fetch_options
@handle_errors
def poll(db_path: str, delay: float, timeout: float, allow: tuple[str, ...], allow_private: bool) -> None:
    """Fetch every subscribed feed and store the articles it links to.

    Feeds are fetched with conditional GET (ETag, Last-Modified), so an
    unchanged feed costs one short request; a page already stored is not
    fetched again, and a page is fetched only where its host's robots.txt
    allows (a longer Crawl-delay than --delay is honoured). A feed or page
    that fails is recorded in ingest_errors and skipped. Counts go to stderr; the exit status is 0 when the run
    completed, even with recorded errors. Only public addresses are fetched unless --allow names others.

    \b
    Example:
        rashomon poll --db rashomon.db --delay 2
    """
    from rashomon.corpus.poll import poll as run_poll

    with open_store(db_path, FEEDS_HINT) as store:
        with click.progressbar(length=len(store.feeds()), label="polling", file=sys.stderr) as bar:
            client = fetch_client(allow, allow_private)
            try:
                counts = run_poll(store, client=client, delay=delay, timeout=timeout, progress=bar.update)
            finally:
                if client is not None:
                    client.close()
        grouped = _group(store, stale_only=True)  # new articles, or a grouping an earlier run left unfinished
    summary = (
        f"{counts.feeds} feeds ({counts.not_modified} not modified): {counts.stored} stored,"
        f" {counts.duplicates} duplicates, {counts.errors} errors"
    )
    if counts.disallowed:
        summary += f", {counts.disallowed} of them pages robots.txt disallows"
    if counts.errors:
        summary += f" (recorded in {db_path}, table ingest_errors)"
    click.echo(summary, err=True)
    if grouped is not None:
        click.echo(_grouped_summary(grouped), err=True)


@cli.command(short_help="List the stories of the stored articles.")
@db_option
@click.option("--since", default=None, help="Only stories last published on or after this date (ISO 8601).")
@click.option("--outlet", default=None, help="Only stories with an article from this outlet.")
@click.option(
    "--window",
    "window_days",
    type=click.FloatRange(min=0),
    default=None,
    help="Days an open story waits for new articles (default from the grouper); regroups.",
)
@list_format_option
@handle_errors
def stories(db_path: str, since: str | None, outlet: str | None, window_days: float | None, fmt: str) -> None:
    """List the stories of the stored articles, newest first.

    Articles are grouped when they are ingested or polled; this groups
    again only when the store changed since, or --window differs from the
    last grouping. Grouping is order-independent and story ids are stable
    as articles are added. Data on stdout, with a header: id, articles,
    independent sources (copies counted once), first and last published,
    title.

    \b
    Example:
        rashomon stories --db rashomon.db --since 2026-01-01
    """
    from rashomon.group.grouper import GroupOptions

    options = GroupOptions(window_days=window_days) if window_days is not None else None
    with open_store(db_path, INGEST_HINT) as store:
        grouped = _group(store, options)
        rows = store.stories(since=since, outlet=outlet)
    if grouped is not None:
        click.echo(_grouped_summary(grouped), err=True)
    click.echo(f"{len(rows)} stories listed", err=True)
    fields = ("id", "articles", "sources", "first_published", "last_published", "title")
    print_rows([{name: getattr(s, name) for name in fields} for s in rows], fmt)


@cli.command(short_help="Compare a stored story.")
@click.argument("story_id")
@db_option
@click.option("--format", "fmt", type=str, default=None, help="json, md or html; default from -o's suffix, else json.")
@click.option("-o", "--output", "outputs", multiple=True, help="Write the report here (repeatable; '-' = stdout).")
@handle_errors
def report(story_id: str, db_path: str, fmt: str | None, outputs: tuple[str, ...]) -> None:
    """Compare the articles of a stored story (cached until its membership changes).

    \b
    Example:
        rashomon report 3f2a9c0d1e4b5a67 --db rashomon.db -o story.html
    """
    from rashomon.corpus.stories import render_story

    targets = report_targets(outputs, fmt)
    with open_store(db_path, INGEST_HINT) as store:
        _group(store, stale_only=True)  # a grouping an earlier run left unfinished is finished first
        write_reports(targets, lambda name: render_story(store, story_id, name))


@cli.command("export", short_help="Export articles, stories or claims as JSONL or Parquet.")
@click.argument("what", type=click.Choice(["articles", "stories", "claims"]))
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False),
    help="The file to write (replaced only once complete).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "parquet"]),
    default=None,
    help="Default from -o's suffix: .jsonl, .ndjson or .parquet.",
)
@db_option
@handle_errors
def export_(what: str, output: str, fmt: str | None, db_path: str) -> None:
    """Export the store's articles, stories or claims, one row each.

    Claims are those of every story with at least two articles; a story
    not compared yet is compared first (seconds each; the report is cached).
    Parquet needs pyarrow. The row count goes to stderr.

    \b
    Example:
        rashomon export claims -o claims.parquet --db rashomon.db
    """
    from rashomon.corpus.export import export, export_format

    export_format(output, fmt)  # an unknown suffix is an error before any work
    with open_store(db_path, INGEST_HINT) as store:
        _group(store, stale_only=True)  # a grouping an earlier run left unfinished is finished first
        length = store.count("articles" if what == "articles" else "stories")
        with click.progressbar(length=length, label=f"exporting {what}", file=sys.stderr) as bar:
            rows = export(store, what, output, fmt=fmt, progress=bar.update)
    click.echo(f"{rows} rows written to {output}", err=True)


from rashomon.cli.serve import serve  # noqa: E402

cli.add_command(serve)


def _load_command_plugins(group: click.Group) -> None:
    """Let every installed plugin add its commands (the `register_commands(cli)` hook)."""
    from rashomon.registry import plugin_modules

    for module in plugin_modules(builtins=False):  # the built-in commands are defined here
        hook = getattr(module, "register_commands", None)
        if hook is not None:
            hook(group)


_load_command_plugins(cli)
from rashomon.cli import doctor as _doctor  # noqa: E402, F401 - registers `rashomon doctor`
