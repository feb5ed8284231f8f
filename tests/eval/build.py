"""Block documents (tests/eval/corpus/*.docx.json, *.pdf.json) -> real .docx and .pdf files.

The format is described in CORPUS_FORMAT (blocks: heading, paragraph, list, table, qa_table,
page_break). A .docx gets what Word makes: heading styles or bold lines, real numbered and
bulleted lists (numbering properties, or the "List Number"/"List Bullet" styles), Word tables.
A .pdf gets what a PDF printer makes: text wrapped to the page with hard line breaks, typed
numbers and bullet glyphs with hanging indents, bold headings, a header and footer on every
page, optionally two columns and words hyphenated at line ends.

Usable as a library, `build_all(corpus_dir, out_dir)`, and as a script:
    python tests/eval/build.py [OUT_DIR] [--corpus DIR]      (default: build/eval)

Block reference (every key but "type" and the text is optional):
    {"type": "heading", "text": "...", "style": "Title" | "Heading 1..3" | "bold"}
    {"type": "paragraph", "text": "line one\\nline two"}        # \\n = a hard line break
    {"type": "list", "ordered": true, "marker": "1." | "1)" | "a)" | "a." | "•" | "–" | "o" |
     "-" | "*", "word": "numpr" | "style" | "typed",
     "items": ["text", {"text": "Categorie:", "ordered": false, "marker": "o", "items": [...]}]}
    {"type": "table", "header": true, "widths": [3, 1, 1], "rows": [["Afspraak", "Wie"], ...]}
    {"type": "qa_table", "rows": [["QUESTION", "answer" | [blocks...]], ...]}
    {"type": "page_break"}
    "word" for .docx lists: numpr = "List Paragraph" with numbering properties (what Word's
    list button makes, the default), style = the "List Number"/"List Bullet" styles (the
    numbering comes from the style), typed = plain paragraphs with the markers typed.
Options: {"footer": "Pagina {page} van {pages}", "header": "...", "columns": 1 | 2,
          "hyphenate": false, "font_size": 10, "paragraph_gap": points between paragraphs}
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

EVAL_DIR = Path(__file__).resolve().parent
CORPUS_DIR = EVAL_DIR / "corpus"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


def build_all(corpus_dir: Path = CORPUS_DIR, out_dir: Path = Path("build/eval")) -> list[Path]:
    """Build every *.docx.json and *.pdf.json of corpus_dir into out_dir; the built paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    built = []
    for spec_path in sorted(corpus_dir.glob("*.json")):
        target = out_dir / spec_path.name.removesuffix(".json")
        built.append(build_file(spec_path, target))
    return built


def build_file(spec_path: Path, target: Path) -> Path:
    """Build one block document; the suffix before .json decides the format."""
    spec = json.loads(spec_path.read_text(encoding="utf-8"))
    if target.suffix == ".docx":
        build_docx(spec, target)
    elif target.suffix == ".pdf":
        build_pdf(spec, target)
    else:
        raise ValueError(f"{spec_path}: name it <id>.docx.json or <id>.pdf.json")
    return target


def list_items(block: dict, level: int = 0):
    """(level, index in its list, the (sub)list block, text) for each item, depth first."""
    for index, item in enumerate(block["items"]):
        item = item if isinstance(item, dict) else {"text": item}
        yield level, index, block, item["text"]
        if item.get("items"):
            sub = {"ordered": False, "marker": "–", **item}
            yield from list_items(sub, level + 1)


def typed_marker(block: dict, index: int) -> str:
    """The marker as typed text: '3.', 'c)', '•'."""
    marker = block.get("marker", "1." if block.get("ordered") else "•")
    if not block.get("ordered"):
        return marker
    number = str(index + 1) if marker[0].isdigit() else "abcdefghijklmnopqrstuvwxyz"[index]
    return number + marker[1:]


# --- .docx ------------------------------------------------------------------------------------

def build_docx(spec: dict, target: Path) -> None:
    from docx import Document

    document = Document()
    numbering = _WordNumbering(document)
    options = spec.get("options", {})
    section = document.sections[0]
    if options.get("header"):
        _docx_page_text(section.header.paragraphs[0], options["header"])
    if options.get("footer"):
        _docx_page_text(section.footer.paragraphs[0], options["footer"])
    if options.get("columns", 1) > 1:
        from docx.oxml.ns import qn

        cols = section._sectPr.find(qn("w:cols"))  # the template always has one
        cols.set(qn("w:num"), str(options["columns"]))
    _docx_blocks(document, spec["blocks"], numbering)
    document.save(str(target))


def _docx_blocks(container, blocks: list[dict], numbering: _WordNumbering) -> None:
    """Add blocks to a document or a table cell (both have add_paragraph and add_table)."""
    from docx.enum.text import WD_BREAK

    for block in blocks:
        kind = block["type"]
        if kind == "heading":
            style = block.get("style", "Heading 2")
            if style == "bold":
                container.add_paragraph().add_run(block["text"]).bold = True
            else:
                container.add_paragraph(block["text"], style=style)
        elif kind == "paragraph":
            _docx_paragraph(container.add_paragraph(), block["text"])
        elif kind == "list":
            _docx_list(container, block, numbering)
        elif kind in ("table", "qa_table"):
            _docx_table(container, block, numbering)
        elif kind == "page_break":
            container.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        else:
            raise ValueError(f"unknown block type {kind!r}")


def _docx_paragraph(paragraph, text: str, bold: bool = False) -> None:
    """Text with '\\n' as line breaks inside the paragraph (Shift+Enter)."""
    for number, line in enumerate(text.split("\n")):
        if number:
            paragraph.add_run().add_break()
        paragraph.add_run(line).bold = bold or None


def _docx_list(container, block: dict, numbering: _WordNumbering) -> None:
    how = block.get("word", "numpr")
    num_ids: dict[int, int] = {}  # one Word list per (sub)list, so numbering restarts
    for level, index, owner, text in list_items(block):
        if how == "typed":
            paragraph = container.add_paragraph(f"{typed_marker(owner, index)}\t{text}")
            paragraph.paragraph_format.left_indent = 457200 * (level + 1) // 2
        elif how == "style":
            base = "List Number" if owner.get("ordered") else "List Bullet"
            paragraph = container.add_paragraph(text, style=base + (f" {level + 1}" * (level > 0)))
        else:
            if index == 0 or level not in num_ids:
                num_ids[level] = numbering.new_list(owner)
            paragraph = container.add_paragraph(text, style="List Paragraph")
            numbering.apply(paragraph, num_ids[level], level)


class _WordNumbering:
    """Numbering definitions in the document's numbering part, as Word's list buttons make."""

    FORMATS = {"1.": ("decimal", "%{n}."), "1)": ("decimal", "%{n})"),
               "a)": ("lowerLetter", "%{n})"), "a.": ("lowerLetter", "%{n}.")}

    def __init__(self, document):
        self.numbering = document.part.numbering_part.element
        self.abstract: dict[tuple[str, str], int] = {}

    def new_list(self, block: dict) -> int:
        ordered = bool(block.get("ordered"))
        marker = block.get("marker", "1." if ordered else "•")
        key = ("ordered" if ordered else "bullet", marker)
        if key not in self.abstract:
            self.abstract[key] = self._add_abstract(ordered, marker)
        return self.numbering.add_num(self.abstract[key]).numId

    def apply(self, paragraph, num_id: int, level: int) -> None:
        num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = level
        num_pr.get_or_add_numId().val = num_id

    def _add_abstract(self, ordered: bool, marker: str) -> int:
        from docx.oxml import parse_xml
        from docx.oxml.ns import nsdecls

        abstract_id = 100 + len(self.abstract)
        levels = []
        for level in range(3):
            if ordered:
                fmt, text = self.FORMATS.get(marker if level == 0 else "a)", self.FORMATS["1."])
                text = text.format(n=level + 1)
            else:
                fmt, text = "bullet", marker if level == 0 else "o"
            levels.append(
                f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/><w:pPr>'
                f'<w:ind w:left="{720 * (level + 1)}" w:hanging="360"/></w:pPr></w:lvl>')
        element = parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
            f'<w:multiLevelType w:val="hybridMultilevel"/>{"".join(levels)}</w:abstractNum>')
        # The schema wants every abstractNum before the first num.
        first_num = self.numbering.find(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}num")
        if first_num is None:
            self.numbering.append(element)
        else:
            first_num.addprevious(element)
        return abstract_id


def _docx_table(container, block: dict, numbering: _WordNumbering) -> None:
    rows = block["rows"]
    table = container.add_table(rows=len(rows), cols=max(len(r) for r in rows))
    table.style = "Table Grid"
    qa = block["type"] == "qa_table"
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            cell = table.cell(r, c)
            bold = (qa and c == 0) or (r == 0 and block.get("header", False))
            if isinstance(value, list):  # an answer made of blocks (paragraphs, lists)
                first = cell.paragraphs[0]
                _docx_blocks(cell, value, numbering)
                first._p.getparent().remove(first._p)  # the empty paragraph a cell starts with
            else:
                lines = value.split("\n\n")
                _docx_paragraph(cell.paragraphs[0], lines[0], bold)
                for line in lines[1:]:
                    _docx_paragraph(cell.add_paragraph(), line, bold)


def _docx_page_text(paragraph, template: str) -> None:
    """Header/footer text with {page} and {pages} as Word fields."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    for part in re.split(r"(\{page\}|\{pages\})", template):
        if part in ("{page}", "{pages}"):
            instr = "PAGE" if part == "{page}" else "NUMPAGES"
            paragraph._p.append(parse_xml(
                f'<w:fldSimple {nsdecls("w")} w:instr="{instr}"><w:r><w:t>1</w:t></w:r>'
                '</w:fldSimple>'))
        elif part:
            paragraph.add_run(part)


# --- .pdf -------------------------------------------------------------------------------------

PAGE_MARGIN_X, PAGE_MARGIN_TOP, PAGE_MARGIN_BOTTOM, GUTTER = 62.0, 78.0, 72.0, 24.0
VOWELS = set("aeiouyáéíóúàèëïöüâêîôû")


@dataclass
class Piece:
    """An unbreakable strip of the page: one text line or one table row."""

    height: float
    gap_before: float = 0.0
    texts: list[tuple[float, float, str, str, float]] = field(default_factory=list)
    # (x offset, y offset from the strip's top, text, font, size)
    rule: bool = False  # a thin line under the strip (table rows)


@dataclass
class Fonts:
    regular: str
    bold: str


def _fonts() -> Fonts:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    regular, bold = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
    if not (regular.exists() and bold.exists()):
        return Fonts("Helvetica", "Helvetica-Bold")  # accents outside Latin-1 may be lost
    pdfmetrics.registerFont(TTFont("DejaVuSans", str(regular)))
    pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(bold)))
    return Fonts("DejaVuSans", "DejaVuSans-Bold")


def build_pdf(spec: dict, target: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    options = spec.get("options", {})
    fonts = _fonts()
    width, height = A4
    columns = options.get("columns", 1)
    frame_width = (width - 2 * PAGE_MARGIN_X - GUTTER * (columns - 1)) / columns
    layout = _PdfLayout(fonts, options.get("font_size", 10), frame_width,
                        options.get("hyphenate", False), options.get("paragraph_gap"))
    pieces = layout.blocks(spec["blocks"])
    frames = _paginate(pieces, height - PAGE_MARGIN_TOP - PAGE_MARGIN_BOTTOM)
    pages = [frames[i:i + columns] for i in range(0, len(frames), columns)]

    pdf = canvas.Canvas(str(target), pagesize=A4)
    small = layout.size - 1
    for number, page in enumerate(pages, start=1):
        fill = {"page": number, "pages": len(pages)}
        if options.get("header"):
            pdf.setFont(fonts.regular, small)
            pdf.drawString(PAGE_MARGIN_X, height - 42, options["header"].format(**fill))
        for column, frame in enumerate(page):
            x = PAGE_MARGIN_X + column * (frame_width + GUTTER)
            for top, piece in frame:
                y = height - PAGE_MARGIN_TOP - top
                _draw_texts(pdf, x, y, piece.texts)
                if piece.rule:
                    pdf.setLineWidth(0.4)
                    pdf.line(x, y - piece.height, x + frame_width, y - piece.height)
        if options.get("footer"):  # drawn last, as a page footer usually is
            pdf.setFont(fonts.regular, small)
            pdf.drawCentredString(width / 2, 38, options["footer"].format(**fill))
        pdf.showPage()
    pdf.save()


def _draw_texts(pdf, x: float, y: float, texts) -> None:
    """One text object per baseline, as PDF printers write a line: a marker and its text, or
    the cells of a table row, are then one line with a gap, not separate fragments."""
    by_line: dict[float, list] = {}
    for dx, dy, text, font, size in texts:
        by_line.setdefault(dy, []).append((dx, text, font, size))
    for dy, parts in by_line.items():
        obj = pdf.beginText()
        previous = 0.0
        for number, (dx, text, font, size) in enumerate(sorted(parts)):
            if number == 0:
                obj.setTextOrigin(x + dx, y - dy - size)
            else:
                obj.moveCursor(dx - previous, 0)
            obj.setFont(font, size)
            obj.textOut(text)
            previous = dx
        pdf.drawText(obj)


def _paginate(pieces: list[Piece | None], frame_height: float):
    """Pieces into frames (columns, then pages); None forces a new page."""
    frames: list[list[tuple[float, Piece]]] = [[]]
    y = 0.0
    for piece in pieces:
        if piece is None:
            frames.append([])
            y = 0.0
            continue
        gap = piece.gap_before if frames[-1] else 0.0
        if frames[-1] and y + gap + piece.height > frame_height:
            frames.append([])
            y, gap = 0.0, 0.0
        frames[-1].append((y + gap, piece))
        y += gap + piece.height
    return frames


class _PdfLayout:
    def __init__(self, fonts: Fonts, size: float, width: float, hyphenate: bool,
                 paragraph_gap: float | None):
        self.fonts, self.size, self.width, self.hyphenate = fonts, size, width, hyphenate
        self.leading = size * 1.3
        self.gap = self.leading * 0.7 if paragraph_gap is None else paragraph_gap

    def blocks(self, blocks: list[dict]) -> list[Piece | None]:
        pieces: list[Piece | None] = []
        for block in blocks:
            kind = block["type"]
            if kind == "heading":
                pieces += self.heading(block)
            elif kind == "paragraph":
                pieces += self.text(block["text"], 0, 0, self.gap)
            elif kind == "list":
                pieces += self.list(block)
            elif kind in ("table", "qa_table"):
                pieces += self.table(block)
            elif kind == "page_break":
                pieces.append(None)
            else:
                raise ValueError(f"unknown block type {kind!r}")
        return pieces

    def heading(self, block: dict) -> list[Piece]:
        style = block.get("style", "Heading 2")
        size = self.size + {"Title": 5, "Heading 1": 3, "Heading 2": 1.5}.get(style, 0)
        lines = self.wrap(block["text"], self.width, self.fonts.bold, size, hyphenate=False)
        return [Piece(size * 1.3, self.gap * 1.6 if i == 0 else 0,
                      [(0, 0, line, self.fonts.bold, size)]) for i, line in enumerate(lines)]

    def text(self, text: str, indent: float, hang: float, gap: float,
             marker: str | None = None) -> list[Piece]:
        """A wrapped paragraph; with a marker, it hangs in front of the first line."""
        lines = self.wrap(text, self.width - indent - hang, self.fonts.regular, self.size,
                          self.hyphenate)
        pieces = []
        for i, line in enumerate(lines):
            texts = [(indent + hang, 0, line, self.fonts.regular, self.size)]
            if marker and i == 0:
                texts.insert(0, (indent, 0, marker, self.fonts.regular, self.size))
            pieces.append(Piece(self.leading, gap if i == 0 else 0, texts))
        return pieces

    def list(self, block: dict) -> list[Piece]:
        pieces = []
        for n, (level, index, owner, text) in enumerate(list_items(block)):
            gap = self.gap if n == 0 else self.leading * 0.15
            pieces += self.text(text, 14 + 18 * level, 16, gap, typed_marker(owner, index))
        return pieces

    def table(self, block: dict) -> list[Piece]:
        rows = block["rows"]
        count = max(len(r) for r in rows)
        weights = block.get("widths") or ([2, 3] if block["type"] == "qa_table" else [1] * count)
        widths = [self.width * w / sum(weights) for w in weights]
        pieces = []
        for r, row in enumerate(rows):
            texts, x, lines_max = [], 0.0, 1
            for c, value in enumerate(row):
                bold = (block["type"] == "qa_table" and c == 0) or (r == 0 and block.get("header"))
                font = self.fonts.bold if bold else self.fonts.regular
                if isinstance(value, list):
                    value = "\n".join(_plain_text(b) for b in value)
                lines = self.wrap(value, widths[c] - 8, font, self.size, hyphenate=False)
                texts += [(x + 3, 3 + i * self.leading, line, font, self.size)
                          for i, line in enumerate(lines)]
                lines_max = max(lines_max, len(lines))
                x += widths[c]
            pieces.append(Piece(lines_max * self.leading + 6, self.gap if r == 0 else 0, texts,
                                rule=True))
        return pieces

    def wrap(self, text: str, width: float, font: str, size: float,
             hyphenate: bool) -> list[str]:
        """Greedy line breaking; '\\n' is a hard break; long words split with '-' if asked."""
        from reportlab.pdfbase.pdfmetrics import stringWidth

        lines: list[str] = []
        for segment in text.split("\n"):
            line = ""
            for word in segment.split():
                candidate = f"{line} {word}" if line else word
                if stringWidth(candidate, font, size) <= width:
                    line = candidate
                    continue
                if hyphenate and line:
                    head, tail = _hyphen_split(word, line, width, font, size)
                    if head:
                        lines.append(f"{line} {head}-")
                        line = tail
                        continue
                if line:
                    lines.append(line)
                line = word
            lines.append(line)
        return lines


def _hyphen_split(word: str, line: str, width: float, font: str, size: float):
    """The longest Dutch-like syllable split of word whose head still fits on the line."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if len(word) < 7 or not word.isalpha():
        return None, None
    lower = word.lower()
    for cut in range(len(word) - 3, 2, -1):
        before, after = lower[cut - 1], lower[cut]
        next_vowel = cut + 1 < len(word) and lower[cut + 1] in VOWELS
        if lower[cut - 1:cut + 1] == "ch":  # "ch" and "sch" stay together
            continue
        syllable = (before in VOWELS and after not in VOWELS and next_vowel) or (
            before not in VOWELS and after not in VOWELS and next_vowel)
        if syllable and stringWidth(f"{line} {word[:cut]}-", font, size) <= width:
            return word[:cut], word[cut:]
    return None, None


def _plain_text(block: dict) -> str:
    """A block as plain lines (for blocks inside a PDF table cell)."""
    if block["type"] == "list":
        return "\n".join(f"{typed_marker(owner, i)} {text}"
                         for _, i, owner, text in list_items(block))
    return block["text"]


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Build the corpus' .docx and .pdf files.")
    parser.add_argument("out", nargs="?", type=Path, default=Path("build/eval"))
    parser.add_argument("--corpus", type=Path, default=CORPUS_DIR)
    arguments = parser.parse_args()
    for path in build_all(arguments.corpus, arguments.out):
        print(path)
