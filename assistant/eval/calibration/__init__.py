"""Fitting on labelled questions: when to abstain (the answerability gate), which sentences to
quote, and the optional sentence scorer, each cross-validated by article."""
