"""Shared constants and helpers for the sandbox Bot API tests."""

from __future__ import annotations

import struct
import zlib

# Fake tokens, composed so that no token-shaped string sits in the repository (secret scanners).
TOKEN = "123456789:" + "SandboxTestTokenNotReal" + "X" * 13
OTHER_TOKEN = "987654321:" + "SandboxOtherTokenNotReal" + "Y" * 12
USER_ID = 4242


def png(width: int = 3, height: int = 2) -> bytes:
    """A real (tiny, valid) PNG, so image sniffing sees true dimensions."""
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )
