"""Hostile and broken input: every pattern over report text stays linear (1 MB of adversarial
text per family goes through read, parse and extract), and every broken file is one
InvalidInput line that names it."""

from __future__ import annotations

import shutil
import zipfile
from datetime import date

import pytest

from tests.reportfiles import write_docx, write_pdf
from tracker.errors import InvalidInput
from tracker.reports import read
from tracker.reports.extract import extract
from tracker.reports.parse import parse_report
from tracker.reports.read import read_document

TODAY = date(2026, 11, 25)
SIZE = 1_000_000

# Each family feeds a different group of patterns the input that makes a backtracking pattern
# quadratic: long runs of what a repetition accepts, ended by what makes the match fail.
FAMILIES = {
    "capitalised words (owner hints, titles)": "Aaa Bbb Ccc ",
    "capitalised lines": "Aaa Bbb Ccc Ddd\n",
    "one long word": None,
    "digits and dashes (numeric dates, ranges)": "1-",
    "dates without years": "1 maart 2 april 3 mei ",
    "month names": "maart ",
    "full stops (sentences)": ". ",
    "questions (inline headings)": "Zijn er vervolgafspraken? ",
    "colons (lead-ins, categories)": "Afspraak: x\n",
    "bullets": "- o - o - o\n",
    "nested items": "NESTED",
    "agreement cues": "is afgesproken dat ",
    "team names": "Het Team ",
    "hyphenated wraps": "samen-\n",
    "link brackets": "[](",
    "markdown emphasis": "**a ",
    "table pipes": "|",
    "spaces": "SPACES",
    "contact details (remarks)": "Contact a@b.c +1 1 ",
    "e-mail dots": "a@b.",
    "remark labels": "Ter info Contact ",
    "agreements announced": "een aantal zaken ",
    "browser stamps and URLs (PDF page furniture)": "11/25/26, 11:30 file:///a 1/",
}


def _body(pattern: str | None) -> str:
    if pattern is None:
        return "A" + "a" * SIZE
    if pattern == "NESTED":
        return "".join(" " * (i % 40) + "- a\n" for i in range(SIZE // 24))
    if pattern == "SPACES":
        return "in" + " " * SIZE + "maart"
    return pattern * (SIZE // len(pattern))


@pytest.mark.parametrize("family", list(FAMILIES))
def test_a_megabyte_of_adversarial_text_is_read_in_linear_time(family):
    text = "HOELANG DUURDE DE REIS?\n4 maart 2025\nZIJN ER VERVOLGAFSPRAKEN?\n" + \
        _body(FAMILIES[family]) + "\n"
    report = parse_report(text, "hostile.txt", TODAY)
    for agreement in extract(report, 42, TODAY):
        assert agreement.line >= 1


def _zip(path, members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(path, "w", compression) as package:
        for name, data in members.items():
            package.writestr(name, data)
    return path


def test_zip_bomb_docx_is_refused_before_parsing(tmp_path):
    path = _zip(tmp_path / "bomb.docx", {"word/document.xml": b"<" + b"a" * 60_000_000})
    with pytest.raises(InvalidInput) as info:
        read_document(path)
    message = str(info.value)
    assert message.startswith(f"{path}: .docx ")
    assert "refused (a zip bomb?)" in message and "\n" not in message


def test_highly_compressed_member_is_refused(tmp_path):
    path = _zip(tmp_path / "ratio.docx", {"word/document.xml": b"\x00" * 5_000_000})
    with pytest.raises(InvalidInput, match=r"ratio.docx: .docx member word/document.xml is"
                                           r" compressed \d+:1; refused"):
        read_document(path)


def test_docx_with_broken_xml(tmp_path):
    good = write_docx(tmp_path / "good.docx", "ZIJN ER VERVOLGAFSPRAKEN?\n- Een afspraak")
    with zipfile.ZipFile(good) as source:
        members = {name: source.read(name) for name in source.namelist()}
    members["word/document.xml"] = members["word/document.xml"][:200]
    path = _zip(tmp_path / "broken.docx", members)
    with pytest.raises(InvalidInput, match=r"broken.docx: not a valid .docx file"):
        read_document(path)


def test_zip_that_is_no_docx(tmp_path):
    path = _zip(tmp_path / "other.docx", {"hello.txt": b"hi"})
    with pytest.raises(InvalidInput, match=r"other.docx: not a valid .docx file"):
        read_document(path)


def test_encrypted_pdf(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "secret.pdf"
    pdf = canvas.Canvas(str(path), encrypt="geheim")
    pdf.drawString(100, 700, "ZIJN ER VERVOLGAFSPRAKEN?")
    pdf.save()
    with pytest.raises(InvalidInput, match=r"secret.pdf: encrypted PDF, cannot read its text"):
        read_document(path)


@pytest.mark.parametrize("cut", [0.3, 0.6, 0.9])
def test_truncated_pdf(tmp_path, cut):
    whole = write_pdf(tmp_path / "whole.pdf", "ZIJN ER VERVOLGAFSPRAKEN?\n- Een afspraak\n" * 40)
    data = whole.read_bytes()
    path = tmp_path / "truncated.pdf"
    path.write_bytes(data[: int(len(data) * cut)])
    try:
        document = read_document(path)
    except InvalidInput as exc:
        assert str(exc).startswith(f"{path}: ") and "\n" not in str(exc)
    else:  # the readable part of a cut file may still be read
        assert isinstance(document.text, str)


@pytest.mark.parametrize("data", [b"%PDF-1.7\n" + bytes(range(256)) * 40,
                                  b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\n"])
def test_garbage_pdf(tmp_path, data):
    path = tmp_path / "garbage.pdf"
    path.write_bytes(data)
    with pytest.raises(InvalidInput) as info:
        read_document(path)
    assert str(info.value).startswith(f"{path}: ") and "\n" not in str(info.value)


# --- per-file bounds beyond the size: characters of text, and time ---------------------------

def _pages(tmp_path, count: int):
    """A real PDF of `count` full pages, some 1,900 characters each."""
    return write_pdf(tmp_path / "lang.pdf", "\n".join(f"Regel {n:04d} van een lang verslag"
                                                      for n in range(62 * count)))


def test_a_pdf_with_more_text_than_a_report_is_refused_at_the_page_that_passes_it(
        tmp_path, monkeypatch):
    path = _pages(tmp_path, 3)
    monkeypatch.setattr(read, "MAX_TEXT_CHARS", 3_000)
    with pytest.raises(InvalidInput) as info:
        read_document(path)
    assert str(info.value) == (f"{path}: more than 3,000 characters of text by page 2;"
                               " refused (no report is that long)")
    monkeypatch.setattr(read, "MAX_TEXT_CHARS", 10_000)
    assert "Regel 0182 van een lang verslag" in read_document(path).text  # the last page


def test_a_docx_with_more_text_than_a_report_is_refused(tmp_path, monkeypatch):
    path = write_docx(tmp_path / "lang.docx", "Een regel tekst.\n" * 300)
    monkeypatch.setattr(read, "MAX_TEXT_CHARS", 4_000)
    with pytest.raises(InvalidInput) as info:
        read_document(path)
    assert str(info.value) == (f"{path}: more than 4,000 characters of text; refused (no"
                               " report is that long)")


def test_reading_a_file_has_a_time_limit(tmp_path, monkeypatch):
    path = _pages(tmp_path, 2)
    monkeypatch.setattr(read, "MAX_SECONDS", 0)  # any work passes it
    with pytest.raises(InvalidInput) as info:
        read_document(path)
    assert str(info.value) == f"{path}: reading took more than 0 s by page 1; refused"


def test_a_file_over_a_bound_fails_alone_in_a_batch(cli, config, seeds, tmp_path, monkeypatch):
    folder = tmp_path / "verslagen"
    folder.mkdir()
    big = write_docx(folder / "groot.docx", "Een regel tekst.\n" * 300)
    shutil.copy(seeds[1], folder / "verslag.txt")
    monkeypatch.setattr(read, "MAX_TEXT_CHARS", 4_000)
    result = cli("ingest", str(folder), ok=False)
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {big}: more than 4,000 characters of text; refused (no"
                             " report is that long)\n")
    assert result.stdout.endswith("1 report, 7 actions (0 already done, 7 to review), 0 already"
                                  " ingested, 1 failed\n")
