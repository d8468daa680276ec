"""Content terms of a text: words less stop words, stemmed. Light on purpose: no spaCy, no scikit-learn.

Corpus ingest computes terms for every article on every worker, so this module imports only the Snowball
stemmer. The stop list is spaCy's English list, read from spaCy's own `stop_words.py` without importing the
spaCy package (whose import pulls in thinc and, when installed, torch: seconds and hundreds of MiB per
worker process for one word list).
"""

from __future__ import annotations

import functools
import importlib.util
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import snowballstemmer

__all__ = ["STOP_WORDS", "stem", "terms"]


def _spacy_stop_words() -> frozenset[str]:
    """spaCy's English STOP_WORDS, executed from its source file (a self-contained module) in isolation."""
    spec = importlib.util.find_spec("spacy")  # locates the package without importing it
    if spec is None or spec.origin is None:
        from spacy.lang.en.stop_words import STOP_WORDS as words  # raises the usual ImportError

        return frozenset(words)
    path = Path(spec.origin).parent / "lang" / "en" / "stop_words.py"
    namespace: dict[str, Any] = {}
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)  # noqa: S102 - spaCy's own file
    return frozenset(str(word) for word in namespace["STOP_WORDS"])


STOP_WORDS = _spacy_stop_words()

_WORD = re.compile(r"[^\W_][\w'’.-]*[^\W_]|[^\W_]")
_STEMMER = snowballstemmer.stemmer("english")
# Word frequencies are Zipfian: a bounded cache of stems answers almost every lookup (8x faster terms()).
_stem_word: Callable[[str], str] = _STEMMER.stemWord  # snowballstemmer is untyped: a word in, its stem out
stem = functools.lru_cache(maxsize=200_000)(_stem_word)
# Reporting and filler words carry no proposition of their own in news sentences.
_FILLER = frozenset("said says say told tell according would could also year-old mr mrs ms".split())
# spaCy's stop list holds number words, ordinals and negations; in a claim they are the content
# ("the first visit in eight years", "did not meet").
_KEEP = frozenset(
    "first last one two three four five six seven eight nine ten eleven twelve fifteen twenty forty fifty "
    "sixty hundred thousand million billion former never no not none nobody nothing cannot before after "
    "since against without".split()
)
_STOP = STOP_WORDS - _KEEP


def terms(text: str, actors: Sequence[str] = ()) -> list[str]:
    """Return the stemmed content words, numbers and actor ids of a text."""
    words = [w.lower().replace("’", "'") for w in _WORD.findall(text)]
    words = [w.removesuffix("'s") for w in words]
    kept = [w for w in words if w not in _STOP and w not in _FILLER and (len(w) > 1 or w.isdigit())]
    return [stem(w) for w in kept] + [f"@{a}" for a in actors]


# Words a title leaves in lower case ("Opens a New Window", "Man Charged in Shooting").
# A name written as an acronym: "FBI", "U.S.", "N.Y." (the entities' rules and the actors' acronym join read it).
ACRONYM = re.compile(r"^(?:[A-Z]\.){2,}$|^[A-Z]{2,6}$")
HEADING_SMALL = frozenset("a an the and or nor but of in on at to for by with from as vs".split())
_TITLE_WORD = re.compile(r"[\w’'-]+")


def title_case(text: str) -> bool:
    """Whether every word of a text is capitalised but the small words a title leaves lower: a heading, a
    headline or a link's label ("Opens a New Window"), where a capital says nothing of a name or a sentence."""
    return all(w[:1].isupper() or w.lower() in HEADING_SMALL or not w[:1].isalpha() for w in _TITLE_WORD.findall(text))
