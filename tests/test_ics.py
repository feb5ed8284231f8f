"""The ICS export as task clients read it: the icalendar parser, and todoman reading a vdir that
an import fills (one .ics per task, named by UID, as vdirsyncer keeps it), before and after the
action is closed."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from freezegun import freeze_time
from icalendar import Calendar

from tracker.core.database import Connection

NOW = "2026-11-23 10:00:00"
LATER = "2026-11-24 09:30:00"
TODO = Path(sys.executable).parent / "todo"


@pytest.fixture
def seeded(cli, seeds):
    with freeze_time(NOW):
        cli("owner", "add", "Anna", "anna@example.org")
        cli("ingest", "--owner", "anna@example.org", str(seeds[0]))  # actions 1-4, report #1
    return cli


def todos(ics: str) -> dict[int, dict]:
    """The VTODOs of an export by action id."""
    return {int(str(t["UID"]).split("-")[2].split("@")[0]): t
            for t in Calendar.from_ical(ics).walk("VTODO")}


class TaskClient:
    """todoman over a vdir: `load` imports an export as a sync would (a file per UID, replaced
    on each import), `tasks` is todoman's own reading of it."""

    def __init__(self, root: Path):
        self.vdir = root / "lists" / "tracker"
        self.vdir.mkdir(parents=True)
        self.config = root / "config.py"
        self.config.write_text(f'path = "{root / "lists"}/*"\ndate_format = "%Y-%m-%d"\n'
                               f'time_format = "%H:%M"\n'
                               f'cache_path = "{root / "cache.sqlite3"}"\n')

    def load(self, ics: str) -> None:
        for todo in Calendar.from_ical(ics).walk("VTODO"):
            one = Calendar()
            one.add("prodid", "-//tests//import//")
            one.add("version", "2.0")
            one.add_component(todo)
            (self.vdir / f"{todo['UID']}.ics").write_bytes(one.to_ical())

    def run(self, *args: str) -> str:
        return subprocess.run([str(TODO), "-c", str(self.config), *args], check=True,
                              capture_output=True, text=True).stdout

    def tasks(self) -> dict[int, dict]:
        return {int(t["summary"].split()[0][1:]): t
                for t in json.loads(self.run("--porcelain", "list", "--status", "ANY"))}


def test_todoman_sees_a_closed_action_completed_after_a_re_export(seeded, tmp_path):
    client = TaskClient(tmp_path / "todoman")
    with freeze_time(NOW):
        client.load(seeded("export", "--format", "ics").output)
    before = client.tasks()
    assert sorted(before) == [1, 2, 3, 4] and not any(t["completed"] for t in before.values())
    with freeze_time(LATER):
        seeded("close", "1", "--note", "gedaan")
        seeded("drop", "2", "--reason", "gaat niet door")
        client.load(seeded("export", "--format", "ics").output)
    after = client.tasks()
    assert after[1]["completed"] and after[1]["percent"] == 100
    assert after[1]["completed_at"] == 1795512600  # 2026-11-24 09:30 UTC
    assert not after[3]["completed"]
    assert "#2" in client.run("list", "--status", "CANCELLED")
    listing = client.run("list", "--status", "ANY")
    assert "[X]" in listing and "#1 Als deelnemende stad" in listing


def test_status_sequence_and_times_follow_what_the_file_shows(seeded):
    with freeze_time(NOW):
        first = todos(seeded("export", "--format", "ics").output)
    with freeze_time(LATER):
        seeded("close", "1")
        seeded("drop", "2", "--reason", "gaat niet door")
        seeded("note", "3", "deels voldaan")  # not in the file: no new SEQUENCE
        second = todos(seeded("export", "--format", "ics").output)
    for todo in second.values():
        assert todo.decoded("CREATED").isoformat() == "2026-11-23T10:00:00+00:00"
    assert str(second[1]["STATUS"]) == "COMPLETED" and str(second[2]["STATUS"]) == "CANCELLED"
    assert second[1].decoded("COMPLETED").isoformat() == "2026-11-24T09:30:00+00:00"
    assert "COMPLETED" not in second[2] and "COMPLETED" not in second[3]
    for action_id in (1, 2):
        assert second[action_id]["SEQUENCE"] == first[action_id]["SEQUENCE"] + 1
        assert second[action_id].decoded("LAST-MODIFIED").isoformat() == (
            "2026-11-24T09:30:00+00:00")
    assert second[3]["SEQUENCE"] == first[3]["SEQUENCE"]
    assert second[3]["LAST-MODIFIED"].to_ical() == first[3]["LAST-MODIFIED"].to_ical()


def test_summary_is_the_whole_first_sentence_and_labels_speak_the_language(seeded, cli,
                                                                          config_file):
    with freeze_time(NOW):
        dutch = todos(seeded("export", "--format", "ics").output)
    assert str(dutch[2]["SUMMARY"]) == ("#2 De volgende bijeenkomst van Placemaking Europe vindt"
                                        " plaats van 1-4 december in Helsinborg Zweden.")
    assert all("…" not in str(t["SUMMARY"]) for t in dutch.values())
    description = str(dutch[2]["DESCRIPTION"])
    assert "Verslag #1: Placemaking Europe, Trenčin" in description
    assert 'Afronden: tracker close 2 --note "..."' in description
    config_file.write_text(config_file.read_text().replace('timezone = ', 'language = "en"\n'
                                                           'timezone = '))
    with freeze_time(NOW):
        english = str(todos(cli("export", "--format", "ics").output)[2]["DESCRIPTION"])
    assert "Report #1: Placemaking Europe" in english and "Close: tracker close 2" in english


def test_since_chooses_how_far_back_closed_actions_go(seeded):
    with freeze_time("2026-06-01 10:00:00"):
        seeded("close", "1")  # long ago
    with freeze_time(NOW):
        seeded("close", "2")  # today
        default = todos(seeded("export", "--format", "ics").output)
        since = todos(seeded("export", "--format", "ics", "--since", "1 mei 2026").output)
        everything = json.loads(seeded("export", "--format", "json", "--all").output)
    assert sorted(default) == [2, 3, 4]  # 90 days back
    assert sorted(since) == [1, 2, 3, 4]
    assert [r["status"] for r in everything] == ["done", "done", "open", "open"]


def test_a_deadline_outside_sane_years_stays_in_the_description(seeded, config):
    conn = Connection(config.database.url)
    with conn.transaction():
        conn.execute("UPDATE actions SET due_date = :day WHERE id = 1", {"day": date(1, 1, 1)})
    conn.close()
    with freeze_time(NOW):
        ics = seeded("export", "--format", "ics").output
    assert "DUE;VALUE=DATE:10101" not in ics
    todo = todos(ics)[1]
    assert "DUE" not in todo and "Deadline: 0001-01-01" in str(todo["DESCRIPTION"])
    assert todos(ics)[2].decoded("DUE").isoformat() == "2024-12-01"
