"""How the answerability gate's features were chosen: their rows (features.py), then models and
baselines fitted on them, out of fold (fit.py)."""
