"""The briefing: articles grouped into stories, each story summarised and cited, ranked."""
