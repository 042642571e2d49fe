"""Answers from retrieved sentences: quoted (extractive) or written by an LLM and verified."""
