"""Wire copies: labelled article pairs (pairs.py) and the threshold's precision and recall on them
(measure.py)."""
