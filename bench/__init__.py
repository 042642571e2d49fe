"""Speed and scale benchmarks: the project against the textbook LangChain pipeline (bench.py),
the archive without the model (scale.py), encoders (encoders.py), feeds (follow.py); each run from
the repository root as `python -m bench.<name>`, its committed results in eval/results/bench/."""
