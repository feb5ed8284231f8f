from __future__ import annotations

import json
import shutil

import pytest
from freezegun import freeze_time

from tests.reportfiles import write_docx, write_pdf
from tracker.core.database import Connection

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def frozen():
    with freeze_time("2026-11-23 10:00:00"):
        yield


def counts(config) -> dict[str, int]:
    conn = Connection(config.database.url)
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("reports", "actions", "events", "owners")}
    finally:
        conn.close()


def test_dry_run_json_stores_nothing(cli, config, seeds):
    result = cli("ingest", "--dry-run", "--format", "json", *map(str, seeds))
    document = json.loads(result.output)
    assert document["errors"] == []
    assert [len(r["actions"]) for r in document["reports"]] == [4, 7, 2, 2, 1]
    first = document["reports"][0]
    assert set(first) == {"file", "title", "trip_start", "trip_end", "persons", "actions"}
    assert (first["trip_start"], first["trip_end"], first["persons"]) == ("2024-06-18",
                                                                          "2024-06-21", 3)
    assert first["actions"][1] == {
        "text": "De volgende bijeenkomst van Placemaking Europe vindt plaats van 1-4 december in"
                " Helsinborg Zweden. Continuïteit in de aanwezigheid vanuit de gemeente Den Haag"
                " is gewenst.",
        "line": 47, "due_date": "2024-12-01", "due_source": "event", "status": "open",
        "source": "followup", "owner_hint": None}
    elsewhere = document["reports"][1]["actions"][-1]
    assert elsewhere["source"] == "elsewhere" and elsewhere["line"] == 97
    assert counts(config) == {"reports": 0, "actions": 0, "events": 0, "owners": 0}


def test_dry_run_text_shows_lines(cli, seeds):
    out = cli("ingest", "--dry-run", str(seeds[2])).output
    assert "would be a new report, 'International Social Housing Festival, Barcelona'" in out
    assert "line 41" in out and "[already done]" in out
    assert out.rstrip().endswith("Dry run, nothing stored: 1 report, 2 actions (1 already done),"
                                 " 0 already ingested, 0 failed")


def test_ingest_seeds_then_again_is_a_no_op(cli, config, seeds):
    out = cli("ingest", *map(str, seeds)).output
    assert out.rstrip().endswith("5 reports, 16 actions (1 already done, 11 to review),"
                                 " 0 already ingested, 0 failed")
    stored = counts(config)
    # 16 created events, 1 closed (the presentation), 1 assigned (Resilience team via [teams]).
    assert stored == {"reports": 5, "actions": 16, "events": 18, "owners": 1}
    out = cli("ingest", str(seeds[0].parent)).output
    assert "000_d7ab51555bbcc683.txt: already ingested as report #1" in out
    assert out.rstrip().endswith("0 reports, 0 actions (0 already done), 5 already ingested,"
                                 " 0 failed")
    assert counts(config) == stored


def test_same_content_in_other_encodings_is_the_same_report(cli, config, seeds, tmp_path):
    text = seeds[3].read_text(encoding="utf-8")  # 003 fits in Windows-1252 (000 has a č)
    cli("ingest", str(seeds[3]))
    variants = {"crlf.txt": text.replace("\n", "\r\n").encode("utf-8"),
                "cp1252.txt": text.encode("cp1252"),
                "utf16.txt": text.encode("utf-16")}
    for name, data in variants.items():
        (tmp_path / name).write_bytes(data)
        out = cli("ingest", str(tmp_path / name)).output
        assert f"{name}: already ingested as report #1" in out
    changed = tmp_path / "changed.txt"
    changed.write_text(text + "\n5. Een nieuwe afspraak.\n", encoding="utf-8")
    result = cli("ingest", str(changed), ok=False)  # new content, but a lookalike
    assert result.stderr == (f"Error: {changed}: looks like report #1 (100% of the text):"
                             " use --replace 1, or --as-new\n")
    out = cli("ingest", "--as-new", str(changed)).output
    assert "report #2" in out and "Een nieuwe afspraak" in out


def test_docx_and_pdf_reports(cli, seeds, tmp_path):
    text = seeds[0].read_text(encoding="utf-8")
    # A PDF line is one drawn line: hard-wrap long paragraphs as a PDF writer would.
    import textwrap

    wrapped = "\n".join("\n".join(textwrap.wrap(line, 95)) or "" for line in text.split("\n"))
    write_pdf(tmp_path / "report.pdf", wrapped)
    write_docx(tmp_path / "report.docx", text)
    document = json.loads(cli("ingest", "--dry-run", "--as-new", "--format", "json",
                              str(tmp_path)).output)
    assert document["errors"] == []
    for report in document["reports"]:
        assert report["title"] == "Placemaking Europe, Trenčin"
        assert [a["due_date"] for a in report["actions"]] == ["2024-08-02", "2024-12-01",
                                                              "2024-09-24", "2024-08-02"]


@pytest.mark.parametrize("name, content, message", [
    ("empty.txt", b"", "empty file"),
    ("binary.txt", b"\x00\x01\x02\x03" * 100, "binary file, not a text report"),
    ("notes.txt", b"Boodschappen: melk, brood\n", "not a trip report"),
    ("sheet.xlsx", b"PK\x03\x04", "unsupported file type '.xlsx'"),
])
def test_bad_file_is_reported_and_others_go_in(cli, config, seeds, tmp_path, name, content,
                                               message):
    bad = tmp_path / name
    bad.write_bytes(content)
    result = cli("ingest", str(bad), str(seeds[3]), ok=False)
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1
    assert errors[0].startswith(f"Error: {bad}: ") and message in errors[0]
    assert "1 report, 2 actions (0 already done), 0 already ingested, 1 failed" in result.stdout
    assert counts(config)["reports"] == 1


def test_missing_path(cli, config, tmp_path):
    result = cli("ingest", str(tmp_path / "nope.txt"), ok=False)
    assert result.exit_code == 1
    assert f"Error: {tmp_path / 'nope.txt'}: no such file" in result.stderr
    assert counts(config)["reports"] == 0


def test_too_large_file(cli, config, seeds, tmp_path, config_file):
    big = tmp_path / "big.txt"
    shutil.copy(seeds[0], big)
    with big.open("a") as handle:
        handle.write("x" * (11 * 1024 * 1024))
    result = cli("ingest", str(big), ok=False)
    assert result.exit_code == 1
    assert "big.txt: file is 11.0 MB, larger than the 10 MB limit" in result.stderr
    assert counts(config)["reports"] == 0


def test_owner_option(cli, config, seeds):
    """--owner names an existing owner, by the one rule of assign: an unknown address is
    refused the same way, before any file is read."""
    cli("owner", "add", "Anna de Vries", "anna.de.vries@denhaag.nl")
    out = cli("ingest", "--owner", "Anna.de.Vries@denhaag.nl", str(seeds[0])).output
    assert "report #1" in out and "all actions to Anna.de.Vries@denhaag.nl" in out
    opened = json.loads(cli("open", "--format", "json").output)
    assert {row["owner_email"] for row in opened} == {"anna.de.vries@denhaag.nl"}
    for owner, message in [
            ("Nobody Known", "Error: no owner 'Nobody Known' (see `tracker owner list`)\n"),
            ("new@denhaag.nl", "Error: no owner 'new@denhaag.nl': add one with"
                               " `tracker owner add NAME new@denhaag.nl`\n")]:
        result = cli("ingest", "--owner", owner, str(seeds[1]), ok=False)
        assert result.exit_code == 1
        assert result.stderr == message
        assign = cli("assign", "1", "--owner", owner, ok=False)
        assert (assign.exit_code, assign.stderr) == (1, message)
    assert counts(config)["reports"] == 1 and counts(config)["owners"] == 1


def test_year_option_decides_missing_year(cli, tmp_path):
    report = tmp_path / "r.txt"
    report.write_text("HOELANG DUURDE DE REIS?\n14 tm 17 juni\nZIJN ER VERVOLGAFSPRAKEN?\n"
                      "- Terugkoppeling op 1 september\n", encoding="utf-8")
    document = json.loads(cli("ingest", "--dry-run", "--format", "json", "--year", "2025",
                              str(report)).output)
    assert document["reports"][0]["trip_start"] == "2025-06-14"
    assert document["reports"][0]["actions"][0]["due_date"] == "2025-09-01"


def test_reports_command(cli, seeds):
    assert "No reports yet" in cli("reports").output
    cli("ingest", *map(str, seeds))
    lines = cli("reports").output.splitlines()
    assert lines[0].split() == ["ID", "TRIP", "TITLE", "OPEN", "DONE", "FILE"]
    assert lines[3].split()[:2] == ["3", "?"] and lines[3].split()[-3:] == [
        "1", "1", "002_bd07e3365d1f0d2e.txt"]
    rows = json.loads(cli("reports", "--format", "json").output)
    assert [(r["open"], r["done"]) for r in rows] == [(4, 0), (7, 0), (1, 1), (2, 0), (1, 0)]
