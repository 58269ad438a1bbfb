"""The `safe-report` console command."""

from __future__ import annotations

import argparse
import asyncio
import base64
import gc
import logging
import os
import secrets
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING

from bot.secret_files import SecretFileError, load_secret_files
from bot.settings import Settings, SettingsError, load_settings, load_settings_without_secret

if TYPE_CHECKING:
    from bot.app import Application


def _configure_logging() -> None:
    # Logs carry no message text and no ids (see DESIGN.md); only levels and references.
    logging.basicConfig(
        level=os.environ.get("SAFE_REPORT_LOG_LEVEL", "INFO"),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("aiogram.event").setLevel(logging.WARNING)
    # httpx (python-telegram-bot) logs every request URL, which holds the bot token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    # fpdf2 names the characters a PDF's font lacks: they come from her text (emoji).
    logging.getLogger("fpdf.output").setLevel(logging.ERROR)
    log_format = os.environ.get("SAFE_REPORT_LOG_FORMAT", "text")
    if log_format == "json":
        from bot.json_logs import use_json_logs

        use_json_logs()
    elif log_format != "text":
        raise SystemExit("SAFE_REPORT_LOG_FORMAT must be text or json")


def _cmd_sandbox(args: argparse.Namespace) -> int:
    from bot.sandbox.runner import run_sandbox

    settings = load_settings()
    if args.portal_port:
        settings = settings.model_copy(update={"portal_port": args.portal_port})
    try:
        asyncio.run(run_sandbox(settings, port=args.port or settings.sandbox_port))
    except KeyboardInterrupt:
        pass
    return 0


def _serve_bot(settings: Settings, serve: Callable[[Application], Awaitable[None]]) -> int:
    """Build the application, refuse unsafe key set-ups in production, serve until stopped."""
    from bot.app import build_application, require_keys_in_production

    async def main() -> None:
        app = await build_application(settings)
        # Everything built so far lives as long as the process: keep the collector
        # from scanning it again and again (the model and catalogues are large).
        gc.collect()
        gc.freeze()
        gc.set_threshold(20_000, 20, 20)
        try:
            await require_keys_in_production(app)
            await serve(app)
        finally:
            await app.close()

    try:
        with asyncio.Runner(loop_factory=_event_loop_factory()) as runner:
            runner.run(main())
    except KeyboardInterrupt:
        pass
    return 0


def _event_loop_factory() -> Callable[[], asyncio.AbstractEventLoop] | None:
    """uvloop where installed (Linux, macOS): a faster event loop for the network-bound bot."""
    try:
        import uvloop
    except ImportError:
        return None
    return uvloop.new_event_loop


def _cmd_run(args: argparse.Namespace) -> int:
    from bot.telegram.transports import run_polling

    settings = load_settings()
    token = settings.require_token()
    settings.require_deployment()
    return _serve_bot(settings, lambda app: run_polling(app, token=token))


def _cmd_webhook(args: argparse.Namespace) -> int:
    from bot.telegram.aiogram.webhook import run_webhook

    settings = load_settings()
    token = settings.require_token()
    settings.require_deployment()
    settings.require_webhook_secret()
    return _serve_bot(
        settings, lambda app: run_webhook(app, token=token, host=args.host, port=args.port)
    )


def _cmd_migrate(args: argparse.Namespace) -> int:
    from bot.storage.migrate import upgrade_to_head

    settings = load_settings_without_secret()
    logging.getLogger("alembic").setLevel(logging.WARNING)
    upgrade_to_head(settings.database_url)
    print("database is at the newest schema")
    return 0


def _cmd_prepare_classifier(args: argparse.Namespace) -> int:
    """Build the `model` classifier once, so the encoder is converted into its cache.

    Run at image build time: the image then carries the converted encoder and no
    replica converts at start (two replicas would race on one folder).
    """
    from bot.app import build_classifier

    settings = load_settings(classifier="model")
    classifier = build_classifier(settings)
    classifier.warm_up()
    sample = "He says he will share my intimate photos unless I pay him."
    grade = classifier.classify([sample])[0].severity.value
    print("classifier ready in {} (a test text graded {})".format(settings.model_cache_dir, grade))
    return 0


def _cmd_link(args: argparse.Namespace) -> int:
    """A partner's signed deep link (and its QR code): partner, country and language."""
    from bot.app import build_routing
    from bot.services.deep_links import DeepLinks, link_url, write_qr

    settings = load_settings()
    username = args.bot or settings.bot_username
    if not username:
        raise SettingsError(
            "Name the bot: --bot YourBotName, or set SAFE_REPORT_BOT_USERNAME (its Telegram "
            "username, without @)."
        )
    links = DeepLinks.from_secret(settings.secret_bytes)
    payload = links.payload(
        build_routing(settings).partners, args.partner, args.country, args.language
    )
    url = link_url(username, payload)
    if args.qr:
        write_qr(url, args.qr)
    print(url)
    if args.qr:
        print("QR code written to {}".format(args.qr))
    return 0


def _cmd_face(args: argparse.Namespace) -> int:
    """Set the bot's menus, descriptions, name and picture now (start-up sets all but the
    picture by itself)."""
    from bot.telegram.face import apply_face

    settings = load_settings()
    written = asyncio.run(apply_face(settings, token=settings.require_token()))
    print("set: {}".format(", ".join(written) if written else "nothing (already as configured)"))
    return 0


def _cmd_new_secret(args: argparse.Namespace) -> int:
    print(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode().rstrip("="))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="safe-report", description=__doc__)
    sub = parser.add_subparsers(dest="command")
    sandbox = sub.add_parser("sandbox", help="run everything locally (the default)")
    sandbox.add_argument("--port", type=int, default=None, help="port of the local Bot API")
    sandbox.add_argument("--portal-port", type=int, default=None)
    sandbox.set_defaults(func=_cmd_sandbox)
    run = sub.add_parser("run", help="poll real Telegram (needs TELEGRAM_BOT_TOKEN)")
    run.set_defaults(func=_cmd_run)
    webhook = sub.add_parser("webhook", help="serve Telegram's webhook (scale-out mode)")
    webhook.add_argument("--host", default="127.0.0.1")
    webhook.add_argument("--port", type=int, default=8443)
    webhook.set_defaults(func=_cmd_webhook)
    migrate = sub.add_parser("migrate", help="bring the database to the newest schema")
    migrate.set_defaults(func=_cmd_migrate)
    prepare = sub.add_parser(
        "prepare-classifier", help="convert the encoder into its cache (image build time)"
    )
    prepare.set_defaults(func=_cmd_prepare_classifier)
    new_secret = sub.add_parser("new-secret", help="print a fresh SAFE_REPORT_SECRET_KEY")
    new_secret.set_defaults(func=_cmd_new_secret)
    link = sub.add_parser(
        "link", help="print a partner's signed link (and write its QR code, SVG or PNG)"
    )
    link.add_argument("--partner", required=True, help="partner id from the partners file")
    link.add_argument("--country", required=True, help="country code the partner serves (al…)")
    link.add_argument("--language", required=True, help="language code (en, sq, sr, sr_Latn…)")
    link.add_argument("--bot", default="", help="the bot's username (or SAFE_REPORT_BOT_USERNAME)")
    link.add_argument("--qr", type=Path, default=None, help="write the QR code here (.svg/.png)")
    link.set_defaults(func=_cmd_link)
    face = sub.add_parser(
        "face", help="set the bot's menus, descriptions, name and picture now (needs the token)"
    )
    face.set_defaults(func=_cmd_face)
    from bot.cli_keys import add_commands

    add_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args(["sandbox", *(argv or [])])
    _configure_logging()
    try:
        load_secret_files()
        return int(args.func(args))
    except (SettingsError, SecretFileError) as exc:
        print("safe-report: {}".format(exc), file=sys.stderr)
        return 2
    except ValueError as exc:  # KeyAdminError, AccountError: said for people
        from bot.services.accounts import AccountError
        from bot.services.deep_links import LinkError
        from bot.services.key_admin import KeyAdminError

        if not isinstance(exc, KeyAdminError | AccountError | LinkError):
            raise
        print("safe-report: {}".format(exc), file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
