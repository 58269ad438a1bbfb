"""The safety lexicon on clear cases in every language and script."""

from __future__ import annotations

import pytest

from bot.domain import Category, Severity
from classifiers.rules import fold, scan

# (lang, text, expected severity, a rule id that must fire)
CRITICAL_CASES = [
    ("en", "I will kill you tonight", "threat.with_time"),
    ("en", "im gonna stab you", "threat.weapon"),
    ("en", "he is outside my door right now", "danger.abuser_near"),
    ("en", "i dont want to live anymore, i want to kill myself", "self_harm.intent"),
    ("en", "a guy is asking my 13 year old daughter for nudes", "minor.sexual"),
    ("en", "i know where you live and i'll burn your house tomorrow", "threat.with_time"),
    ("sq", "Do të vras sonte", "threat.with_time"),
    ("sq", "do te vras sonte kur te kthehesh", "threat.with_time"),
    ("sq", "dua të vdes, nuk dua më të jetoj", "self_harm.intent"),
    ("sq", "ai është jashtë derës sime", "danger.abuser_near"),
    ("sq", "vajza ime 14 vjeç po merr foto lakuriq", "minor.sexual"),
    ("sr", "Убићу те вечерас", "threat.with_time"),
    ("sr", "хоћу да умрем", "self_harm.intent"),
    ("sr", "Он је испред мојих врата", "danger.abuser_near"),
    ("sr_Latn", "Ubiću te večeras", "threat.with_time"),
    ("sr_Latn", "ubicu te veceras", "threat.with_time"),
    ("sr_Latn", "upucacu te kad izadjes", "threat.weapon"),
    ("bs", "zaklat ću te nožem", "threat.with_weapon"),
    ("bs", "ne želim više živjeti", "self_harm.intent"),
    ("hr", "Ubit ću te sutra ispred tvoje zgrade", "threat.with_time"),
    ("hr", "moja kći ima 12 godina a on joj šalje gole slike", "minor.sexual"),
    ("cnr", "đe si, ubiću te danas", "threat.with_time"),
    ("cnr", "čeka me ispred zgrade i lupa na vrata", "danger.abuser_near"),
    ("mk", "Ќе те убијам вечерва", "threat.with_time"),
    ("mk", "ke te ubijam vecerva", "threat.with_time"),
    ("mk", "сакам да умрам", "self_harm.intent"),
    ("mk", "tој ме чека пред мојата врата", "danger.abuser_near"),
    ("mk", "ќе те застрелам", "threat.weapon"),
    # suicidal intent said without "kill myself", and arrival said without a threat
    ("en", "im on the bridge. nobody would miss me", "self_harm.intent"),
    ("en", "I'm in the car outside your work. come out", "danger.abuser_near"),
    ("sq", "jam mbi urë, lamtumirë", "self_harm.intent"),
    ("sq", "jam poshte, hape deren tani", "danger.abuser_near"),
    ("sr", "стојим на мосту, нема ме више сутра", "self_harm.intent"),
    ("sr_Latn", "u tvom sam dvoristu. vidim te kroz prozor", "danger.abuser_near"),
    ("bs", "popila sam sve tablete, oprostite mi", "self_harm.intent"),
    ("hr", "ispred haustora sam. izađi ili dižem cijelu zgradu", "danger.abuser_near"),
    ("cnr", "isjekla sam se i ne znam što da radim", "self_harm.intent"),
    ("mk", "на мостот сум. збогум", "self_harm.intent"),
    ("mk", "ја крши вратата, сама сум со децата", "danger.abuser_near"),
    # farewells and questions about a method
    ("en", "this is my last message. tell mum none of it was her fault", "self_harm.intent"),
    ("sr_Latn", "koliko lekova treba da se zaspi i ne probudi", "self_harm.intent"),
    ("sq", "mos me kerkoni me. mesazhi i fundit", "self_harm.intent"),
    ("mk", "последна порака, не барајте ме", "self_harm.intent"),
    ("hr", "dolje sam. siđi odmah", "danger.arriving_order"),
]

HIGH_CASES = [
    ("en", "pay me 500 euros or i post your nudes everywhere", "sextortion.demand"),
    ("sq", "më paguaj 200 euro ose do t'i publikoj fotot", "sextortion.demand"),
    ("sr", "платиш 300 евра или објављујем твоје слике", "sextortion.demand"),
    ("sr_Latn", "platis 300 evra ili objavljujem tvoje slike", "sextortion.demand"),
    ("hr", "pošalji još slika ili ću ih poslati tvojim roditeljima", "sextortion.demand"),
    ("mk", "плати 100 евра или ќе ги објавам твоите слики", "sextortion.demand"),
    ("mk", "plati 100 evra ili ke gi objavam slikite", "sextortion.demand"),
    ("bs", "prijetio je da će me ubiti", "threat.violence"),
    ("en", "he threatened to kill me last year", "threat.violence"),
]

NONE_TEXTS = [
    "Hello, how does this bot work?",
    "Përshëndetje, si funksionon ky bot?",
    "Здраво, како функционира ова?",
    "Zdravo, kako mogu da prijavim nešto?",
    "Hvala vam puno na pomoći",
    "Today I went to school and it was fine",
    "Danas sam bila na poslu, sve je u redu",
    "I love my kids, they are the best",
    "Can I delete my data later?",
    "Сакам да ја избришам пораката",
]


@pytest.mark.parametrize(("lang", "text", "rule_id"), CRITICAL_CASES)
def test_critical_in_every_language(lang: str, text: str, rule_id: str) -> None:
    hits = scan(text)
    assert hits, f"{lang}: nothing fired on {text!r}"
    assert hits[0].severity is Severity.CRITICAL
    assert rule_id in {h.rule_id for h in hits}


@pytest.mark.parametrize(("lang", "text", "rule_id"), HIGH_CASES)
def test_high_in_every_language(lang: str, text: str, rule_id: str) -> None:
    hits = scan(text)
    assert rule_id in {h.rule_id for h in hits}, (lang, text, hits)
    assert hits[0].severity >= Severity.HIGH


@pytest.mark.parametrize("text", NONE_TEXTS)
def test_harmless_texts_fire_nothing(text: str) -> None:
    assert scan(text) == []


def test_languages_covered() -> None:
    langs = {c[0] for c in CRITICAL_CASES}
    assert langs == {"en", "sq", "sr", "sr_Latn", "bs", "hr", "cnr", "mk"}


def test_diacritics_and_scripts_fold_alike() -> None:
    assert fold("Убићу те") == fold("Ubiću te") == fold("ubicu te")
    assert fold("ќе те убијам") == fold("kje te ubijam") == fold("ke te ubijam")
    assert fold("të vras") == fold("te vras")


def test_stretched_words_still_match() -> None:
    assert scan("i will killlll youuu tonighttt")[0].severity is Severity.CRITICAL


def test_hits_report_what_matched() -> None:
    hit = next(h for h in scan("Ubiću te večeras") if h.rule_id == "threat.with_time")
    assert hit.matched == "ubicu te + veceras"
    assert Category.THREAT in hit.categories


def test_huge_text_is_bounded() -> None:
    text = "zdravo " * 200_000 + "ubiću te večeras"
    assert scan(text) == []  # beyond the scanned prefix: bounded cost, no crash
