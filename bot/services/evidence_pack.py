"""Lays out a document the flow composed (her evidence pack) as a PDF.

fpdf2 with the DejaVu fonts bundled beside this module (Debian's fonts-dejavu-core,
unchanged; see fonts/LICENSE): they carry Latin with Albanian ë and ç, the South
Slavic letters and Cyrillic, and the fonts are embedded (subset), so the PDF reads
the same on any phone and its text can be extracted. Every word comes from the
flow; this module only places it. The PDF is built in memory and nothing of it is
kept.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from bot.flows.documents import Document, Fields, Heading, PageBreak, Paragraph, Table

FONTS = Path(__file__).parent / "fonts"
SANS = "dejavu"
MONO = "dejavu-mono"
MARGIN_MM = 16
LINE_MM = 5.2
SMALL_LINE_MM = 4.4
LABEL_MM = 38
_LANG_TAGS = {"sr": "sr-Cyrl", "sr_Latn": "sr-Latn", "mk": "mk", "cnr": "cnr"}


class _PackPdf(FPDF):
    def __init__(self, footer: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self._footer = footer

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(SANS, size=8)
        self.set_text_color(90, 90, 90)
        text = self._footer.replace("{page}", str(self.page_no())).replace("{pages}", "{nb}")
        self.cell(0, 5, text, align="C")
        self.set_text_color(0, 0, 0)


@cache
def _font_files() -> dict[str, Path]:
    files = {
        "regular": FONTS / "DejaVuSans.ttf",
        "bold": FONTS / "DejaVuSans-Bold.ttf",
        "mono": FONTS / "DejaVuSansMono.ttf",
    }
    missing = [str(path) for path in files.values() if not path.is_file()]
    if missing:
        raise FileNotFoundError("evidence pack fonts missing: {}".format(", ".join(missing)))
    return files


def render_pdf(document: Document) -> bytes:
    """The PDF for `document`; the same document always gives the same bytes."""
    fonts = _font_files()
    pdf = _PackPdf(document.footer)
    pdf.add_font(SANS, "", str(fonts["regular"]))
    pdf.add_font(SANS, "B", str(fonts["bold"]))
    pdf.add_font(MONO, "", str(fonts["mono"]))
    pdf.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.set_title(document.title)
    pdf.set_lang(_LANG_TAGS.get(document.language, document.language))
    pdf.set_creation_date(datetime.fromisoformat(document.created_at))
    pdf.set_creator("")
    pdf.alias_nb_pages()
    pdf.add_page()
    pdf.set_font(SANS, "B", 17)
    pdf.multi_cell(0, 9, document.title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    for block in document.blocks:
        if isinstance(block, Heading):
            _heading(pdf, block)
        elif isinstance(block, Paragraph):
            _paragraph(pdf, block)
        elif isinstance(block, Fields):
            _fields(pdf, block)
        elif isinstance(block, Table):
            _table(pdf, block)
        elif isinstance(block, PageBreak):
            pdf.add_page()
    return bytes(pdf.output())


def _heading(pdf: FPDF, block: Heading) -> None:
    pdf.ln(3)
    pdf.set_font(SANS, "B", 13)
    pdf.multi_cell(0, 7, block.text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1)


def _paragraph(pdf: FPDF, block: Paragraph) -> None:
    if block.small:
        pdf.set_font(SANS, size=8.5)
        pdf.set_text_color(70, 70, 70)
        pdf.multi_cell(0, SMALL_LINE_MM, block.text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_text_color(0, 0, 0)
    else:
        pdf.set_font(SANS, size=10.5)
        pdf.multi_cell(0, LINE_MM, block.text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(2)


def _fields(pdf: FPDF, block: Fields) -> None:
    for label, value in block.rows:
        pdf.set_font(SANS, "B", 9.5)
        if pdf.get_string_width(label) > LABEL_MM - 2:
            # A long label (some languages) on a line of its own, the value below it.
            pdf.multi_cell(0, LINE_MM, label, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.cell(LABEL_MM, LINE_MM, label if pdf.get_string_width(label) <= LABEL_MM - 2 else "")
        if label in block.mono:
            pdf.set_font(MONO, size=8.5)
        else:
            pdf.set_font(SANS, size=9.5)
        pdf.multi_cell(0, LINE_MM, value, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)


def _table(pdf: FPDF, block: Table) -> None:
    width = pdf.w - pdf.l_margin - pdf.r_margin
    widths = [width * share for share in block.widths]
    pdf.set_font(SANS, "B", 8.5)
    for text, cell_width in zip(block.header, widths, strict=True):
        pdf.cell(cell_width, SMALL_LINE_MM + 0.6, _fit(pdf, text, cell_width - 1), border="B")
    pdf.ln(SMALL_LINE_MM + 1)
    pdf.set_font(SANS, size=8)
    for row in block.rows:
        for text, cell_width in zip(row, widths, strict=True):
            pdf.cell(cell_width, SMALL_LINE_MM, _fit(pdf, text, cell_width - 1))
        pdf.ln(SMALL_LINE_MM)


def _fit(pdf: FPDF, text: str, width: float) -> str:
    """Cut `text` to one line of `width` mm, with an ellipsis when cut."""
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"
