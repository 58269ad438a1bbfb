"""JSON log lines: time, level, logger, message; an exception by type and place only."""

from __future__ import annotations

import json
import logging

from bot.json_logs import JsonFormatter


def _record(message: str, *args: object, exc: BaseException | None = None) -> logging.LogRecord:
    info = (type(exc), exc, exc.__traceback__) if exc is not None else None
    record = logging.LogRecord("bot.test", logging.WARNING, __file__, 1, message, args, info)
    record.chat_id = 5551234  # what a library might attach; never written out
    return record


def test_a_line_is_one_json_object_with_four_fields() -> None:
    line = JsonFormatter().format(_record("update %s failed", 42))
    entry = json.loads(line)
    assert set(entry) == {"time", "level", "logger", "message"}
    assert entry["message"] == "update 42 failed" and entry["level"] == "WARNING"
    assert "5551234" not in line


def test_an_exception_is_logged_without_its_message() -> None:
    try:
        raise ValueError("duplicate key (narrative)=(he posted my address)")
    except ValueError as exc:
        line = JsonFormatter().format(_record("step failed", exc=exc))
    entry = json.loads(line)
    assert entry["exception"] == "ValueError"
    assert entry["where"] and "test_json_logs.py" in entry["where"][-1]
    assert "posted my address" not in line
