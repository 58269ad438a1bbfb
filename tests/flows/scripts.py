"""Scripted conversations, replayed as golden transcripts."""

from __future__ import annotations

from typing import Any

Script = list[dict[str, Any]]

FULL_REPORT_SERBIA: Script = [
    {"command": "start"},
    {"press": "country:rs"},
    {"press": "safety:yes"},
    {"press": "categories:threat"},
    {"press": "categories:doxxing"},
    {"press": "categories:done"},
    {"text": "He posted my home address in a group and wrote that everyone should visit me."},
    {"text": "Znam gde živiš, doći ću", "forwarded_from": "Marko"},
    {"document": "%PDF-1.4 screenshot export", "name": "chat.pdf"},
    {"press": "narrative:done"},
    {"press": "relationship:partner_or_ex"},
    {"press": "age:adult"},
    {"press": "images:no"},
    {"press": "public_role:no"},
    {"press": "consent:yes"},
    {"press": "replies:yes"},
    {"text": "Thank you. I am at my sister's now."},
    {"command": "status", "args": "TEST-0001"},
]

DANGER_FIRST_ALBANIA: Script = [
    {"command": "start", "language_hint": "sq"},
    {"press": "country:al"},
    {"press": "safety:no"},
]

DANGER_WORDS_MID_FLOW_UK: Script = [
    {"command": "start"},
    {"press": "country:gb"},
    {"press": "safety:yes"},
    {"press": "region:gb_sct"},
    {"press": "categories:threat"},
    {"press": "categories:done"},
    {"text": "He is outside my house right now with a knife"},
]

BAD_INPUT: Script = [
    {"command": "start"},
    {"text": "Serbia"},
    {"press": "country:xx"},
    {"press": "safety:yes"},
    {"press": "this-is:not-a-button"},
    {"press": "country:ba"},
    {"press": "country:ba"},
    {"command": "help"},
    {"command": "unknowncommand"},
    {"unsupported": "sticker"},
    {"press": "safety:unsure"},
    {"press": "region:ba_rs"},
    {"press": "categories:done"},
    {"unsupported": "voice"},
    {"press": "narrative:done"},
    {"text": "x" * 5000},
    {"text": "He keeps writing to me", "edited": True},
    {"photo": None, "size": 30 * 1024 * 1024},
    {"unsupported": "location"},
    {"command": "status"},
    {"command": "status", "args": "NOPE-0000"},
]

QUICK_EXIT: Script = [
    {"command": "start"},
    {"press": "country:me"},
    {"press": "safety:yes"},
    {"press": "categories:harassment"},
    {"press": "categories:done"},
    {"text": "He sends me insults every day"},
    {"press": "x"},
    {"text": "hello"},
]

DECLINE_CONSENT_MACEDONIA: Script = [
    {"command": "start"},
    {"press": "country:mk"},
    {"press": "safety:yes"},
    {"press": "categories:impersonation"},
    {"press": "categories:done"},
    {"text": "Someone made a fake profile with my photos."},
    {"press": "narrative:done"},
    {"press": "relationship:unknown"},
    {"press": "age:unknown"},
    {"press": "images:skip"},
    {"press": "public_role:no"},
    {"press": "consent:no"},
]

MINOR_WITH_PHOTO_KOSOVO: Script = [
    {"command": "start"},
    {"press": "country:xk"},
    {"press": "safety:yes"},
    {"press": "categories:sextortion"},
    {"press": "categories:done"},
    {"text": "Someone says he will post my pictures unless I pay"},
    {"photo": "PNG screenshot of the chat"},
    {"press": "narrative:done"},
    {"press": "relationship:unknown"},
    {"press": "age:minor"},
    {"photo": "another picture"},
    {"press": "images:threatened"},
]

RESUME_AND_LANGUAGE: Script = [
    {"command": "start"},
    {"press": "country:al"},
    {"command": "language"},
    {"press": "language:en"},
    {"command": "start"},
    {"press": "resume:continue"},
    {"press": "safety:yes"},
    {"text": "redelivered", "update_id": 9001},
    {"text": "redelivered", "update_id": 9001},
]

# Her phone says Serbian, she chooses English: every answer, and the greeting after
# she left and came back, is in English (her choice is stored, not the phone's).
LANGUAGE_SWITCH: Script = [
    {"command": "start", "language_hint": "sr"},
    {"press": "lang"},
    {"press": "language:en"},
    {"press": "country:rs"},
    {"press": "x"},
    {"command": "start", "language_hint": "sr"},
]

OUTSIDE_THE_REGION: Script = [
    {"command": "start"},
    {"press": "country:other"},
    {"press": "safety:yes"},
    {"press": "categories:image_abuse"},
    {"press": "categories:done"},
    {"text": "My ex shared intimate photos of me online."},
    {"press": "narrative:done"},
    {"press": "relationship:partner_or_ex"},
    {"press": "age:adult"},
    {"press": "images:shared"},
]

SCRIPTS: dict[str, Script] = {
    "full_report_serbia": FULL_REPORT_SERBIA,
    "danger_first_albania": DANGER_FIRST_ALBANIA,
    "danger_words_mid_flow_uk": DANGER_WORDS_MID_FLOW_UK,
    "bad_input": BAD_INPUT,
    "quick_exit": QUICK_EXIT,
    "decline_consent_macedonia": DECLINE_CONSENT_MACEDONIA,
    "minor_with_photo_kosovo": MINOR_WITH_PHOTO_KOSOVO,
    "resume_and_language": RESUME_AND_LANGUAGE,
    "outside_the_region": OUTSIDE_THE_REGION,
    "language_switch": LANGUAGE_SWITCH,
}
