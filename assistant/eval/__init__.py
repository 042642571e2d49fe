"""Evaluation's home: question sets and metrics, the evaluation run with its report, charts,
comparisons and floors gate, the fitting on labelled questions it cross-validates with
(`calibration/`), and the studies behind the shipped models and settings (`studies/`)."""
