import pytest

from assistant.config import BUNDLED_MODEL, load_settings
from assistant.errors import ConfigError


def test_defaults(monkeypatch, tmp_path):
    monkeypatch.delenv("ASSISTANT_STORE_DIR")
    s = load_settings()
    assert s.embedding.model == BUNDLED_MODEL
    assert s.store_path == (tmp_path / ".assistant")  # beside the corpus folder
    assert 0 < s.answer.min_score < 1


def test_env_nested_and_overrides(monkeypatch, tmp_path):
    monkeypatch.setenv("ASSISTANT_ANSWER__MIN_SCORE", "0.5")
    monkeypatch.setenv("ASSISTANT_RETRIEVAL__K", "7")
    s = load_settings(store_dir=tmp_path / "x")
    assert s.answer.min_score == 0.5 and s.retrieval.k == 7 and s.store_path == tmp_path / "x"


def test_toml_file_in_working_dir_and_env_wins(monkeypatch, tmp_path):
    (tmp_path / "assistant.toml").write_text("[chunking]\nmax_sentences = 6\n[retrieval]\nk = 3\n")
    monkeypatch.setenv("ASSISTANT_RETRIEVAL__K", "9")
    s = load_settings()
    assert s.chunking.max_sentences == 6 and s.retrieval.k == 9


def test_config_env_points_at_file(monkeypatch, tmp_path):
    path = tmp_path / "conf" / "my.toml"
    path.parent.mkdir()
    path.write_text("[answer]\nmax_sentences = 2\n")
    monkeypatch.setenv("ASSISTANT_CONFIG", str(path))
    assert load_settings().answer.max_sentences == 2
    monkeypatch.setenv("ASSISTANT_CONFIG", str(tmp_path / "missing.toml"))
    with pytest.raises(ConfigError, match="missing.toml"):
        load_settings()


@pytest.mark.parametrize(
    "env, value, message",
    [
        ("ASSISTANT_ANSWER__MIN_SCORE", "2", "answer.min_score"),
        ("ASSISTANT_RETRIEVAL__K", "lots", "retrieval.k"),
        ("ASSISTANT_CHUNKING__OVERLAP", "9", "overlap"),
    ],
)
def test_bad_values_name_the_setting(monkeypatch, env, value, message):
    monkeypatch.setenv(env, value)
    with pytest.raises(ConfigError, match=message):
        load_settings()


def test_unknown_setting_in_toml(tmp_path):
    (tmp_path / "assistant.toml").write_text("[answer]\nmin_scroe = 0.3\n")
    with pytest.raises(ConfigError, match="min_scroe"):
        load_settings()


def test_malformed_toml(tmp_path):
    (tmp_path / "assistant.toml").write_text("[answer\n")
    with pytest.raises(ConfigError, match="cannot read settings"):
        load_settings()


def test_unknown_env_setting(monkeypatch):
    monkeypatch.setenv("ASSISTANT_MIN_SCORE", "0.3")
    with pytest.raises(ConfigError, match="ASSISTANT_MIN_SCORE"):
        load_settings()


def test_chroma_url_is_checked_and_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("ASSISTANT_STORE__CHROMA_URL", "http://db.internal:8000")
    assert load_settings().store.chroma_url == "http://db.internal:8000"
    with pytest.raises(ConfigError, match="store.chroma_url 'db:8000' is not an http"):
        load_settings(store={"chroma_url": "db:8000"})
    with pytest.raises(ConfigError, match="bad port"):
        load_settings(store={"chroma_url": "http://db:port"})


def test_embedding_backend_names_are_checked():
    assert load_settings(embedding={"backend": "torch"}).embedding.backend == "torch"
    with pytest.raises(ConfigError, match="embedding.backend"):
        load_settings(embedding={"backend": "onnx"})
