"""The demonstration partners with alert chats set, as a deployment's partners file."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.routing.partners import demo_partners_path


def partners_file_with_alert_chats(folder: Path, chats: dict[str, int]) -> Path:
    """Write the demo partners, with `alert_chat_id` for the services named, to a file."""
    raw = yaml.safe_load(demo_partners_path().read_text(encoding="utf-8"))
    for partner in raw["partners"]:
        if partner["id"] in chats:
            partner["alert_chat_id"] = chats[partner["id"]]
    path = folder / "partners.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path
