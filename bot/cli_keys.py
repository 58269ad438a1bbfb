"""`safe-report keys …`, `safe-report accounts …` and `safe-report portal`.

Key commands open the database only (no bot, no classifier). Secrets are read
from a prompt, or from SAFE_REPORT_CLI_PASSWORD / SAFE_REPORT_CLI_RECOVERY_CODE
for scripted use. Recovery codes are printed once and never stored in clear.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import os
import secrets
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.settings import Settings, load_settings, load_settings_without_secret

RECOVERY_WARNING = (
    "Write this recovery code on paper and keep it in a safe place. It is shown only once.\n"
    "With it, an administrator can give the service key to a new account if every member\n"
    "has lost their password. Without it and without members, the service's cases are lost."
)


def _secret(prompt: str, env: str) -> str:
    value = os.environ.get(env)
    return value if value is not None else getpass.getpass(prompt)


def _run(job: Callable[[Settings, async_sessionmaker[AsyncSession]], Awaitable[int]]) -> int:
    from bot.storage.engine import create_engine, create_sessionmaker
    from bot.storage.migrate import upgrade_to_head

    settings = load_settings()
    upgrade_to_head(settings.database_url)

    async def main() -> int:
        engine = create_engine(settings.database_url)
        try:
            return await job(settings, create_sessionmaker(engine))
        finally:
            await engine.dispose()

    return asyncio.run(main())


def _kdf() -> Any:
    from bot.web.config import portal_config

    return portal_config(load_settings()).kdf


async def _unlock_service(session: AsyncSession, args: argparse.Namespace, service: str) -> bytes:
    """The service's private key, from a member's password or from the recovery code."""
    from bot.services import accounts as account_service
    from bot.services import key_admin
    from bot.storage.repositories import accounts as account_repo

    if getattr(args, "by", None):
        account = await account_repo.find_account(session=session, email=args.by)
        if account is None:
            raise key_admin.KeyAdminError("No account {}.".format(args.by))
        password = _secret("Password of {}: ".format(account.email), "SAFE_REPORT_CLI_PASSWORD")
        try:
            private = account_service.unlock(account, password)
        except Exception as exc:
            raise key_admin.KeyAdminError("That password does not unlock the account.") from exc
        key = await key_admin.service_private(
            session=session, account=account, account_private=private, service_id=service
        )
        if key is None:
            raise key_admin.KeyAdminError(
                "{} is not a member of {}.".format(account.email, service)
            )
        return key
    code = _secret("Recovery code of {}: ".format(service), "SAFE_REPORT_CLI_RECOVERY_CODE")
    return await key_admin.recover_service_key(session=session, service_id=service, code=code)


def cmd_keys_create(args: argparse.Namespace) -> int:
    async def job(settings: Settings, sm: async_sessionmaker[AsyncSession]) -> int:
        from bot.services import key_admin
        from bot.storage.crypto import Keyring
        from bot.storage.repositories import accounts as account_repo

        async with sm() as session, session.begin():
            grant_to = []
            for email in args.grant or []:
                account = await account_repo.find_account(session=session, email=email)
                if account is None:
                    raise key_admin.KeyAdminError("No account {}.".format(email))
                grant_to.append(account)
            created, private = await key_admin.create_service_keys(
                session=session, service_id=args.service, grant_to=grant_to, added_by="cli"
            )
            # Cases that arrived before the keys existed move to the new key now.
            openers = [key_admin.legacy_opener(Keyring(settings.secret_bytes).content)]
            if args.custodian:
                code = _secret("Custodian recovery code: ", "SAFE_REPORT_CLI_RECOVERY_CODE")
                openers.append(
                    key_admin.private_opener(
                        await key_admin.custodian_private(session=session, code=code)
                    )
                )
            moved = await key_admin.reseal_service_cases(
                session=session,
                service_id=args.service,
                openers=openers,
                to_public=key_admin.keys.key_pair_from(private).public,
            )
        print(
            "Keys created for {} (fingerprint {}).".format(created.service_id, created.fingerprint)
        )
        print("Members: {}".format(", ".join(a.email for a in grant_to) or "none yet"))
        if moved:
            print("{} waiting item(s) re-sealed to the new key.".format(moved))
        print(RECOVERY_WARNING)
        print("Recovery code: {}".format(created.recovery_code))
        return 0

    return _run(job)


def cmd_keys_add_member(args: argparse.Namespace) -> int:
    async def job(settings: Settings, sm: async_sessionmaker[AsyncSession]) -> int:
        from bot.services import key_admin
        from bot.storage.repositories import accounts as account_repo

        async with sm() as session, session.begin():
            newcomer = await account_repo.find_account(session=session, email=args.email)
            if newcomer is None:
                raise key_admin.KeyAdminError(
                    "No account {}. Create it first with `safe-report accounts create`.".format(
                        args.email
                    )
                )
            key = await _unlock_service(session, args, args.service)
            await key_admin.grant_service(
                session=session,
                service_id=args.service,
                service_private=key,
                account=newcomer,
                added_by=args.by or "recovery code",
            )
        print("{} can now open the cases of {}.".format(newcomer.email, args.service))
        return 0

    return _run(job)


def cmd_keys_remove_member(args: argparse.Namespace) -> int:
    async def job(settings: Settings, sm: async_sessionmaker[AsyncSession]) -> int:
        from bot.services import key_admin
        from bot.storage.repositories import accounts as account_repo

        async with sm() as session, session.begin():
            account = await account_repo.find_account(session=session, email=args.email)
            if account is None:
                raise key_admin.KeyAdminError("No account {}.".format(args.email))
            plan = await key_admin.plan_removal(
                session=session, account=account, service_id=args.service
            )
            question = "Remove {} from {} ({} case(s){})?".format(
                account.email,
                args.service,
                plan.cases,
                "; they are its LAST keyholder" if plan.last_keyholder else "",
            )
            if not args.yes and not _confirmed(question):
                print("Nothing removed.")
                return 1
            code = ""
            if plan.last_keyholder:
                code = _secret(
                    "Recovery code of {}: ".format(args.service), "SAFE_REPORT_CLI_RECOVERY_CODE"
                )
            await key_admin.remove_member(
                session=session, account=account, service_id=args.service, recovery_code=code
            )
        print("Removed. If they may have kept a copy of the key, run `safe-report keys rotate`.")
        return 0

    return _run(job)


def _confirmed(question: str) -> bool:
    try:
        return input("{} [y/N] ".format(question)).strip().lower() in ("y", "yes")
    except EOFError:  # no terminal: only --yes removes
        return False


def cmd_keys_rotate(args: argparse.Namespace) -> int:
    async def job(settings: Settings, sm: async_sessionmaker[AsyncSession]) -> int:
        from bot.services import key_admin

        async with sm() as session, session.begin():
            old = await _unlock_service(session, args, args.service)
            created, count = await key_admin.rotate_service_keys(
                session=session,
                service_id=args.service,
                old_private=old,
                added_by=args.by or "recovery code",
            )
        print(
            "New key for {} (fingerprint {}); {} item(s) re-sealed; members re-granted.".format(
                created.service_id, created.fingerprint, count
            )
        )
        print("The old recovery code no longer works. " + RECOVERY_WARNING)
        print("Recovery code: {}".format(created.recovery_code))
        return 0

    return _run(job)


def cmd_keys_recover(args: argparse.Namespace) -> int:
    args.by = None  # recovery always uses the code

    return cmd_keys_add_member(args)


def cmd_keys_custodian(args: argparse.Namespace) -> int:
    async def job(settings: Settings, sm: async_sessionmaker[AsyncSession]) -> int:
        from bot.services import key_admin

        async with sm() as session, session.begin():
            fingerprint, code = await key_admin.create_custodian_key(session=session)
        print("Custodian key created (fingerprint {}).".format(fingerprint))
        print("Cases for partners without keys are sealed to it until their keys exist.")
        print(RECOVERY_WARNING)
        print("Custodian recovery code: {}".format(code))
        return 0

    return _run(job)


def cmd_keys_status(args: argparse.Namespace) -> int:
    async def job(settings: Settings, sm: async_sessionmaker[AsyncSession]) -> int:
        from bot.routing.partners import demo_partners_path, load_partners
        from bot.services import key_admin
        from bot.storage.repositories import accounts as account_repo
        from bot.storage.repositories import service_keys as key_repo

        path = settings.partners_file or demo_partners_path()
        async with sm() as session:
            for partner in load_partners(path):
                key = await key_repo.active_service_key(session=session, service_id=partner.id)
                members = await account_repo.members_of(session=session, service_id=partner.id)
                pending = await key_admin.pending_cases(
                    session=session,
                    service_id=partner.id,
                    fingerprint=key.fingerprint if key else None,
                )
                print(
                    "{:<24} key {:<16} members {:>3}  cases not on the key {:>3}".format(
                        partner.id, key.fingerprint if key else "NONE", len(members), pending
                    )
                )
        return 0

    return _run(job)


def cmd_accounts_create(args: argparse.Namespace) -> int:
    async def job(settings: Settings, sm: async_sessionmaker[AsyncSession]) -> int:
        from bot.services import accounts as account_service

        password = os.environ.get("SAFE_REPORT_CLI_PASSWORD") or "-".join(
            secrets.token_hex(3) for _ in range(4)
        )
        async with sm() as session, session.begin():
            created = await account_service.create_account(
                session=session,
                email=args.email,
                display_name=args.name or "",
                password=password,
                params=_kdf(),
                is_admin=args.admin,
                must_change_password="SAFE_REPORT_CLI_PASSWORD" not in os.environ,
                language=args.language,
            )
        print("Account {} created.".format(created.account.email))
        print("One-time password (they choose their own at first sign-in): {}".format(password))
        print("Outside the sandbox they set up their authenticator app in the portal (QR code).")
        print(
            "Add them to a service: safe-report keys add-member --service ID --email {} "
            "--by MEMBER_EMAIL".format(created.account.email)
        )
        return 0

    return _run(job)


def _change_account(
    email: str, change: Callable[[AsyncSession, Any], Awaitable[None]], done: str
) -> int:
    """Find the account by email, apply `change` in one transaction, say what happened."""

    async def job(settings: Settings, sm: async_sessionmaker[AsyncSession]) -> int:
        from bot.storage.repositories import accounts as account_repo

        async with sm() as session, session.begin():
            account = await account_repo.find_account(session=session, email=email)
            if account is None:
                print("No account {}.".format(email))
                return 1
            await change(session, account)
            session.add(account)
        print(done)
        return 0

    return _run(job)


def cmd_accounts_unlock(args: argparse.Namespace) -> int:
    async def unlock(session: AsyncSession, account: Any) -> None:
        account.locked_until = None
        account.failed_logins = 0

    return _change_account(args.email, unlock, "Unlocked.")


def cmd_accounts_disable(args: argparse.Namespace) -> int:
    async def disable(session: AsyncSession, account: Any) -> None:
        from bot.storage.repositories import accounts as account_repo

        account.disabled = True
        await account_repo.end_sessions_of(session=session, account_id=account.id)

    return _change_account(
        args.email,
        disable,
        "Disabled; signed out everywhere. Rotate the keys of their services if needed.",
    )


def cmd_accounts_reset_totp(args: argparse.Namespace) -> int:
    async def reset(session: AsyncSession, account: Any) -> None:
        from bot.storage.repositories import accounts as account_repo

        account.totp_secret = None
        account.totp_secret_enc = None
        account.totp_pending_enc = None
        await account_repo.end_sessions_of(session=session, account_id=account.id)

    return _change_account(
        args.email,
        reset,
        "Authenticator reset; signed out everywhere. At the next sign-in (password only) "
        "they set up their app again.",
    )


async def encrypt_legacy_totp(app: Any, key: bytes) -> int:
    """Authenticator secrets kept in clear by an older version move under the portal's key."""
    from sqlmodel import select

    from bot.services import accounts as account_service
    from bot.storage.portal_models import Account

    async with app.sessionmaker() as session, session.begin():
        moved = 0
        for account in (await session.exec(select(Account))).all():
            if account_service.encrypt_legacy_totp(account, key):
                session.add(account)
                moved += 1
    return moved


def cmd_portal(args: argparse.Namespace) -> int:
    from bot.app import build_application
    from bot.web.config import portal_config, with_portal_key
    from bot.web.serve import serve_portal

    # The portal never uses the bot's secret, token or webhook secret (see bot/web/app.py).
    settings = load_settings_without_secret(classifier="rules")
    settings.require_deployment()
    config = with_portal_key(portal_config(settings))  # refuses to start without its secret

    async def main() -> None:
        app = await build_application(settings)
        try:
            print(
                "Safe Report portal on http://{}:{}".format(
                    args.host, args.port or settings.portal_port
                )
            )
            await encrypt_legacy_totp(app, config.totp_key)
            # The portal's own texts follow the translation editor, as the bots' do.
            async with app.translations.running():
                await serve_portal(
                    app, port=args.port or settings.portal_port, host=args.host, config=config
                )
        finally:
            await app.close()

    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
    return 0


def cmd_sweep(args: argparse.Namespace) -> int:
    """Expire abandoned drafts and clear erased remnants now (for cron; the bot also does
    it from its background loop). The schedule is in the database: running it more often
    than due does nothing, unless --now."""
    from datetime import timedelta

    from bot.storage import retention

    async def job(settings: Settings, sm: async_sessionmaker[AsyncSession]) -> int:
        engine = sm.kw["bind"]
        due = timedelta(0) if args.now else None
        report = await retention.sweep_if_due(
            engine=engine,
            sessionmaker=sm,
            retention=timedelta(days=settings.draft_retention_days),
            expiry_every=due if due is not None else retention.EXPIRY_EVERY,
            compact_every=due if due is not None else retention.COMPACT_EVERY,
        )
        if report.expired is None:
            print("Drafts: not due yet.")
        else:
            print(
                "Drafts older than {} days deleted: {} ({} file(s), {} idle survivor(s)).".format(
                    settings.draft_retention_days,
                    report.expired.drafts,
                    report.expired.files,
                    report.expired.survivors,
                )
            )
            print("Handled-update records forgotten: {}.".format(report.expired.updates))
        print("Tables compacted." if report.compacted else "Write-ahead log truncated.")
        return 0

    return _run(job)


def add_commands(sub: Any) -> None:
    """Register the key, account and portal subcommands on the main parser."""
    from bot.i18n import LANGUAGES, SOURCE_LANGUAGE

    portal_languages = sorted(LANGUAGES)
    keys = sub.add_parser("keys", help="per-service encryption keys (see docs/keys.md)")
    ksub = keys.add_subparsers(dest="keys_command", required=True)
    create = ksub.add_parser("create", help="create a partner service's key pair")
    create.add_argument("--service", required=True)
    create.add_argument("--grant", action="append", metavar="EMAIL", help="first member(s)")
    create.add_argument(
        "--custodian",
        action="store_true",
        help="also move cases sealed to the custodian key (asks for its code)",
    )
    create.set_defaults(func=cmd_keys_create)
    for name, func, text in (
        ("add-member", cmd_keys_add_member, "give an account the service key"),
        ("rotate", cmd_keys_rotate, "new key pair; re-seal every case; re-grant members"),
    ):
        p = ksub.add_parser(name, help=text)
        p.add_argument("--service", required=True)
        if name == "add-member":
            p.add_argument("--email", required=True)
        p.add_argument(
            "--by",
            metavar="EMAIL",
            help="a member who unlocks the key with "
            "their password (otherwise the recovery code is asked)",
        )
        p.set_defaults(func=func)
    recover = ksub.add_parser("recover", help="grant the key to an account with the recovery code")
    recover.add_argument("--service", required=True)
    recover.add_argument("--email", required=True)
    recover.set_defaults(func=cmd_keys_recover)
    remove = ksub.add_parser("remove-member", help="take an account out of a service")
    remove.add_argument("--service", required=True)
    remove.add_argument("--email", required=True)
    remove.add_argument("--yes", action="store_true", help="do not ask before removing")
    remove.set_defaults(func=cmd_keys_remove_member)
    ksub.add_parser("custodian", help="create the custodian key").set_defaults(
        func=cmd_keys_custodian
    )
    ksub.add_parser("status", help="keys, members, cases not yet on the key").set_defaults(
        func=cmd_keys_status
    )

    accounts = sub.add_parser("accounts", help="portal accounts")
    asub = accounts.add_subparsers(dest="accounts_command", required=True)
    acreate = asub.add_parser("create", help="create an account (prints a one-time password)")
    acreate.add_argument("--email", required=True)
    acreate.add_argument("--name")
    acreate.add_argument("--admin", action="store_true")
    acreate.add_argument(
        "--language",
        default=SOURCE_LANGUAGE,
        choices=portal_languages,
        help="the portal's language for this account (she can change it on her account page)",
    )
    acreate.set_defaults(func=cmd_accounts_create)
    unlock = asub.add_parser("unlock", help="lift a lockout")
    unlock.add_argument("--email", required=True)
    unlock.set_defaults(func=cmd_accounts_unlock)
    disable = asub.add_parser("disable", help="stop an account from signing in")
    disable.add_argument("--email", required=True)
    disable.set_defaults(func=cmd_accounts_disable)
    reset_totp = asub.add_parser("reset-totp", help="a lost phone: set up the authenticator again")
    reset_totp.add_argument("--email", required=True)
    reset_totp.set_defaults(func=cmd_accounts_reset_totp)

    sweep = sub.add_parser("sweep", help="expire abandoned drafts, clear erased remnants")
    sweep.add_argument("--now", action="store_true", help="run even if not due yet")
    sweep.set_defaults(func=cmd_sweep)

    portal = sub.add_parser("portal", help="serve the caseworker portal")
    portal.add_argument("--port", type=int, default=None)
    portal.add_argument("--host", default="127.0.0.1")
    portal.set_defaults(func=cmd_portal)
