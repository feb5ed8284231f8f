"""File -> Document (blocks and normalised text): encoding detection for text files, the
.docx and .pdf readers for the others, line endings normalised to LF.

Every failure is an InvalidInput that names the file.
"""

from __future__ import annotations

import codecs
import time
from pathlib import Path

from tracker.errors import InvalidInput
from tracker.reports.blocks import Document, text_blocks

TEXT_SUFFIXES = {".txt", ".md", ".text"}
SUFFIXES = TEXT_SUFFIXES | {".docx", ".pdf"}
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
# Bounds per file beyond its size (defaults.max_file_mb): a .docx or .pdf of a few MB can hold
# far more text than a report (the longest seed has 6,000 characters), and every character of
# a PDF is an object in memory while it is read; pdfminer can take minutes over a hostile PDF.
MAX_TEXT_CHARS = 1_000_000
MAX_SECONDS = 60.0
# Control characters that never occur in text (tab, LF, FF and CR do).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))


def normalise_newlines(text: str) -> str:
    # Form feeds are PDF page breaks; NULs never belong in a report.
    return (text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
            .replace("\x00", ""))


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252; binary is refused."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise InvalidInput(f"{name}: invalid {encoding.upper()} text") from None
    sample = data[:65536]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if b"\x00" in sample or controls > len(sample) // 100 + 2:
        raise InvalidInput(f"{name}: binary file, not a text report")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # Windows-1252 maps every byte but five; those become U+FFFD rather than a crash.
        return data.decode("cp1252", errors="replace")


def _check(path: Path, max_bytes: int) -> str:
    """The file's suffix, once it is known to be a readable report file of a sensible size."""
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InvalidInput(f"{path}: no such file") from None
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot read ({exc.strerror})") from None
    if path.is_dir():
        raise InvalidInput(f"{path}: is a directory")
    if suffix not in SUFFIXES:
        raise InvalidInput(f"{path}: unsupported file type {suffix or '(none)'!r}"
                           " (use .txt, .md, .docx or .pdf)")
    if size == 0:
        raise InvalidInput(f"{path}: empty file")
    if size > max_bytes:
        raise InvalidInput(f"{path}: file is {size / 1048576:.1f} MB, larger than the"
                           f" {max_bytes / 1048576:.0f} MB limit (defaults.max_file_mb)")
    return suffix


class Budget:
    """What reading one file may take: MAX_SECONDS from now, MAX_TEXT_CHARS of text. Checked
    between pages and between steps, so a single slow step is not cut off halfway."""

    def __init__(self, name: str):
        self.name, self.seconds, self.chars = name, MAX_SECONDS, MAX_TEXT_CHARS
        self.deadline = time.monotonic() + self.seconds
        self.spent = 0

    def spend(self, chars: int = 0, where: str = "") -> None:
        """Count chars more of text; InvalidInput naming the file once a bound is passed."""
        self.spent += chars
        if self.spent > self.chars:
            raise InvalidInput(f"{self.name}: more than {self.chars:,} characters of text"
                               f"{where}; refused (no report is that long)")
        if time.monotonic() > self.deadline:
            raise InvalidInput(f"{self.name}: reading took more than {self.seconds:g} s{where};"
                               " refused")


def read_document(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES,
                  budget: Budget | None = None) -> Document:
    """The report as blocks and as normalised text (LF line endings)."""
    path = Path(path)
    suffix = _check(path, max_bytes)
    budget = budget or Budget(str(path))
    try:
        if suffix == ".docx":
            from tracker.reports.docx import read_docx

            document = read_docx(path, max_bytes)
            budget.spend(len(document.text))
        elif suffix == ".pdf":
            from tracker.reports.pdf import read_pdf

            document = read_pdf(path, budget)
        else:
            text = normalise_newlines(decode_text(path.read_bytes(), str(path)))
            document = Document(text, text_blocks(text))
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot read ({exc.strerror})") from None
    if not document.text.strip():
        if suffix == ".pdf":
            raise InvalidInput(f"{path}: scanned PDF? no text found")
        raise InvalidInput(f"{path}: no text found")
    return document


def read_report(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The report's normalised text with LF line endings."""
    return read_document(path, max_bytes).text
