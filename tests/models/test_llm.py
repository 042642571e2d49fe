import pytest

from assistant.config import LLMSettings
from assistant.errors import ConfigError
from assistant.models.llm import (
    LlamaCppChat,
    LLMError,
    LLMSpec,
    make_chat_model,
    parse_spec,
    to_openai_messages,
)


@pytest.mark.parametrize(
    "spec, kind, target",
    [
        ("extractive", "extractive", ""),
        ("openai:gpt-4o-mini", "openai", "gpt-4o-mini"),
        ("ollama:llama3.2:3b", "ollama", "llama3.2:3b"),
        ("llamacpp:/m/x.gguf", "llamacpp", "/m/x.gguf"),
    ],
)
def test_parse_spec(spec, kind, target):
    parsed = parse_spec(spec)
    assert (parsed.kind, parsed.target) == (kind, target)
    assert parsed.text == spec


@pytest.mark.parametrize("spec", ["gpt4", "openai:", "claude:x", ""])
def test_bad_spec_names_the_choices(spec):
    with pytest.raises(ConfigError, match="openai:MODEL"):
        parse_spec(spec)


def test_messages_to_openai_roles():
    from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

    assert to_openai_messages([SystemMessage("s"), HumanMessage("h"), AIMessage("a")]) == [
        {"role": "system", "content": "s"},
        {"role": "user", "content": "h"},
        {"role": "assistant", "content": "a"},
    ]


def test_openai_backend_reads_the_key_from_the_environment(monkeypatch):
    monkeypatch.setenv("MY_KEY", "sk-test")
    model = make_chat_model(
        LLMSpec("openai", "m"),
        LLMSettings(base_url="http://127.0.0.1:1/v1", api_key_env="MY_KEY", timeout=3),
    )
    assert model.openai_api_key.get_secret_value() == "sk-test"
    assert model.request_timeout == 3 and model.max_retries == 0


def test_ollama_backend(monkeypatch):
    model = make_chat_model(LLMSpec("ollama", "llama3.2"), LLMSettings())
    assert model.model == "llama3.2" and model.base_url == "http://127.0.0.1:11434"


def test_missing_gguf_is_an_llm_error(tmp_path):
    chat = LlamaCppChat(model_path=str(tmp_path / "none.gguf"))
    with pytest.raises(LLMError, match="does not exist"):
        chat.invoke("hi")
