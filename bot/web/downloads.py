"""What a downloaded file is called: by what its bytes are, never by what she was told.

The name and type a file arrived with come from whoever sent it to her phone;
an `.html` or `.svg` kept from them would open in the caseworker's browser, on
her computer, with whatever script it holds. So the extension comes from the
file's first bytes, for a short list of formats that do not run anything, and
is `.bin` for everything else.
"""

from __future__ import annotations

_SIGNATURES: tuple[tuple[int, bytes, str], ...] = (
    (0, b"\xff\xd8\xff", ".jpg"),
    (0, b"\x89PNG\r\n\x1a\n", ".png"),
    (0, b"GIF87a", ".gif"),
    (0, b"GIF89a", ".gif"),
    (0, b"%PDF-", ".pdf"),
    (0, b"OggS", ".ogg"),
    (0, b"ID3", ".mp3"),
    (0, b"PK\x03\x04", ".zip"),
    (4, b"ftyp", ".mp4"),
)


def sniffed_extension(data: bytes) -> str:
    """The extension for these bytes: a known safe format, or `.bin`."""
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return ".webp"
    for offset, magic, extension in _SIGNATURES:
        if data[offset : offset + len(magic)] == magic:
            return extension
    return ".bin"
