"""Her evidence pack read back as text, the way a reader (or a search) sees it."""

from __future__ import annotations

import io

from pypdf import PdfReader


def pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def pdf_lines(data: bytes) -> list[str]:
    """Every non-empty line of every page, in order."""
    return [line for page in pdf_pages(data) for line in page.splitlines() if line.strip()]
