""".docx -> blocks, in document order: paragraphs and tables as they stand in the body.

Word's own structure decides: heading styles (and bold one-line paragraphs) are headings, list
paragraphs (numbering properties, directly or through their style) are list items with their
level, tables are rows of cells. The template laid out as a two-column table (question |
answer) becomes headings and answers. The file's uncompressed size and compression ratio are
checked before anything is parsed, so a zip bomb is refused, not unpacked.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from tracker.errors import InvalidInput
from tracker.reports import template
from tracker.reports.blocks import (
    HEADING,
    ITEM,
    PARAGRAPH,
    ROW,
    Block,
    Document,
    clean,
    render,
    text_blocks,
)

MAX_RATIO = 100  # uncompressed : compressed, per member; Word's XML stays far below
UNPACKED_FACTOR = 5  # the unpacked package may be this many times the file size limit

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HEADING_STYLE = re.compile(r"(?:heading|kop)\s*(\d)|title|titel|subtitle|ondertitel", re.I)
_LIST_STYLE = re.compile(r"list\s*(?:bullet|number|continue)?\s*(\d)?|lijst\w*\s*(\d)?", re.I)


def check_package(path: Path, max_bytes: int) -> None:
    """Refuse a .docx whose members would unpack to far more than they take (a zip bomb)."""
    try:
        with zipfile.ZipFile(path) as package:
            members = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InvalidInput(f"{path}: not a valid .docx file ({type(exc).__name__})") from None
    total = sum(m.file_size for m in members)
    limit = max_bytes * UNPACKED_FACTOR
    if total > limit:
        raise InvalidInput(f"{path}: .docx unpacks to {total / 1048576:.0f} MB, more than"
                           f" {limit / 1048576:.0f} MB; refused (a zip bomb?)")
    for member in members:
        if member.file_size > 1_000_000 and member.file_size > MAX_RATIO * max(
                1, member.compress_size):
            raise InvalidInput(f"{path}: .docx member {member.filename} is compressed"
                               f" {member.file_size // max(1, member.compress_size)}:1;"
                               " refused (a zip bomb?)")


def read_docx(path: Path, max_bytes: int) -> Document:
    """The document's blocks in body order, rendered to the text that is stored."""
    check_package(path, max_bytes)
    from docx import Document as open_docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = open_docx(str(path))
        reader = _Reader(document)
        blocks = reader.blocks(document.element.body)
    except (zipfile.BadZipFile, KeyError, ValueError, AttributeError, TypeError,
            PackageNotFoundError) as exc:
        raise InvalidInput(f"{path}: not a valid .docx file ({type(exc).__name__})") from None
    except Exception as exc:  # lxml's XMLSyntaxError and its kin: a broken file, not a bug
        if type(exc).__module__.startswith("lxml"):
            raise InvalidInput(f"{path}: not a valid .docx file (broken XML)") from None
        raise
    return render(blocks)


class _Reader:
    def __init__(self, document) -> None:
        from docx.text.paragraph import Paragraph

        self.document = document
        self.paragraph = Paragraph
        self.formats = _numbering_formats(document)
        self.counters: dict[tuple[str, int], int] = {}

    def blocks(self, container) -> list[Block]:
        out: list[Block] = []
        for child in container.iterchildren():
            tag = child.tag
            if tag == f"{_W}p":
                out.extend(self.paragraph_blocks(child))
            elif tag == f"{_W}tbl":
                out.extend(self.table_blocks(child))
            elif tag == f"{_W}sdt":
                content = child.find(f"{_W}sdtContent")
                if content is not None:
                    out.extend(self.blocks(content))
        return out

    # --- paragraphs -----------------------------------------------------------------------

    def paragraph_blocks(self, element) -> list[Block]:
        paragraph = self.paragraph(element, self.document)
        text = paragraph.text.replace("\t", " ")
        if not text.strip():
            return []
        style = paragraph.style.name if paragraph.style is not None else ""
        heading = _HEADING_STYLE.match(style or "")
        if heading:
            return [Block(HEADING, clean(text), level=int(heading.group(1) or 0))]
        numbering = self.numbering(element, paragraph)
        if numbering is not None:
            level, marker = numbering
            return [Block(ITEM, clean(text), level=level, marker=marker)]
        if "\n" in text.strip():  # line breaks inside one paragraph: read as plain text
            return [_unplaced(b) for b in text_blocks(text)]
        if _is_bold(paragraph) and len(text) <= 120 and not text.rstrip().endswith("."):
            return [Block(HEADING, clean(text))]
        return [_unplaced(b) for b in text_blocks(text)] or [Block(PARAGRAPH, clean(text))]

    def numbering(self, element, paragraph) -> tuple[int, str] | None:
        """(level, marker) of a Word list paragraph, from its own or its style's numbering."""
        num_id, level = _num_pr(element.pPr)
        style = paragraph.style
        while num_id is None and style is not None:
            num_id, style_level = _num_pr(style.element.pPr)
            level = level if level is not None else style_level
            if num_id is not None and level is None:  # "List Bullet 2": the level is its name
                named = _LIST_STYLE.fullmatch(style.name or "")
                level = int(named.group(1) or named.group(2) or 1) - 1 if named else 0
            style = style.base_style
        if num_id is None:
            name = paragraph.style.name if paragraph.style is not None else ""
            match = _LIST_STYLE.fullmatch(name or "")
            if not match or "paragraph" in (name or "").lower():
                return None
            level = int(match.group(1) or match.group(2) or 1) - 1
            return level, "1." if "number" in name.lower() else "-"
        if num_id == "0":
            return None  # numbering switched off on this paragraph
        level = level or 0
        fmt, text = self.formats.get((num_id, level), ("bullet", "-"))
        count = self.counters.get((num_id, level), 0) + 1
        self.counters[(num_id, level)] = count
        for deeper in [k for k in self.counters if k[0] == num_id and k[1] > level]:
            del self.counters[deeper]
        return level, _marker(fmt, count)

    # --- tables ---------------------------------------------------------------------------

    def table_blocks(self, table) -> list[Block]:
        rows = [self.cells(tr) for tr in table.iterchildren(f"{_W}tr")]
        rows = [row for row in rows if any(_cell_text(cell) for cell in row)]
        if not rows:
            return []
        if _is_template_table(rows):
            out: list[Block] = []
            for row in rows:
                question = _cell_text(row[0])
                if template.heading_key(question):
                    out.append(Block(HEADING, question))
                    for cell in row[1:]:
                        out.extend(cell)
                else:
                    for cell in row:
                        out.extend(cell)
            return out
        header = tuple(_cell_text(cell) for cell in rows[0])
        out = []
        for row in rows:
            cells = tuple(_cell_text(cell) for cell in row)
            out.append(Block(ROW, " | ".join(c for c in cells if c), cells=cells, header=header))
        return out

    def cells(self, tr) -> list[list[Block]]:
        """Each cell's blocks; a cell merged over several columns counts once."""
        out = []
        for tc in tr.iterchildren(f"{_W}tc"):
            out.append(self.blocks(tc))
        return out


def _unplaced(block: Block) -> Block:
    return Block(block.kind, block.text, level=block.level, cells=block.cells,
                 header=block.header, marker=block.marker)


def _cell_text(blocks: list[Block]) -> str:
    return " ".join(b.text for b in blocks).strip()


def _is_template_table(rows: list[list[list[Block]]]) -> bool:
    """A table whose left column holds the template's questions."""
    if len(rows[0]) < 2:
        return False
    questions = sum(1 for row in rows if template.heading_key(_cell_text(row[0])))
    return questions >= 2 or (questions == 1 and len(rows) <= 2)


def _num_pr(p_pr) -> tuple[str | None, int | None]:
    if p_pr is None:
        return None, None
    num_pr = p_pr.find(f"{_W}numPr")
    if num_pr is None:
        return None, None
    num_id = num_pr.find(f"{_W}numId")
    ilvl = num_pr.find(f"{_W}ilvl")
    return (num_id.get(f"{_W}val") if num_id is not None else None,
            int(ilvl.get(f"{_W}val")) if ilvl is not None and
            (ilvl.get(f"{_W}val") or "").isdigit() else None)


def _numbering_formats(document) -> dict[tuple[str, int], tuple[str, str]]:
    """(numId, level) -> (format, level text) from the numbering part, where there is one."""
    try:
        numbering = document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return {}
    abstract: dict[str, dict[int, tuple[str, str]]] = {}
    for node in numbering.iterchildren(f"{_W}abstractNum"):
        levels = {}
        for lvl in node.iterchildren(f"{_W}lvl"):
            fmt = lvl.find(f"{_W}numFmt")
            text = lvl.find(f"{_W}lvlText")
            ilvl = lvl.get(f"{_W}ilvl") or "0"
            if ilvl.isdigit():
                levels[int(ilvl)] = (fmt.get(f"{_W}val") if fmt is not None else "bullet",
                                     text.get(f"{_W}val") if text is not None else "")
        abstract[node.get(f"{_W}abstractNumId")] = levels
    out = {}
    for num in numbering.iterchildren(f"{_W}num"):
        ref = num.find(f"{_W}abstractNumId")
        if ref is None:
            continue
        for level, value in abstract.get(ref.get(f"{_W}val"), {}).items():
            out[(num.get(f"{_W}numId"), level)] = value
    return out


def _marker(fmt: str, count: int) -> str:
    if fmt == "decimal":
        return f"{count}."
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (count - 1) % 26)
        return f"{letter.upper() if fmt == 'upperLetter' else letter}."
    if fmt in ("lowerRoman", "upperRoman"):
        return f"{count}."
    return "-"


def _is_bold(paragraph) -> bool:
    """Every run with text is bold (directly, or through the paragraph's style)."""
    runs = [run for run in paragraph.runs if run.text.strip()]
    if not runs:
        return False
    style_bold = bool(paragraph.style is not None and paragraph.style.font.bold)
    return all(run.bold or (run.bold is None and style_bold) or
               (run.style is not None and run.style.font.bold) for run in runs)
