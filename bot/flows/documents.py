"""Documents the bot gives her (the evidence pack), as words and layout blocks.

The flow writes every word here, translated; `bot.services` lays the blocks out
as a PDF. Nothing in a document is stored: it is composed from her draft when
she asks for it, and sent.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str
    small: bool = False


@dataclass(frozen=True)
class Fields:
    """Label and value pairs, one per line (a file's name, type, size, fingerprint...)."""

    rows: tuple[tuple[str, str], ...]
    mono: tuple[str, ...] = ()  # labels whose values are set in a fixed-width font


@dataclass(frozen=True)
class Table:
    """One line per row, cut to fit (the timeline)."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]  # fractions of the page width


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Heading | Paragraph | Fields | Table | PageBreak


@dataclass(frozen=True)
class Document:
    file_name: str
    title: str
    created_at: str  # ISO 8601, UTC: the document's date, in its metadata too
    language: str
    footer: str  # with {page} and {pages}
    blocks: tuple[Block, ...]
