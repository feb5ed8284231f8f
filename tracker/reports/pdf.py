""".pdf -> blocks, rebuilt from the layout of the text on the page.

The library gives positioned runs of text (see `runs_pdfminer`; bench/pdf_libraries.py compares
the others). From them: lines by baseline; page headers and footers removed (page numbers, and
lines repeated at the top or bottom of several pages); a two-column page read column by column;
paragraphs and list items from vertical gaps, indentation and bullet glyphs; headings from bold
or larger type; an item that continues over a page break joined; hyphenation joined.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median

from tracker.errors import InvalidInput
from tracker.reports import template
from tracker.reports.blocks import (
    _MARKER,
    HEADING,
    ITEM,
    PAGE_NOISE,
    PARAGRAPH,
    ROW,
    Block,
    Document,
    Levels,
    clean,
    hyphenated_words,
    join_lines,
    marker_kind,
    render,
)
from tracker.reports.read import Budget

MAX_PAGES = 500
_BULLET_GLYPHS = {"\x7f": "•", "(cid:127)": "•", "\uf0b7": "•", "\uf0a7": "▪", "\uf0d8": "➢",
                  "\u2219": "•", "\u25cf": "●", "\uf06f": "o"}
_DIGITS = re.compile(r"\d+")
_PAGE_NUMBER_END = re.compile(r"\b(?:pagina|page|blz|p)\.?\s*\d{1,3}(?:\s*(?:van|of|/)\s*"
                              r"\d{1,3})?\s*$", re.IGNORECASE)

# "Page 2 of 3" at the start of a body line: text pasted from a PDF, its furniture kept.
_PAGE_OF = re.compile(r"(?:pagina|page)\s*\d{1,3}\s*(?:van|of)\s*\d{1,3}\b\s*", re.IGNORECASE)

# Chromium's header stamp ("11/25/26, 11:30 PM", "25-11-2026 23:30") and footer URL.
_STAMP_OR_URL = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4},?\s+\d{1,2}:\d{2}(?::\d{2})?"
                           r"(?:\s*[AaPp]\.?[Mm]\.?)?|(?:file|https?)://\S+|www\.\S+")


@dataclass(frozen=True)
class Run:
    """A piece of text on a page: a character or a string, with its box."""

    text: str
    x0: float
    x1: float
    y: float  # baseline (or the bottom of the box: the same for one font on one line)
    size: float
    bold: bool


class PageRuns(list):
    """A page's runs, with the ruling lines drawn on it (x0, y0, x1, y1)."""

    rules: list[tuple[float, float, float, float]] = []


@dataclass
class Line:
    page: int
    y: float
    x0: float
    x1: float
    size: float
    bold: bool
    text: str
    runs: list[Run] = field(default_factory=list, repr=False)
    cells: tuple[str, ...] = ()  # a table row's cells (text is their join)


# --- runs -> lines ----------------------------------------------------------------------------

def _lines_of_page(runs: list[Run], page: int) -> list[Line]:
    """Runs grouped by baseline, then cut where a wide gap separates them (columns)."""
    runs = sorted(runs, key=lambda r: (-r.y, r.x0))
    rows: list[list[Run]] = []
    for run in runs:
        if rows and abs(rows[-1][0].y - run.y) <= max(1.5, 0.3 * run.size):
            rows[-1].append(run)
        else:
            rows.append([run])
    lines: list[Line] = []
    for row in rows:
        row.sort(key=lambda r: r.x0)
    right = max((r.x1 for r in runs if r.text.strip()), default=0)
    for k, row in enumerate(rows):
        # Rows just above and below: a gutter is blank on them too, a justified line's wide
        # space is not ("ZIJN          ER" over "VERVOLGAFSPRAKEN? ZO JA,").
        around = [other for other in rows[max(k - 3, 0):k + 4] if other is not row and
                  abs(other[0].y - row[0].y) <= 2 * max(row[0].size, 6)]
        # Only rows flush with this one at the right count (justified text fills the line).
        near = [other for other in around if abs(other[-1].x1 - row[-1].x1) <= 1.5]
        # A justified line reaching the right edge is cut only where a column starts: at an x
        # where a nearby row starts text too ("Zijn          er" over "vervolgafspraken?").
        flush = bool(around) and abs(row[-1].x1 - right) <= 1.5  # a lone footer row is cut
        segment: list[Run] = []
        for run in row:
            if segment and run.x0 - segment[-1].x1 > 2.2 * max(run.size, 6) and \
                    not _is_bullet_only(segment) and \
                    all(_blank(other, segment[-1].x1, run.x0, 1.5 * max(run.size, 6))
                        for other in near) and \
                    (not flush or any(_starts_at(other, run.x0, run.size) for other in around)):
                lines.append(_line(segment, page))
                segment = []
            segment.append(run)
        if segment:
            lines.append(_line(segment, page))
    return [line for line in lines if line.text.strip()]


def _starts_at(row: list[Run], x: float, size: float) -> bool:
    """Whether text in the row starts at x after a blank (a column's left edge)."""
    return any(abs(r.x0 - x) <= 2 and (j == 0 or r.x0 - row[j - 1].x1 > 1.5 * size)
               for j, r in enumerate(row) if r.text.strip())


def _blank(row: list[Run], a: float, b: float, width: float) -> bool:
    """Whether the row has a blank stretch of `width` between x = a and x = b."""
    start = a
    for run in row:  # sorted by x0
        if run.x1 <= a or not run.text.strip():
            continue
        if run.x0 >= b:
            break
        if run.x0 - start >= width:
            return True
        start = max(start, run.x1)
    return b - start >= width


def _is_bullet_only(segment: list[Run]) -> bool:
    text = "".join(r.text for r in segment).strip()
    return len(text) <= 2 and _MARKER.match(_symbol_bullet(text) + " x") is not None


def _symbol_bullet(text: str) -> str:
    """A line's first glyph from a symbol font's private-use area is a list bullet: Writer
    draws its circle and square bullets as OpenSymbol's U+E009, U+E00B and the like."""
    text = _BULLET_GLYPHS.get(text, text)
    return "•" if len(text) == 1 and "\ue000" <= text <= "\uf8ff" else text


def _line(runs: list[Run], page: int) -> Line:
    parts: list[str] = []
    previous: Run | None = None
    for i, run in enumerate(runs):
        text = _BULLET_GLYPHS.get(run.text, run.text) if parts else _symbol_bullet(run.text)
        following = runs[i + 1] if i + 1 < len(runs) else None
        # A soft hyphen not broken at: Chromium draws it as a space without advance (the next
        # letter starts where it starts) or as U+00AD; broken at the line end, as U+2010.
        if text in (" ", "\u00ad") and following is not None and \
                following.x0 < run.x0 + 0.3 * (run.x1 - run.x0) or text == "\u00ad":
            if following is None or not following.text.strip():
                parts.append("-")
            continue
        text = "-" if text == "\u2010" else text
        if previous is not None and run.x0 - previous.x1 > 0.18 * run.size and \
                not parts[-1].endswith(" ") and not text.startswith(" "):
            parts.append(" ")
        parts.append(text)
        previous = run
    text = " ".join("".join(parts).split())
    sizes = Counter()
    bold = 0
    for run in runs:
        if run.text.strip():
            sizes[round(run.size, 1)] += len(run.text)
            bold += len(run.text) if run.bold else 0
    letters = sum(sizes.values()) or 1
    return Line(page, runs[0].y, runs[0].x0, max(r.x1 for r in runs),
                sizes.most_common(1)[0][0] if sizes else runs[0].size,
                bold >= 0.8 * letters, text, runs)


# --- pages: headers, footers, columns ---------------------------------------------------------

def _signature(text: str) -> str:
    return _DIGITS.sub("#", text.lower()).strip()


def _strip_page_furniture(pages: list[list[Line]], heights: list[float]) -> list[list[Line]]:
    """Page numbers anywhere, and lines repeated in the top or bottom band of several pages."""
    band = {i: (heights[i] * 0.1) for i in range(len(pages))}
    seen: Counter[str] = Counter()
    for i, lines in enumerate(pages):
        for sig in {_signature(line.text) for line in lines
                    if line.y < band[i] or line.y > heights[i] - band[i] - 20}:
            seen[sig] += 1
    repeated = {sig for sig, n in seen.items() if n >= 2 and len(pages) >= 2}
    titles = {_signature(line.text) for lines in pages for line in lines}
    out = []
    for i, lines in enumerate(pages):
        kept = []
        # A browser's header and footer: a date and time, the title, the URL and "1/3" on two
        # rows; any row in the band holding a stamp, a URL or a page number goes as a whole.
        furniture_rows = {round(line.y) for line in lines if _in_band(line, band[i], heights[i])
                          and (_STAMP_OR_URL.fullmatch(line.text.strip()) or
                               (len(line.text) <= 24 and PAGE_NOISE.fullmatch(line.text.strip())))}
        for line in lines:
            in_band = _in_band(line, band[i], heights[i])
            if (len(line.text) <= 24 and PAGE_NOISE.fullmatch(line.text.strip())) or \
                    (in_band and (_signature(line.text) in repeated or round(line.y) in
                                  furniture_rows or _PAGE_NUMBER_END.search(line.text))):
                continue
            kept.append(line)
        out.append(_pasted_furniture(kept, titles))
    return out


def _pasted_furniture(lines: list[Line], titles: set[str]) -> list[Line]:
    """Without a line of text pasted from a PDF that is its page number and running title
    ("Page 2 of 3 Trip report Aberdeen", the title standing elsewhere as a line of its own),
    as the text reader drops them."""
    out: list[Line] = []
    for line in lines:
        found = _PAGE_OF.match(line.text)
        rest = _signature(line.text[found.end():]) if found else ""
        if found and (not rest or (len(rest) >= 10 and any(
                t.startswith(rest) for t in titles if t != _signature(line.text)))):
            continue
        out.append(line)
    return out


def _in_band(line: Line, band: float, height: float) -> bool:
    return line.y < band or line.y > height - band - 20


def _reading_order(lines: list[Line], width: float) -> list[Line]:
    """Top to bottom; a two-column page left column first. A page has two columns when lines
    start at one x right of the middle and lines left of it end before that x, side by side."""
    lines = sorted(lines, key=lambda line: (-line.y, line.x0))
    starts = Counter(round(line.x0) for line in lines if line.x0 > width * 0.35)
    for gutter_x in sorted(x for x, n in starts.items() if n >= 2):
        right = [line.y for line in lines if abs(line.x0 - gutter_x) <= 2]
        left = [line.y for line in lines if line.x1 < gutter_x - 2]
        if len(left) >= 2 and sum(min(left) <= y <= max(left) for y in right) >= 2:
            first = [line for line in lines if line.x0 < gutter_x - 3]
            second = [line for line in lines if line.x0 >= gutter_x - 3]
            return first + second
        break  # only the leftmost start right of the middle can be a column's edge
    return lines


def _tables(lines: list[Line]) -> list[Line]:
    """A browser's table: rows of two or more cells whose left edges line up over at least two
    rows (wrapped cells in between) become one line per table row, with its cells."""
    rows: list[list[Line]] = []
    for line in sorted(lines, key=lambda line: (-line.y, line.x0)):
        if rows and abs(rows[-1][0].y - line.y) <= 1:
            rows[-1].append(line)
        else:
            rows.append([line])
    out: list[Line] = []
    i = 0
    while i < len(rows):
        columns = [line.x0 for line in rows[i]]
        j = i + 1
        # Rows go on while every line starts at one of the columns' left edges.
        while len(columns) >= 2 and j < len(rows) and all(
                any(abs(line.x0 - x) <= 2 for x in columns) for line in rows[j]) and \
                rows[j - 1][0].y - rows[j][0].y < 3 * rows[j][0].size:
            j += 1
        if len(columns) < 2 or sum(len(row) >= 2 for row in rows[i:j]) < 2:
            out.extend(rows[i])
            i += 1
            continue
        out.extend(_table_rows(rows[i:j], columns))
        i = j
    return out


def _table_rows(rows: list[list[Line]], columns: list[float]) -> list[Line]:
    """Table rows of text rows: a new one where the gap is wider than a wrapped cell's."""
    gaps = [a[0].y - b[0].y for a, b in zip(rows, rows[1:], strict=False)]
    wrap = min(gaps)
    if wrap < 0.8 * rows[0][0].size:  # columns of prose whose baselines do not line up
        return [line for row in rows for line in row]
    groups: list[list[list[Line]]] = [[rows[0]]]
    for row, gap in zip(rows[1:], gaps, strict=True):
        if gap > wrap * 1.3:
            groups.append([row])
        else:
            groups[-1].append(row)
    if sum(sum(len(row) for row in group) >= 2 for group in groups) < 2:
        return [line for row in rows for line in row]
    out = []
    for group in groups:
        cells = tuple(" ".join(line.text for row in group for line in row
                               if abs(line.x0 - x) <= 2) for x in columns)
        first = group[0][0]
        out.append(Line(first.page, first.y, columns[0], max(line.x1 for row in group
                                                             for line in row),
                        first.size, all(line.bold for line in group[0]), " | ".join(cells),
                        [], cells))
    return out


def _add_table(ordered: list[Line], table: list[Line]) -> None:
    """A ruled table after the lines before it. A row broken over a page goes on at the top of
    the next: cells left empty there that the row before has filled, and that row's first cell
    not ended, mark the same row (Writer lets a row break by default)."""
    last, first = (ordered[-1] if ordered else None), table[0]
    if last is not None and last.cells and first.cells and last.page < first.page and \
            len(last.cells) == len(first.cells) and first.cells[0] and \
            not last.cells[0].rstrip().endswith((".", "!", "?")) and \
            any(not c and p for c, p in zip(first.cells, last.cells, strict=True)):
        cells = tuple(f"{a} {b}".strip() for a, b in zip(last.cells, first.cells, strict=True))
        ordered[-1] = Line(last.page, last.y, last.x0, last.x1, last.size, last.bold,
                           " | ".join(cells), [], cells)
        table = table[1:]
    ordered.extend(table)


def _ruled_tables(runs: list[Run], rules: list[tuple[float, float, float, float]],
                  page: int) -> tuple[list[Run], list[list[Line]]]:
    """Tables drawn with cell borders (Writer's and Word's PDFs): the vertical rules cut the
    runs into columns, the horizontal ones into rows, however narrow the gap between cells or
    alike the spacing of rows and wrapped lines. Each table is a list of lines, top first: a
    row of cells, or, for the template laid out as a table (question | answer, as the .docx
    reader does), the question as one bold line and the answer's lines as they stand. Returns
    the runs outside the tables too."""
    verticals = sorted((r for r in rules if r[2] - r[0] <= 2.5), key=lambda r: -r[3])
    tables: list[list[Line]] = []
    while verticals:
        top, bottom = verticals[0][3], verticals[0][1]
        group = [r for r in verticals if r[1] < top - 2 and r[3] > bottom + 2]
        verticals = [r for r in verticals if r not in group]
        xs: list[float] = []
        for x in sorted((r[0] + r[2]) / 2 for r in group):
            if not xs or x - xs[-1] > 4:
                xs.append(x)
        top, bottom = max(r[3] for r in group), min(r[1] for r in group)
        if len(xs) < 3:
            continue
        ys = sorted({round((r[1] + r[3]) / 2, 1) for r in rules if r[3] - r[1] <= 2.5 and
                     r[0] <= xs[1] and r[2] >= xs[-2] and bottom - 2 <= r[1] <= top + 2} |
                    {top, bottom}, reverse=True)
        inside = [r for r in runs if xs[0] < (r.x0 + r.x1) / 2 < xs[-1] and
                  bottom < r.y < top]
        if not inside:
            continue
        runs = [r for r in runs if r not in inside]
        grid = [[_lines_of_page([r for r in inside if lower < r.y < upper and
                                 left < (r.x0 + r.x1) / 2 < right], page)
                 for left, right in zip(xs, xs[1:], strict=False)]
                for upper, lower in zip(ys, ys[1:], strict=False)]
        grid = [cells for cells in grid if any(cells)]
        texts = [tuple(" ".join(line.text for line in cell) for cell in cells) for cells in grid]
        questions = sum(1 for row in texts if template.heading_key(row[0]))
        table: list[Line] = []
        # The template's table; or its rest on the next page, the question cells left empty.
        if len(xs) == 3 and (questions >= 2 or (questions == 1 and len(grid) <= 2) or
                             not any(cells[0] for cells in grid)):
            for cells, row in zip(grid, texts, strict=True):
                if cells[0] and template.heading_key(row[0]):
                    table.append(Line(page, cells[0][0].y + 0.5, cells[0][0].x0,
                                      cells[0][-1].x1, cells[0][0].size, True, row[0]))
                else:
                    table.extend(cells[0])
                table.extend(cells[1])
        else:
            for cells, row in zip(grid, texts, strict=True):
                first = max((cell[0] for cell in cells if cell), key=lambda line: line.y)
                bold = all(line.bold for cell in cells for line in cell)
                table.append(Line(page, first.y, xs[0], xs[-1], first.size, bold,
                                  " | ".join(row), [], row))
        tables.append(table)
    tables.sort(key=lambda table: -table[0].y)
    return runs, [table for table in tables if table]


# --- lines -> blocks --------------------------------------------------------------------------

@dataclass
class _Open:
    kind: str
    lines: list[Line]
    level: int = 0
    marker: str = ""
    text_x: float = 0.0  # where the text of an item's lines starts (its hanging indent)


def blocks_from_lines(lines: list[Line]) -> list[Block]:
    """Paragraphs, items and headings of lines in reading order."""
    if not lines:
        return []
    sizes = Counter()
    for line in lines:
        sizes[line.size] += len(line.text)
    body = sizes.most_common(1)[0][0]
    gaps = [a.y - b.y for a, b in zip(lines, lines[1:], strict=False)
            if a.page == b.page and 0 < a.y - b.y < 3 * body and a.size == body == b.size]
    pitch = median(gaps) if gaps else body * 1.2
    margin = min(line.x0 for line in lines)
    right = max(line.x1 for line in lines)
    hyphenated = hyphenated_words("\n".join(line.text for line in lines))
    levels = Levels()
    blocks: list[Block] = []
    current: _Open | None = None

    def close() -> None:
        nonlocal current
        if current is not None:
            text = clean(join_lines((line.text for line in current.lines), hyphenated))
            if current.marker:
                text = text[len(current.marker):].strip() if text.startswith(
                    current.marker) else text
            if text:
                blocks.append(Block(current.kind, text, level=current.level,
                                    marker=current.marker if current.kind == ITEM else ""))
        current = None

    previous: Line | None = None
    header: tuple[str, ...] = ()
    for line in lines:
        if line.cells:
            close()
            # The first row of a table is its header when it is bold (<th>).
            fresh = previous is None or not previous.cells
            header = line.cells if fresh and line.bold else header if not fresh else ()
            blocks.append(Block(ROW, " | ".join(c for c in line.cells if c), cells=line.cells,
                                header=header))
            previous = line
            continue
        heading = (line.bold or line.size >= body * 1.15) and len(line.text) <= 150
        if heading and current is not None and current.kind == ITEM and previous is not None \
                and previous.page == line.page and abs(line.x0 - current.text_x) <= 2 and \
                0 < previous.y - line.y <= pitch * 1.4:
            heading = False  # a bold item wrapped: its next line at the item's text indent
        marker = _MARKER.match(line.text)
        if heading and marker and marker.group("marker")[:1].isdigit():
            marker = None  # "7. Vervolgafspraken" in bold: a numbered heading
        gap = (previous.y - line.y) if previous is not None and previous.page == line.page \
            else None
        # The next page, or the top of the next column: the block may go on there.
        new_page = previous is not None and (previous.page != line.page or gap < -1)
        big_gap = gap is not None and gap > pitch * 1.4
        if heading and not marker:
            last = current.lines[-1] if current is not None else None
            if current is not None and current.kind == HEADING and last.size == line.size and (
                    (not new_page and gap is not None and 0 < gap <= line.size * 1.6) or
                    (new_page and not last.text.rstrip().endswith(("?", ":", ".")))):
                current.lines.append(line)  # a heading wrapped over two lines (or pages)
            else:
                close()
                current = _Open(HEADING, [line])
            previous = line
            continue
        if marker:
            close()
            glyph = marker.group("marker")
            indent = round((line.x0 - margin) / 6)
            text_x = line.runs[0].x0
            for run in line.runs:
                if run.x0 > line.x0 + 1 and run.text.strip():
                    text_x = run.x0
                    break
            current = _Open(ITEM, [line], levels.level(indent, marker_kind(glyph)),
                            glyph, text_x)
            previous = line
            continue
        if current is not None and current.kind != HEADING and \
                _continues(current, previous, line, big_gap, right):
            current.lines.append(line)
        else:
            close()
            if line.x0 - margin < 6:
                levels.reset()
            current = _Open(PARAGRAPH, [line])
        previous = line
    close()
    return blocks


def _continues(current: _Open, previous: Line, line: Line, big_gap: bool, right: float) -> bool:
    """Whether a line goes on with the open paragraph or item (a wrap, a page break)."""
    if big_gap:
        return False
    if current.kind == ITEM and line.x0 < current.lines[0].x0 - 3:
        return False
    if current.kind == PARAGRAPH and line.x0 > current.lines[-1].x0 + 12 and \
            len(current.lines) == 1:
        return False  # an indented line under a one-line paragraph is a new one
    short = previous.x1 < right - max(60.0, (right - current.lines[0].x0) * 0.2)
    ended = previous.text.rstrip().endswith((".", "!", "?", ":", ";"))
    return not (short and ended) or line.text[:1].islower()


# --- the library ------------------------------------------------------------------------------

def runs_pdfminer(path: Path, budget: Budget | None = None
                  ) -> Iterable[tuple[list[Run], float, float]]:
    """(runs, page width, page height) per page, from pdfminer.six's characters; the budget
    is charged after each page."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTChar, LTCurve, LTRect

    def objects(node) -> Iterable:
        for child in node:
            if isinstance(child, (LTChar, LTCurve)):
                yield child
            elif hasattr(child, "__iter__"):
                yield from objects(child)

    for number, page in enumerate(extract_pages(str(path), laparams=LAParams(all_texts=True))):
        if number >= MAX_PAGES:
            break
        found = list(objects(page))
        runs = [Run(c.get_text(), c.x0, c.x1, round(c.y0, 1), round(c.size, 1),
                    _is_bold_font(c.fontname)) for c in found if isinstance(c, LTChar)]
        if budget is not None:
            budget.spend(len(runs), f" by page {number + 1}")
        dots = [(o.x0, o.y0, o.x1, o.y1, bool(o.fill), isinstance(o, LTRect))
                for o in found if isinstance(o, LTCurve)]
        out = PageRuns(runs + _drawn_bullets(runs, dots))
        # Thin lines and rectangles: a table's cell borders (Writer, Word draw them).
        out.rules = [(o.x0, o.y0, o.x1, o.y1) for o in found if isinstance(o, LTCurve) and
                     min(o.x1 - o.x0, o.y1 - o.y0) <= 2.5 and max(o.x1 - o.x0, o.y1 - o.y0) >= 8]
        yield out, page.width, page.height


def _drawn_bullets(runs: list[Run],
                   dots: list[tuple[float, float, float, float, bool, bool]]) -> list[Run]:
    """Chromium draws a list's disc, circle and square as shapes, not glyphs: a small square-ish
    shape at the middle height of a text row, just left of its text, is that row's bullet."""
    rows: dict[float, list[Run]] = {}
    for run in runs:
        rows.setdefault(run.y, []).append(run)
    out = []
    for x0, y0, x1, y1, filled, square in dots:
        w, h = x1 - x0, y1 - y0
        if not (1 <= w <= 8 and 0.7 * w <= h <= 1.4 * w) or len(out) > 2000:
            continue
        middle = (y0 + y1) / 2
        for y, row in rows.items():
            size = row[0].size
            # The shape sits between the row's box bottom and its x-height; text follows it
            # within three letters, and no text is just before it.
            if y < middle < y + 0.8 * size and w <= 0.6 * size and \
                    any(0 < r.x0 - x1 < 3 * size for r in row) and \
                    not any(x0 - 2 * size < r.x1 <= x0 + 1 for r in row if r.text.strip()):
                glyph = "▪" if square else "•" if filled else "◦"
                out.append(Run(glyph, x0, x1, y, size, False))
                break
    return out


def _is_bold_font(name: str) -> bool:
    name = name.lower()
    return any(word in name for word in ("bold", "black", "heavy", "semibold", "demi"))


def document_from_pages(pages: Iterable[tuple[list[Run], float, float]]) -> Document:
    """The blocks of a PDF's pages (runs, width, height), rendered to the stored text."""
    page_lines: list[list[Line]] = []
    grids: list[list[list[Line]]] = []
    widths: list[float] = []
    heights: list[float] = []
    for number, (runs, width, height) in enumerate(pages):
        runs, tables = _ruled_tables(runs, getattr(runs, "rules", []), number)
        page_lines.append(_lines_of_page(runs, number))
        grids.append(tables)
        widths.append(width)
        heights.append(height)
    kept = _strip_page_furniture(page_lines, heights)
    ordered: list[Line] = []
    for lines, tables, width in zip(kept, grids, widths, strict=True):
        for line in _reading_order(_tables(lines), width):
            while tables and tables[0][0].y > line.y:  # a ruled table goes in where it stands
                _add_table(ordered, tables.pop(0))
            ordered.append(line)
        for table in tables:
            _add_table(ordered, table)
    return render(blocks_from_lines(ordered))


def read_pdf(path: Path, budget: Budget | None = None) -> Document:
    """The PDF's blocks; an encrypted or broken file is an InvalidInput naming it."""
    import logging

    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # its warnings are not the user's
    try:
        return document_from_pages(runs_pdfminer(path, budget))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise InvalidInput(f"{path}: encrypted PDF, cannot read its text") from None
    except (PDFSyntaxError, PSException) as exc:
        raise InvalidInput(f"{path}: not a valid PDF ({type(exc).__name__})") from None
    except (ValueError, KeyError, TypeError, AttributeError, IndexError, AssertionError,
            ZeroDivisionError, RecursionError, OverflowError, UnicodeError) as exc:
        raise InvalidInput(f"{path}: not a valid PDF ({type(exc).__name__})") from None
