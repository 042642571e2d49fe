"""Question sets, metrics, the evaluation run, and its report and charts."""
