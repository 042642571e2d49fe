"""Following feeds: subscriptions kept in the corpus folder, fetched politely, every new entry
written into the folder as an ordinary article file (issue 30)."""
