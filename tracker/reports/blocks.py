"""The one intermediate form of every report: a list of blocks (heading, paragraph, list item
with its level, table row with its cells), each with the line of the report's text it starts on.

Plain text (.txt, .md, text taken out of PDFs with hard wraps) is rebuilt into blocks here; the
.docx and .pdf readers make blocks from the document's structure and render them to text with
`render`, so that line numbers point into the text that is stored and shown.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Set
from dataclasses import dataclass, field, replace

from tracker.reports import template

HEADING, PARAGRAPH, ITEM, ROW = "heading", "paragraph", "item", "row"


@dataclass(frozen=True)
class Block:
    kind: str  # heading | paragraph | item | row
    text: str  # hard wraps joined, markers and markdown emphasis removed
    line: int = 0  # 1-based line of the report's text the block starts on
    level: int = 0  # list nesting, 0 = top level
    cells: tuple[str, ...] = ()  # a table row's cells
    header: tuple[str, ...] = ()  # the header row of a row's table (equal to cells: the header)
    marker: str = ""  # the list marker as written or rendered ("1.", "-", "a)")
    breaks: tuple[tuple[int, int], ...] = ()  # (offset in text, line) where source lines start

    def line_at(self, offset: int) -> int:
        """The line of the report's text that the character at `offset` of `text` is on."""
        line = self.line
        for start, number in self.breaks:
            if start > offset:
                break
            line = number
        return line


@dataclass(frozen=True)
class Document:
    text: str  # the normalised text that is stored, hashed and shown
    blocks: list[Block] = field(default_factory=list)


# A list marker: bullets, "1." "1)" "(1)" "a." "a)" "(a)"; "o" is Word's second-level bullet.
_MARKER = re.compile(r"(?P<marker>[-–—•*▪●◦·○■□►➢➤✓✔\x7f]|o(?=\s)|\(?\d{1,2}[.)]|\(\d{1,2}\)|"
                     r"\(?[a-zA-Z][.)](?!\w)|\([a-z]\))[ \t]+(?=\S)")
_MD_HEADING = re.compile(r"#{1,6}\s+(?P<text>.+?)\s*#*\s*$")
_BOLD_LINE = re.compile(r"(?:\*\*|__)(?P<text>[^*_].*?)(?:\*\*|__)\s*:?\s*$")
_EMPHASIS = re.compile(r"\*\*(?=\S)(.{1,300}?)(?<=\S)\*\*|__(?=\S)(.{1,300}?)(?<=\S)__")
_HYPHENATED = re.compile(r"\b[^\W\d_]+-[^\W\d_]+")
_LINK = re.compile(r"\[([^\]\n]{0,500})\]\([^)\n]{0,500}\)")
_TABLE_RULE = re.compile(r"\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
# Page numbers that PDF text keeps: "Pagina 2 van 3", "Page 2", "2/3", "- 2 -" (a lone number
# may be an answer, "2" persons, so it stays).
PAGE_NOISE = re.compile(r"(?:pagina|page|blz\.?|p\.)\s*\d{1,3}(?:\s*(?:van|of|/)\s*\d{1,3})?"
                        r"|\d{1,3}\s*(?:van|of|/)\s*\d{1,3}|-\s*\d{1,3}\s*-", re.IGNORECASE)
_STANDALONE = re.compile(r"(?:<?https?://|www\.)\S+|\d{1,4}")
_SENTENCE_END = (".", "!", "?", ":", ";", "…")


def marker_kind(marker: str) -> str:
    """Markers of one kind make one list level: "1." and "2." alike, "a)" and "b)" alike."""
    core = marker.strip("()")
    if core[:1].isdigit():
        return "num" + marker[-1]
    if len(core) > 1 and core[0].isalpha():
        return ("alpha" if core[0].islower() else "ALPHA") + marker[-1]
    if marker in "-–—":
        return "dash"
    if marker in "o◦○":
        return "circle"
    return "bullet" if marker != "*" else "star"


def clean(text: str) -> str:
    """Link artifacts and markdown emphasis out, whitespace single."""
    if "[" in text:
        text = _LINK.sub(r"\1", text)
    if "**" in text or "__" in text:
        text = _EMPHASIS.sub(lambda m: m.group(1) or m.group(2), text)
    return " ".join(text.split())


def join_lines(lines: Iterable[str], hyphenated: Set[str] = frozenset()) -> str:
    """Hard-wrapped lines as one text. A hyphen at a line end before a lower-case letter splits
    a word ("samen-/werking"), unless the document spells the word with its hyphen."""
    return join_numbered(((0, line) for line in lines), hyphenated)[0]


def hyphenated_words(text: str) -> frozenset[str]:
    """Words a text spells with a hyphen inside one line ("vice-mayor")."""
    return frozenset(m.group().lower() for m in _HYPHENATED.finditer(text))


def join_numbered(lines: Iterable[tuple[int, str]], hyphenated: Set[str] = frozenset()
                  ) -> tuple[str, tuple[tuple[int, int], ...]]:
    """join_lines of (line number, text) pairs, and where each line starts in the result."""
    parts: list[str] = []
    length = 0
    breaks: list[tuple[int, int]] = []
    for number, raw in lines:
        line = raw.strip()
        if not line:
            continue
        last = parts[-1] if parts else ""
        if last.endswith("-") and len(last) > 1 and last[-2].isalpha():
            head = last[:-1].rsplit(" ", 1)[-1]
            tail = line.split(" ", 1)[0]
            split_word = line[:1].islower() or (head.isupper() and tail[:1].isupper() and
                                                 tail.rstrip("?:.,").isupper())
            if split_word and f"{head}-{tail}".lower() not in hyphenated:
                parts[-1] = last[:-1]
                length -= 1
            breaks.append((length, number))
        else:
            if parts:
                parts.append(" ")
                length += 1
            breaks.append((length, number))
        parts.append(line)
        length += len(line)
    return "".join(parts), tuple(breaks)


class Levels:
    """List levels from indentation and marker kinds, as a reader of the list sees them: a
    deeper indent, or a new kind of marker under an item, is one level down."""

    def __init__(self) -> None:
        self.stack: list[tuple[int, str]] = []  # (indent, kind) per open level

    def reset(self) -> None:
        self.stack.clear()

    def level(self, indent: int, kind: str) -> int:
        stack = self.stack
        for depth in range(len(stack) - 1, -1, -1):
            at_indent, at_kind = stack[depth]
            if at_kind == kind and abs(at_indent - indent) <= 1:
                del stack[depth + 1:]
                return depth
        while stack and stack[-1][0] > indent + 1:
            stack.pop()
        stack.append((indent, kind))
        return len(stack) - 1


@dataclass
class _Open:
    kind: str
    line: int
    lines: list[tuple[int, str]]
    level: int = 0
    marker: str = ""
    indent: int = 0


def _indent(line: str) -> int:
    return len(line.expandtabs(4)) - len(line.lstrip(" \t").expandtabs(4))


def wrap_width(lines: list[str]) -> int | None:
    """The width the text was hard-wrapped at, or None when its lines are whole paragraphs."""
    lengths = sorted(len(line.rstrip()) for line in lines if len(line.strip()) > 20)
    if len(lengths) < 4:
        return None
    top = lengths[int(len(lengths) * 0.9)]
    if top > 160:
        return None
    near = sum(1 for n in lengths if n >= top * 0.8)
    return top if near >= max(3, len(lengths) // 5) else None


def text_blocks(text: str) -> list[Block]:
    """Blocks of a plain or markdown text, its line numbers kept."""
    lines = text.split("\n")
    width = wrap_width(lines)
    hyphenated = hyphenated_words(text)
    blocks: list[Block] = []
    levels = Levels()
    table_header: tuple[str, ...] = ()
    current: _Open | None = None

    def close() -> None:
        nonlocal current
        if current is not None:
            joined, breaks = join_numbered(current.lines, hyphenated)
            body = clean(joined)
            if body:
                blocks.append(Block(current.kind, body, current.line, current.level,
                                    marker=current.marker, breaks=breaks))
        current = None

    furniture = _page_furniture(lines)
    bridging = False  # between the last line of a page and the first of the next
    i = 0
    while i < len(lines):
        raw = lines[i]
        number = i + 1
        i += 1
        stripped = raw.strip()
        if i - 1 in furniture:
            bridging = True
            continue
        if not stripped:
            j = i
            while j < len(lines) and not lines[j].strip():
                j += 1
            if not bridging and j not in furniture:  # a page's end: the block may go on
                close()
            continue
        if bridging:
            bridging = False
            if current is not None and not _continues(current, raw, width):
                close()
        if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
            close()
            if _TABLE_RULE.match(stripped):
                continue
            cells = tuple(clean(c) for c in stripped[1:-1].split("|"))
            if i < len(lines) and _TABLE_RULE.match(lines[i].strip()):
                table_header = cells
            blocks.append(Block(ROW, " | ".join(c for c in cells if c), number, cells=cells,
                                header=table_header))
            continue
        table_header = ()
        heading = _heading_of(stripped)
        if heading is not None:
            close()
            levels.reset()
            blocks.append(Block(HEADING, heading, number))
            continue
        if template.is_heading_start(stripped):
            j = i
            while j < len(lines) and not lines[j].strip():
                j += 1
            if j < len(lines) and template.heading_key(f"{stripped} {lines[j].strip()}"):
                close()
                blocks.append(Block(HEADING, f"{stripped} {lines[j].strip()}", number))
                i = j + 1
                continue
        if (inline := template.split_inline(stripped)) is not None:
            close()
            answer = inline[1]
            blocks.append(Block(HEADING, clean(stripped[: stripped.rindex(answer)]), number))
            current = _Open(PARAGRAPH, number, [(number, answer)])
            continue
        if _STANDALONE.fullmatch(stripped):
            close()  # a URL or a lone number is never part of the sentence above it
            blocks.append(Block(PARAGRAPH, stripped, number))
            continue
        marker = _MARKER.match(stripped)
        if marker:
            close()
            indent = _indent(raw)
            kind = marker_kind(marker.group("marker"))
            current = _Open(ITEM, number, [(number, stripped[marker.end():])],
                            levels.level(indent, kind), marker.group("marker"), indent)
            continue
        if current is not None and _continues(current, raw, width):
            current.lines.append((number, stripped))
            continue
        close()
        if _indent(raw) == 0:
            levels.reset()
        current = _Open(PARAGRAPH, number, [(number, stripped)], indent=_indent(raw))
    close()
    return blocks


def _page_furniture(lines: list[str]) -> set[int]:
    """Indexes of page numbers ("Pagina 2 van 3") and of the running header that follows
    them on every page, in text taken out of a PDF."""
    noise = [i for i, line in enumerate(lines)
             if len(line.strip()) <= 24 and PAGE_NOISE.fullmatch(line.strip())]
    after: dict[int, int] = {}
    for i in noise:
        j = i + 1
        while j < len(lines) and not lines[j].strip():
            j += 1
        if j < len(lines):
            after[i] = j
    seen = Counter(lines[j].strip() for j in after.values())
    return set(noise) | {j for j in after.values()
                         if seen[lines[j].strip()] >= 2 and j not in noise}


def _heading_of(line: str) -> str | None:
    """The heading text of a line that is one: markdown, a bold line, a template heading."""
    if line.startswith("#") and (md := _MD_HEADING.match(line)):
        return clean(md.group("text"))
    if line.startswith(("**", "__")) and (bold := _BOLD_LINE.match(line)):
        return clean(bold.group("text"))
    if template.heading_key(line):
        return clean(line)
    return None


def _continues(current: _Open, raw: str, width: int | None) -> bool:
    """Whether a line without a marker continues the open block (a hard wrap)."""
    previous = current.lines[-1][1]
    line = raw.strip()
    if current.kind == ITEM and _indent(raw) >= current.indent + 2:
        return True
    if line[:1].islower() or line[:1] in "(&,":
        return True
    if not previous.endswith(_SENTENCE_END):
        return True
    return width is not None and len(previous) >= width * 0.8


def render(blocks: Iterable[Block]) -> Document:
    """The text of blocks made by a reader, and the blocks with their line numbers in it."""
    out: list[str] = []
    placed: list[Block] = []
    previous: Block | None = None
    for block in blocks:
        if previous is not None and (block.kind in (HEADING, PARAGRAPH) or
                                     block.kind != previous.kind):
            out.append("")
        if block.kind == ITEM:
            text = f"{'    ' * block.level}{block.marker or '-'} {block.text}"
        elif block.kind == ROW:
            text = " | ".join(block.cells)
        else:
            text = block.text
        placed.append(replace(block, line=len(out) + 1))
        out.extend(text.split("\n"))
        previous = block
    return Document("\n".join(out) + "\n", placed)


def paragraph_blocks(text: str, make: Callable[[str], Block]) -> list[Block]:
    """Blocks of a paragraph that holds line breaks (Shift+Enter in Word): its lines are read
    like plain text; `make` builds the block of a paragraph without any."""
    if "\n" not in text.strip():
        return [make(text)]
    return text_blocks(text)
