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
    document = json.loads(result.stdout)
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
                              str(tmp_path)).stdout)
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
                              str(report)).stdout)
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


# --- what a folder holds besides reports; symbolic links ------------------------------------

def test_a_symlink_given_or_found_is_refused_without_follow_symlinks(cli, config, seeds,
                                                                       tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    write_docx(real / "verslag.docx", seeds[0].read_text(encoding="utf-8"))
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "verslag.docx").symlink_to(real / "verslag.docx")
    (inbox / "map").symlink_to(real, target_is_directory=True)
    (real / "bijlage.odt").write_bytes(b"PK")
    (inbox / "bijlage.odt").symlink_to(real / "bijlage.odt")  # no report: a note, as its file
    linked_folder = tmp_path / "linked"
    linked_folder.symlink_to(real, target_is_directory=True)

    result = cli("ingest", str(inbox), str(linked_folder), ok=False)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"Error: {inbox / 'map'}: a symbolic link; refused (ingest --follow-symlinks reads the"
        " folder it points at)",
        f"Error: {inbox / 'verslag.docx'}: a symbolic link; refused (ingest --follow-symlinks"
        " reads the file it points at)",
        f"Error: {linked_folder}: a symbolic link; refused (ingest --follow-symlinks reads the"
        " folder it points at)"]
    assert result.stdout.splitlines() == [
        f"skipped 1 file of a type tracker does not read: {inbox / 'bijlage.odt'}",
        "0 reports, 0 actions (0 already done), 0 already ingested, 3 failed"]
    assert counts(config)["reports"] == 0

    out = cli("ingest", "--follow-symlinks", str(inbox / "verslag.docx")).output
    assert "verslag.docx: report #1, 'Placemaking Europe, Trenčin'" in out
    out = cli("ingest", "--follow-symlinks", str(linked_folder), str(inbox)).output
    # inbox/map leads to the folder `linked` led to: walked once.
    assert out.splitlines() == [
        f"{linked_folder / 'verslag.docx'}: already ingested as report #1",
        f"{inbox / 'verslag.docx'}: already ingested as report #1",
        f"skipped 2 files of a type tracker does not read: {linked_folder / 'bijlage.odt'},"
        f" {inbox / 'bijlage.odt'}",
        "0 reports, 0 actions (0 already done), 2 already ingested, 0 failed"]


def test_follow_symlinks_ends_a_link_loop(cli, seeds, tmp_path):
    folder = tmp_path / "verslagen"
    folder.mkdir()
    shutil.copy(seeds[1], folder / "verslag.txt")
    (folder / "lus").symlink_to(folder, target_is_directory=True)
    out = cli("ingest", "--follow-symlinks", str(folder)).output
    assert out.count("verslag.txt: report #1") == 1
    assert out.endswith("1 report, 7 actions (0 already done, 7 to review), 0 already"
                        " ingested, 0 failed\n")


def test_hidden_files_lock_files_and_other_types_in_a_folder_are_skipped_with_a_note(
        cli, config, seeds, tmp_path):
    folder = tmp_path / "verslagen"
    folder.mkdir()
    write_docx(folder / "verslag.docx", seeds[0].read_text(encoding="utf-8"))
    # What Word leaves next to an open document: the owner's name in 162 bytes, no zip.
    (folder / "~$verslag.docx").write_bytes(b"\x0bAnna de Vries" + b"\x00" * 148)
    (folder / ".verslag.txt.swp").write_bytes(b"b0VIM 9.0")
    (folder / ".concept.txt").write_text("niet af", encoding="utf-8")
    for name in ("a.doc", "b.odt", "c.rtf", "d.xlsx"):
        (folder / name).write_bytes(b"PK\x03\x04 or whatever")

    result = cli("ingest", str(folder))
    assert result.stderr == ""
    assert result.stdout.splitlines()[-3:] == [
        f"skipped 4 files of a type tracker does not read: {folder / 'a.doc'},"
        f" {folder / 'b.odt'}, {folder / 'c.rtf'}, {folder / 'd.xlsx'}",
        f"skipped 3 files hidden or a Word lock file: {folder / '.concept.txt'},"
        f" {folder / '.verslag.txt.swp'}, {folder / '~$verslag.docx'}",
        "1 report, 4 actions (0 already done, 4 to review), 0 already ingested, 0 failed"]
    assert counts(config)["reports"] == 1

    # JSON on stdout keeps its shape exactly; the notes go to stderr.
    result = cli("ingest", "--dry-run", "--format", "json", str(folder))
    assert set(json.loads(result.stdout)) == {"reports", "errors"}
    assert [line.split(":")[0] for line in result.stderr.splitlines()] == [
        "skipped 4 files of a type tracker does not read",
        "skipped 3 files hidden or a Word lock file"]


def test_skipped_files_are_counted_beyond_the_names_shown(cli, seeds, tmp_path):
    folder = tmp_path / "verslagen"
    folder.mkdir()
    shutil.copy(seeds[1], folder / "verslag.txt")
    for number in range(7):
        (folder / f"bijlage{number}.odt").write_bytes(b"PK")
    last = cli("ingest", "--dry-run", str(folder)).stdout.splitlines()[-2]
    assert last.startswith("skipped 7 files of a type tracker does not read: ")
    assert last.endswith(f"{folder / 'bijlage4.odt'} and 2 more")


def test_a_file_of_another_type_given_by_name_is_still_an_error(cli, tmp_path):
    (tmp_path / "a.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    result = cli("ingest", str(tmp_path / "a.doc"), ok=False)
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {tmp_path / 'a.doc'}: unsupported file type '.doc'"
                             " (use .txt, .md, .docx or .pdf)\n")
