"""Keyed hashing of identities and encryption of content at rest.

One server secret is stretched with HKDF into separate keys, one per purpose,
so the identity hash and the content cipher never share key material.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from typing import Protocol

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

_VERSION = b"\x01"
_NONCE_BYTES = 12


class DecryptionError(Exception):
    """Ciphertext was tampered with, or encrypted under another key."""


def derive_key(secret: bytes, purpose: str) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"safe-report", info=purpose.encode()
    ).derive(secret)


class ContentCipher(Protocol):
    """Encrypts content at rest. `aad` binds a ciphertext to its row."""

    def encrypt(self, plaintext: bytes, *, aad: bytes) -> bytes: ...

    def decrypt(self, ciphertext: bytes, *, aad: bytes) -> bytes: ...


class AesGcmCipher:
    """AES-256-GCM with a random nonce, versioned so keys can rotate later."""

    def __init__(self, key: bytes) -> None:
        self._aead = AESGCM(key)

    def encrypt(self, plaintext: bytes, *, aad: bytes) -> bytes:
        nonce = os.urandom(_NONCE_BYTES)
        return _VERSION + nonce + self._aead.encrypt(nonce, plaintext, aad)

    def decrypt(self, ciphertext: bytes, *, aad: bytes) -> bytes:
        if not ciphertext.startswith(_VERSION):
            raise DecryptionError("unknown ciphertext version")
        nonce = ciphertext[1 : 1 + _NONCE_BYTES]
        try:
            return self._aead.decrypt(nonce, ciphertext[1 + _NONCE_BYTES :], aad)
        except Exception as exc:  # cryptography raises InvalidTag
            raise DecryptionError("ciphertext does not verify") from exc


class IdentityHasher:
    """Turns a Telegram user id into a keyed hash: the only name a survivor has here."""

    def __init__(self, key: bytes) -> None:
        self._key = key

    def survivor_key(self, telegram_user_id: int) -> str:
        return hmac.new(self._key, str(telegram_user_id).encode(), hashlib.sha256).hexdigest()


class Keyring:
    """All keys derived from the server secret, built once at start."""

    def __init__(self, secret: bytes) -> None:
        self.identity = IdentityHasher(derive_key(secret, "identity-hmac"))
        self.content: ContentCipher = AesGcmCipher(derive_key(secret, "content-aes-gcm"))
