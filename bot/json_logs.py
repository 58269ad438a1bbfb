"""One JSON object per log line (SAFE_REPORT_LOG_FORMAT=json), for log collectors.

Each line has the time, level, logger and message, and nothing else: no extra
attributes a library may attach to a record. Messages in this project carry no
ids and no text a survivor wrote (see DESIGN.md); an exception is logged as its
type and where it happened, never its message, which could quote data (a
database error quotes the row it refused).
"""

from __future__ import annotations

import json
import logging
import traceback
from datetime import UTC, datetime


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info and record.exc_info[0] is not None:
            kind, _value, tb = record.exc_info
            entry["exception"] = kind.__name__
            entry["where"] = [
                "{}:{} {}".format(frame.filename.rsplit("/", 1)[-1], frame.lineno, frame.name)
                for frame in traceback.extract_tb(tb)[-5:]
            ]
        return json.dumps(entry, ensure_ascii=False)


def use_json_logs(root: logging.Logger | None = None) -> None:
    """Replace the root handlers' formatters with the JSON one."""
    logger = root or logging.getLogger()
    for handler in logger.handlers:
        handler.setFormatter(JsonFormatter())
