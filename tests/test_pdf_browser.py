"""PDFs as a browser prints them (Chromium's --print-to-pdf; tests/eval split "shift"), drawn
here with reportlab: list bullets drawn as shapes, justified lines with wide spaces, the
browser's own header and footer, a bold list item wrapped over two lines."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from tests.reportfiles import _fonts
from tracker.reports.blocks import HEADING, ITEM, ROW
from tracker.reports.pdf import _STAMP_OR_URL, read_pdf

WIDTH, HEIGHT = A4
LEFT, RIGHT = 60, 535


def _pdf(path: Path, rows: list[tuple]) -> Path:
    """rows: (y, x, text, bold[, size]) strings, or ("dot"|"circle"|"square", x, y) shapes."""
    font, bold_font = _fonts()
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for row in rows:
        if row[0] in ("dot", "circle", "square"):
            kind, x, y = row
            if kind == "square":
                pdf.rect(x, y, 3, 3, stroke=0, fill=1)
            else:
                pdf.circle(x + 1.5, y + 1.5, 1.5, stroke=1, fill=int(kind == "dot"))
            continue
        y, x, text, bold, *size = row
        pdf.setFont(bold_font if bold else font, size[0] if size else 10.5)
        pdf.drawString(x, y, text)
    pdf.save()
    return path


def _justified(y: float, words: list[str], bold: bool = False, size: float = 10.5) -> list[tuple]:
    """A line spread from LEFT to RIGHT, its spaces widened as text-align: justify does."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    font = _fonts()[1 if bold else 0]
    widths = [stringWidth(w, font, size) for w in words]
    space = (RIGHT - LEFT - sum(widths)) / (len(words) - 1)
    x, out = LEFT, []
    for word, width in zip(words, widths, strict=True):
        out.append((y, x, word, bold, size))
        x += width + space
    return out


TEMPLATE = [(780, LEFT, "Verslag dienstreis", True, 16),
            (750, LEFT, "HOELANG DUURDE DE REIS?", True, 13),
            (730, LEFT, "Van 4 t/m 6 maart 2025.", False)]


def test_bullets_drawn_as_shapes_are_list_items(tmp_path):
    """Chromium draws a disc, a circle and a square as paths: no glyph in the text layer."""
    rows = TEMPLATE + [(700, LEFT, "ZIJN ER VERVOLGAFSPRAKEN? ZO JA, WELKE?", True, 13),
                       (680, 80, "De adviseur stuurt de notitie naar Lyon.", False),
                       ("dot", 70, 682),
                       (665, 100, "Gent deelt de cijfers voor 1 april.", False),
                       ("circle", 90, 667),
                       (650, 80, "Over een bezoek is nog niets besloten.", False),
                       ("square", 70, 652)]
    blocks = read_pdf(_pdf(tmp_path / "r.pdf", rows)).blocks
    items = [(b.marker, b.level, b.text) for b in blocks if b.kind == ITEM]
    assert items == [("•", 0, "De adviseur stuurt de notitie naar Lyon."),
                     ("◦", 1, "Gent deelt de cijfers voor 1 april."),
                     ("▪", 0, "Over een bezoek is nog niets besloten.")]


def test_a_shape_inside_a_line_is_no_bullet(tmp_path):
    rows = TEMPLATE + [(700, LEFT, "Tekst met een", False), ("dot", 130, 702),
                       (700, 140, "punt erin.", False)]
    assert "•" not in read_pdf(_pdf(tmp_path / "r.pdf", rows)).text


def test_a_justified_lines_wide_space_is_no_column_gutter(tmp_path):
    rows = TEMPLATE + _justified(700, ["ZIJN", "ER"], bold=True) + \
        _justified(686, ["VERVOLGAFSPRAKEN?", "ZO", "JA,", "WELKE?", "EN", "WAT", "IS", "ER",
                         "VERDER", "NOG", "MET", "DE", "STAD", "AFGESPROKEN"], bold=True)
    text = read_pdf(_pdf(tmp_path / "r.pdf", rows)).text
    assert "ZIJN ER VERVOLGAFSPRAKEN?" in text


def test_a_justified_line_over_a_short_last_line_stays_one(tmp_path):
    """The first line of a justified heading, its last line short: no flush neighbour, but no
    text of a nearby row starts where "er" starts, so no column starts there."""
    rows = TEMPLATE + _justified(700, ["Zijn", "er"], bold=True, size=16) + \
        [(678, LEFT, "vervolgafspraken?", True, 16)]
    assert "Zijn er vervolgafspraken?" in read_pdf(_pdf(tmp_path / "r.pdf", rows)).text


def test_two_columns_are_still_cut_at_the_gutter(tmp_path):
    left = ["De eerste kolom loopt hier", "en gaat verder op deze regel", "tot het eind."]
    right = ["De tweede kolom staat", "rechts ervan, op eigen", "regels naast de eerste."]
    rows = TEMPLATE + [(700 - 13 * i, LEFT, t, False) for i, t in enumerate(left)] + \
        [(700 - 13 * i, 320, t, False) for i, t in enumerate(right)]
    text = read_pdf(_pdf(tmp_path / "r.pdf", rows)).text
    assert "De eerste kolom loopt hier en gaat verder op deze regel tot het eind." in text
    assert "De tweede kolom staat rechts ervan, op eigen regels naast de eerste." in text


def test_a_browsers_header_and_footer_go_also_on_one_page(tmp_path):
    """Chromium's default: date and time + title at the top, file URL + "1/1" at the bottom."""
    rows = [(HEIGHT - 24, 24, "11/25/26, 11:30 PM", False, 8),
            (HEIGHT - 24, 280, "Verslag dienstreis Lyon", False, 8),
            (15, 24, "file:///home/beleid/verslag-lyon.html", False, 8),
            (15, 570, "1/1", False, 8)] + TEMPLATE
    text = read_pdf(_pdf(tmp_path / "r.pdf", rows)).text
    assert text.startswith("Verslag dienstreis\n")
    for noise in ("PM", "Lyon", "file:", "1/1"):
        assert noise not in text


def test_a_bold_item_wrapped_over_two_lines_is_one_item(tmp_path):
    rows = TEMPLATE + [(700, LEFT, "ZIJN ER VERVOLGAFSPRAKEN? ZO JA, WELKE?", True, 13),
                       ("dot", 70, 682), (680, 80, "Klimaatadaptatie in de openbare", True),
                       (667, 80, "ruimte:", True),
                       ("circle", 90, 652), (650, 100, "De adviseur stuurt de kaart.", False)]
    blocks = read_pdf(_pdf(tmp_path / "r.pdf", rows)).blocks
    assert [(b.kind, b.text) for b in blocks[-3:]] == [
        (HEADING, "ZIJN ER VERVOLGAFSPRAKEN? ZO JA, WELKE?"),
        (ITEM, "Klimaatadaptatie in de openbare ruimte:"),
        (ITEM, "De adviseur stuurt de kaart.")]


def test_the_stamp_and_url_pattern_is_linear():
    import time

    start = time.perf_counter()
    for text in ("11/25/26, 11:30 " * 60_000, "1" * 1_000_000, "https://" + "a" * 1_000_000 + " "):
        _STAMP_OR_URL.fullmatch(text)
    assert time.perf_counter() - start < 2


def test_soft_hyphens_drawn_by_chromium(tmp_path):
    """A committed Chromium print (chromium-soft-hyphens.html, justified, &shy; in long words):
    an unbroken soft hyphen is a space without advance, a broken one U+2010 at the line end."""
    fixture = Path(__file__).parent / "fixtures" / "pdf" / "chromium-soft-hyphens.pdf"
    items = [b.text for b in read_pdf(fixture).blocks if b.kind == ITEM]
    assert items == ["De beleidsadviseur stuurt de bereikbaarheidsanalyse van de binnenstad "
                     "uiterlijk 15 december naar de verkeerskundigen van de stadsregio en de "
                     "ondernemersvereniging."]


def test_a_space_without_advance_is_dropped_a_real_space_kept(tmp_path):
    font = _fonts()[0]
    path = tmp_path / "r.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setFont(font, 10.5)
    pdf.drawString(LEFT, 700, "De beleids")
    x = LEFT + pdf.stringWidth("De beleids", font, 10.5)
    pdf.drawString(x, 700, " ")  # drawn, then the next word over it: no advance
    pdf.drawString(x, 700, "adviseur stuurt de notitie.")
    pdf.save()
    assert "De beleidsadviseur stuurt de notitie." in read_pdf(path).text


def test_a_browsers_table_is_read_row_by_row():
    """A committed Chromium print of a follow-up table (chromium-followup-table.html): its
    columns are cells of one row, not a second text column read after the page."""
    fixture = Path(__file__).parent / "fixtures" / "pdf" / "chromium-followup-table.pdf"
    rows = [b for b in read_pdf(fixture).blocks if b.kind == ROW]
    assert [b.cells for b in rows] == [
        ("Afspraak", "Wie", "Wanneer"),
        ("De beleidsadviseur stuurt de notitie over walstroom naar de havenmeester van "
         "Antwerpen, met de cijfers van 2025.", "Beleidsadviseur Energie", "15 december 2025"),
        ("Gent deelt de resultaten van de proef met de waterstofboot.", "Stad Gent", "Q1 2026"),
        ("Het verslag is verstuurd aan de wethouder.", "Team Haven", "gedaan")]
    assert all(b.header == ("Afspraak", "Wie", "Wanneer") for b in rows)
    assert read_pdf(fixture).text.rstrip().endswith("Overig\n\nGeen.")


def test_rows_of_two_segments_without_row_gaps_are_no_table(tmp_path):
    """Columns of prose on shared baselines, evenly spaced: no wider gap marks a table row."""
    rows = TEMPLATE + [(700 - 13 * i, x, f"regel {i} van de kolom op {x}", False)
                       for i in range(5) for x in (LEFT, 320)]
    assert ROW not in {b.kind for b in read_pdf(_pdf(tmp_path / "r.pdf", rows)).blocks}


def test_a_ruled_table_is_cut_by_its_borders():
    """A committed LibreOffice Writer print (libreoffice-ruled-tables.html; tests/eval
    make-loshift.sh): cells close together and rows spaced like wrapped lines are cut by the
    drawn cell borders; the template as a question | answer table gives headings and answers."""
    fixture = Path(__file__).parent / "fixtures" / "pdf" / "libreoffice-ruled-tables.pdf"
    blocks = read_pdf(fixture).blocks
    rows = [b for b in blocks if b.kind == ROW]
    assert [b.cells for b in rows] == [
        ("Afspraak", "Trekker", "Deadline"),
        ("Notitie voor het college over de lessen van de Hochbahn met waterstofbussen",
         "Adviseur Mobiliteit", "eind september"),
        ("Verkenning van een gezamenlijke aanvraag bij het Clean Hydrogen Partnership",
         "Senior beleidsadviseur Energie", "Q4 2026")]
    assert all(b.header == ("Afspraak", "Trekker", "Deadline") for b in rows)
    assert [(b.kind, b.text) for b in blocks[1:6]] == [
        (HEADING, "Wat was het doel van de reis?"),
        ("paragraph", "Kennis delen over waterstof in de haven."),
        (HEADING, "Wie heb je ontmoet? (benoem de functieomschrijving)"),
        (ITEM, "De directeur van Hamburg Energie"), (ITEM, "Twee adviseurs van de Hochbahn")]


def test_a_ruled_row_broken_over_a_page_is_one_row():
    """Writer lets a table row break over a page: its rest at the top of the next page, the
    cells filled on the first page left empty, goes on with that row."""
    from tracker.reports.pdf import Line, _add_table

    def row(page: int, *cells: str) -> Line:
        return Line(page, 700, 60, 500, 10, False, " | ".join(cells), [], cells)

    ordered = [row(0, "Send the figures to the OECD Centre for Entrepreneurship,", "Housing",
                   "30 April")]
    _add_table(ordered, [row(1, "SMEs, Regions and Cities", "", ""), row(1, "Next", "IA", "")])
    assert [line.cells for line in ordered] == [
        ("Send the figures to the OECD Centre for Entrepreneurship, SMEs, Regions and Cities",
         "Housing", "30 April"), ("Next", "IA", "")]
    done = [row(0, "The report was sent.", "Housing", "done")]
    _add_table(done, [row(1, "A new row", "", "")])  # the row before had ended: a new row
    assert len(done) == 2


def test_the_rest_of_a_template_table_on_the_next_page_is_its_answer():
    """A question | answer table's rest on the next page, the question cell empty, is the
    answer's lines, not a table row."""
    from tracker.reports.pdf import Run, _ruled_tables

    runs = [Run(c, 300 + 6 * i, 306 + 6 * i, 700, 10, False) for i, c in enumerate("• Note")]
    rules = [(60, 680, 60, 720), (250, 680, 250, 720), (500, 680, 500, 720),
             (60, 720, 500, 720), (60, 680, 500, 680)]
    rest, tables = _ruled_tables(runs, rules, 1)
    assert rest == [] and [(line.text, line.cells) for line in tables[0]] == [("• Note", ())]


def test_pasted_page_number_and_running_title_in_the_body_go(tmp_path):
    """Text pasted from a PDF into a page that was printed again: "Page 2 of 3" and the running
    title (standing as a line of its own at the top) on one body line are furniture; a body
    line that starts with "Pagina 2 van 3" but goes on with other text stays."""
    rows = [(800, LEFT, "Trip report Aberdeen | Port and offshore energy", False),
            *TEMPLATE[1:],
            (700, LEFT, "Page 2 of 3 Trip report Aberdeen | Port and offshore energy", False),
            (680, LEFT, "Pagina 2 van 3 van het programma ging over walstroom.", False)]
    text = read_pdf(_pdf(tmp_path / "p.pdf", rows)).text
    assert "Page 2 of 3" not in text and "Pagina 2 van 3 van het programma" in text


def test_symbol_font_bullets_start_list_items():
    """A committed LibreOffice Writer print (libreoffice-symbol-bullets.html): its circle and
    square bullets are OpenSymbol private-use glyphs, each a list item of its own."""
    fixture = Path(__file__).parent / "fixtures" / "pdf" / "libreoffice-symbol-bullets.pdf"
    items = [(b.marker, b.text) for b in read_pdf(fixture).blocks if b.kind == ITEM]
    assert items == [("•", "Antwerpen stuurt de tariefstructuur voor walstroom."),
                     ("•", "Gent deelt de resultaten van de proef.")]
