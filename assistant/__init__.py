"""A news Q&A assistant whose every answer sentence cites an exact sentence of a dated article.

The stages, in the order a question meets them: ingest (files to sentences and chunks), models
(embeddings, LLMs), index (the store and its sync, BM25), retrieval, answer (answerers and the
verifier); eval and web sit on top of `app.Assistant`.
"""
