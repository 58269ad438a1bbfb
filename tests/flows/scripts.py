"""Scripted conversations, replayed as golden transcripts."""

from __future__ import annotations

from typing import Any

from pydantic import SecretStr

from bot.routing.partners import demo_partners_path, load_partners
from bot.services.deep_links import DeepLinks
from bot.settings import Environment, Settings
from tests.conftest import TEST_SECRET

Script = list[dict[str, Any]]


def partner_link(partner: str, country: str, language: str) -> str:
    """The start parameter a partner's QR code carries, signed with the tests' secret."""
    secret = Settings(environment=Environment.TEST, secret_key=SecretStr(TEST_SECRET)).secret_bytes
    partners = load_partners(demo_partners_path())
    return DeepLinks.from_secret(secret).payload(partners, partner, country, language)


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
    {"unsupported": "poll"},
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

# Her evidence pack (issue #17 item 1): from her draft once it holds something, at consent
# before she decides, and an honest "sealed" once it was sent.
EVIDENCE_PACK_ENGLISH: Script = [
    {"command": "start"},
    {"command": "copy"},
    {"press": "country:rs"},
    {"press": "safety:yes"},
    {"press": "categories:threat"},
    {"press": "categories:done"},
    {"command": "copy"},
    {"text": "He wrote that he will wait for me outside my work on Friday."},
    {
        "text": "Znam gde radiš. Čekam te u petak.",
        "forwarded_from": "Marko",
        "forwarded_at": "2026-01-14T21:40:00+00:00",
    },
    {"document": "%PDF-1.4 exported chat", "name": "chat.pdf", "mime_type": "application/pdf"},
    {"voice": "OggS voice 1", "mime_type": "audio/ogg", "duration": 42},
    {"command": "copy"},
    {"press": "narrative:done"},
    {"press": "relationship:partner_or_ex"},
    {"press": "age:adult"},
    {"press": "images:no"},
    {"press": "public_role:no"},
    {"press": "pack"},
    {"press": "consent:yes"},
    {"press": "replies:no"},
    {"command": "copy"},
]

EVIDENCE_PACK_SERBIAN_CYRILLIC: Script = [
    {"command": "start", "language_hint": "sr"},
    {"press": "country:rs"},
    {"press": "safety:yes"},
    {"press": "categories:doxxing"},
    {"press": "categories:done"},
    {"text": "Објавио је моју адресу у групи и написао да сви треба да ме посете."},
    {"photo": "PNG screenshot", "caption": "Снимак екрана групе"},
    {"command": "copy"},
    {"press": "x"},
]

EVIDENCE_PACK_ALBANIAN: Script = [
    {"command": "start", "language_hint": "sq"},
    {"press": "country:al"},
    {"press": "safety:yes"},
    {"press": "categories:harassment"},
    {"press": "categories:done"},
    {"text": "Më shkruan çdo natë se do të më gjejë. Ai është ish-i dashuri im."},
    {"press": "narrative:done"},
    {"press": "relationship:partner_or_ex"},
    {"press": "age:adult"},
    {"press": "images:no"},
    {"press": "pack"},
    {"press": "consent:no"},
    {"command": "copy"},
]

# Voice messages and videos as evidence (item 5), and the minors rule for videos.
RECORDINGS_ENGLISH: Script = [
    {"command": "start"},
    {"press": "country:gb"},
    {"press": "safety:yes"},
    {"press": "region:gb_eng"},
    {"press": "categories:threat"},
    {"press": "categories:done"},
    {"voice": "OggS threat left on my voicemail", "mime_type": "audio/ogg", "duration": 75},
    {"audio": "ID3 recorded call", "name": "call.mp3", "mime_type": "audio/mpeg", "duration": 3725},
    {"video": "ftyp video of his car outside", "mime_type": "video/mp4", "duration": 12},
    {"video_note": "ftyp round video", "duration": 8},
    {"press": "narrative:done"},
    {"press": "relationship:known"},
    {"press": "age:minor"},
    {"video": "ftyp another video", "mime_type": "video/mp4", "duration": 5},
    {"voice": "OggS another voice message", "duration": 9},
    {"press": "images:no"},
    {"press": "public_role:no"},
]

RECORDINGS_MACEDONIAN: Script = [
    {"command": "start", "language_hint": "mk"},
    {"press": "country:mk"},
    {"press": "safety:yes"},
    {"press": "categories:threat"},
    {"press": "categories:done"},
    {"voice": "OggS закана", "mime_type": "audio/ogg", "duration": 31},
    {"video": "ftyp видео", "mime_type": "video/mp4", "duration": 14},
    {"command": "copy"},
]

RECORDINGS_ALBANIAN: Script = [
    {"command": "start", "language_hint": "sq"},
    {"press": "country:xk"},
    {"press": "safety:yes"},
    {"press": "categories:sextortion"},
    {"press": "categories:done"},
    {"video_note": "ftyp video rrethore", "duration": 20},
    {"voice": "OggS kërcënim", "duration": 16},
    {"press": "narrative:done"},
    {"press": "relationship:unknown"},
    {"press": "age:minor"},
]

# Her safety plan (item 4): from the results in danger, stopped and taken up again.
SAFETY_PLAN_ENGLISH: Script = [
    {"command": "start"},
    {"press": "country:me"},
    {"press": "safety:unsure"},
    {"press": "categories:stalking"},
    {"press": "categories:done"},
    {"text": "My ex always knows where I am. I think he put something on my phone."},
    {"press": "narrative:done"},
    {"press": "relationship:partner_or_ex"},
    {"press": "age:adult"},
    {"press": "images:no"},
    {"press": "public_role:no"},
    {"press": "plan:start"},
    {"press": "plan:next:0"},
    {"press": "plan:next:0"},
    {"press": "plan:stop"},
    {"command": "plan"},
    {"press": "plan:next:1"},
]

SAFETY_PLAN_SERBIAN_CYRILLIC: Script = [
    {"command": "start", "language_hint": "sr"},
    {"press": "country:rs"},
    {"press": "safety:yes"},
    {"press": "categories:harassment"},
    {"press": "categories:done"},
    {"command": "plan"},
    {"press": "plan:next:0"},
    {"press": "plan:next:1"},
    {"press": "plan:next:2"},
    {"press": "plan:next:3"},
    {"press": "plan:next:4"},
]

SAFETY_PLAN_ALBANIAN: Script = [
    {"command": "start", "language_hint": "sq"},
    {"press": "country:al"},
    {"command": "plan"},
    {"press": "plan:next:0"},
    {"press": "plan:stop"},
    {"press": "x"},
    {"command": "plan"},
]

# Her privacy (item 8): from the welcome's button, /privacy mid-report, hiding the chat.
PRIVACY_ENGLISH: Script = [
    {"command": "start"},
    {"press": "privacy"},
    {"press": "privacy:hide"},
    {"press": "country:gb"},
    {"command": "privacy"},
]

PRIVACY_MACEDONIAN: Script = [
    {"command": "start", "language_hint": "mk"},
    {"press": "country:mk"},
    {"press": "safety:yes"},
    {"command": "privacy"},
    {"press": "privacy:hide"},
]

PRIVACY_ALBANIAN: Script = [
    {"command": "start", "language_hint": "sq"},
    {"press": "privacy"},
    {"press": "privacy:hide"},
]

# Deep links (item 6): a partner's QR code chooses partner, country and language; the
# partner receives her report when it may; a changed link chooses nothing.
DEEP_LINK_ENGLISH: Script = [
    {"command": "start", "args": partner_link("demo-gb", "gb", "en"), "language_hint": "sq"},
    {"press": "safety:yes"},
    {"press": "region:gb_wls"},
    {"press": "categories:impersonation"},
    {"press": "categories:done"},
    {"text": "Someone made an account with my name and photos."},
    {"press": "narrative:done"},
    {"press": "relationship:unknown"},
    {"press": "age:adult"},
    {"press": "images:no"},
    {"press": "public_role:no"},
    {"press": "consent:yes"},
    {"press": "replies:no"},
    {"command": "start", "args": partner_link("demo-gb", "gb", "en")[:-1] + "0"},
]

DEEP_LINK_SERBIAN_CYRILLIC: Script = [
    {"command": "start", "args": partner_link("demo-ba-rs", "ba", "sr"), "language_hint": "en"},
    {"press": "safety:yes"},
    {"press": "region:unsure"},
    {"press": "categories:threat"},
    {"press": "categories:done"},
    {"text": "Прети ми да ће доћи на мој посао."},
    {"press": "narrative:done"},
    {"press": "relationship:known"},
    {"press": "age:adult"},
    {"press": "images:no"},
    {"press": "public_role:no"},
]

DEEP_LINK_ALBANIAN: Script = [
    {"command": "start", "args": partner_link("demo-xk", "xk", "sq"), "language_hint": "en"},
    {"command": "start"},
    {"command": "start", "args": "demo-xk_xk_sq_" + "0" * 20},
]

# Serbian in Latin script and Montenegrin have no Telegram language code: her chat gets a
# menu of its own when she chooses one, removed when she leaves it.
CHAT_MENU_MONTENEGRIN: Script = [
    {"command": "start", "language_hint": "sr"},
    {"press": "lang"},
    {"press": "language:cnr"},
    {"command": "language"},
    {"press": "language:sr_Latn"},
    {"command": "language"},
    {"press": "language:sq"},
]

# Issue 17, item 7: reporting for someone else.
FRIEND_FOR_ADULT_ENGLISH: Script = [
    {"command": "start"},
    {"press": "country:rs"},
    {"press": "safety:someone_else"},  # the fourth answer: no press more for her
    {"press": "person_safety:yes"},
    {"press": "categories:image_abuse"},
    {"press": "categories:threat"},
    {"press": "categories:done"},
    {"text": "Her ex is sending my friend's intimate photos to her colleagues."},
    {"press": "narrative:done"},
    {"press": "relationship:partner_or_ex"},
    {"press": "age:adult"},
    {"press": "images:shared"},
    {"press": "public_role:no"},
    {"press": "consent:yes"},
    {"press": "replies:yes"},
]

FRIEND_FOR_ADULT_SERBIAN_CYRILLIC: Script = [
    {"command": "start", "language_hint": "sr"},
    {"press": "country:rs"},
    {"press": "safety:someone_else"},  # the fourth answer: no press more for her
    {"press": "person_safety:no"},  # the numbers first, worded for her and the helper
    {"press": "categories:threat"},
    {"press": "categories:done"},
    {"text": "Бивши момак моје другарице јој прети да ће доћи код ње."},
    {"press": "narrative:done"},
    {"press": "relationship:partner_or_ex"},
    {"press": "age:adult"},
    {"press": "images:no"},
    {"press": "public_role:no"},
    {"press": "consent:quiet"},
]

PARENT_FOR_MINOR_ENGLISH: Script = [
    {"command": "start"},
    {"press": "country:gb"},
    {"press": "safety:someone_else"},
    {"press": "person_safety:yes"},
    {"press": "region:gb_eng"},
    {"press": "categories:sextortion"},
    {"press": "categories:done"},
    {"text": "Someone online is asking my 15-year-old daughter for pictures and money."},
    {"photo": "screenshot of the chat"},
    {"press": "narrative:done"},
    {"press": "relationship:unknown"},
    {"press": "age:minor"},  # her screenshot is deleted: the minors' rule is absolute
    {"photo": "another screenshot"},
    {"press": "images:threatened"},  # the young people's service fits her best
    {"press": "consent:yes"},
    {"press": "replies:yes"},
]

PARENT_FOR_MINOR_ALBANIAN: Script = [
    {"command": "start", "language_hint": "sq"},
    {"press": "country:al"},
    {"press": "safety:someone_else"},  # the fourth answer: no press more for her
    {"press": "person_safety:unsure"},
    {"press": "categories:harassment"},
    {"press": "categories:done"},
    {"text": "Vajza ime 15 vjeçe merr mesazhe fyese nga një djalë i shkollës."},
    {"press": "narrative:done"},
    {"press": "relationship:known"},
    {"press": "age:minor"},
    {"press": "images:no"},
    {"press": "consent:quiet"},
]


# After the questions, a helper reads the helper's words: why each service fits, the
# topics' titles, a framing line above a topic's text (written for the person), the
# safety plan offered to go through with her, /privacy on what is told about her.
HELPER_AFTER_THE_QUESTIONS_ENGLISH: Script = [
    {"command": "start"},
    {"press": "country:gb"},
    {"press": "safety:someone_else"},
    {"press": "person_safety:unsure"},
    {"press": "region:gb_eng"},
    {"press": "categories:image_abuse"},
    {"press": "categories:stalking"},
    {"press": "categories:done"},
    {"text": "My sister's ex tracks her phone and sent her photos to her friends."},
    {"press": "narrative:done"},
    {"press": "relationship:partner_or_ex"},
    {"press": "age:adult"},
    {"press": "images:shared"},
    {"press": "public_role:no"},
    {"press": "more:3"},
    {"press": "g:secure_accounts"},
    {"press": "plan:start"},
    {"press": "plan:next:0"},
    {"press": "plan:stop"},
    {"command": "privacy"},
    {"press": "consent:quiet"},
    {"press": "g:self_care"},  # after sending: still the helper's words
    {"command": "plan"},
]

HELPER_AFTER_THE_QUESTIONS_SERBIAN_CYRILLIC: Script = [
    {"command": "start", "language_hint": "sr"},
    {"press": "country:rs"},
    {"press": "safety:someone_else"},
    {"press": "person_safety:yes"},
    {"press": "categories:sextortion"},
    {"press": "categories:done"},
    {"text": "Непознати тражи од моје ћерке новац и прети да ће објавити њене слике."},
    {"press": "narrative:done"},
    {"press": "relationship:unknown"},
    {"press": "age:unknown"},
    {"press": "images:threatened"},
    {"press": "g:sextortion_do_not_pay"},
    {"press": "plan:start"},
    {"command": "privacy"},
    {"press": "consent:quiet"},
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
    "evidence_pack_english": EVIDENCE_PACK_ENGLISH,
    "evidence_pack_serbian_cyrillic": EVIDENCE_PACK_SERBIAN_CYRILLIC,
    "evidence_pack_albanian": EVIDENCE_PACK_ALBANIAN,
    "recordings_english": RECORDINGS_ENGLISH,
    "recordings_macedonian": RECORDINGS_MACEDONIAN,
    "recordings_albanian": RECORDINGS_ALBANIAN,
    "safety_plan_english": SAFETY_PLAN_ENGLISH,
    "safety_plan_serbian_cyrillic": SAFETY_PLAN_SERBIAN_CYRILLIC,
    "safety_plan_albanian": SAFETY_PLAN_ALBANIAN,
    "privacy_english": PRIVACY_ENGLISH,
    "privacy_macedonian": PRIVACY_MACEDONIAN,
    "privacy_albanian": PRIVACY_ALBANIAN,
    "deep_link_english": DEEP_LINK_ENGLISH,
    "deep_link_serbian_cyrillic": DEEP_LINK_SERBIAN_CYRILLIC,
    "deep_link_albanian": DEEP_LINK_ALBANIAN,
    "chat_menu_montenegrin": CHAT_MENU_MONTENEGRIN,
    "friend_for_adult_english": FRIEND_FOR_ADULT_ENGLISH,
    "friend_for_adult_serbian_cyrillic": FRIEND_FOR_ADULT_SERBIAN_CYRILLIC,
    "parent_for_minor_english": PARENT_FOR_MINOR_ENGLISH,
    "parent_for_minor_albanian": PARENT_FOR_MINOR_ALBANIAN,
    "helper_after_the_questions_english": HELPER_AFTER_THE_QUESTIONS_ENGLISH,
    "helper_after_the_questions_serbian_cyrillic": HELPER_AFTER_THE_QUESTIONS_SERBIAN_CYRILLIC,
}
