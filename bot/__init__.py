"""Safe Report: a Telegram bot for survivors of technology-facilitated gender-based violence."""
