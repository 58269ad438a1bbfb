"""The aiogram 3 transport (the default)."""
