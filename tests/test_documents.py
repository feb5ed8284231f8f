"""Real .docx and .pdf files, built by the tests, read for their structure: Word lists, heading
styles, tables in document order, the template as a table; PDF pages with footers, an item over
a page break, two columns, hyphenation."""

from __future__ import annotations

import copy
from datetime import date

import pytest

from tests.reportfiles import write_docx_blocks, write_pdf_blocks
from tracker.reports.blocks import HEADING, ITEM, ROW
from tracker.reports.extract import extract
from tracker.reports.parse import parse_report
from tracker.reports.pdf import runs_pdfminer
from tracker.reports.read import read_document

TODAY = date(2026, 11, 25)
FILLER = ("Tijdens het bezoek is uitgebreid gesproken over de aanpak van dakloosheid, de"
          " samenwerking tussen gemeente en woningcorporaties en de financiering van sociale"
          " huisvesting binnen het Europese cohesiebeleid. ")
LYON = "Het team Wonen stuurt uiterlijk 1 april de presentatie over de woonaanpak naar Lyon."
URBACT = ("De beleidsadviseur onderzoekt of een gezamenlijke aanvraag voor het"
          " Urbact-programma haalbaar is.")
SENT = "De presentatie voor de corporaties is vorige week verstuurd."
Q3 = ("Er wordt in Q3 een terugkoppelbijeenkomst met de corporaties georganiseerd, waarbij"
      " uitvoerig wordt stilgestaan bij de opbrengsten en bekeken wordt welke lessen voor Den"
      " Haag getrokken kunnen worden uit de ervaringen van Lyon met housing first.")


def spec(followup: list[dict], *, purpose_paragraphs: int = 2, heading_style="Heading 2",
         **options) -> dict:
    return {"options": {"footer": "Pagina {page} van {pages}", "header": "Verslag Lyon",
                        **options},
            "blocks": [
                {"type": "heading", "text": "VERSLAG BUITENLANDSE DIENSTREIS", "style": "Title"},
                {"type": "heading", "text": "HOELANG DUURDE DE REIS?", "style": heading_style},
                {"type": "paragraph", "text": "Van 4 t/m 6 maart 2025."},
                {"type": "heading", "text": "WAT WAS HET DOEL VAN DE REIS?",
                 "style": heading_style},
                *({"type": "paragraph", "text": FILLER * 5} for _ in range(purpose_paragraphs)),
                {"type": "heading", "text": "ZIJN ER VERVOLGAFSPRAKEN? ZO JA, WELKE?",
                 "style": heading_style},
                *followup]}


CATEGORY_LIST = [
    {"type": "paragraph", "text": "Ja, de volgende:"},
    {"type": "list", "items": [{"text": "Samenwerking met Lyon:", "items": [LYON, URBACT]},
                               SENT, Q3]},
]


def agreements(path):
    report = parse_report(read_document(path), str(path), TODAY)
    return report, extract(report, 42, TODAY)


def summary(found):
    return [(a.text, a.status, a.due_date) for a in found]


EXPECTED = [(LYON, "open", date(2025, 4, 1)), (URBACT, "open", date(2025, 4, 17)),
            (SENT, "done", date(2025, 4, 17)), (Q3, "open", date(2025, 9, 30))]


@pytest.mark.parametrize("style", ["Heading 2", "bold"])
def test_docx_word_lists_with_levels_and_heading_styles(tmp_path, style):
    path = write_docx_blocks(tmp_path / "r.docx", spec(CATEGORY_LIST, heading_style=style))
    document = read_document(path)
    items = [b for b in document.blocks if b.kind == ITEM]
    assert [(b.level, b.text[:20]) for b in items] == [
        (0, "Samenwerking met Lyo"), (1, LYON[:20]), (1, URBACT[:20]), (0, SENT[:20]),
        (0, Q3[:20])]
    assert "ZIJN ER VERVOLGAFSPRAKEN? ZO JA, WELKE?" in [
        b.text for b in document.blocks if b.kind == HEADING]
    report, found = agreements(path)
    assert report.trip_start == date(2025, 3, 4)
    assert summary(found) == EXPECTED
    # Line numbers point into the stored text.
    lines = report.text.split("\n")
    assert all(a.text[:30] in lines[a.line - 1] for a in found)


def test_docx_follow_up_table_in_document_order(tmp_path):
    table = {"type": "table", "header": True, "rows": [
        ["Afspraak", "Wie", "Wanneer"],
        ["Verslag delen met de directie", "Adviseur internationale zaken", "binnen twee weken"],
        ["Presentatie rondsturen", "Team Wonen", "Gereed"],
        ["Tegenbezoek van Lyon voorbereiden", "Team Wonen", "najaar 2025"]]}
    followup = [{"type": "paragraph", "text": "Zie de tabel:"}, table,
                {"type": "paragraph", "text": "Over de financiering is nog niets toegezegd."}]
    blocks = spec(followup)["blocks"]
    blocks.append({"type": "heading", "text": "Bijlage: programma", "style": "Heading 2"})
    blocks.append({"type": "paragraph", "text": "Dag 1: ontvangst op het stadhuis."})
    path = write_docx_blocks(tmp_path / "r.docx", {"options": {}, "blocks": blocks})
    document = read_document(path)
    kinds = [b.kind for b in document.blocks]
    assert kinds.index(ROW) < kinds.index(HEADING, kinds.index(ROW))  # the table in its place
    _, found = agreements(path)
    assert [(a.text, a.owner_hint, a.status, a.due_date, a.due_source) for a in found] == [
        ("Verslag delen met de directie", "Adviseur internationale zaken", "open",
         date(2025, 3, 20), "relative"),
        ("Presentatie rondsturen", "Team Wonen", "done", date(2025, 4, 17), "default"),
        ("Tegenbezoek van Lyon voorbereiden", "Team Wonen", "open", date(2025, 11, 30),
         "explicit")]


def test_docx_template_as_a_two_column_table(tmp_path):
    rows = [["HOELANG DUURDE DE REIS?", "Van 4 t/m 6 maart 2025."],
            ["WAT WAS HET DOEL VAN DE REIS?", FILLER],
            ["ZIJN ER VERVOLGAFSPRAKEN? ZO JA, WELKE?", f"1. {LYON}\n2. {SENT}"]]
    path = write_docx_blocks(tmp_path / "r.docx", {"options": {}, "blocks": [
        {"type": "heading", "text": "VERSLAG BUITENLANDSE DIENSTREIS", "style": "Title"},
        {"type": "qa_table", "rows": rows}]})
    report, found = agreements(path)
    assert report.trip_end == date(2025, 3, 6)
    assert summary(found) == [EXPECTED[0], EXPECTED[2]]
    assert all("|" not in a.text for a in found)


def test_english_report_with_short_headings(tmp_path):
    blocks = [
        {"type": "heading", "text": "Trip report", "style": "Title"},
        {"type": "heading", "text": "How long was the trip?", "style": "bold"},
        {"type": "paragraph", "text": "From 9 to 11 October 2025."},
        {"type": "heading", "text": "Follow-up", "style": "bold"},
        {"type": "list", "ordered": True, "items": [
            "The policy officer sends the Hague data to Bonn by mid-November.",
            "The slides of our session were shared with all participants.",
            "Nothing was agreed on a joint funding application."]}]
    path = write_docx_blocks(tmp_path / "r.docx", {"options": {}, "blocks": blocks})
    _, found = agreements(path)
    assert summary(found) == [
        ("The policy officer sends the Hague data to Bonn by mid-November.", "open",
         date(2025, 11, 15)),
        ("The slides of our session were shared with all participants.", "done",
         date(2025, 11, 22))]


@pytest.mark.parametrize("options", [
    {"columns": 1},
    {"columns": 1, "hyphenate": True},
    {"columns": 2},
    {"columns": 2, "hyphenate": True, "font_size": 9},
], ids=["plain", "hyphenated", "two-columns", "two-columns-hyphenated"])
def test_pdf_layouts(tmp_path, options):
    path = write_pdf_blocks(tmp_path / "r.pdf", spec(CATEGORY_LIST, purpose_paragraphs=4,
                                                     **options))
    report, found = agreements(path)
    assert "Pagina" not in report.text
    if "Pagina 2" in " ".join(r.text for runs, _, _ in runs_pdfminer(path) for r in runs):
        assert "Verslag Lyon" not in report.text  # a header repeated on every page
    assert report.trip_start == date(2025, 3, 4)
    assert summary(found) == EXPECTED


def test_pdf_item_continues_over_a_page_break(tmp_path):
    followup = [{"type": "list", "items": [LYON, Q3 + " " + FILLER * 3, SENT]}]
    for paragraphs in range(3, 14):  # until Q3's item is cut by the page end
        path = write_pdf_blocks(tmp_path / "r.pdf", spec(followup, purpose_paragraphs=paragraphs))
        pages = ["".join(r.text for r in runs) for runs, _, _ in runs_pdfminer(path)]
        start = next(i for i, page in enumerate(pages) if "Er wordt in Q3" in page)
        if SENT[:30] not in pages[start]:
            break
    else:
        pytest.fail("no layout put the item over a page break")
    document = read_document(path)
    _, found = agreements(path)
    assert [a.text for a in found] == [LYON, Q3 + " " + " ".join(FILLER.split() * 3), SENT]
    assert len(document.blocks) > 5


def test_pdf_paragraphs_without_blank_lines_stay_apart(tmp_path):
    paragraphs = [
        "Met de universiteit Stavanger wordt een Europese call van BAUHAUS verder bekeken om"
        " te zien of hier gezamenlijk in kan worden opgetrokken.",
        "Aan de ontwikkelingen rondom veerkrachtige stedelijke ontwikkelingen in Den Haag wordt"
        " een aflevering van de podcast Urbanistica gewijd.",
        "De steden Pontevedra en Budapest nemen contact op met het Resilience team om te"
        " onderzoeken of zij samen kunnen optrekken bij de aanvraag van Europese fondsen."]
    path = write_pdf_blocks(tmp_path / "r.pdf", spec(
        [{"type": "paragraph", "text": p} for p in paragraphs]))
    _, found = agreements(path)
    assert [a.text for a in found] == paragraphs
    assert found[2].owner_hint == "Resilience team"


def test_docx_and_pdf_of_one_report_agree(tmp_path):
    document = spec(copy.deepcopy(CATEGORY_LIST))
    docx = write_docx_blocks(tmp_path / "r.docx", document)
    pdf = write_pdf_blocks(tmp_path / "r.pdf", document)
    assert summary(agreements(docx)[1]) == summary(agreements(pdf)[1]) == EXPECTED
