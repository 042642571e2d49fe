"""The Chroma store, the sync that makes it equal the corpus folder, its checks, and BM25."""
