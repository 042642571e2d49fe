"""Question sets, metrics, the evaluation run, its report and charts, run comparisons and the
floors gate."""
