"""Persistence: SQLModel tables, repositories, migrations and encryption."""
