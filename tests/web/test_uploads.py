import pytest

from assistant.errors import AssistantError
from assistant.web.uploads import delete_file, put_back, safe_name, save_upload


@pytest.mark.parametrize(
    "name, expected",
    [
        ("../../evil.txt", "evil.txt"),
        ("..\\..\\windows.md", "windows.md"),
        ("/etc/passwd.json", "passwd.json"),
        ("Ünïcödé news (1).HTML", "Unicode-news-1.html"),
        ("...", "article"),
        (".hidden.txt", "hidden.txt"),
    ],
)
def test_safe_name(name, expected):
    assert safe_name(name) == expected


def test_upload_named_to_escape_lands_inside_with_a_safe_name(empty_corpus, tmp_path):
    source = tmp_path / "upload.bin"
    source.write_text("Evil\n\nNothing to see.", encoding="utf-8")
    saved = save_upload(empty_corpus, "../../evil.txt", source, 10_000)
    assert saved == empty_corpus / "evil.txt"
    assert saved.read_text(encoding="utf-8") == "Evil\n\nNothing to see."
    assert not (tmp_path.parent / "evil.txt").exists()
    assert [p.name for p in empty_corpus.iterdir()] == ["evil.txt"]  # no temp file left


def test_existing_file_is_never_overwritten(empty_corpus, tmp_path):
    source = tmp_path / "new.txt"
    source.write_text("New\n\nNew text.", encoding="utf-8")
    (empty_corpus / "story.txt").write_text("Old\n\nOld text.", encoding="utf-8")
    first = save_upload(empty_corpus, "story.txt", source, 10_000)
    second = save_upload(empty_corpus, "story.txt", source, 10_000)
    assert (first.name, second.name) == ("story-1.txt", "story-2.txt")
    assert (empty_corpus / "story.txt").read_text(encoding="utf-8") == "Old\n\nOld text."


def test_unsupported_and_oversized_uploads_are_refused(empty_corpus, tmp_path):
    source = tmp_path / "x"
    source.write_bytes(b"a" * 100)
    with pytest.raises(AssistantError, match="unsupported file type"):
        save_upload(empty_corpus, "run.sh", source, 10_000)
    with pytest.raises(AssistantError, match="limit"):
        save_upload(empty_corpus, "big.txt", source, 10)
    assert list(empty_corpus.iterdir()) == []


def test_upload_limit_is_the_sync_limit(empty_corpus, tmp_path):
    from assistant.config import CorpusSettings

    limit = CorpusSettings(max_file_mb=0.5).max_bytes
    source = tmp_path / "x"
    source.write_bytes(b"a" * limit)
    assert save_upload(empty_corpus, "ok.txt", source, limit).exists()
    source.write_bytes(b"a" * (limit + 1))
    with pytest.raises(
        AssistantError,
        match=r"big.txt: larger than the 0.5 MB limit "
        r"\(corpus.max_file_mb\)",
    ):
        save_upload(empty_corpus, "big.txt", source, limit)


def test_delete_only_inside_the_corpus(empty_corpus, tmp_path):
    (empty_corpus / "a.txt").write_text("x")
    (tmp_path / "outside.txt").write_text("keep me")
    with pytest.raises(AssistantError, match="no such article"):
        delete_file(empty_corpus, "../outside.txt")
    delete_file(empty_corpus, "a.txt")
    assert not (empty_corpus / "a.txt").exists() and (tmp_path / "outside.txt").exists()


def test_a_file_set_aside_can_be_put_back_but_never_over_another(empty_corpus, tmp_path):
    """Issue 29: one click deleted a file for good; now it waits aside for an Undo."""
    (empty_corpus / "sub").mkdir()
    (empty_corpus / "sub" / "a.txt").write_text("first")
    aside = tmp_path / "deleted" / "session"
    kept = delete_file(empty_corpus, "sub/a.txt", aside)
    assert not (empty_corpus / "sub" / "a.txt").exists() and kept.read_text() == "first"
    assert kept.is_relative_to(aside)
    put_back(empty_corpus, "sub/a.txt", kept)
    assert (empty_corpus / "sub" / "a.txt").read_text() == "first" and not kept.exists()
    kept = delete_file(empty_corpus, "sub/a.txt", aside)
    (empty_corpus / "sub" / "a.txt").write_text("a new one")
    with pytest.raises(AssistantError, match="a file of that name is there now"):
        put_back(empty_corpus, "sub/a.txt", kept)
    assert (empty_corpus / "sub" / "a.txt").read_text() == "a new one" and kept.exists()
    with pytest.raises(AssistantError, match="nothing to undo"):
        put_back(empty_corpus, "sub/b.txt", tmp_path / "gone.txt")


def test_readme_lists_every_type_the_upload_box_accepts():
    """Issue 29: the box accepted .htm .rss .atom .xml while README listed five types."""
    import re

    from assistant.ingest.files import SUPPORTED
    from tests.conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    listed = re.search(r"upload of `([^`]+)` files", readme.replace("\n  ", " ")).group(1)
    assert listed.split() == list(SUPPORTED)
