"""Method parameters from any body a Bot API client sends: query, form, JSON or multipart.

aiogram sends form fields (multipart when a file goes along) with JSON-encoded objects;
python-telegram-bot sends form fields or JSON; both may reference uploads as `attach://name`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from aiohttp import BodyPartReader, web

from .errors import bad_request


@dataclass(frozen=True)
class Upload:
    """A file that came with the request (multipart part)."""

    filename: str
    content_type: str
    data: bytes


@dataclass
class Params:
    """Typed access to raw parameters, answering 400 like Telegram on wrong types."""

    raw: dict[str, Any] = field(default_factory=dict)
    uploads: dict[str, Upload] = field(default_factory=dict)

    def has(self, name: str) -> bool:
        return self.raw.get(name) not in (None, "")

    def get_str(self, name: str, default: str | None = None) -> str | None:
        value = self.raw.get(name)
        if value is None:
            return default
        if isinstance(value, bool | int | float):
            return json.dumps(value)
        if not isinstance(value, str):
            raise bad_request(f'field "{name}" must be of type String')
        return value

    def need_str(self, name: str, missing: str | None = None) -> str:
        value = self.get_str(name)
        if value is None or value == "":
            raise bad_request(missing or f"{name} is empty")
        return value

    def get_int(self, name: str, default: int | None = None) -> int | None:
        value = self.raw.get(name)
        if value is None or value == "":
            return default
        if isinstance(value, bool):
            raise bad_request(f'field "{name}" must be of type Integer')
        if isinstance(value, int):
            return value
        try:
            return int(str(value).strip())
        except ValueError:
            if name == "chat_id":
                raise bad_request("chat not found") from None
            raise bad_request(f'field "{name}" must be of type Integer') from None

    def need_int(self, name: str, missing: str | None = None) -> int:
        value = self.get_int(name)
        if value is None:
            raise bad_request(missing or f"{name} is empty")
        return value

    def get_float(self, name: str, default: float | None = None) -> float | None:
        value = self.raw.get(name)
        if value is None or value == "":
            return default
        try:
            return float(value)
        except (TypeError, ValueError):
            raise bad_request(f'field "{name}" must be of type Float') from None

    def get_bool(self, name: str, default: bool = False) -> bool:
        value = self.raw.get(name)
        if value is None or value == "":
            return default
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("true", "1"):
            return True
        if text in ("false", "0"):
            return False
        raise bad_request(f'field "{name}" must be of type Boolean')

    def get_json(self, name: str) -> Any:
        """An object parameter; form bodies carry it JSON-encoded, JSON bodies carry it as is."""
        value = self.raw.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError:
                raise bad_request(f"can't parse {name} JSON object") from None
        return value

    def get_file(self, name: str) -> Upload | str | None:
        """An InputFile: an upload (direct part or `attach://part`) or a file_id / URL string."""
        if name in self.uploads:
            return self.uploads[name]
        value = self.raw.get(name)
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            raise bad_request(f'field "{name}" must be of type String')
        if value.startswith("attach://"):
            part = value.removeprefix("attach://")
            if part not in self.uploads:
                raise bad_request(f"file {part!r} not found in the request")
            return self.uploads[part]
        return value

    def loggable(self) -> dict[str, Any]:
        """Parameters for the call log: decoded objects, uploads as a short description."""
        out: dict[str, Any] = {}
        for key, value in self.raw.items():
            if isinstance(value, str) and value[:1] in "[{":
                try:
                    out[key] = json.loads(value)
                    continue
                except ValueError:
                    pass
            out[key] = value
        for key, upload in self.uploads.items():
            out[key] = {"upload": upload.filename, "size": len(upload.data)}
        return out


async def read_params(request: web.Request) -> Params:
    """Merge query string and body into one parameter set, whatever the content type."""
    params = Params(raw=dict(request.query))
    if not request.can_read_body:
        return params
    ctype = request.content_type
    if ctype == "application/json":
        try:
            body = await request.json()
        except ValueError:
            raise bad_request("can't parse JSON body") from None
        if not isinstance(body, dict):
            raise bad_request("JSON body must be an object")
        params.raw.update(body)
    elif ctype == "multipart/form-data":
        reader = await request.multipart()
        while (part := await reader.next()) is not None:
            if not isinstance(part, BodyPartReader) or part.name is None:
                continue
            if part.filename is not None:
                data = await part.read(decode=True)
                params.uploads[part.name] = Upload(
                    filename=part.filename,
                    content_type=part.headers.get("Content-Type", "application/octet-stream"),
                    data=bytes(data),
                )
            else:
                params.raw[part.name] = await part.text()
    elif ctype == "application/x-www-form-urlencoded":
        form = await request.post()
        params.raw.update({key: str(value) for key, value in form.items()})
    return params
