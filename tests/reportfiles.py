"""Builders of real report files (PDF, DOCX, other encodings) for the tests.

`write_pdf_blocks` and `write_docx_blocks` take a document described as blocks, the format of
tests/eval (CORPUS_FORMAT.md): headings, paragraphs, (nested, ordered) lists, tables, the
template as a question | answer table, page breaks; PDF options: footer, header, two columns,
hyphenation, font size.
"""

from __future__ import annotations

from pathlib import Path

FONT_FILES = ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
              "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")


def _fonts() -> tuple[str, str]:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if all(Path(f).exists() for f in FONT_FILES):
        pdfmetrics.registerFont(TTFont("DejaVu", FONT_FILES[0]))
        pdfmetrics.registerFont(TTFont("DejaVu-Bold", FONT_FILES[1]))
        return "DejaVu", "DejaVu-Bold"
    return "Helvetica", "Helvetica-Bold"


def write_pdf(path: Path, text: str) -> Path:
    """A real PDF with a text layer, one line of text per line, new pages as needed."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    font, _ = _fonts()
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


# --- documents described as blocks ------------------------------------------------------------

def _list_items(items, level=0, ordered=False):
    """(level, marker number or None, text) of a nested list spec."""
    for number, item in enumerate(items, start=1):
        if isinstance(item, str):
            yield level, number if ordered else None, item
        else:
            yield level, number if ordered else None, item["text"]
            yield from _list_items(item.get("items", []), level + 1, item.get("ordered", False))


def write_docx_blocks(path: Path, spec: dict) -> Path:
    """A Word document: heading styles or bold lines, real numbered and bulleted lists (Word's
    numbering, no typed markers), tables, the template as a two-column table."""
    from docx import Document

    document = Document()
    for block in spec["blocks"]:
        kind = block["type"]
        if kind == "heading":
            style = block.get("style", "Heading 2")
            if style == "bold":
                document.add_paragraph().add_run(block["text"]).bold = True
            else:
                document.add_paragraph(block["text"], style=style)
        elif kind == "paragraph":
            document.add_paragraph(block["text"])
        elif kind == "list":
            base = "List Number" if block.get("ordered") else "List Bullet"
            for level, _, text in _list_items(block["items"], ordered=block.get("ordered")):
                document.add_paragraph(text, style=base if level == 0 else f"{base} {level + 1}")
        elif kind in ("table", "qa_table"):
            rows = block["rows"]
            table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
            table.style = "Table Grid"
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    cell = table.cell(r, c)
                    lines = value.split("\n")
                    cell.text = lines[0]
                    for extra in lines[1:]:
                        cell.add_paragraph(extra)
                    if r == 0 and block.get("header") and kind == "table":
                        for run in cell.paragraphs[0].runs:
                            run.bold = True
        elif kind == "page_break":
            document.add_page_break()
    document.save(str(path))
    return path


def write_pdf_blocks(path: Path, spec: dict) -> Path:
    """A PDF laid out as a word processor prints it: wrapped lines, bullets with hanging
    indents, bold headings, a header and footer on every page, optionally two columns and
    hyphenated line ends."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    options = spec.get("options", {})
    font, bold = _fonts()
    size = options.get("font_size", 10)
    columns = options.get("columns", 1)
    hyphenate = options.get("hyphenate", False)
    width, height = A4
    margin, gutter = 56, 24
    column_width = (width - 2 * margin - gutter * (columns - 1)) / columns
    lines: list[tuple[float, str, str, float, float]] = []  # (indent, font, text, size, space)

    def wrap(text: str, indent: float, face: str, fsize: float) -> list[str]:
        room = column_width - indent
        out, current = [], ""
        for word in text.split():
            candidate = f"{current} {word}" if current else word
            if stringWidth(candidate, face, fsize) <= room:
                current = candidate
                continue
            if hyphenate and len(word) >= 8:
                for cut in range(len(word) - 3, 3, -1):
                    head = f"{current} {word[:cut]}-" if current else f"{word[:cut]}-"
                    if stringWidth(head, face, fsize) <= room:
                        out.append(head)
                        current = word[cut:]
                        break
                else:
                    out.append(current)
                    current = word
                continue
            out.append(current)
            current = word
        if current:
            out.append(current)
        return out

    def add(text: str, indent: float = 0, face: str = font, fsize: float = size,
            space: float = 6, bullet: str | None = None) -> None:
        for n, line in enumerate(wrap(text, indent, face, fsize)):
            if n == 0 and bullet:
                lines.append((indent - 14, face, bullet, fsize, space))
                lines.append((indent, face, line, fsize, -1))  # same baseline as the bullet
            else:
                lines.append((indent, face, line, fsize, space if n == 0 else 0))

    for block in spec["blocks"]:
        kind = block["type"]
        if kind == "heading":
            add(block["text"], face=bold, fsize=size + (4 if block.get("style") == "Title"
                                                        else 1), space=12)
        elif kind == "paragraph":
            add(block["text"])
        elif kind == "list":
            glyphs = ("•", "–", "o")
            for level, number, text in _list_items(block["items"], ordered=block.get("ordered")):
                marker = f"{number}." if number else glyphs[min(level, 2)]
                add(text, indent=18 + 18 * level, bullet=marker, space=3)
        elif kind in ("table", "qa_table"):
            for row in block["rows"]:
                if kind == "qa_table":
                    add(row[0], face=bold, space=12)
                    for part in row[1].split("\n"):
                        add(part)
                else:
                    add("   ".join(row), space=3)
        elif kind == "page_break":
            lines.append((0, font, "\f", size, 0))

    pdf = canvas.Canvas(str(path), pagesize=A4)
    pages: list[list[tuple[float, float, str, str, float]]] = [[]]
    column, y = 0, height - margin
    for indent, face, text, fsize, space in lines:
        if text == "\f":
            pages.append([])
            column, y = 0, height - margin
            continue
        if space >= 0:
            y -= space + fsize * 1.2
        if y < margin + 20:
            column += 1
            if column >= columns:
                pages.append([])
                column = 0
            y = height - margin - fsize * 1.2
        x = margin + column * (column_width + gutter) + indent
        pages[-1].append((x, y, face, text, fsize))
    total = len(pages)
    for number, page in enumerate(pages, start=1):
        if options.get("header"):
            pdf.setFont(font, 8)
            pdf.drawString(margin, height - 30, options["header"])
        # Two columns are drawn line by line across the page, as some printers do.
        for x, y, face, text, fsize in sorted(page, key=lambda p: (-p[1], p[0])):
            pdf.setFont(face, fsize)
            pdf.drawString(x, y, text)
        if options.get("footer"):
            pdf.setFont(font, 8)
            pdf.drawString(margin, 30, options["footer"].format(page=number, pages=total))
        pdf.showPage()
    pdf.save()
    return path
