"""Which PDF library reads trip reports best? Measured on PDFs made here with reportlab, laid
out as word processors print them: several pages with a header and footer, two columns drawn
line by line across the page, hyphenated line ends, bullets with hanging indents.

    pip install pypdf pdfminer.six pdfplumber pypdfium2   # the candidates
    .venv/bin/python bench/pdf_libraries.py

For each library: time per page, and correctness = the share of the documents' paragraphs and
list items that come out as exactly one block with exactly their text (hard wraps and
hyphenation joined, nothing of the page furniture mixed in). Position-giving libraries feed
tracker's own layout reader (tracker/reports/pdf.py); text-only modes feed its plain-text
reader (tracker/reports/blocks.py), which is what a text extraction without positions allows.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.reportfiles import write_pdf_blocks  # noqa: E402
from tracker.reports.blocks import text_blocks  # noqa: E402
from tracker.reports.pdf import Run, document_from_pages, runs_pdfminer  # noqa: E402

PARAGRAPHS = [
    "Met de universiteit Stavanger wordt een Europese call van BAUHAUS verder bekeken om te zien"
    " of hier gezamenlijk in kan worden opgetrokken met de gemeente Helsingborg en Pontevedra.",
    "Aan de ontwikkelingen rondom veerkrachtige stedelijke ontwikkelingen in Den Haag wordt een"
    " aflevering van de podcast Urbanistica gewijd, die in het najaar wordt uitgezonden.",
    "De steden Pontevedra en Budapest nemen contact op met het Resilience team om te onderzoeken"
    " of zij samen kunnen optrekken bij de aanvraag van Europese fondsen op het snijvlak van"
    " bewonersparticipatie en stedelijke ontwikkeling.",
]
ITEMS = [
    "Het team Wonen stuurt uiterlijk 1 april de presentatie over de Haagse woonaanpak naar de"
    " collega's in Lyon, samen met de evaluatie van het programma.",
    "De beleidsadviseur onderzoekt of een gezamenlijke aanvraag voor het Urbact-programma"
    " haalbaar is en legt de uitkomst voor aan de directie Stedelijke Ontwikkeling.",
    "Er wordt in het derde kwartaal een terugkoppelbijeenkomst met de corporaties"
    " georganiseerd.",
]


def document(pages: int) -> dict:
    blocks = [{"type": "heading", "text": "VERSLAG BUITENLANDSE DIENSTREIS", "style": "Title"}]
    for n in range(pages * 2):
        blocks.append({"type": "heading", "text": f"ONDERDEEL {n + 1}", "style": "Heading 2"})
        blocks += [{"type": "paragraph", "text": p} for p in PARAGRAPHS]
        blocks.append({"type": "list", "items": ITEMS})
    return {"blocks": blocks}


CASES = {
    "multi-page, footer": {"footer": "Pagina {page} van {pages}", "header": "Verslag Lyon"},
    "two columns": {"columns": 2, "footer": "Pagina {page} van {pages}"},
    "hyphenated": {"hyphenate": True, "footer": "Pagina {page} van {pages}"},
    "two columns, hyphenated": {"columns": 2, "hyphenate": True, "font_size": 9},
}


# --- the candidates ---------------------------------------------------------------------------

def pages_pypdf(path: Path):
    """pypdf's visitor: a run per text operator at its start; the end estimated (0.5 em per
    character), since pypdf gives no widths."""
    from pypdf import PdfReader

    for page in PdfReader(str(path)).pages:
        runs: list[Run] = []

        def visit(text, cm, tm, font, size, runs=runs):
            if text.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                scale = abs(tm[3] * cm[3]) or 1
                name = str((font or {}).get("/BaseFont", ""))
                runs.append(Run(text.strip("\n"), x, x + 0.5 * size * scale * len(text),
                                round(y, 1), round(size * scale, 1), "Bold" in name))

        page.extract_text(visitor_text=visit)
        yield runs, float(page.mediabox.width), float(page.mediabox.height)


def pages_pypdfium2(path: Path):
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument(str(path))
    for page in pdf:
        text = page.get_textpage()
        runs = []
        for i in range(text.count_chars()):
            char = chr(raw.FPDFText_GetUnicode(text, i))
            if char in "\r\n":
                continue
            left, bottom, right, _ = text.get_charbox(i, loose=True)
            size = raw.FPDFText_GetFontSize(text, i)
            bold = raw.FPDFText_GetFontWeight(text, i) >= 600
            runs.append(Run(char, left, right, round(bottom, 1), round(size, 1), bold))
        width, height = page.get_size()
        yield runs, width, height


def pages_pdfplumber(path: Path):
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            runs = [Run(c["text"], c["x0"], c["x1"], round(page.height - c["bottom"], 1),
                        round(c["size"], 1), "Bold" in c["fontname"]) for c in page.chars]
            yield runs, page.width, page.height


def text_pypdf(path: Path, mode: str) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text(extraction_mode=mode) for page in
                     PdfReader(str(path)).pages)


def text_pdfminer(path: Path) -> str:
    from pdfminer.high_level import extract_text

    return extract_text(str(path))


LIBRARIES = {
    "pdfminer.six (chars + our layout)": lambda p: document_from_pages(runs_pdfminer(p)).blocks,
    "pypdfium2 (chars + our layout)": lambda p: document_from_pages(pages_pypdfium2(p)).blocks,
    "pdfplumber (chars + our layout)": lambda p: document_from_pages(pages_pdfplumber(p)).blocks,
    "pypdf visitor (runs + our layout)": lambda p: document_from_pages(pages_pypdf(p)).blocks,
    "pypdf plain text": lambda p: text_blocks(text_pypdf(p, "plain")),
    "pypdf layout text": lambda p: text_blocks(text_pypdf(p, "layout")),
    "pdfminer.six extract_text": lambda p: text_blocks(text_pdfminer(p)),
}
LICENCES = {"pdfminer.six": "MIT; pure Python (needs cryptography, charset-normalizer)",
            "pypdfium2": "Apache-2.0 / BSD-3 (PDFium: BSD-3); binary wheels",
            "pdfplumber": "MIT; pdfminer.six + pypdfium2 + Pillow",
            "pypdf": "BSD-3; pure Python, no dependencies"}


def correctness(blocks, expected: list[str]) -> float:
    """The share of expected paragraphs and items found as blocks with exactly their text."""
    texts = [" ".join(b.text.split()) for b in blocks]
    return sum(min(texts.count(e), expected.count(e)) for e in set(expected)) / len(expected)


def main() -> None:
    pages = 3
    expected_per_case = None
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        files = {}
        for name, options in CASES.items():
            spec = {**document(pages), "options": options}
            files[name] = write_pdf_blocks(Path(scratch) / f"{len(files)}.pdf", spec)
        expected_per_case = (PARAGRAPHS + ITEMS) * pages * 2
        from pdfminer.high_level import extract_pages

        page_counts = {name: sum(1 for _ in extract_pages(str(path)))
                       for name, path in files.items()}
        for library, read in LIBRARIES.items():
            scores, seconds, total_pages = [], 0.0, 0
            for name, path in files.items():
                started = time.perf_counter()
                try:
                    blocks = read(path)
                except ImportError:
                    blocks = None
                seconds += time.perf_counter() - started
                total_pages += page_counts[name]
                if blocks is None:
                    break
                scores.append(correctness(blocks, expected_per_case))
            if len(scores) < len(files):
                rows.append((library, None, None))
                continue
            rows.append((library, 1000 * seconds / total_pages, scores))
    print(f"{'library':36} {'ms/page':>8}  " + "  ".join(f"{c[:22]:>22}" for c in CASES))
    for library, ms, scores in rows:
        if ms is None:
            print(f"{library:36} not installed")
            continue
        print(f"{library:36} {ms:8.1f}  " + "  ".join(f"{100 * s:21.0f}%" for s in scores))
    print()
    for name, licence in LICENCES.items():
        print(f"{name:14} {licence}")


if __name__ == "__main__":
    main()
