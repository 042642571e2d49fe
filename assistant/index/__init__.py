"""The Chroma store and what it keeps per article and per chunk (typed in `schema.py`), the
sync that makes it equal the corpus folder, its checks, and BM25."""
