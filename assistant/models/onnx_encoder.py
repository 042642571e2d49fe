"""A sentence-transformers model as an ONNX graph, in float32 or dynamically quantised to int8.

sentence-transformers' own ONNX backend needs optimum, whose releases pin transformers 4, so the
export is done here: torch.onnx writes the transformer, once per model and precision, into a
cache folder; for int8, onnxruntime then quantises its weights per channel. Embedding needs only
onnxruntime and the tokenizers library: no torch in a serving process. float32 gives torch's
vectors (cosine 1.0000) at 2.4x torch's speed on sentences here, from running one batch per core;
int8 doubles that again on CPUs with int8 dot-product instructions (VNNI), at cosine ≈ 0.99 of
torch's, and gains little without them (docs/speed.md, `python -m bench.encoders`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import warnings
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path

import numpy as np

from assistant.errors import ConfigError

PRECISIONS = ("int8", "fp32")
RECIPES = {"int8": "int8-per-channel-v1", "fp32": "fp32-v1"}
"""Part of the cache key: a new recipe means a new export."""
EXPORTERS = ("torch", "transformers", "onnx", "onnxruntime")
"""Packages whose versions shape the exported graph: part of the cache key, so an upgraded
environment exports again instead of running a graph another install made."""


@dataclass(frozen=True)
class ModelLayout:
    """What inference needs to know about a sentence-transformers folder besides the graph."""

    inputs: tuple[str, ...]
    pooling: str
    """"mean" or "cls"."""
    max_length: int


def cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "assistant" / "onnx"


def export_dir(model_path: str, cache_dir: Path | None, precision: str = "int8") -> Path:
    """The folder for this model's export: keyed by the precision, the model files' path, size
    and mtime, and the versions of the packages that export it."""
    folder = Path(model_path)
    if not folder.is_dir():
        raise ConfigError(
            f"cannot load embedding model {model_path!r} with embedding.backend onnx-{precision}: "
            'it needs a local model folder (use embedding.backend = "torch" for hub names)'
        )
    stamp = [RECIPES[precision], str(folder.resolve()), *(_version(p) for p in EXPORTERS)]
    for f in sorted(folder.glob("*")):
        if f.is_file():
            st = f.stat()
            stamp.append(f"{f.name}:{st.st_size}:{st.st_mtime_ns}")
    key = hashlib.sha1("\n".join(stamp).encode()).hexdigest()[:16]
    return (cache_dir or cache_root()) / f"{folder.name}-{key}"


def _version(package: str) -> str:
    try:
        return f"{package}=={metadata.version(package)}"
    except metadata.PackageNotFoundError:
        return f"{package} missing"


def _read_layout(model_path: Path, inputs: tuple[str, ...]) -> ModelLayout:
    def load(name: str) -> dict:
        path = model_path / name
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}

    modules = load("modules.json")
    pooling_dir = next((m["path"] for m in modules if m["type"].endswith("Pooling")), "1_Pooling")
    pool = load(f"{pooling_dir}/config.json")
    cls = pool.get("pooling_mode_cls_token") or pool.get("pooling_mode") == "cls"
    return ModelLayout(
        inputs=inputs,
        pooling="cls" if cls else "mean",
        max_length=int(load("sentence_bert_config.json").get("max_seq_length", 256)),
    )


def export(model_path: str, target: Path, precision: str = "int8") -> None:
    """Write target/model.onnx (of `precision`) and target/layout.json from a
    sentence-transformers folder."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    model = SentenceTransformer(model_path, device="cpu")
    transformer = model[0].auto_model.eval()
    inputs = tuple(
        n
        for n in model.tokenizer.model_input_names
        if n in ("input_ids", "attention_mask", "token_type_ids")
    )
    sample = model.tokenizer(
        ["a short text", "a somewhat longer sample text"], padding=True, return_tensors="pt"
    )

    class Hidden(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.transformer = transformer

        def forward(self, *args):
            return self.transformer(**dict(zip(inputs, args))).last_hidden_state

    target.parent.mkdir(parents=True, exist_ok=True)
    # Built in a sibling temp folder and renamed: a concurrent or killed export never leaves a
    # half-written model where a reader would load it.
    tmp = Path(tempfile.mkdtemp(dir=target.parent, prefix=".export-"))
    try:
        fp32, graph = tmp / "fp32.onnx", tmp / "model.onnx"
        axes = {n: {0: "batch", 1: "tokens"} for n in (*inputs, "hidden")}
        with warnings.catch_warnings(), torch.no_grad():
            warnings.simplefilter("ignore")
            torch.onnx.export(
                Hidden(),
                tuple(sample[n] for n in inputs),
                str(fp32),
                input_names=list(inputs),
                output_names=["hidden"],
                dynamic_axes=axes,
                opset_version=17,
                dynamo=False,
            )
        if precision == "fp32":
            fp32.rename(graph)
        else:
            logging.disable(logging.WARNING)  # it advises "pre-processing" on the root logger
            try:
                quantize_dynamic(
                    str(fp32), str(graph), per_channel=True, weight_type=QuantType.QInt8
                )
            finally:
                logging.disable(logging.NOTSET)
            fp32.unlink()
        layout = _read_layout(Path(model_path), inputs)
        (tmp / "layout.json").write_text(json.dumps(asdict(layout)), encoding="utf-8")
        try:
            os.replace(tmp, target)
        except OSError:
            if not (target / "model.onnx").exists():  # else another process finished first
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


class OnnxEncoder:
    """Tokenize, run the graph, pool and normalise: the sentence-transformers pipeline."""

    def __init__(
        self, model_path: str, cache_dir: Path | None = None, precision: str = "int8"
    ) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        if precision not in PRECISIONS:
            raise ConfigError(f"ONNX precision {precision!r}: expected one of {PRECISIONS}")
        folder = export_dir(model_path, cache_dir, precision)
        if not (folder / "model.onnx").exists():
            try:
                export(model_path, folder, precision)
            except ConfigError:
                raise
            except Exception as exc:
                raise ConfigError(
                    f"cannot export {model_path!r} to ONNX in {folder}: {exc}"
                ) from None
        data = json.loads((folder / "layout.json").read_text(encoding="utf-8"))
        self.layout = ModelLayout(**{**data, "inputs": tuple(data["inputs"])})
        tokenizer_file = Path(model_path) / "tokenizer.json"
        if not tokenizer_file.exists():
            raise ConfigError(
                f"embedding.backend onnx-{precision} needs {tokenizer_file}: not found"
            )
        self.counter = Tokenizer.from_file(str(tokenizer_file))
        self.counter.no_truncation()
        self.counter.no_padding()
        self.tokenizer = Tokenizer.from_file(str(tokenizer_file))
        self.tokenizer.enable_truncation(self.layout.max_length)
        self.tokenizer.no_padding()  # the file asks for 128 pieces always: encode() pads
        options = ort.SessionOptions()
        options.log_severity_level = 3  # its graph-fusion notes are not the user's business
        # One thread a call, never spin-waiting: encode() runs one batch per core instead. By
        # default each run splits every matrix product over all cores and the idle threads
        # spin between products, burning the core that the sentence splitter (ingest) needs.
        options.intra_op_num_threads = 1
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.workers = len(os.sched_getaffinity(0))
        self.session = ort.InferenceSession(
            str(folder / "model.onnx"), options, providers=["CPUExecutionProvider"]
        )
        self.dimension = int(self.session.get_outputs()[0].shape[-1])

    def count_tokens(self, text: str) -> int:
        return len(self.counter.encode(text, add_special_tokens=False).ids)

    def encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        """Unit-length float32 vectors in the order of `texts`, the same whatever the batch
        size or number of workers."""
        # Longest first, in batches of similar length: padding is wasted work. Sorted by word
        # pieces, not characters: by characters a batch was padded to 1.27x its real pieces.
        encoded = [e.ids for e in self.tokenizer.encode_batch(texts)]
        order = sorted(range(len(texts)), key=lambda i: -len(encoded[i]))
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        batches = [order[i : i + batch_size] for i in range(0, len(order), batch_size)]

        def run(rows: list[int]) -> None:
            out[rows] = self._batch([encoded[r] for r in rows])

        if len(batches) == 1 or self.workers == 1:
            for rows in batches:
                run(rows)
        else:
            # The session is thread-safe and releases the GIL; each batch is the same as when
            # run alone, so the vectors do not depend on the number of workers.
            with ThreadPoolExecutor(min(self.workers, len(batches))) as pool:
                list(pool.map(run, batches))
        return out

    def _batch(self, encoded: list[list[int]]) -> np.ndarray:
        ids = np.zeros((len(encoded), len(encoded[0])), dtype=np.int64)  # 0 is [PAD]
        mask = np.zeros_like(ids)
        for row, pieces in enumerate(encoded):
            ids[row, : len(pieces)] = pieces
            mask[row, : len(pieces)] = 1
        feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        hidden = self.session.run(None, {n: feed[n] for n in self.layout.inputs})[0]
        if self.layout.pooling == "cls":
            vectors = hidden[:, 0]
        else:
            counts = np.maximum(mask.sum(1, keepdims=True), 1)
            vectors = (hidden * mask[..., None]).sum(1) / counts
        # Always normalised, as the torch path asks of sentence-transformers: cosine = dot.
        return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
