"""Errors Rashomon raises; each message is one line that names the input and the problem.

RashomonError
├── InputError            a source cannot be read or used
│   ├── SourceNotFound    a path that does not exist
│   ├── EmptySource       a file or directory with no article text in it
│   ├── UnsupportedSource binary or undecodable content
│   ├── FetchError        a URL that could not be fetched (status, size cap, redirects, timeout)
│   └── ManifestError     a manifest that is not valid (names the field)
├── PipelineError         components that cannot be assembled (missing prerequisite, unknown name)
├── ComponentError        a component failed on one article
├── ModelError            a configured NLP model cannot be loaded
├── OutputError           a report cannot be written
└── StoreError            the store is damaged, full or locked (names the database file)
"""

from __future__ import annotations


def printable(name: str) -> str:
    """Return `name` as given, or its repr when it holds line breaks or other control characters."""
    return name if name.isprintable() else repr(name)


class RashomonError(Exception):
    """Base class of every error Rashomon raises on purpose."""


class InputError(RashomonError):
    """A source cannot be read or used."""

    def __init__(self, source: str, problem: str) -> None:
        self.source = source
        self.problem = problem
        super().__init__(f"{printable(source)}: {problem}")

    def __reduce__(self) -> tuple[object, ...]:  # rebuilt from its fields when it crosses a process boundary
        return (type(self), (self.source, self.problem))


class SourceNotFound(InputError):
    """A path that does not exist."""


class EmptySource(InputError):
    """A file or directory with no article text in it."""


class UnsupportedSource(InputError):
    """Binary or undecodable content."""


class FetchError(InputError):
    """A URL that could not be fetched."""


class ManifestError(InputError):
    """A manifest that is not valid."""


class PipelineError(RashomonError):
    """Components that cannot be assembled into a pipeline."""


class ComponentError(RashomonError):
    """A component failed on one article."""

    def __init__(self, component: str, article_id: str, cause: BaseException | str) -> None:
        self.component = component
        self.article_id = article_id
        self.cause = str(cause)
        super().__init__(f"component {component!r} failed on article {article_id}: {cause}")

    def __reduce__(self) -> tuple[object, ...]:  # the cause travels as its message
        return (type(self), (self.component, self.article_id, self.cause))


class ModelError(RashomonError):
    """A configured NLP model cannot be loaded."""


class _PathError(RashomonError):
    """A problem with one file, named in the message ("PATH: PROBLEM"); pickles as itself (engines)."""

    def __init__(self, path: str, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{printable(path)}: {problem}")

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.path, self.problem))


class OutputError(_PathError):
    """A report cannot be written."""


class StoreError(_PathError):
    """The store cannot be used: a damaged file, a full disk, a lock held too long."""
