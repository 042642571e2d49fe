import numpy as np
import pytest

from assistant.config import BUNDLED_MODEL, EmbeddingSettings
from assistant.embeddings import Embedder, resolve_model
from assistant.errors import ConfigError

pytestmark = pytest.mark.integration


def test_bundled_model_resolves_to_a_local_folder():
    from pathlib import Path

    path = Path(resolve_model(BUNDLED_MODEL))
    assert path.is_dir() and (path / "config.json").exists()
    assert resolve_model("/some/other/model") == "/some/other/model"


def test_bundled_model_embeds_offline(real_embedder, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    vectors = real_embedder.embed([
        "Which companies will Nakatani tour in Istanbul?",
        "Nakatani will tour defence companies in Istanbul, including drone-maker Baykar.",
        "Who won the 2022 FIFA World Cup?",
    ])
    assert vectors.shape == (3, 384) and real_embedder.dimension == 384
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > 0.6 > vectors[0] @ vectors[2]
    assert real_embedder.embed([]).shape == (0, 384)
    assert len(real_embedder.embed_query("hello")) == 384


def test_count_tokens_uses_the_model_tokenizer(real_embedder):
    assert real_embedder.count_tokens("Baykar") >= 2  # a rare name is several word pieces
    assert real_embedder.count_tokens("the the the") == 3


def test_bad_model_path_is_a_clear_error(tmp_path):
    embedder = Embedder(EmbeddingSettings(model=str(tmp_path / "no-model")))
    with pytest.raises(ConfigError, match="cannot load embedding model"):
        embedder.embed(["x"])
