"""Portal accounts: Argon2id password hashes and each account's own key pair.

An account's X25519 private key is wrapped (SecretBox) under a key derived
from her password with Argon2id; service keys are sealed to the account's
public key. So a member can grant a service to a newcomer without knowing the
newcomer's password, and a password change re-wraps a single key.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.i18n import LANGUAGES, P_
from bot.services import keys
from bot.storage.crypto import AesGcmCipher, DecryptionError
from bot.storage.portal_models import Account
from bot.storage.repositories import accounts as account_repo

MIN_PASSWORD_CHARS = 12
TOTP_PERIOD = 30


class AccountError(ValueError):
    """A request about an account cannot be done; the message says why, for people."""


@dataclass(frozen=True)
class NewAccount:
    account: Account
    private_key: bytes
    totp_secret: str | None


@dataclass(frozen=True)
class Credentials:
    """What a password becomes at rest: its Argon2id hash and the account key wrapped
    under it. Computed in the portal's KDF pool, off the event loop."""

    password_hash: str
    kdf_salt: bytes
    private_wrapped: bytes
    params: keys.KdfParams


def hasher(params: keys.KdfParams) -> PasswordHasher:
    return PasswordHasher(time_cost=params.time_cost, memory_cost=params.memory_kib, parallelism=1)


def check_password_policy(password: str) -> None:
    if len(password) < MIN_PASSWORD_CHARS:
        raise AccountError(
            "Passwords need at least {} characters. A few unrelated words work well.".format(
                MIN_PASSWORD_CHARS
            )
        )


def _wrap_private(private: bytes, password: str, params: keys.KdfParams) -> tuple[bytes, bytes]:
    salt = keys.new_salt()
    return salt, keys.wrap(keys.password_key(password, salt, params), private)


def credentials(private: bytes, password: str, params: keys.KdfParams) -> Credentials:
    """Two Argon2id runs (hash and key wrap): call through the KDF pool in the portal."""
    check_password_policy(password)
    salt, wrapped = _wrap_private(private, password, params)
    return Credentials(hasher(params).hash(password), salt, wrapped, params)


def _apply(account: Account, creds: Credentials) -> None:
    account.password_hash = creds.password_hash
    account.kdf_salt, account.private_wrapped = creds.kdf_salt, creds.private_wrapped
    account.kdf_time_cost, account.kdf_memory_kib = creds.params.time_cost, creds.params.memory_kib


async def create_account(
    *,
    session: AsyncSession,
    email: str,
    display_name: str,
    password: str,
    params: keys.KdfParams,
    is_admin: bool = False,
    totp_key: bytes | None = None,
    must_change_password: bool = False,
    key_pair: keys.KeyPair | None = None,
    prepared: Credentials | None = None,
    language: str = "en",
) -> NewAccount:
    """A new account. Without `totp_key` she enrols her authenticator at first sign-in
    (with a QR code in the portal); with it, a secret is made now (tests, scripts).
    `prepared` credentials for `key_pair` come from the KDF pool (the portal)."""
    check_password_policy(password)
    email = account_repo.normalise_email(email)
    if "@" not in email:
        raise AccountError(P_("An email address is needed to sign in."))
    if await account_repo.find_account(session=session, email=email) is not None:
        raise AccountError(P_("An account with that email already exists."))
    if language not in LANGUAGES:
        raise AccountError("The portal has no language {!r}.".format(language))
    pair = key_pair or keys.new_key_pair()
    creds = prepared or credentials(pair.private, password, params)
    account = Account(
        email=email,
        display_name=display_name or email.split("@")[0],
        is_admin=is_admin,
        password_hash=creds.password_hash,
        public_key=pair.public,
        private_wrapped=creds.private_wrapped,
        must_change_password=must_change_password,
        language=language,
    )
    _apply(account, creds)
    session.add(account)
    await session.flush()
    totp = None
    if totp_key is not None:
        totp = pyotp.random_base32()
        account.totp_secret_enc = seal_totp(account, totp, totp_key)
        session.add(account)
    return NewAccount(account, pair.private, totp)


def verify_password(account: Account, password: str, params: keys.KdfParams) -> bool:
    try:
        return hasher(params).verify(account.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def dummy_hash(params: keys.KdfParams) -> str:
    """A hash to verify against when there is no account: made once per cost, at start."""
    digest = _DUMMY_HASHES.get(params)
    if digest is None:
        digest = _DUMMY_HASHES[params] = hasher(params).hash(secrets.token_urlsafe(16))
    return digest


def dummy_verify(params: keys.KdfParams) -> None:
    """Spend the same time for an unknown, disabled or locked account as for a wrong
    password: one Argon2 verification (the hash itself is made once, by `dummy_hash`)."""
    try:
        hasher(params).verify(dummy_hash(params), secrets.token_urlsafe(16))
    except VerificationError:
        pass


_DUMMY_HASHES: dict[keys.KdfParams, str] = {}


def unlock(account: Account, password: str) -> bytes:
    """The account's private key; raises SealError when the password does not open it."""
    params = keys.KdfParams(account.kdf_time_cost, account.kdf_memory_kib)
    return keys.unwrap(
        keys.password_key(password, account.kdf_salt, params), account.private_wrapped
    )


def new_credentials(
    account: Account, *, old_password: str, new_password: str, params: keys.KdfParams
) -> Credentials:
    """Her key re-wrapped under the new password (raises SealError for a wrong old one)."""
    check_password_policy(new_password)
    return credentials(unlock(account, old_password), new_password, params)


def set_credentials(account: Account, creds: Credentials) -> None:
    _apply(account, creds)
    account.must_change_password = False


def change_password(
    account: Account, *, old_password: str, new_password: str, params: keys.KdfParams
) -> None:
    set_credentials(
        account,
        new_credentials(
            account, old_password=old_password, new_password=new_password, params=params
        ),
    )


# --- the authenticator (TOTP) -------------------------------------------------


def _totp_aad(account: Account, purpose: str) -> bytes:
    return account.id.bytes + purpose.encode()


def seal_totp(account: Account, secret: str, key: bytes, purpose: str = "totp") -> bytes:
    """An authenticator secret encrypted under the portal's key, bound to the account."""
    return AesGcmCipher(key).encrypt(secret.encode(), aad=_totp_aad(account, purpose))


def _open_totp(account: Account, blob: bytes | None, key: bytes, purpose: str) -> str | None:
    if not blob:
        return None
    try:
        return AesGcmCipher(key).decrypt(bytes(blob), aad=_totp_aad(account, purpose)).decode()
    except DecryptionError:
        return None


def totp_secret(account: Account, key: bytes) -> str | None:
    """Her authenticator secret (a secret kept in clear by an older version still works)."""
    return _open_totp(account, account.totp_secret_enc, key, "totp") or account.totp_secret


def encrypt_legacy_totp(account: Account, key: bytes) -> bool:
    """Move a secret kept in clear into its encrypted column; True if there was one."""
    if not account.totp_secret:
        return False
    account.totp_secret_enc = seal_totp(account, account.totp_secret, key)
    account.totp_secret = None
    return True


def totp_uri(secret: str, email: str, issuer: str = "Safe Report") -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=issuer)


def totp_step(secret: str, code: str, now: datetime) -> int | None:
    """The time step whose code this is (this one, the one before or after), or None."""
    cleaned = "".join(ch for ch in code if ch.isdigit())
    if len(cleaned) != 6:
        return None
    totp = pyotp.TOTP(secret, interval=TOTP_PERIOD)
    current = int(now.timestamp()) // TOTP_PERIOD
    for step in (current - 1, current, current + 1):
        if secrets.compare_digest(totp.generate_otp(step), cleaned):
            return step
    return None


async def use_totp_code(
    *, session: AsyncSession, account: Account, code: str, key: bytes, now: datetime
) -> bool:
    """True for a right code not used before: each code (each time step) signs in once."""
    secret = totp_secret(account, key)
    step = totp_step(secret, code, now) if secret else None
    if step is None:
        return False
    return await account_repo.accept_totp_step(session=session, account_id=account.id, step=step)


def start_enrolment(account: Account, key: bytes) -> str:
    """A new authenticator secret, kept aside until she proves her app has it."""
    secret = pyotp.random_base32()
    account.totp_pending_enc = seal_totp(account, secret, key, "totp-pending")
    return secret


def pending_enrolment(account: Account, key: bytes) -> str | None:
    return _open_totp(account, account.totp_pending_enc, key, "totp-pending")


async def confirm_enrolment(
    *, session: AsyncSession, account: Account, code: str, key: bytes, now: datetime
) -> bool:
    """Her code matches the pending secret: it becomes her authenticator."""
    secret = pending_enrolment(account, key)
    step = totp_step(secret, code, now) if secret else None
    if secret is None or step is None:
        return False
    account.totp_secret_enc = seal_totp(account, secret, key)
    account.totp_pending_enc = None
    account.totp_secret = None
    account.totp_last_step = step
    session.add(account)
    return True
