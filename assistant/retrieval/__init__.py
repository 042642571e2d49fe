"""Questions read and sentences found: hybrid dense + BM25 search, scored per sentence."""
