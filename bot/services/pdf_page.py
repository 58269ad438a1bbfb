"""The page both PDFs share (her evidence pack, the caseworker's case summary).

fpdf2 with the DejaVu fonts bundled in `fonts/` (Debian's fonts-dejavu-core, unchanged;
see fonts/LICENSE): Latin with Albanian ë and ç, the South Slavic letters and Cyrillic,
embedded as subsets, so a file reads the same on any phone and its text can be searched.
One place for the fonts and the footer, so both documents fail or change together.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from fpdf import FPDF

FONTS = Path(__file__).parent / "fonts"
SANS = "dejavu"
MONO = "dejavu-mono"


@cache
def _font_files() -> dict[str, Path]:
    files = {
        "regular": FONTS / "DejaVuSans.ttf",
        "bold": FONTS / "DejaVuSans-Bold.ttf",
        "mono": FONTS / "DejaVuSansMono.ttf",
    }
    missing = [str(path) for path in files.values() if not path.is_file()]
    if missing:
        raise FileNotFoundError("PDF fonts missing: {}".format(", ".join(missing)))
    return files


class FooterPdf(FPDF):
    """An A4 page with the fonts added and a footer line; `{page}` and `{pages}` in the
    footer become the page number and the page count (replaced, not formatted, so a
    translated footer with other braces cannot break the document)."""

    def __init__(self, footer: str, *, margin_mm: float) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self._footer = footer
        fonts = _font_files()
        self.add_font(SANS, "", str(fonts["regular"]))
        self.add_font(SANS, "B", str(fonts["bold"]))
        self.add_font(MONO, "", str(fonts["mono"]))
        self.set_margins(margin_mm, margin_mm, margin_mm)
        self.set_auto_page_break(auto=True, margin=18)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(SANS, size=8)
        self.set_text_color(90, 90, 90)
        text = self._footer.replace("{page}", str(self.page_no())).replace("{pages}", "{nb}")
        self.cell(0, 5, text, align="C")
        self.set_text_color(0, 0, 0)
