"""The survivor's journey at its edges (issue #13), scripted in her language.

Each script is a function of her language (English, Albanian, Serbian Cyrillic,
Macedonian): she starts with Telegram set to that language, in a place where it is
spoken, and writes in it. `{"caseworker": text}` is the service writing to her from
the portal (`tests.helpers.transcript`); `{"caseworker": None}` is one more delivery
round with nothing new written.
"""

from __future__ import annotations

from collections.abc import Callable

from tests.flows.scripts import Script

LANGUAGES = ("en", "sq", "sr", "mk")

# Where she is: a country (and region) where her language is spoken.
PLACE = {"en": ("gb", "gb_eng"), "sq": ("al", None), "sr": ("rs", None), "mk": ("mk", None)}

STORY = {
    "en": "He posts my address and photos of my house in groups.",
    "sq": "Ai poston adresën time dhe foto të shtëpisë sime në grupe.",
    "sr": "Објављује моју адресу и слике моје куће по групама.",
    "mk": "Ја објавува мојата адреса и слики од мојата куќа во групи.",
}
SELF_HARM = {
    "en": "I don't want to live anymore",
    "sq": "Nuk dua të jetoj më",
    "sr": "Не желим више да живим",
    "mk": "Не сакам повеќе да живеам",
}
CASEWORKER_ASKS = {
    "en": "We read your report. Is it safe to call you tomorrow?",
    "sq": "E lexuam raportimin tënd. A është e sigurt të të telefonojmë nesër?",
    "sr": "Прочитали смо твоју пријаву. Да ли је безбедно да те позовемо сутра?",
    "mk": "Ја прочитавме твојата пријава. Дали е безбедно да ти се јавиме утре?",
}
SHE_ANSWERS = {
    "en": "Not by phone, please. Write to me here.",
    "sq": "Jo në telefon, të lutem. Më shkruani këtu.",
    "sr": "Не телефоном, молим вас. Пишите ми овде.",
    "mk": "Не по телефон, ве молам. Пишете ми тука.",
}
CASEWORKER_AGAIN = {
    "en": "Thank you. We will write here.",
    "sq": "Faleminderit. Do të të shkruajmë këtu.",
    "sr": "Хвала. Писаћемо ти овде.",
    "mk": "Благодарам. Ќе ти пишуваме тука.",
}


PUBLIC_ROLE_MATTERS = ("threat", "doxxing", "stalking", "impersonation")


def _start(language: str) -> Script:
    return [{"command": "start", "language_hint": language}]


def _place(
    language: str, *, safe: str = "yes", one_partner: bool = False, many: bool = False
) -> Script:
    country, region = PLACE[language]
    if many and country == "al":
        country = "xk"  # Albania's few services fit one message: no "more" there
    if one_partner and country == "gb":
        country, region = "me", None  # in the UK a minor chooses between two partners
    steps: Script = [{"press": "country:" + country}, {"press": "safety:" + safe}]
    if region:
        steps.append({"press": "region:" + region})
    return steps


def _report(language: str, *, category: str = "doxxing", many: bool = False) -> Script:
    """From /start to the consent question: her place, what happened, her answers."""
    return [
        *_start(language),
        *_place(language, many=many),
        {"press": "categories:" + category},
        {"press": "categories:done"},
        {"text": STORY[language]},
        {"press": "narrative:done"},
        {"press": "relationship:known"},
        {"press": "age:adult"},
        {"press": "images:no"},
        # Asked only where a public role changes what she is shown (Access Now).
        *([{"press": "public_role:no"}] if category in PUBLIC_ROLE_MATTERS else []),
    ]


def follow_up_after_exit(language: str) -> Script:
    """Item 1: she allows messages (safe on this phone), sends, presses Exit; the
    caseworker's message reaches her as a neutral notice; she opens it and answers;
    after /start she answers again."""
    return [
        *_report(language),
        {"press": "consent:yes"},
        {"press": "replies:yes"},
        {"press": "x"},
        {"caseworker": CASEWORKER_ASKS[language]},
        {"press": "show:r:<reply-1>:TEST-0001"},
        {"text": SHE_ANSWERS[language]},
        {"command": "start", "language_hint": language},
        {"caseworker": CASEWORKER_AGAIN[language]},
        {"command": "exit"},
        {"command": "start", "language_hint": language},  # the unopened notice comes back
        {"press": "show:r:<reply-2>:TEST-0001"},
        {"text": "👍"},
    ]


def pause_stop_and_answer_mid_report(language: str) -> Script:
    """Item 1: pause (messages wait), resume (they come), answer from inside a new
    report with the Answer button, then stop messages for good."""
    return [
        *_report(language),
        {"press": "consent:yes"},
        {"press": "replies:yes"},
        {"press": "msgs:pause"},
        {"caseworker": CASEWORKER_ASKS[language]},  # held: nothing reaches her
        {"command": "messages"},
        {"press": "msgs:resume"},
        {"caseworker": None},
        {"press": "home:new"},
        *_place(language),
        {"press": "show:r:<reply-1>:TEST-0001"},
        {"press": "answer:TEST-0001"},
        {"text": SHE_ANSWERS[language]},
        {"press": "msgs:stop"},
        {"press": "msgs:stop_yes"},
        {"caseworker": CASEWORKER_AGAIN[language]},  # no channel any more: nothing sent
    ]


def crisis_words(language: str) -> Script:
    """Item 2: words of self-harm before she chose her place, and in her story."""
    return [
        *_start(language),
        {"text": SELF_HARM[language]},
        *_place(language),
        {"press": "categories:done"},
        {"text": SELF_HARM[language]},
    ]


def danger_in_two_presses(language: str) -> Script:
    """Items 2 and 3: in danger, two presses after /start: her emergency numbers with
    her place's SOS and women's lines."""
    return [*_start(language), *_place(language, safe="no")]


def somewhere_else(language: str) -> Script:
    """Items 2 and 5: "somewhere else" in danger is told to call 112 (most of Europe),
    learns before her story that nothing can be sent from there, and gets the
    international tools that fit (no image tools for plain harassment)."""
    return [
        *_start(language),
        {"press": "country:other"},
        {"press": "safety:no"},
        {"press": "categories:harassment"},
        {"press": "categories:done"},
        {"text": SELF_HARM[language]},
        {"text": STORY[language]},
        {"press": "narrative:done"},
        {"press": "relationship:unknown"},
        {"press": "age:adult"},
        {"press": "images:no"},
    ]


def minimal_report(language: str) -> Script:
    """Item 3: the fewest presses to a sent report (with a region: ten after /start)."""
    return [
        *_start(language),
        {"press": "country:ba"},
        {"press": "safety:yes"},
        {"press": "region:ba_fbih"},
        {"press": "categories:done"},
        {"text": STORY[language]},
        {"press": "narrative:done"},
        {"press": "relationship:unknown"},
        {"press": "age:unknown"},
        {"press": "images:skip"},
        {"press": "consent:quiet"},
    ]


def more_services(language: str) -> Script:
    """Item 4: the services that fit best first, "more" for the rest; a long topic in
    short messages."""
    return [
        *_report(language, category="stalking", many=True),
        {"press": "more:*"},
        {"press": "g:stalkerware_and_location"},
        {"press": "consent:no"},
    ]


def evidence_after_sending(language: str) -> Script:
    """Item 6: files after the report was sent join the case (also after Exit); /forget
    asks once before withdrawing it; Exit stays instant."""
    return [
        *_report(language),
        {
            "document": "%PDF-1.4 the chat export",
            "name": "chat.pdf",
            "mime_type": "application/pdf",
        },
        {"press": "consent:quiet"},
        {"photo": "PNG a new threat", "caption": "He wrote again tonight"},
        {"press": "x"},
        {"document": "%PDF-1.4 police receipt", "name": "receipt.pdf"},
        {"command": "forget"},
        {"press": "forget:no"},
        {"command": "forget"},
        {"press": "forget:yes"},
    ]


def minor_files(language: str) -> Script:
    """#15 finding 2: once she says she is under 18, a picture sent as a file, a video,
    an animation and an archive are treated like a photo: deleted if sent before, not
    kept after (also after her report was sent); a PDF is kept."""
    return [
        *_start(language),
        *_place(language, one_partner=True),
        {"press": "categories:sextortion"},
        {"press": "categories:done"},
        {"text": STORY[language]},
        {"document": "JPEG as a file", "name": "photo.jpg", "mime_type": "image/jpeg"},
        {"video": "MP4 clip", "mime_type": "video/mp4"},
        {"document": "PK archive", "name": "chat.zip", "mime_type": "application/zip"},
        {"document": "%PDF-1.4 chat", "name": "chat.pdf", "mime_type": "application/pdf"},
        {"press": "narrative:done"},
        {"press": "relationship:unknown"},
        {"press": "age:minor"},
        {"document": "PNG as a file", "name": "IMG_2231.PNG", "mime_type": "image/png"},
        {"animation": "GIF", "mime_type": "video/mp4"},
        {"document": "unknown bytes", "name": "file.bin"},
        {"press": "images:threatened"},
        {"press": "consent:quiet"},
        {"photo": "PNG after sending"},
        {"document": "%PDF-1.4 more", "name": "more.pdf", "mime_type": "application/pdf"},
    ]


def several_partners(language: str) -> Script:
    """Item 5: a minor in the UK with a sextortion report: the young people's service
    and the adult one both fit; she chooses, with one line about each."""
    return [
        *_start(language),
        {"press": "country:gb"},
        {"press": "safety:yes"},
        {"press": "region:gb_eng"},
        {"press": "categories:sextortion"},
        {"press": "categories:done"},
        {"text": STORY[language]},
        {"press": "narrative:done"},
        {"press": "relationship:unknown"},
        {"press": "age:minor"},
        {"press": "images:threatened"},
        {"press": "partner:demo-gb-minors"},
        {"press": "consent:quiet"},
    ]


JOURNEYS: dict[str, Callable[[str], Script]] = {
    "follow_up_after_exit": follow_up_after_exit,
    "pause_stop_and_answer_mid_report": pause_stop_and_answer_mid_report,
    "crisis_words": crisis_words,
    "danger_in_two_presses": danger_in_two_presses,
    "somewhere_else": somewhere_else,
    "minimal_report": minimal_report,
    "more_services": more_services,
    "evidence_after_sending": evidence_after_sending,
    "minor_files": minor_files,
    "several_partners": several_partners,
}
