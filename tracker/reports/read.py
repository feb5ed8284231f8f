"""File -> text: encoding detection, PDF and DOCX text, line endings normalised to LF.

Every failure is an InvalidInput that names the file.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from tracker.errors import InvalidInput

TEXT_SUFFIXES = {".txt", ".md", ".text"}
SUFFIXES = TEXT_SUFFIXES | {".docx", ".pdf"}
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
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


def _docx_text(path: Path) -> str:
    import zipfile

    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError, PackageNotFoundError) as exc:
        raise InvalidInput(f"{path}: not a valid .docx file ({type(exc).__name__})") from None
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(lines)


def _pdf_text(path: Path) -> str:
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings are not the user's problem
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            raise InvalidInput(f"{path}: encrypted PDF, cannot read its text")
        pages = [page.extract_text() or "" for page in reader.pages]
    except InvalidInput:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise InvalidInput(f"{path}: not a valid PDF ({type(exc).__name__})") from None
    return "\n".join(pages)


def read_report(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The report's text with LF line endings."""
    path = Path(path)
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
    try:
        if suffix == ".docx":
            text = _docx_text(path)
        elif suffix == ".pdf":
            text = _pdf_text(path)
        else:
            text = decode_text(path.read_bytes(), str(path))
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot read ({exc.strerror})") from None
    text = normalise_newlines(text)
    if not text.strip():
        if suffix == ".pdf":
            raise InvalidInput(f"{path}: scanned PDF? no text found")
        raise InvalidInput(f"{path}: no text found")
    return text
