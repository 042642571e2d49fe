from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.app import Assistant
from assistant.config import load_settings
from tests.fakes import FakeEmbedder
from tests.feed_site import Site, serving_site

REPO = Path(__file__).resolve().parents[1]
SHIPPED_CORPUS = REPO / "corpus"
SEED = "000_42df4043e14da31e.txt"


REAL_PARTS = {"make_assistant", "demo_assistant", "real_embedder", "fake_model"}
"""Fixtures that hand a test real parts: Chroma on disk (also under the CLI with a fake model,
`fake_model`), the bundled model."""


def pytest_collection_modifyitems(items):
    # The `integration` marker follows what a test really uses, so that `-m "not integration"`
    # runs only tests with fakes, however a test file is organised.
    for item in items:
        if REAL_PARTS & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.integration)


@pytest.fixture(autouse=True)
def unit_tests_use_no_real_parts(request, monkeypatch):
    """A test without the `integration` marker that opens Chroma or loads the model fails."""
    if request.node.get_closest_marker("integration"):
        return
    import chromadb

    from assistant.models.embeddings import Embedder

    def refuse(*args, **kwargs):
        raise RuntimeError("a unit test used a real part: mark it integration, or use a fake")

    monkeypatch.setattr(chromadb, "PersistentClient", refuse)
    monkeypatch.setattr(chromadb, "HttpClient", refuse)
    monkeypatch.setattr(Embedder, "model", property(refuse))


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """Every test gets its own working dir, corpus and store under tmp_path, and no stray config."""
    for var in list(__import__("os").environ):
        if var.startswith("ASSISTANT_"):
            monkeypatch.delenv(var)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(tmp_path / "corpus"))
    monkeypatch.setenv("ASSISTANT_STORE_DIR", str(tmp_path / "store"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    return tmp_path


@pytest.fixture
def corpus(tmp_path) -> Path:
    """A copy of the shipped demo corpus."""
    target = tmp_path / "corpus"
    shutil.copytree(SHIPPED_CORPUS, target, dirs_exist_ok=True)
    return target


@pytest.fixture
def empty_corpus(tmp_path) -> Path:
    target = tmp_path / "corpus"
    target.mkdir(exist_ok=True)
    return target


@pytest.fixture
def fake_embedder() -> FakeEmbedder:
    return FakeEmbedder()


@pytest.fixture
def make_assistant(fake_embedder):
    """Build an Assistant over tmp corpus/store with the fake embedder (override per call)."""

    def build(embedder=None, **settings) -> Assistant:
        return Assistant(load_settings(**settings), embedder=embedder or fake_embedder)

    return build


@pytest.fixture
def fake_model(monkeypatch):
    """The CLI builds its own Assistant: give it the fake embedder."""
    from assistant import app as app_module

    monkeypatch.setattr(app_module, "Embedder", lambda settings, stored=None: FakeEmbedder())


@pytest.fixture
def site() -> Site:
    """A feed site on loopback whose answers the test sets (tests/feed_site.py)."""
    with serving_site() as served:
        yield served


@pytest.fixture(scope="session")
def real_embedder():
    from assistant.models.embeddings import Embedder

    return Embedder()


@pytest.fixture(scope="session")
def demo_assistant(tmp_path_factory, real_embedder) -> Assistant:
    """The shipped corpus indexed once with the real bundled model (shared by integration tests)."""
    root = tmp_path_factory.mktemp("demo")
    shutil.copytree(SHIPPED_CORPUS, root / "corpus")
    settings = load_settings(corpus_dir=root / "corpus", store_dir=root / "store")
    assistant = Assistant(settings, embedder=real_embedder)
    assistant.sync()
    return assistant


WILDFIRE = "How many people were evacuated because of the wildfire?"


def write_wildfire(corpus: Path, name: str, outlet: str, day: str, count: str) -> None:
    """One outlet's report of the wildfire, dated, with its count of people evacuated."""
    (corpus / name).write_text(
        f"---\ntitle: Wildfire {outlet}\ndate: {day}\nsource: {outlet}\n---\n"
        f"The wildfire forced the evacuation of {count} people near Valencia.\n",
        encoding="utf-8",
    )


@pytest.fixture
def wildfire_corpus(empty_corpus, monkeypatch) -> Path:
    """Two reports of one developing story (issue 16): Reuters on 1 Aug, AP on 3 Aug 2025; the
    fake embedder's scores are not the model's, so every search may answer."""
    monkeypatch.setenv("ASSISTANT_ANSWER__MIN_SCORE", "0")
    monkeypatch.setenv("ASSISTANT_ANSWER__ANSWERABILITY_THRESHOLD", "0")
    write_wildfire(empty_corpus, "reuters.md", "Reuters", "2025-08-01", "1,200")
    write_wildfire(empty_corpus, "ap.md", "AP", "2025-08-03", "about 5,000")
    return empty_corpus


STANDALONE = {
    "2025-10-08_roslyn.txt": (
        "Hurricane Roslyn hits Pacific coast\n\n"
        "MANZANILLO, Mexico, Oct 8 (Reuters) - Hurricane Roslyn tore into the Pacific coast on "
        "Wednesday, forcing thousands from their homes.\n\n"
        "Roslyn made landfall around 7:20 a.m. near the port as a Category 3 storm.\n\n"
        "Schools stayed closed on Thursday.\n"
    ),
    "burgerly-menu.md": (
        "---\ntitle: Burger chain simplifies its menu\ndate: 2025-03-04\nsource: CNN\n---\n"
        "Burgerly, the burger chain, said on Tuesday it would simplify its menu for the first "
        "time in a decade.\n\n"
        "The chain launched a redesigned menu with a refreshed menu board in its roughly 21,000 "
        "US restaurants.\n"
    ),
}
"""The two shapes of CNN questions that quotes alone did not answer (issue 26), as fixtures:
the country only in the dateline; the company only in the sentence before."""


@pytest.fixture
def standalone_corpus(corpus, monkeypatch) -> Path:
    """The shipped corpus and the two fixtures; the fake embedder's scores are not the model's,
    so every search may answer."""
    monkeypatch.setenv("ASSISTANT_ANSWER__MIN_SCORE", "0")
    monkeypatch.setenv("ASSISTANT_ANSWER__ANSWERABILITY_THRESHOLD", "0")
    for name, text in STANDALONE.items():
        (corpus / name).write_text(text, encoding="utf-8")
    return corpus
