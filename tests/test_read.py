from __future__ import annotations

import codecs

import pytest

from tests.reportfiles import write_blank_pdf, write_docx, write_pdf
from tracker.errors import InvalidInput
from tracker.reports.read import read_report

TEXT = "VERSLAG BUITENLANDSE DIENSTREIS\nZIJN ER VERVOLGAFSPRAKEN? ZO JA, WELKE?\nContinuïteit €5\n"


@pytest.mark.parametrize("encode", [
    lambda t: t.encode("utf-8"),
    lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
    lambda t: t.encode("utf-16"),  # with BOM
    lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
    lambda t: t.encode("cp1252"),
    lambda t: t.replace("\n", "\r\n").encode("utf-8"),
    lambda t: t.replace("\n", "\r").encode("cp1252"),
], ids=["utf8", "utf8-bom", "utf16", "utf16-be", "cp1252", "crlf", "cr-cp1252"])
def test_text_encodings_and_line_endings(tmp_path, encode):
    path = tmp_path / "report.txt"
    path.write_bytes(encode(TEXT))
    assert read_report(path) == TEXT


def test_undefined_cp1252_bytes_do_not_crash(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes(b"caf\xe9 \x81 ok\n")
    assert read_report(path) == "café \ufffd ok\n"


def test_docx_and_pdf(tmp_path):
    docx = write_docx(tmp_path / "r.docx", TEXT.strip())
    assert [line for line in read_report(docx).split("\n") if line] == TEXT.strip().split("\n")
    pdf = write_pdf(tmp_path / "r.pdf", TEXT.strip())
    text = read_report(pdf)
    assert "ZIJN ER VERVOLGAFSPRAKEN? ZO JA, WELKE?" in text
    assert "Continuïteit €5" in text


@pytest.mark.parametrize("name, content, message", [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\n", "no text found"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10, "binary file, not a text report"),
    ("report.xlsx", b"PK\x03\x04", "unsupported file type '.xlsx'"),
    ("report", b"text", "unsupported file type '(none)'"),
    ("broken.pdf", b"%PDF-1.4 garbage", "not a valid PDF"),
    ("broken.docx", b"not a zip", "not a valid .docx file"),
])
def test_bad_files(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InvalidInput) as info:
        read_report(path)
    assert str(info.value).startswith(f"{path}: ")
    assert message in str(info.value)


def test_scanned_pdf(tmp_path):
    path = write_blank_pdf(tmp_path / "scan.pdf")
    with pytest.raises(InvalidInput, match=r"scan.pdf: scanned PDF\? no text found"):
        read_report(path)


def test_missing_and_too_large(tmp_path):
    with pytest.raises(InvalidInput, match="nope.txt: no such file"):
        read_report(tmp_path / "nope.txt")
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 2_000_000)
    with pytest.raises(InvalidInput, match=r"big.txt: file is 1.9 MB, larger than the 1 MB limit"):
        read_report(big, max_bytes=1024 * 1024)


def test_unreadable_path(tmp_path):
    (tmp_path / "file.txt").write_text(TEXT)
    with pytest.raises(InvalidInput, match=r"file.txt/report.txt: cannot read \(Not a directory\)"):
        read_report(tmp_path / "file.txt" / "report.txt")
