"""assistant/models/hashed.py: the model-free embedder of the scale bench and the tests."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.models.hashed import HashedEmbedder


def test_texts_sharing_words_are_neighbours_and_others_are_not():
    embed = HashedEmbedder()
    ferry, strike, bridge = embed.embed(
        [
            "The ferry strike ended on Tuesday.",
            "Ferry crews ended their strike.",
            "The Aare bridge reopened after repairs.",
        ]
    )
    assert ferry.shape == (384,) and np.isclose(np.linalg.norm(ferry), 1.0)
    assert ferry @ strike > 0.4 > ferry @ bridge
    assert embed.embed([]).shape == (0, 384)
    assert np.array_equal(embed.embed(["Ferry strike"]), embed.embed(["Ferry strike"]))


def test_a_hashed_embedder_needs_two_dimensions():
    with pytest.raises(ValueError, match="dimension must be 2 or more, got 1"):
        HashedEmbedder(1)
