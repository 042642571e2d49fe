"""Files to articles, sentences with exact character offsets, and chunks to embed."""
