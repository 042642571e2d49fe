"""The fitted sentence scorer: its weights, fitted and compared out of fold (fit.py), and the
ideas measured and not kept (tried.py)."""
