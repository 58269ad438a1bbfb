"""Portal accounts: Argon2id password hashes and each account's own key pair.

An account's X25519 private key is wrapped (SecretBox) under a key derived
from her password with Argon2id; service keys are sealed to the account's
public key. So a member can grant a service to a newcomer without knowing the
newcomer's password, and a password change re-wraps a single key.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.services import keys
from bot.storage.portal_models import Account
from bot.storage.repositories import accounts as account_repo

MIN_PASSWORD_CHARS = 12


class AccountError(ValueError):
    """A request about an account cannot be done; the message says why, for people."""


@dataclass(frozen=True)
class NewAccount:
    account: Account
    private_key: bytes
    totp_secret: str | None


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


async def create_account(
    *,
    session: AsyncSession,
    email: str,
    display_name: str,
    password: str,
    params: keys.KdfParams,
    is_admin: bool = False,
    with_totp: bool = True,
    must_change_password: bool = False,
) -> NewAccount:
    check_password_policy(password)
    email = account_repo.normalise_email(email)
    if "@" not in email:
        raise AccountError("An email address is needed to sign in.")
    if await account_repo.find_account(session=session, email=email) is not None:
        raise AccountError("An account with that email already exists.")
    pair = keys.new_key_pair()
    salt, wrapped = _wrap_private(pair.private, password, params)
    totp = pyotp.random_base32() if with_totp else None
    account = Account(
        email=email,
        display_name=display_name or email.split("@")[0],
        is_admin=is_admin,
        password_hash=hasher(params).hash(password),
        kdf_salt=salt,
        kdf_time_cost=params.time_cost,
        kdf_memory_kib=params.memory_kib,
        public_key=pair.public,
        private_wrapped=wrapped,
        totp_secret=totp,
        must_change_password=must_change_password,
    )
    session.add(account)
    await session.flush()
    return NewAccount(account, pair.private, totp)


def verify_password(account: Account, password: str, params: keys.KdfParams) -> bool:
    try:
        return hasher(params).verify(account.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def dummy_verify(params: keys.KdfParams) -> None:
    """Spend the same time for an unknown email as for a wrong password."""
    try:
        hasher(params).verify(_DUMMY_HASHES.setdefault(params, hasher(params).hash("x" * 16)), "y")
    except VerificationError:
        pass


_DUMMY_HASHES: dict[keys.KdfParams, str] = {}


def unlock(account: Account, password: str) -> bytes:
    """The account's private key; raises SealError when the password does not open it."""
    params = keys.KdfParams(account.kdf_time_cost, account.kdf_memory_kib)
    return keys.unwrap(
        keys.password_key(password, account.kdf_salt, params), account.private_wrapped
    )


def change_password(
    account: Account, *, old_password: str, new_password: str, params: keys.KdfParams
) -> None:
    check_password_policy(new_password)
    private = unlock(account, old_password)
    account.kdf_salt, account.private_wrapped = _wrap_private(private, new_password, params)
    account.kdf_time_cost, account.kdf_memory_kib = params.time_cost, params.memory_kib
    account.password_hash = hasher(params).hash(new_password)
    account.must_change_password = False


def totp_uri(account: Account, issuer: str = "Safe Report") -> str:
    assert account.totp_secret
    return pyotp.TOTP(account.totp_secret).provisioning_uri(name=account.email, issuer_name=issuer)


def totp_ok(account: Account, code: str) -> bool:
    if not account.totp_secret:
        return False
    cleaned = "".join(ch for ch in code if ch.isdigit())
    return bool(cleaned) and pyotp.TOTP(account.totp_secret).verify(cleaned, valid_window=1)
