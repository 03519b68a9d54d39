"""Everything the learner reads and saves, in one SQLite database (sqlite-utils); no Qt."""
