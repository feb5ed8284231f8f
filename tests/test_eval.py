"""The evaluation corpus (tests/eval/): valid gold labels, built files that really have the
structure their specs describe, and extraction figures that do not fall below their floors."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.eval.build import CORPUS_DIR, build_file, list_items, typed_marker
from tests.eval.score import GOLD_DIR, evaluate, normalise

# What the extractor reaches on r01-r48, the reports it was tuned on, rounded down a little
# (with the structured readers of issue 10: 100% recall, 100% precision, 99.6% deadlines, 99.2%
# flags; before them 39.2%, 82.9%, 68.6%, 80.4%). Raise them as the extraction improves; never
# lower them to make a change pass. r49-r64 came later, by another hand, to estimate how it does
# on reports it was not tuned on (half of them "blind"), and r65-r80 (all blind) by a third hand,
# r81-r90 (dev) were written for round 2 before the extractor was run on them;
# they have no floor yet.
TUNED_ON = {f"r{number:02d}" for number in range(1, 49)}
RECALL_FLOOR = 0.99
PRECISION_FLOOR = 0.99
DEADLINES_FLOOR = 0.985
FLAGS_FLOOR = 0.985

TODAY = date(2026, 11, 25)  # the day score.py freezes
DUE_DAYS = 42
GOLD_FILES = sorted(GOLD_DIR.glob("*.json"))
SPECS = sorted(CORPUS_DIR.glob("*.json"))
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_corpus_scores_stay_above_the_floors(tmp_path):
    overall = evaluate(build_dir=tmp_path, ids=TUNED_ON).groups["all"]
    assert overall.gold > 0
    figures = {"recall": (overall.recall, RECALL_FLOOR),
               "precision": (overall.precision, PRECISION_FLOOR),
               "deadlines": (overall.deadlines, DEADLINES_FLOOR),
               "flags": (overall.flags, FLAGS_FLOOR)}
    below = {name: f"{value:.3f} < {floor}" for name, (value, floor) in figures.items()
             if value is None or value < floor}
    assert not below, f"below the floor (run `make eval ARGS=--verbose`): {below}"


def test_scoring_matches_one_to_one_and_counts_misses():
    from tests.eval.score import score_report

    gold = {"file": "x.txt", "agreements": [
        {"text": "Het team Wonen organiseert een terugkoppeling.", "due": "2025-04-17",
         "due_source": "default", "done": False, "outside": False},
        {"text": "De notitie is verstuurd naar de directie.", "due": None,
         "due_source": None, "done": True, "outside": False}]}
    predicted = [
        {"text": "Het team Wonen organiseert een terugkoppeling", "due_date": "2025-04-17",
         "due_source": "default", "status": "open", "source": "followup", "line": 3},
        {"text": "Ja:", "due_date": None, "due_source": None, "status": "open",
         "source": "followup", "line": 2}]
    misses: list[str] = []
    figures = score_report(gold, predicted, misses)
    assert (figures.gold, figures.predicted, figures.matched, figures.due_right,
            figures.flags_right) == (2, 2, 1, 1, 1)
    assert [m.split(":")[1].strip() for m in misses] == ["missed", "not an agreement (line 2)"]


def test_blind_reports_are_scored_but_their_misses_only_counted(tmp_path):
    corpus, gold_dir = tmp_path / "corpus", tmp_path / "gold"
    corpus.mkdir()
    gold_dir.mkdir()
    (corpus / "r90-x.txt").write_text(
        "VERSLAG BUITENLANDSE DIENSTREIS\nHOELANG DUURDE DE REIS?\nVan 3 t/m 5 oktober 2025\n"
        "ZIJN ER VERVOLGAFSPRAKEN? ZO JA, WELKE?\n- Het team Wonen stuurt de notitie op 1 december"
        ".\n- De wethouder bezoekt Lyon.\n", encoding="utf-8")
    agreement = {"text": "Het team Wonen stuurt de notitie op 1 december.", "due": "2025-12-02",
                 "due_source": "explicit", "done": False, "outside": False}
    for split in ("blind", "dev"):
        gold = {"file": "r90-x.txt", "language": "nl", "split": split, "trip_start": "2025-10-03",
                "trip_end": "2025-10-05", "agreements": [agreement], "notes": ""}
        (gold_dir / "r90-x.json").write_text(json.dumps(gold), encoding="utf-8")
        result = evaluate(corpus, gold_dir, build_dir=tmp_path / "built")
        assert result.groups[f"split {split}"].gold == 1
        if split == "blind":  # a wrong deadline and an extra prediction, counted, not shown
            assert result.misses == []
            assert result.blind_misses == {"wrong deadline": 1, "extra prediction": 1}
        else:
            assert len(result.misses) == 2 and not result.blind_misses


def test_every_corpus_file_has_gold_and_every_gold_file_its_report():
    ids = {path.name.split(".")[0] for path in CORPUS_DIR.iterdir()}
    assert ids == {path.stem for path in GOLD_FILES}


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.stem)
def test_gold_file_is_valid(gold_path: Path):
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    assert set(gold) == {"file", "language", "split", "trip_start", "trip_end", "agreements",
                         "notes"}
    assert re.fullmatch(r"r\d{2,3}-[a-z0-9-]+", gold_path.stem)
    assert gold["file"].split(".")[0] == gold_path.stem
    assert gold["file"].rsplit(".", 1)[1] in ("txt", "md", "docx", "pdf")
    assert (CORPUS_DIR / gold["file"]).exists() or (CORPUS_DIR / f"{gold['file']}.json").exists()
    assert gold["language"] in ("nl", "en")
    assert gold["split"] in ("dev", "holdout", "blind", "shift")
    trip_end = _date(gold["trip_end"])
    assert (gold["trip_start"] is None) == (trip_end is None)
    assert trip_end is None or _date(gold["trip_start"]) <= trip_end
    default_due = (trip_end or TODAY) + timedelta(days=DUE_DAYS)
    for agreement in gold["agreements"]:
        assert set(agreement) - {"why"} == {"text", "due", "due_source", "done", "outside"}
        assert agreement["text"].strip() and isinstance(agreement["done"], bool)
        assert isinstance(agreement["outside"], bool)
        assert agreement["due_source"] in ("explicit", "event", "relative", "default", None)
        assert (agreement["due"] is None) == (agreement["due_source"] is None)
        if agreement["due_source"] == "default":
            assert _date(agreement["due"]) == default_due, agreement["text"]
        else:
            _date(agreement["due"])  # parses


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.stem)
def test_gold_agreements_are_cut_from_their_report(gold_path: Path):
    """Every word of a gold agreement occurs in the report (catches typos in the gold)."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    source = CORPUS_DIR / gold["file"]
    if source.suffix in (".docx", ".pdf") and source.exists():  # made by LibreOffice, committed
        text = _binary_text(source)
    elif source.exists():
        text = source.read_text(encoding="utf-8")
    else:
        spec = json.loads((CORPUS_DIR / f"{gold['file']}.json").read_text(encoding="utf-8"))
        text = _spec_text(spec["blocks"])
    # A word split at a line end may be one word ('propo-/sal') or a compound ('Noord-/Europese').
    words = set(normalise(re.sub(r"(\w)-\n(\w)", r"\1\2", text)).split())
    words |= set(normalise(text).split())
    for agreement in gold["agreements"]:
        assert set(normalise(agreement["text"]).split()) <= words, agreement["text"]


def _binary_text(path: Path) -> str:
    """The text of a committed .docx (paragraphs and table cells) or .pdf (pypdf)."""
    if path.suffix == ".docx":
        from docx import Document

        document = Document(str(path))
        return "\n".join([p.text for p in document.paragraphs] + [
            p.text for table in document.tables for row in table.rows for cell in row.cells
            for p in cell.paragraphs])
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


BINARIES = sorted(p for p in CORPUS_DIR.iterdir() if p.suffix in (".docx", ".pdf"))


@pytest.mark.parametrize("path", BINARIES, ids=lambda p: p.name)
def test_committed_binary_report_is_a_small_real_file(path: Path):
    """Reports made by LibreOffice are committed (CI has none): Word or PDF files that open,
    have text, and stay small."""
    assert path.stat().st_size < 100_000
    assert len(_binary_text(path).split()) > 100


def _date(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


@pytest.mark.parametrize("spec_path", [p for p in SPECS if ".docx." in p.name],
                         ids=lambda p: p.name)
def test_built_docx_has_the_word_structure(spec_path: Path, tmp_path):
    from docx import Document

    spec = json.loads(spec_path.read_text(encoding="utf-8"))
    document = Document(str(build_file(spec_path, tmp_path / "r.docx")))
    paragraphs = _docx_paragraphs(document)
    for block in _all_blocks(spec["blocks"]):
        if block["type"] == "heading":
            paragraph = paragraphs[block["text"]]
            style = block.get("style", "Heading 2")
            if style == "bold":
                assert all(run.bold for run in paragraph.runs if run.text.strip())
            else:
                assert paragraph.style.name == style
        elif block["type"] == "list":
            how = block.get("word", "numpr")
            for level, index, owner, text in list_items(block):
                if how == "typed":
                    assert f"{typed_marker(owner, index)}\t{text}" in paragraphs
                    continue
                paragraph = paragraphs[text]
                if how == "style":
                    assert paragraph.style.name.startswith(
                        "List Number" if owner.get("ordered") else "List Bullet")
                else:
                    num_pr = paragraph._p.pPr.numPr
                    assert num_pr is not None and num_pr.ilvl.val == level
    tables = [b for b in spec["blocks"] if b["type"] in ("table", "qa_table")]
    assert len(document.tables) == len(tables)
    for block, table in zip(tables, document.tables, strict=True):
        assert len(table.rows) == len(block["rows"])
        assert table.rows[0].cells[0].text.strip() == block["rows"][0][0].strip()
    footer = spec.get("options", {}).get("footer")
    if footer and "{page}" in footer:
        xml = document.sections[0].footer._element.xml
        assert 'w:instr="PAGE"' in xml


def _docx_paragraphs(document) -> dict:
    """Every paragraph by its text, table cells included."""
    found = {p.text: p for p in document.paragraphs}
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                found.update({p.text: p for p in cell.paragraphs})
    return found


def _all_blocks(blocks: list[dict]):
    """Blocks, and the blocks inside qa_table answer cells."""
    for block in blocks:
        yield block
        if block["type"] == "qa_table":
            for row in block["rows"]:
                for cell in row:
                    if isinstance(cell, list):
                        yield from _all_blocks(cell)


@pytest.mark.parametrize("spec_path", [p for p in SPECS if ".pdf." in p.name],
                         ids=lambda p: p.name)
def test_built_pdf_has_the_layout(spec_path: Path, tmp_path):
    from pypdf import PdfReader

    spec = json.loads(spec_path.read_text(encoding="utf-8"))
    options = spec.get("options", {})
    pages = PdfReader(str(build_file(spec_path, tmp_path / "r.pdf"))).pages
    bodies = []
    for number, page in enumerate(pages, start=1):
        text = page.extract_text()
        for key in ("header", "footer"):
            if options.get(key):
                line = options[key].format(page=number, pages=len(pages))
                assert line in text
                text = text.replace(line, "")
        bodies.append(text.strip())
    whole = "\n".join(bodies)
    # Every word of the spec is in the PDF, once the words split at line ends are joined.
    joined = set(normalise(re.sub(r"(\w)-\n(\w)", r"\1\2", whole)).split())
    assert set(normalise(_spec_text(spec["blocks"])).split()) <= joined
    if options.get("hyphenate"):
        assert re.search(r"[a-zà-ÿ]-\n[a-zà-ÿ]", whole)
    if options.get("columns", 1) == 2:
        starts = _line_starts(pages[0])
        middle = float(pages[0].mediabox.width) / 2
        assert any(x < middle for x in starts) and any(x > middle for x in starts)


def _spec_text(blocks: list[dict]) -> str:
    parts = []
    for block in blocks:
        if block["type"] == "list":
            parts += [text for *_, text in list_items(block)]
        elif block["type"] in ("table", "qa_table"):
            parts += [cell if isinstance(cell, str) else _spec_text(cell)
                      for row in block["rows"] for cell in row]
        elif "text" in block:
            parts.append(block["text"])
    return "\n".join(parts)


def _line_starts(page) -> list[float]:
    starts: list[float] = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            starts.append(tm[4] * cm[0] + cm[4])

    page.extract_text(visitor_text=visit)
    return starts
