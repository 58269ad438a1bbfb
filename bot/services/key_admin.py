"""Key ceremonies: create a service's keys, grant them, rotate, recover, adopt cases.

Every function here runs where a person has unlocked a key (the CLI after a
password or recovery-code prompt, or the portal after sign-in); the bot
process never calls them.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.services import keys
from bot.storage.crypto import ContentCipher, DecryptionError
from bot.storage.models import Case, CaseMessage, Evidence
from bot.storage.portal_models import Account, CaseNote, Membership
from bot.storage.repositories import accounts as account_repo
from bot.storage.repositories import service_keys as key_repo
from bot.storage.repositories import transfers as transfer_repo
from bot.storage.repositories.transfers import OPEN


class KeyAdminError(ValueError):
    """A key operation cannot be done; the message says why, for people."""


@dataclass(frozen=True)
class CreatedKeys:
    service_id: str
    fingerprint: str
    recovery_code: str


# --- service keys and grants -------------------------------------------------


async def create_service_keys(
    *, session: AsyncSession, service_id: str, grant_to: list[Account], added_by: str
) -> tuple[CreatedKeys, bytes]:
    """A first key pair for a service; returns the recovery code (print it once) and the key."""
    if await key_repo.active_service_key(session=session, service_id=service_id) is not None:
        raise KeyAdminError(
            "{} already has keys. Use `safe-report keys rotate` to replace them.".format(service_id)
        )
    pair = keys.new_key_pair()
    code, recovery = keys.new_recovery_code()
    await key_repo.add_service_key(
        session=session,
        service_id=service_id,
        public_key=pair.public,
        fingerprint=pair.fingerprint,
        recovery_wrapped=keys.wrap(recovery, pair.private),
    )
    for account in grant_to:
        await grant_service(
            session=session,
            service_id=service_id,
            service_private=pair.private,
            account=account,
            added_by=added_by,
        )
    return CreatedKeys(service_id, pair.fingerprint, code), pair.private


async def grant_service(
    *,
    session: AsyncSession,
    service_id: str,
    service_private: bytes,
    account: Account,
    added_by: str,
) -> Membership:
    """Seal the service's private key to the account's public key: she is now a member."""
    pair = keys.key_pair_from(service_private)
    active = await key_repo.active_service_key(session=session, service_id=service_id)
    if active is None or active.fingerprint != pair.fingerprint:
        raise KeyAdminError("That is not the active key of {}.".format(service_id))
    row = await account_repo.membership(
        session=session, account_id=account.id, service_id=service_id
    )
    if row is None:
        row = Membership(account_id=account.id, service_id=service_id, key_fingerprint="")
    row.sealed_service_key = keys.seal(account.public_key, service_private, aad=account.id.bytes)
    row.key_fingerprint = pair.fingerprint
    row.added_by = added_by
    session.add(row)
    await session.flush()
    return row


@dataclass(frozen=True)
class Removal:
    """What removing a member would do: asked before it is done."""

    service_id: str
    members_left: int
    cases: int

    @property
    def last_keyholder(self) -> bool:
        return self.members_left == 0


async def plan_removal(*, session: AsyncSession, account: Account, service_id: str) -> Removal:
    if (
        await account_repo.membership(session=session, account_id=account.id, service_id=service_id)
        is None
    ):
        raise KeyAdminError("{} is not a member of {}.".format(account.email, service_id))
    members = await account_repo.members_of(session=session, service_id=service_id)
    cases = (await session.exec(select(Case.id).where(Case.partner_service_id == service_id))).all()
    return Removal(service_id, len(members) - 1, len(cases))


async def remove_member(
    *, session: AsyncSession, account: Account, service_id: str, recovery_code: str = ""
) -> Removal:
    """Take an account out of a service and sign it out everywhere.

    The last keyholder goes only when the service's recovery code is given and opens
    its key: otherwise nobody could read its cases any more.
    """
    removal = await plan_removal(session=session, account=account, service_id=service_id)
    if removal.last_keyholder:
        if not recovery_code.strip():
            raise KeyAdminError(
                "{} is the last person who holds the key of {}. Without a member only the "
                "service's recovery code opens its cases: give the recovery code to confirm "
                "it is on file, or add another member first.".format(account.email, service_id)
            )
        await recover_service_key(session=session, service_id=service_id, code=recovery_code)
    await account_repo.remove_membership(
        session=session, account_id=account.id, service_id=service_id
    )
    await account_repo.end_sessions_of(session=session, account_id=account.id)
    return removal


def open_membership(membership: Membership, account_id: uuid.UUID, account_private: bytes) -> bytes:
    return keys.open_sealed(account_private, membership.sealed_service_key, aad=account_id.bytes)


async def service_private(
    *, session: AsyncSession, account: Account, account_private: bytes, service_id: str
) -> bytes | None:
    row = await account_repo.membership(
        session=session, account_id=account.id, service_id=service_id
    )
    if row is None:
        return None
    return open_membership(row, account.id, account_private)


async def recover_service_key(*, session: AsyncSession, service_id: str, code: str) -> bytes:
    key = await key_repo.active_service_key(session=session, service_id=service_id)
    if key is None:
        raise KeyAdminError("{} has no keys.".format(service_id))
    try:
        return keys.unwrap(keys.parse_recovery_code(code), key.recovery_wrapped)
    except keys.SealError as exc:
        raise KeyAdminError(
            "That recovery code does not open the key of {}.".format(service_id)
        ) from exc


# --- re-sealing ---------------------------------------------------------------


@dataclass
class SealedItem:
    """One encrypted field of a case, with the id it is bound to."""

    row: Any
    attr: str
    aad: bytes

    @property
    def blob(self) -> bytes:
        return bytes(getattr(self.row, self.attr))

    def replace(self, blob: bytes) -> None:
        setattr(self.row, self.attr, blob)


async def sealed_items(*, session: AsyncSession, case: Case) -> list[SealedItem]:
    items = []
    if case.content_enc:
        items.append(SealedItem(case, "content_enc", case.id.bytes))
    for evidence in (await session.exec(select(Evidence).where(Evidence.case_id == case.id))).all():
        items.append(SealedItem(evidence, "blob_enc", evidence.id.bytes))
    for message in (
        await session.exec(select(CaseMessage).where(CaseMessage.case_id == case.id))
    ).all():
        items.append(SealedItem(message, "body_enc", case.id.bytes))
    for note in (
        await session.exec(
            select(CaseNote)
            .where(CaseNote.case_id == case.id)
            .where(CaseNote.service_id == case.partner_service_id)
        )
    ).all():
        items.append(SealedItem(note, "body_sealed", note.id.bytes))
    return items


Opener = Callable[[bytes, bytes], bytes | None]


def private_opener(private: bytes) -> Opener:
    """Opens blobs sealed to this key; None for blobs sealed to any other key."""
    mine = keys.key_pair_from(private).fingerprint

    def opener(blob: bytes, aad: bytes) -> bytes | None:
        if keys.sealed_fingerprint(blob) != mine:
            return None
        return keys.open_sealed(private, blob, aad=aad)

    return opener


def legacy_opener(cipher: ContentCipher) -> Opener:
    """Opens cases stored under the bot's own key (a partner that had no keys yet)."""

    def opener(blob: bytes, aad: bytes) -> bytes | None:
        if keys.is_sealed(blob):
            return None
        try:
            return cipher.decrypt(blob, aad=aad)
        except DecryptionError:
            return None

    return opener


async def reseal_service_cases(
    *, session: AsyncSession, service_id: str, openers: list[Opener], to_public: bytes
) -> int:
    """Re-seal every item of the service's cases that one of `openers` can open."""
    count = 0
    cases = (await session.exec(select(Case).where(Case.partner_service_id == service_id))).all()
    for case in cases:
        for item in await sealed_items(session=session, case=case):
            for opener in openers:
                plain = opener(item.blob, item.aad)
                if plain is not None:
                    item.replace(keys.seal(to_public, plain, aad=item.aad))
                    session.add(item.row)
                    count += 1
                    break
    # Copies waiting for her yes to a transfer into this service.
    for request_id, case_id in (
        await session.exec(
            select(transfer_repo.TransferRequest.id, transfer_repo.TransferRequest.case_id)
            .where(transfer_repo.TransferRequest.to_service == service_id)
            .where(col(transfer_repo.TransferRequest.status).in_(OPEN))
        )
    ).all():
        for copy in await transfer_repo.copies_of(session=session, request_id=request_id):
            aad = copy.item_id.bytes if copy.kind == "evidence" else case_id.bytes
            for opener in openers:
                plain = opener(copy.sealed, aad)
                if plain is not None:
                    copy.sealed = keys.seal(to_public, plain, aad=aad)
                    session.add(copy)
                    count += 1
                    break
    await session.flush()
    return count


async def rotate_service_keys(
    *, session: AsyncSession, service_id: str, old_private: bytes, added_by: str
) -> tuple[CreatedKeys, int]:
    """A new key pair: every case re-sealed, every member re-granted, a new recovery code.

    Members removed before the rotation keep nothing: the old key opens nothing any more.
    """
    old = await key_repo.active_service_key(session=session, service_id=service_id)
    if old is None or old.fingerprint != keys.key_pair_from(old_private).fingerprint:
        raise KeyAdminError("That is not the active key of {}.".format(service_id))
    pair = keys.new_key_pair()
    code, recovery = keys.new_recovery_code()
    await key_repo.add_service_key(
        session=session,
        service_id=service_id,
        public_key=pair.public,
        fingerprint=pair.fingerprint,
        recovery_wrapped=keys.wrap(recovery, pair.private),
    )
    count = await reseal_service_cases(
        session=session,
        service_id=service_id,
        openers=[private_opener(old_private)],
        to_public=pair.public,
    )
    for member in await account_repo.members_of(session=session, service_id=service_id):
        account = await account_repo.get_account(session=session, account_id=member.account_id)
        if account is None:
            continue
        await grant_service(
            session=session,
            service_id=service_id,
            service_private=pair.private,
            account=account,
            added_by=added_by,
        )
    return CreatedKeys(service_id, pair.fingerprint, code), count


# --- the custodian key (cases of partners without keys) ----------------------


async def create_custodian_key(*, session: AsyncSession) -> tuple[str, str]:
    """The deployment's custodian key pair; returns (fingerprint, recovery code)."""
    if await key_repo.deployment_key(session=session, purpose=key_repo.CUSTODIAN) is not None:
        raise KeyAdminError("A custodian key already exists.")
    pair = keys.new_key_pair()
    code, recovery = keys.new_recovery_code()
    await key_repo.put_deployment_key(
        session=session,
        purpose=key_repo.CUSTODIAN,
        public_key=pair.public,
        fingerprint=pair.fingerprint,
        recovery_wrapped=keys.wrap(recovery, pair.private),
    )
    return pair.fingerprint, code


async def custodian_private(*, session: AsyncSession, code: str) -> bytes:
    row = await key_repo.deployment_key(session=session, purpose=key_repo.CUSTODIAN)
    if row is None or row.recovery_wrapped is None:
        raise KeyAdminError("There is no custodian key.")
    try:
        return keys.unwrap(keys.parse_recovery_code(code), row.recovery_wrapped)
    except keys.SealError as exc:
        raise KeyAdminError("That recovery code does not open the custodian key.") from exc


async def pending_cases(*, session: AsyncSession, service_id: str, fingerprint: str | None) -> int:
    """How many of the service's cases are not sealed to its active key."""
    cases = (await session.exec(select(Case).where(Case.partner_service_id == service_id))).all()
    return sum(
        1
        for case in cases
        if case.content_enc is not None and keys.sealed_fingerprint(case.content_enc) != fingerprint
    )
