"""Case reference codes: short, unguessable, easy to read aloud."""

from __future__ import annotations

import secrets

# Crockford-style alphabet without 0/O, 1/I/L, U: nothing to confuse on a phone call.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 8  # 30**8 ≈ 6.6e11 codes (39 bits), shown as two groups of four


def new_reference() -> str:
    code = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "{}-{}".format(code[:4], code[4:])


def normalise_reference(raw: str) -> str:
    """Accept what a person types: lower case, spaces, missing dash, O for 0."""
    cleaned = "".join(ch for ch in raw.upper() if ch.isalnum())
    cleaned = cleaned.replace("O", "0").replace("I", "1").replace("L", "1")
    if len(cleaned) != LENGTH:
        return raw.strip().upper()
    return "{}-{}".format(cleaned[:4], cleaned[4:])
