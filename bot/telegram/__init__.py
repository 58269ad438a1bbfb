"""Transports: adapters that turn Telegram updates into flow events and back."""
