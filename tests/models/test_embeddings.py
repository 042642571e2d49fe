from types import SimpleNamespace

import numpy as np
import pytest

from assistant.config import BUNDLED_MODEL, EmbeddingSettings
from assistant.errors import ConfigError
from assistant.models.embeddings import Embedder, resolve_model

pytestmark = pytest.mark.integration


def test_bundled_model_resolves_to_a_local_folder():
    from pathlib import Path

    path = Path(resolve_model(BUNDLED_MODEL))
    assert path.is_dir() and (path / "config.json").exists()
    assert resolve_model("/some/other/model") == "/some/other/model"


def test_bundled_model_embeds_offline(real_embedder, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    vectors = real_embedder.embed(
        [
            "Which companies will Nakatani tour in Istanbul?",
            "Nakatani will tour defence companies in Istanbul, including drone-maker Baykar.",
            "Who won the 2022 FIFA World Cup?",
        ]
    )
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


def test_backend_is_part_of_the_index_identity():
    assert Embedder(EmbeddingSettings(backend="torch")).name == BUNDLED_MODEL
    assert Embedder(EmbeddingSettings(backend="onnx-int8")).name == f"{BUNDLED_MODEL} (onnx-int8)"
    assert Embedder(EmbeddingSettings(backend="onnx-fp32")).name == f"{BUNDLED_MODEL} (onnx-fp32)"
    auto = Embedder(EmbeddingSettings())
    assert auto.backend in ("onnx-int8", "onnx-fp32") and auto.name.endswith(f"({auto.backend})")
    # "auto" keeps the backend a store's vectors were made by, whatever this CPU prefers
    for backend in ("torch", "onnx-int8", "onnx-fp32"):
        stored = Embedder(EmbeddingSettings(backend=backend)).name
        assert Embedder(EmbeddingSettings(), stored=stored).backend == backend


def test_onnx_export_is_made_once_and_embeds_like_torch(tmp_path):
    settings = EmbeddingSettings(backend="onnx-int8", cache_dir=tmp_path / "cache")
    texts = [
        "Which companies will Nakatani tour in Istanbul?",
        "Nakatani will tour defence companies in Istanbul, including drone-maker Baykar.",
        "Angela Erdmann never knew her grandfather.",
        "A much longer sentence " * 40,  # past the model's 256 word pieces: truncated alike
    ]
    onnx = Embedder(settings)
    reference = Embedder(EmbeddingSettings(backend="torch"))
    got, want = onnx.embed(texts), reference.embed(texts)
    assert got.shape == want.shape == (4, 384) and onnx.dimension == 384
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)
    assert (got * want).sum(axis=1).min() > 0.95  # int8 weights: close, not equal
    assert [onnx.count_tokens(t) for t in texts] == [reference.count_tokens(t) for t in texts]
    [model_file] = (tmp_path / "cache").glob("*/model.onnx")
    made = model_file.stat().st_mtime_ns
    assert [p.name for p in (tmp_path / "cache").iterdir()] == [model_file.parent.name]
    again = Embedder(settings)
    assert np.allclose(again.embed(texts), got, atol=1e-6)
    assert model_file.stat().st_mtime_ns == made  # loaded from the cache, not exported again


def test_fp32_onnx_export_gives_torchs_vectors(tmp_path):
    settings = EmbeddingSettings(backend="onnx-fp32", cache_dir=tmp_path / "cache")
    texts = [
        "Nakatani will tour defence companies in Istanbul, including drone-maker Baykar.",
        "Angela Erdmann never knew her grandfather.",
        "A much longer sentence " * 40,
    ]
    got = Embedder(settings).embed(texts)
    want = Embedder(EmbeddingSettings(backend="torch")).embed(texts)
    assert (got * want).sum(axis=1).min() > 0.9999  # the same float32 model: equal vectors
    [model_file] = (tmp_path / "cache").glob("*/model.onnx")
    assert model_file.stat().st_size > 80e6  # float32 weights (int8's are about a quarter)


def test_onnx_export_is_keyed_by_the_exporting_packages_versions(tmp_path, monkeypatch):
    from assistant.models import onnx_encoder as onnx_backend

    model = resolve_model(BUNDLED_MODEL)
    before = onnx_backend.export_dir(model, tmp_path)
    assert onnx_backend.export_dir(model, tmp_path) == before
    assert onnx_backend.export_dir(model, tmp_path, "fp32") != before
    real = onnx_backend.metadata.version
    monkeypatch.setattr(
        onnx_backend.metadata,
        "version",
        lambda name: "9.9.9" if name == "transformers" else real(name),
    )
    assert onnx_backend.export_dir(model, tmp_path) != before


def test_onnx_backend_needs_a_local_model_folder():
    embedder = Embedder(EmbeddingSettings(model="someone/hub-model", backend="onnx-int8"))
    with pytest.raises(ConfigError, match="needs a local model folder"):
        embedder.embed(["x"])


TOPICS = [
    "Heavy rain flooded the harbour district overnight.",
    "The central bank raised interest rates by half a point.",
    "A striker scored twice in the cup final on Sunday evening in front of a record crowd.",
    "Researchers sequenced the genome of a rare alpine flower.",
    "Parliament passed the budget after a marathon debate.",
    "The airline cancelled flights because of a pilots' strike.",
    "Wildfires forced thousands to leave their homes near the coast.",
    "A new museum of medieval manuscripts opened in the old town.",
    "Chip makers reported record sales of memory for data centres.",
    "The vaccine trial enrolled volunteers in twelve countries.",
    "Farmers protested against cheap grain imports with tractors.",
    "An earthquake of magnitude six shook the island's capital.",
    "The orchestra premiered a symphony written by a teenager.",
    "Police arrested two men over the theft of a famous painting.",
    "Drought has cut the river's shipping traffic by half this summer.",
    "The chess champion defended her title in a tense tiebreak.",
]


def test_onnx_batches_run_in_parallel_give_each_text_its_own_vector(real_embedder):
    encoder = real_embedder.model  # the default backend: ONNX, int8 or fp32 by the CPU
    workers = encoder.workers
    try:
        encoder.workers = 1
        serial = encoder.encode(TOPICS, 3)
        encoder.workers = 3
        parallel = encoder.encode(TOPICS, 3)
    finally:
        encoder.workers = workers
    assert np.array_equal(parallel, serial)  # the same batches: the workers change nothing
    alone = np.stack([encoder.encode([t], 1)[0] for t in TOPICS])
    assert (parallel @ alone.T).argmax(axis=1).tolist() == list(range(len(TOPICS)))
    assert (parallel * alone).sum(axis=1).min() > 0.97  # batched with others: int8 moves a bit
    options = encoder.session.get_session_options()
    assert options.intra_op_num_threads == 1  # one core a batch: no spin-waiting threads


def test_onnx_batches_group_texts_by_word_pieces(real_embedder, monkeypatch):
    encoder = real_embedder.model
    # By characters these interleave; by word pieces the rare words are the long texts.
    texts = ["Quetzalcoatl", "a b c d e f g h", "The big dog barked.", "Xylophonists zigzag, oh."]
    widths = []
    run = encoder.session.run

    def record(names, feed):
        widths.append(sorted(feed["attention_mask"].sum(axis=1).tolist()))
        return run(names, feed)

    monkeypatch.setattr(encoder, "session", SimpleNamespace(run=record))
    encoder.encode(texts, 2)
    pieces = sorted(len(encoder.tokenizer.encode(t).ids) for t in texts)
    assert sorted(widths) == [pieces[:2], pieces[2:]]
