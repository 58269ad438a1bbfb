"""Reference codes are short, readable aloud and tolerant of how people type them."""

from __future__ import annotations

from bot.services.references import ALPHABET, new_reference, normalise_reference


def test_format_and_alphabet() -> None:
    code = new_reference()
    assert len(code) == 9 and code[4] == "-"
    assert all(ch in ALPHABET for ch in code.replace("-", ""))
    assert not set("01ILOU") & set(ALPHABET)


def test_codes_do_not_repeat() -> None:
    assert len({new_reference() for _ in range(2000)}) == 2000


def test_normalise_what_people_type() -> None:
    assert normalise_reference(" k7qm 4tzd ") == "K7QM-4TZD"
    assert normalise_reference("K7QM-4TZD") == "K7QM-4TZD"
