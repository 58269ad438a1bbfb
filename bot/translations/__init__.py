"""The translation editor's catalogue side: entries, checks and .po files (no database)."""
