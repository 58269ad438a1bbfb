"""Public-key primitives for per-service encryption (libsodium through PyNaCl).

- Sealing: anyone holding a service's PUBLIC key can encrypt to it (the bot);
  only the private key opens it (the portal, after a caseworker signs in).
  A sealed blob starts with a version byte and the key's fingerprint, so a
  reader knows which key it needs, and binds the row id it belongs to, so a
  ciphertext moved to another row does not open.
- Wrapping: private keys at rest are wrapped (SecretBox) under a key derived
  from a password with Argon2id, or under a random recovery code.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass

from argon2.low_level import Type, hash_secret_raw
from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox
from nacl.secret import SecretBox

from bot.storage.crypto import derive_key

SEALED_VERSION = b"\x02"
LEGACY_VERSION = b"\x01"  # the bot's symmetric cipher (drafts; cases of keyless partners)
_FP_BYTES = 8


class SealError(Exception):
    """A blob is sealed to another key, was tampered with, or a password is wrong."""


def fingerprint(public_key: bytes) -> str:
    """A short, stable name for a public key (hex of an 8-byte BLAKE2b)."""
    return hashlib.blake2b(public_key, digest_size=_FP_BYTES).hexdigest()


def seal(public_key: bytes, data: bytes, *, aad: bytes) -> bytes:
    """Encrypt to a public key; `aad` (a row id) is bound inside and checked on open."""
    inner = len(aad).to_bytes(1, "big") + aad + data
    box = SealedBox(PublicKey(public_key))
    return SEALED_VERSION + bytes.fromhex(fingerprint(public_key)) + box.encrypt(inner)


def sealed_fingerprint(blob: bytes) -> str | None:
    """The fingerprint of the key a blob is sealed to; None for legacy symmetric blobs."""
    if not blob.startswith(SEALED_VERSION):
        return None
    return blob[1 : 1 + _FP_BYTES].hex()


def is_sealed(blob: bytes | None) -> bool:
    return bool(blob) and blob.startswith(SEALED_VERSION)  # type: ignore[union-attr]


def open_sealed(private_key: bytes, blob: bytes, *, aad: bytes) -> bytes:
    if not blob.startswith(SEALED_VERSION):
        raise SealError("not a sealed blob")
    secret = PrivateKey(private_key)
    if blob[1 : 1 + _FP_BYTES].hex() != fingerprint(bytes(secret.public_key)):
        raise SealError("sealed to another key")
    try:
        inner = SealedBox(secret).decrypt(blob[1 + _FP_BYTES :])
    except CryptoError as exc:
        raise SealError("sealed blob does not open") from exc
    size = inner[0]
    if inner[1 : 1 + size] != aad:
        raise SealError("sealed blob belongs to another row")
    return inner[1 + size :]


@dataclass(frozen=True)
class KeyPair:
    private: bytes
    public: bytes

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public)


def new_key_pair() -> KeyPair:
    secret = PrivateKey.generate()
    return KeyPair(private=bytes(secret), public=bytes(secret.public_key))


def key_pair_from(private: bytes) -> KeyPair:
    return KeyPair(private=private, public=bytes(PrivateKey(private).public_key))


def delivery_key_pair(secret: bytes) -> KeyPair:
    """The bot's own key pair, derived from its secret: the portal seals replies to it."""
    return key_pair_from(derive_key(secret, "delivery-x25519"))


# --- wrapping ---------------------------------------------------------------


def wrap(key: bytes, data: bytes) -> bytes:
    return bytes(SecretBox(key).encrypt(data))


def unwrap(key: bytes, blob: bytes) -> bytes:
    try:
        return bytes(SecretBox(key).decrypt(blob))
    except CryptoError as exc:
        raise SealError("wrapped key does not open") from exc


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost. Production defaults follow OWASP's 64 MiB / 3 passes."""

    time_cost: int = 3
    memory_kib: int = 65536


def password_key(password: str, salt: bytes, params: KdfParams) -> bytes:
    """A 32-byte key-encryption key from a password (Argon2id)."""
    return hash_secret_raw(
        secret=password.encode(),
        salt=salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_kib,
        parallelism=1,
        hash_len=SecretBox.KEY_SIZE,
        type=Type.ID,
    )


def new_salt() -> bytes:
    return secrets.token_bytes(16)


# --- recovery codes ---------------------------------------------------------


def new_recovery_code() -> tuple[str, bytes]:
    """A printable code and the 32-byte key it stands for."""
    raw = secrets.token_bytes(32)
    return format_recovery_code(raw), raw


def format_recovery_code(raw: bytes) -> str:
    text = base64.b32encode(raw).decode().rstrip("=")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def parse_recovery_code(code: str) -> bytes:
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    try:
        raw = base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))
    except ValueError as exc:
        raise SealError("that is not a recovery code") from exc
    if len(raw) != 32:
        raise SealError("that is not a recovery code")
    return raw
