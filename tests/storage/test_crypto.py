"""Identity hashing and content encryption."""

from __future__ import annotations

import pytest

from bot.storage.crypto import AesGcmCipher, DecryptionError, Keyring, derive_key


def test_survivor_key_is_stable_keyed_and_not_the_id() -> None:
    a = Keyring(b"a" * 32).identity
    b = Keyring(b"b" * 32).identity
    assert a.survivor_key(12345) == a.survivor_key(12345)
    assert a.survivor_key(12345) != b.survivor_key(12345)
    assert "12345" not in a.survivor_key(12345)


def test_round_trip_and_random_nonce() -> None:
    cipher = AesGcmCipher(derive_key(b"s" * 32, "test"))
    one = cipher.encrypt(b"what happened", aad=b"row-1")
    two = cipher.encrypt(b"what happened", aad=b"row-1")
    assert one != two and b"what happened" not in one
    assert cipher.decrypt(one, aad=b"row-1") == b"what happened"


def test_ciphertext_is_bound_to_its_row() -> None:
    cipher = AesGcmCipher(derive_key(b"s" * 32, "test"))
    sealed = cipher.encrypt(b"x", aad=b"row-1")
    with pytest.raises(DecryptionError):
        cipher.decrypt(sealed, aad=b"row-2")


def test_tampering_is_detected() -> None:
    cipher = AesGcmCipher(derive_key(b"s" * 32, "test"))
    sealed = bytearray(cipher.encrypt(b"x", aad=b"r"))
    sealed[-1] ^= 1
    with pytest.raises(DecryptionError):
        cipher.decrypt(bytes(sealed), aad=b"r")


def test_purposes_get_different_keys() -> None:
    assert derive_key(b"s" * 32, "identity-hmac") != derive_key(b"s" * 32, "content-aes-gcm")
