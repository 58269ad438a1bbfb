"""The referral/case summary as a PDF, in the caseworker's language.

Made in her request from the `CaseView` she may already see (opened with her unlocked
service key), in memory, and handed to her browser: nothing of it is written to disk
or to the database. What she wrote stays in her own words and language; everything
around it speaks the caseworker's. Internal notes stay out: a summary may go to
another organisation with the survivor's consent, notes are the service's own.

fpdf2 with the DejaVu fonts the bot ships for her evidence pack (bot/services/fonts):
Latin with Albanian ë and ç, the South Slavic letters and Cyrillic, embedded as
subsets, so the file reads the same everywhere and its text can be searched.
"""

from __future__ import annotations

from datetime import datetime

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from bot.i18n import P_
from bot.services.pdf_page import MONO, SANS, FooterPdf
from bot.storage.types import utcnow
from bot.web import wording
from bot.web.case_view import CaseView
from bot.web.language import PortalLanguage

MARGIN_MM = 16
LINE_MM = 5.0
LABEL_MM = 46
TIMELINE_KINDS = ("submitted", "survivor", "caseworker", "event")


def case_summary_pdf(
    view: CaseView, *, lang: PortalLanguage, service_name: str, made_by: str
) -> bytes:
    """The summary's bytes; the caller sends them and keeps nothing."""
    t = lang.gettext
    case = view.case
    content = view.content
    pdf = FooterPdf(
        t(P_("Case {reference} · confidential · page {page} of {pages}")).replace(
            "{reference}", case.reference
        ),
        margin_mm=MARGIN_MM,
    )
    title = t(P_("Case summary {reference}")).format(reference=case.reference)
    pdf.set_title(title)
    pdf.set_lang(lang.html_lang)
    pdf.set_creator("Safe Report")
    pdf.set_creation_date(utcnow())
    pdf.alias_nb_pages()
    pdf.add_page()

    pdf.set_font(SANS, "B", 17)
    pdf.multi_cell(0, 9, title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    _small(
        pdf,
        t(P_("{service} · made {when} by {name}")).format(
            service=service_name, when=lang.when(utcnow()), name=made_by
        ),
    )
    _small(
        pdf,
        t(
            P_(
                "Confidential: this holds what a survivor wrote. Keep it safe, share it only "
                "as she agreed, and destroy it when it is no longer needed. It holds nothing "
                "that identifies her on Telegram."
            )
        ),
    )

    _heading(pdf, t(P_("The case")))
    status = wording.status(lang, case.status)
    if view.work.outcome:
        status += " – " + wording.outcome(lang, view.work.outcome)
    reasons = "; ".join(wording.reason(lang, r) for r in content.get("severity_reasons", []))
    _fields(
        pdf,
        [
            (t(P_("Reference")), case.reference),
            (t(P_("Received")), lang.when(case.created_at)),
            (t(P_("Status")), status),
            (t(P_("Severity")), wording.severity(lang, case.severity)),
            (t(P_("Why this severity")), reasons or "–"),
            (t(P_("Categories")), wording.categories(lang, case.categories)),
            (t(P_("Place")), wording.place(lang, case.country, case.region)),
            (t(P_("Her language")), wording.her_language(lang, view.language)),
            (t(P_("Service")), service_name),
            (t(P_("Reported by")), wording.reported_by(lang, case.reported_by)),
            (t(P_("Taken by")), view.work.assigned_label or t(P_("Not taken yet"))),
            (
                t(P_("Replies")),
                t(P_("She allowed replies"))
                if case.allow_replies
                else t(P_("No replies: she did not allow them")),
            ),
        ],
    )

    _heading(pdf, t(P_("Her answers")))
    _fields(pdf, wording.answer_rows(lang, content.get("answers", {})))

    _heading(pdf, t(P_("What she wrote")))
    parts = content.get("narrative", [])
    if not parts:
        _paragraph(pdf, t(P_("She wrote no text; see her answers and files.")))
    for part in parts:
        facts = [_iso_when(lang, part.get("received_at"))]
        if part.get("forwarded_from"):
            facts.append(t(P_("forwarded from {sender}")).format(sender=part["forwarded_from"]))
        if part.get("edited"):
            facts.append(t(P_("edited version")))
        facts.append(wording.severity(lang, part.get("severity")))
        _small(pdf, " · ".join(f for f in facts if f))
        _paragraph(pdf, str(part.get("text", "")))

    _heading(pdf, t(P_("Files")))
    if not view.evidence:
        _paragraph(pdf, t(P_("No files.")))
    for evidence, meta in view.evidence:
        rows = [
            (t(P_("File")), str(meta.get("name") or wording.evidence_kind(lang, evidence.kind))),
            (t(P_("Kind")), wording.evidence_kind(lang, evidence.kind)),
            (t(P_("Size")), t(P_("{size} KB")).format(size=lang.number(evidence.size / 1024, 1))),
            (t(P_("Received")), lang.when(evidence.received_at)),
        ]
        if meta.get("caption"):
            rows.append((t(P_("Caption")), str(meta["caption"])))
        rows.append(("SHA-256", evidence.sha256))
        _fields(pdf, rows, mono={"SHA-256"})

    _heading(pdf, t(P_("Guidance and services")))
    _fields(
        pdf,
        [
            (
                t(P_("Guidance offered")),
                "; ".join(wording.topic(lang, t) for t in content.get("guidance_topics", []))
                or "–",
            ),
            (
                t(P_("Guidance she opened")),
                "; ".join(wording.topic(lang, t) for t in content.get("topics_read", [])) or "–",
            ),
            (t(P_("Services she was shown")), "; ".join(view.services_shown) or "–"),
        ],
    )

    _heading(pdf, t(P_("Timeline")))
    _small(pdf, t(P_("Messages between her and the service, and changes to the case.")))
    for item in view.timeline:
        if item.kind not in TIMELINE_KINDS:
            continue
        if item.kind in ("survivor", "submitted"):
            who = t(P_("Survivor"))
        else:
            who = item.who or t(P_("Service"))
        marks = [lang.when(item.at), who]
        if item.undeliverable == "blocked":
            marks.append(t(P_("not delivered: she has blocked the bot")))
        elif item.undeliverable:
            marks.append(t(P_("not delivered: Telegram refused this message")))
        _small(pdf, " · ".join(marks))
        if item.kind == "submitted":
            text = t(P_("Report submitted"))
        elif item.event is not None:
            text = wording.audit_action(lang, item.event.action)
            detail = wording.audit_detail(lang, item.event, None)
            text += ": " + detail if detail else ""
        elif item.sealed:
            text = t(P_("(sealed to another key)"))
        else:
            text = item.text
        _paragraph(pdf, text)
    _small(pdf, t(P_("Internal notes are not included.")))
    return bytes(pdf.output())


def _iso_when(lang: PortalLanguage, value: object) -> str:
    if not isinstance(value, str) or not value:
        return ""
    try:
        return lang.when(datetime.fromisoformat(value))
    except ValueError:
        return value


def _heading(pdf: FPDF, text: str) -> None:
    pdf.ln(3)
    pdf.set_font(SANS, "B", 13)
    pdf.multi_cell(0, 7, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1)


def _small(pdf: FPDF, text: str) -> None:
    pdf.set_font(SANS, size=8.5)
    pdf.set_text_color(70, 70, 70)
    pdf.multi_cell(0, 4.4, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0, 0, 0)


def _paragraph(pdf: FPDF, text: str) -> None:
    pdf.set_font(SANS, size=10.5)
    pdf.multi_cell(0, LINE_MM, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)


def _fields(pdf: FPDF, rows: list[tuple[str, str]], mono: set[str] | None = None) -> None:
    """Label and value side by side; a label too long for its column gets a line of its own."""
    for label, value in rows:
        pdf.set_font(SANS, "B", 9.5)
        fits = pdf.get_string_width(label) <= LABEL_MM - 2
        if not fits:
            pdf.multi_cell(0, LINE_MM, label, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.cell(LABEL_MM, LINE_MM, label if fits else "")
        if mono and label in mono:
            pdf.set_font(MONO, size=8.5)
        else:
            pdf.set_font(SANS, size=9.5)
        pdf.multi_cell(0, LINE_MM, value, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
