"""Builders of real report files (PDF, DOCX, other encodings) for the tests."""

from __future__ import annotations

from pathlib import Path


def write_pdf(path: Path, text: str) -> Path:
    """A real PDF with a text layer, one line of text per line, new pages as needed."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    font = "Helvetica"
    for candidate in ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",):
        if Path(candidate).exists():
            pdfmetrics.registerFont(TTFont("DejaVu", candidate))
            font = "DejaVu"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    y = height - 50
    pdf.setFont(font, 9)
    for line in text.split("\n"):
        if y < 50:
            pdf.showPage()
            pdf.setFont(font, 9)
            y = height - 50
        pdf.drawString(40, y, line)
        y -= 12
    pdf.save()
    return path


def write_blank_pdf(path: Path) -> Path:
    """A PDF with a page but no text layer, as a scanner makes."""
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path))
    pdf.rect(100, 100, 200, 200, fill=1)
    pdf.showPage()
    pdf.save()
    return path


def write_docx(path: Path, text: str) -> Path:
    from docx import Document

    document = Document()
    for paragraph in text.split("\n"):
        document.add_paragraph(paragraph)
    document.save(str(path))
    return path
