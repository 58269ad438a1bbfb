"""Dev entry point: `python -m bot.sandbox.botapi --port 8081`."""

from __future__ import annotations

import argparse
import logging

from aiohttp import web

from .app import LOOPBACK_HOSTS, create_app


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Local Telegram Bot API server (sandbox)")
    parser.add_argument("--host", default="127.0.0.1", choices=LOOPBACK_HOSTS)
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--token", action="append", help="accept only these bot tokens")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO)
    app = create_app(tokens=set(args.token) if args.token else None)
    print(f"Sandbox Bot API on http://{args.host}:{args.port}/  (chat page at /)", flush=True)
    web.run_app(app, host=args.host, port=args.port, print=None, shutdown_timeout=1.0)


if __name__ == "__main__":
    main()
