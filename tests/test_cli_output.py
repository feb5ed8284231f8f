"""What scripts and spreadsheets read: CSV that no spreadsheet evaluates, one timestamp format
and one boolean spelling in every command's CSV and JSON, and no control or bidi character in
any output, the terminal's included."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from freezegun import freeze_time

NOW = "2026-11-23 10:00:00"  # 11:00 in Amsterdam
LOCAL_MINUTE = "2026-11-23 11:00"
LOCAL_ISO = "2026-11-23T11:00:00+01:00"
HOSTILE = [
    "=HYPERLINK(\"http://evil.example\",\"klik\")",
    "+31 70 353 3000 bellen",
    "-1+1 wordt opgeteld",
    "@SUM(A1:A9) hier",
    "\t=1+1 met een tab ervoor",
    "\r=1+1 met een CR ervoor",
    "Gewone tekst met = en - erin",
]
UNSAFE = re.compile("[\u202a-\u202e\u2066-\u2069\x00-\x08\x0b-\x1f\x7f\x80-\x9f]")


def rows_of(csv_text: str) -> list[dict]:
    assert csv_text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(csv_text[1:]), delimiter=";"))


@pytest.fixture
def actions_made(cli):
    with freeze_time(NOW):
        cli("owner", "add", "Anna de Vries", "anna@example.org")
        for text in HOSTILE:
            cli("add", "--owner", "anna@example.org", "--due", "2026-11-30", "--", text)
        cli("add", "Al verlopen", "--due", "2026-11-01")
        cli("close", "7", "--note", "=cmd|' /C calc'!A0")
    return cli


def test_csv_cells_a_spreadsheet_would_evaluate_are_neutralised(actions_made):
    with freeze_time(NOW):
        exported = rows_of(actions_made("export", "--format", "csv", "--all").output)
        history = rows_of(actions_made("history", "7", "--format", "csv").output)
        opened = json.loads(actions_made("open", "--format", "json", "--sort", "id").output)
    texts = [row["text"] for row in exported]
    assert texts[:7] == [
        "'=HYPERLINK(\"http://evil.example\",\"klik\")",
        "'+31 70 353 3000 bellen",
        "'-1+1 wordt opgeteld",
        "'@SUM(A1:A9) hier",
        "'=1+1 met een tab ervoor",  # `add` strips the blanks around a text
        "'=1+1 met een CR ervoor",
        "Gewone tekst met = en - erin",
    ]
    assert history[-1]["note"] == "'=cmd|' /C calc'!A0"
    # JSON is no spreadsheet: the text stays as it was written (less its control characters).
    assert [r["text"] for r in opened][:2] == [HOSTILE[0], HOSTILE[1]]


@pytest.mark.parametrize("value, cell", [
    ("\t=1+1", "' =1+1"), ("\r\n@x", "'\n@x"), ("  -3", "'  -3"), ("a=b", "a=b"),
    (-3, -3), (True, "true"), (False, "false"), (None, None),
])
def test_csv_cell(value, cell):
    from zoneinfo import ZoneInfo

    from tracker.cli.formatting import csv_cell

    assert csv_cell(value, ZoneInfo("Europe/Amsterdam")) == cell


def test_one_timestamp_format_and_boolean_spelling_everywhere(actions_made):
    with freeze_time(NOW):
        actions_made("digest", "send")
        csvs = {args[0]: rows_of(actions_made(*args, "--format", "csv").output)
                for args in (["export", "--all"], ["history"], ["open"], ["digest", "status"],
                             ["owner", "list"])}
        jsons = {args[0]: json.loads(actions_made(*args, "--format", "json").output)
                 for args in (["export", "--all"], ["history"], ["open"], ["digest", "status"],
                              ["owner", "list"])}
        shown = json.loads(actions_made("show", "7", "--format", "json").output)
    assert {row["created_at"] for row in csvs["export"]} == {LOCAL_MINUTE}
    assert csvs["export"][6]["closed_at"] == LOCAL_MINUTE
    assert {row["at"] for row in csvs["history"]} == {LOCAL_MINUTE}
    assert {row["sent_at"] for row in csvs["digest"]} == {LOCAL_MINUTE}
    assert {row["overdue"] for row in csvs["open"]} == {"true", "false"}
    assert {row["overdue"] for row in csvs["export"]} == {"true", "false"}
    assert csvs["owner"][0]["active"] == "true"
    assert {row["created_at"] for row in jsons["export"]} == {LOCAL_ISO}
    assert {row["at"] for row in jsons["history"]} == {LOCAL_ISO}
    assert {row["sent_at"] for row in jsons["digest"]} == {LOCAL_ISO}
    assert shown["closed_at"] == LOCAL_ISO and shown["history"][0]["at"] == LOCAL_ISO
    assert jsons["owner"][0]["active"] is True and jsons["open"][0]["overdue"] in (True, False)
    for rows in csvs.values():
        for row in rows:
            assert not any(re.fullmatch(r"True|False|\d{4}-\d\d-\d\dT.*", str(v))
                           for v in row.values()), row


def test_no_control_or_bidi_character_reaches_any_output(cli):
    text = "Betaal \u202egnp.exe\u202c \x1b[2J\x1b[31mnu\x1b[0m\u2066 ok\u2069\x07"
    with freeze_time(NOW):
        cli("owner", "add", "Eve \u202eliaM", "eve@example.org")
        added = cli("add", text, "--owner", "eve@example.org", "--due", "2026-12-01").output
        outputs = [added]
        for args in (["open"], ["open", "--format", "json"], ["open", "--format", "csv"],
                     ["show", "1"], ["show", "1", "--format", "json"], ["owner", "list"],
                     ["export", "--format", "csv"], ["export", "--format", "json"],
                     ["export", "--format", "ics"], ["history"], ["history", "--format", "csv"],
                     ["digest", "preview", "--owner", "eve"],
                     ["digest", "preview", "--owner", "eve", "--html"]):
            outputs.append(cli(*args).output)
        outputs.append(cli("close", "1").output)
    for args, output in zip([["add"], *[[]] * 13, ["close"]], outputs, strict=True):
        # JSON escapes what it must (\u001b); bidi characters it would write as they are.
        assert not UNSAFE.search(output), (args, output)
    assert "Betaal gnp.exe [2J[31mnu[0m ok" in outputs[1]


def test_ingest_output_carries_no_bidi_or_control_character(cli, seeds, tmp_path):
    report = tmp_path / "verslag.txt"
    report.write_text(seeds[0].read_text(encoding="utf-8").replace(
        "Placemaking week in Rotterdam", "Placemaking \u202eweek in\x1b[2J Rotterdam"),
        encoding="utf-8")
    with freeze_time(NOW):
        out = cli("ingest", "--dry-run", str(report)).output
    assert "Placemaking week in[2J Rotterdam" in out and not UNSAFE.search(out)
