from __future__ import annotations

import csv
import io
import json
import re

import click
import pytest
from freezegun import freeze_time

from tracker.cli.main import cli as root
from tracker.core.database import Connection

NOW = "2026-11-23 10:00:00"


@pytest.fixture
def seeded(cli, seeds):
    """The five seeds ingested, with two owners; actions 1-3 belong to Anna."""
    with freeze_time(NOW):
        cli("ingest", *map(str, seeds))
        cli("owner", "add", "Anna de Vries", "Anna@DenHaag.nl")
        cli("owner", "add", "Bram Jansen", "bram@denhaag.nl", "--language", "en")
        cli("assign", "1", "2", "3", "--owner", "anna@denhaag.nl")
    return cli


def event_count(config) -> int:
    conn = Connection(config.database.url)
    try:
        return conn.execute("SELECT count(*) FROM events").fetchone()[0]
    finally:
        conn.close()


def test_open_table_snapshot(seeded, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    with freeze_time(NOW):
        out = seeded("open", "--owner", "anna").output
    assert out == (
        "   ID  DEADLINE      LEFT  OWNER                 TITLE                                  "
        "      REPORT\n"
        "    1  2024-08-02   -843!  Anna de Vries         Als deelnemende stad aan het 2 jarige "
        "leer…  #1\n"
        "    3  2024-09-24   -790!  Anna de Vries         Placemaking week in Rotterdam van 24 "
        "tot 2…  #1\n"
        "    2  2024-12-01   -722!  Anna de Vries         De volgende bijeenkomst van Placemaking"
        " Eu…  #1\n"
        "3 open, 3 overdue, 0 unassigned\n")
    assert all(len(line) <= 100 for line in out.splitlines())


def test_open_filters_and_sorts(seeded):
    with freeze_time(NOW):
        ids = lambda *args: [r["id"] for r in json.loads(  # noqa: E731
            seeded("open", "--format", "json", *args).output)]
        assert ids() == [5, 6, 7, 8, 9, 10, 11, 1, 4, 3, 2, 13, 14, 15, 16]
        assert ids("--sort", "id") == sorted(ids())
        assert ids("--unassigned") == [5, 6, 7, 8, 9, 11, 4, 13, 14, 15, 16]
        assert ids("--overdue") == [5, 6, 7, 8, 9, 10, 11, 1, 4, 3, 2]
        assert ids("--due-within", "60") == ids()
        assert ids("--due-before", "2024-09-01") == [5, 6, 7, 8, 9, 10, 11, 1, 4]
        assert ids("--due-before", "1 september 2024") == ids("--due-before", "2024-09-01")
        assert ids("--report", "1") == [1, 4, 3, 2]
        assert ids("--search", "BAUHAUS") == [6]
        assert ids("--search", "resilience") == [9, 10]  # "Resilience Streetlab", the hint
        assert ids("--limit", "2") == [5, 6]
        assert ids("--owner", "resilience@example.org") == [10]
        out = seeded("open", "--limit", "2").output
        assert out.splitlines()[-1] == ("15 open, 11 overdue, 11 unassigned, 8 to review;"
                                        " showing 2 of 15")
        assert seeded("open", "--search", "zzz").output == "No open actions.\n"


def test_open_status_search_and_limit(seeded):
    with freeze_time(NOW):
        seeded("close", "1", "--note", "workshop gegeven")
        seeded("drop", "14", "--reason", "G4-overleg loopt via de VNG")
        seeded("note", "13", "corporaties gebeld")
        ids = lambda *args: [r["id"] for r in json.loads(  # noqa: E731
            seeded("open", "--format", "json", *args).output)]
        assert ids("--status", "done", "--sort", "id") == [1, 12]
        assert ids("--status", "dropped") == [14]
        assert len(ids("--status", "all")) == 16
        assert ids("--search", "trenčin") == [4, 3, 2]  # the report's title
        assert ids("--search", "trenčin", "--status", "all", "--sort", "id") == [1, 2, 3, 4]
        assert ids("--search", "gebeld") == [13]  # a note
        assert ids("--search", "VNG", "--status", "all") == [14]  # a reason
        assert ids("--search", "resilience team") == [10]  # the owner hint
        lines = seeded("open", "--status", "all", "--limit", "4", "--sort", "id").output
        assert lines.splitlines()[1].split()[:3] == ["1", "2024-08-02", "done"]
        assert lines.splitlines()[-1] == ("13 open, 10 overdue, 10 unassigned, 8 to review,"
                                          " 2 done, 1 dropped; showing 4 of 16")
        assert seeded("open", "--status", "done").output.splitlines()[-1] == "2 done"
        assert seeded("open", "--status", "dropped", "--search", "zzz").output == (
            "No dropped actions.\n")
        assert seeded("open", "--status", "all", "--search", "zzz").output == "No actions.\n"


def test_open_csv_is_for_dutch_excel(seeded):
    with freeze_time(NOW):
        out = seeded("open", "--format", "csv", "--report", "1").output
    assert out.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(out[1:]), delimiter=";"))
    assert [r["id"] for r in rows] == ["1", "4", "3", "2"]
    assert rows[0]["report_title"] == "Placemaking Europe, Trenčin"
    assert rows[3]["text"].endswith("is gewenst.")


def test_open_usage_errors(seeded):
    result = seeded("open", "--due-within", "3", "--due-before", "2027-01-01", ok=False)
    assert result.exit_code == 2 and "use either --due-within or --due-before" in result.output
    result = seeded("open", "--owner", "nobody", ok=False)
    assert (result.exit_code, result.output) == (
        1, "Error: no owner 'nobody' (see `tracker owner list`)\n")


@pytest.mark.parametrize("instant, expected", [
    ("2026-10-24 21:30:00", "0"),    # 23:30 CEST on the deadline day: not overdue yet
    ("2026-10-24 22:30:00", "-1!"),  # 00:30 CEST on the 25th: overdue from the day after
    ("2026-10-25 23:30:00", "-2!"),  # 00:30 CET on the 26th, after the DST change
    ("2026-12-31 22:59:00", "-68!"),  # 23:59 on New Year's Eve in Amsterdam
    ("2026-12-31 23:30:00", "-69!"),  # already 1 January 2027 in Amsterdam
])
def test_overdue_follows_the_configured_zone(seeded, instant, expected):
    with freeze_time(NOW):
        seeded("due", "1", "2026-10-24")
    with freeze_time(instant):
        line = next(r for r in seeded("open", "--owner", "anna").output.splitlines()
                    if r.split()[0] == "1")
    assert line.split()[2] == expected


def test_show(seeded):
    with freeze_time(NOW):
        seeded("note", "2", "deels voldaan")
        out = seeded("show", "2").output
    assert out.splitlines()[:5] == [
        "#2  De volgende bijeenkomst van Placemaking Europe vindt plaats van 1-4 december…",
        "  status    open",
        "  owner     Anna de Vries <anna@denhaag.nl>",
        "  deadline  2024-12-01 (event), 722 days overdue",
        "  report    #1 Placemaking Europe, Trenčin (000_d7ab51555bbcc683.txt, line 47,"
        " follow-up section)"]
    assert "  >   47  2. De volgende bijeenkomst" in out
    assert "tester       noted" in out and '"deels voldaan"' in out


def test_verbs_write_events(seeded, config):
    with freeze_time(NOW):
        before = event_count(config)
        seeded("due", "1", "1 maart 2027", "--note", "nieuwe deadline")
        seeded("due", "1", "2027-04-01")
        assert "changed 2x" in seeded("show", "1").output
        assert "originally 2024-08-02" in seeded("show", "1").output
        assert seeded("close", "1", "2", "--note", "klaar").output == (
            "#1 closed: Als deelnemende stad aan het 2 jarige leerprogramma (gestart in maart"
            " 2023)…\n#2 closed: De volgende bijeenkomst van Placemaking Europe vindt plaats van"
            " 1-4 december…\n")
        seeded("reopen", "2", "--note", "toch niet")
        seeded("drop", "3", "--reason", "gaat niet door")
        seeded("note", "4", "deels voldaan")
        assert seeded("add", "Verslag naar de raad", "--owner", "bram", "--due",
                      "15 januari 2027", "--report", "1").output.startswith("#17 added")
        assert event_count(config) == before + 9  # 2 due, 2 closed, reopen, drop, note, add x2
        history = json.loads(seeded("history", "--format", "json", "--since", "2026-11-23").output)
        kinds = [(e["action"], e["kind"]) for e in history[-9:]]
        assert kinds == [(1, "due_changed"), (1, "due_changed"), (1, "closed"), (2, "closed"),
                         (2, "reopened"), (3, "dropped"), (4, "noted"), (17, "created"),
                         (17, "assigned")]
        assert all(e["actor"] == "tester" for e in history[-9:])
        assert history[-9]["old"] == "2024-08-02" and history[-9]["new"] == "2027-03-01"
        one = seeded("history", "3").output
        assert "dropped" in one and "gaat niet door" in one
        assert seeded("history", "--since", "2030-01-01").output == "No events.\n"


@pytest.mark.parametrize("args, code, message", [
    (["close", "99"], 1, "Error: no action #99"),
    (["close", "1", "99"], 1, "Error: no action #99"),
    (["show", "0"], 1, "Error: no action #0"),
    (["show", "x1"], 2, "Invalid value for 'ID': 'x1' is not an id"),
    (["assign", "1", "--owner", "nobody@example.org"], 1,
     "Error: no owner 'nobody@example.org': add one with"
     " `tracker owner add NAME nobody@example.org`"),
    (["assign", "1", "--owner", "an"], 1, "Error: 'an' matches 2 owners"),
    (["due", "1", "2027-02-30"], 2, "impossible date '2027-02-30'"),
    (["due", "1", "someday"], 2, "unreadable date 'someday'"),
    (["note", "1", "  "], 1, "Error: the note must not be empty"),
    (["drop", "1", "--reason", ""], 1, "Error: the reason (--reason) must not be empty"),
    (["drop", "1"], 2, "Missing option '--reason'"),
    (["owner", "add", "X", "not-an-address"], 1, "Error: invalid e-mail address 'not-an-address'"),
    (["owner", "add", "Anna", "ANNA@denhaag.nl"], 1,
     "Error: owner anna@denhaag.nl already exists (Anna de Vries)"),
    (["owner", "deactivate", "ghost@example.org"], 1, "Error: no owner 'ghost@example.org'"),
    (["add", "Iets", "--report", "42"], 1, "Error: no report #42"),
    (["history", "77"], 1, "Error: no action #77"),
])
def test_bad_input_writes_nothing(seeded, config, args, code, message):
    before = event_count(config)
    with freeze_time(NOW):
        result = seeded(*args, ok=False)
    assert result.exit_code == code, result.output
    assert message in result.output
    if code == 1:
        assert result.output.count("\n") == 1 and result.output.startswith("Error: ")
    assert event_count(config) == before


def test_closing_twice_is_a_clear_error_without_second_event(seeded, config):
    with freeze_time(NOW):
        seeded("close", "5")
        before = event_count(config)
        result = seeded("close", "6", "5", ok=False)
    assert result.output == "Error: action #5 is already done (reopen it with `tracker reopen 5`)\n"
    assert event_count(config) == before
    assert seeded("show", "6").output.splitlines()[1] == "  status    open"  # not half-closed


def test_owner_list_and_deactivate(seeded):
    with freeze_time(NOW):
        lines = seeded("owner", "list").output.splitlines()
        assert lines[0].split() == ["NAME", "EMAIL", "LANG", "ACTIVE", "OPEN", "OVERDUE"]
        assert lines[1].split() == ["Anna", "de", "Vries", "anna@denhaag.nl", "nl", "yes", "3",
                                    "3"]
        assert seeded("owner", "deactivate", "anna@denhaag.nl").output.startswith("Deactivated")
        rows = json.loads(seeded("open", "--unassigned", "--format", "json").output)
        assert {1, 2, 3} <= {r["id"] for r in rows}
        result = seeded("assign", "4", "--owner", "anna@denhaag.nl", ok=False)
        assert result.output == ("Error: owner anna@denhaag.nl is deactivated"
                                 " (`tracker owner activate anna@denhaag.nl`)\n")


def test_actor_from_environment(seeded, monkeypatch, config_file):
    from click.testing import CliRunner

    monkeypatch.setenv("TRACKER_USER", "coordinator")
    with freeze_time(NOW):
        CliRunner().invoke(root, ["--config", str(config_file), "note", "1", "gebeld"])
        out = seeded("history", "1", "--format", "json").output
    assert json.loads(out)[-1]["actor"] == "coordinator"


def test_export_ics_parses_and_keeps_uids(seeded):
    from icalendar import Calendar

    with freeze_time(NOW):
        first = Calendar.from_ical(seeded("export", "--format", "ics").output)
        seeded("close", "1")
        second = Calendar.from_ical(seeded("export", "--format", "ics", "--all").output)
    todos = {str(t["UID"]): t for t in first.walk("VTODO")}
    assert len(todos) == 16  # 15 open, and the one written as done, closed today
    todo = todos["tracker-action-2@example.org"]
    assert todo.decoded("DUE").isoformat() == "2024-12-01"
    assert str(todo["STATUS"]) == "NEEDS-ACTION"
    assert "Continuïteit" in str(todo["DESCRIPTION"])
    assert str(todo["SUMMARY"]).startswith("#2 De volgende bijeenkomst")
    later = {str(t["UID"]): t for t in second.walk("VTODO")}
    assert set(todos) <= set(later)
    closed = later["tracker-action-1@example.org"]
    assert str(closed["STATUS"]) == "COMPLETED" and int(closed["SEQUENCE"]) > int(
        todos["tracker-action-1@example.org"]["SEQUENCE"])
    raw = seeded("export", "--format", "ics").stdout_bytes  # .output turns CRLF into LF
    assert raw.endswith(b"END:VCALENDAR\r\n") and b"\n " in raw  # long lines were folded
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))


def test_export_csv_json_for_an_owner(seeded):
    rows = json.loads(seeded("export", "--format", "json", "--owner", "anna").output)
    assert [r["id"] for r in rows] == [1, 2, 3]
    out = seeded("export", "--format", "csv", "--owner", "anna").output
    assert out.startswith("\ufeffid;title;text;status")


def _commands(group: click.Group, prefix=()):
    for name, command in group.commands.items():
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))


@pytest.mark.parametrize("path, command", list(_commands(root)), ids=lambda v: " ".join(v)
                         if isinstance(v, tuple) else "")
def test_every_command_has_help_with_an_example(path, command):
    assert command.help and len(command.help.split("\n")[0]) > 10
    assert "Example:" in command.help, f"tracker {' '.join(path)} has no example"
    from click.testing import CliRunner

    result = CliRunner().invoke(root, [*path, "-h"])
    assert result.exit_code == 0 and "Example:" in result.output


def test_search_text_is_literal_not_a_pattern(seeded):
    """`%` and `_` in --search are the characters themselves (LIKE ... ESCAPE), on SQLite too."""
    with freeze_time(NOW):
        seeded("add", "Budget 50% verlagen")
        seeded("add", "Budget 500 euro verhogen")
        seeded("add", "Map data_2026 delen")
        seeded("add", "Map data-2026 delen")
        ids = lambda *args: [r["id"] for r in json.loads(  # noqa: E731
            seeded("open", "--format", "json", *args).output)]
        assert ids("--search", "50%") == [17]
        assert ids("--search", "data_2026") == [19]


def test_owner_substring_is_literal_not_a_pattern(seeded):
    """An owner typed as 'a_n' is not a pattern that finds 'ann'."""
    with freeze_time(NOW):
        result = seeded("open", "--owner", "a_n", ok=False)
        assert result.output == "Error: no owner 'a_n' (see `tracker owner list`)\n"
        result = seeded("assign", "4", "--owner", "a%v", ok=False)
        assert result.output.startswith("Error: no owner 'a%v'")


def test_deactivated_owner_counts_as_unassigned_everywhere(seeded):
    """`open` showed a deactivated owner's actions as unassigned, `export` and the ICS as the
    owner's: now every reader takes the owner from the one view."""
    from icalendar import Calendar

    with freeze_time(NOW):
        seeded("owner", "deactivate", "anna@denhaag.nl")
        opened = {r["id"]: r for r in json.loads(seeded("open", "--format", "json").output)}
        exported = {r["id"]: r for r in json.loads(
            seeded("export", "--format", "json").output)}
        ics = Calendar.from_ical(seeded("export", "--format", "ics").output)
        summary = seeded("digest", "preview", "--coordinator").output
    for rows in (opened, exported):
        assert [(rows[i]["owner_name"], rows[i]["owner_email"]) for i in (1, 2, 3)] == [
            (None, None)] * 3
    todo = next(t for t in ics.walk("VTODO") if str(t["UID"]) == "tracker-action-1@example.org")
    assert "ATTENDEE" not in todo
    # #1 is long overdue: the summary shows it once, among the escalations, as nobody's.
    escalated = summary.split("ESCALATIE")[1].split("VERLOPEN PER EIGENAAR")[0]
    assert re.search(r"  #1  .*\n.*\n        Eigenaar: niemand\n", escalated)
    assert "(deactivated: counts as unassigned)" in seeded("show", "1").output


def test_one_record_shape_for_open_export_and_show(seeded):
    from tracker.core.state import RECORD_FIELDS

    with freeze_time(NOW):
        opened = json.loads(seeded("open", "--format", "json").output)
        exported = json.loads(seeded("export", "--format", "json").output)
        shown = json.loads(seeded("show", "2", "--format", "json").output)
        csv_header = seeded("export", "--format", "csv").output.splitlines()[0]
    assert list(opened[0]) == list(exported[0]) == list(RECORD_FIELDS)
    assert list(shown)[:len(RECORD_FIELDS)] == list(RECORD_FIELDS)
    assert shown["history"][0]["kind"] == "created"
    assert csv_header == "\ufeff" + ";".join(RECORD_FIELDS)
    two = next(r for r in opened if r["id"] == 2)
    assert {k: v for k, v in shown.items() if k != "history"} == two
    assert (two["days_left"], two["overdue"], two["status"]) == (-722, True, "open")


@pytest.mark.parametrize("args, ids", [
    (["add", "Verslag delen met de raad", "--owner", "bram@denhaag.nl", "--due", "2027-03-01"],
     [17]),
    (["assign", "4", "5", "--owner", "bram@denhaag.nl"], [4, 5]),
    (["assign", "1", "--none"], [1]),
    (["due", "2-3", "2027-03-01"], [2, 3]),
    (["due", "2", "--clear"], [2]),
    (["close", "1", "2", "--note", "klaar"], [1, 2]),
    (["drop", "4", "--reason", "gaat niet door"], [4]),
    (["note", "3", "deels voldaan"], [3]),
])
def test_verbs_print_the_changed_actions_as_json(seeded, args, ids):
    """Issue 14: a script had to parse '#17 added: ...' for the id. Now --format json prints
    the changed actions in the one record shape, as `export --format json` prints them after."""
    with freeze_time(NOW):
        printed = json.loads(seeded(*args, "--format", "json").output)
        exported = {r["id"]: r for r in json.loads(
            seeded("export", "--format", "json", "--all").output)}
    assert printed == [exported[i] for i in ids]


def test_reopen_and_a_refused_proposal_as_json(seeded, config):
    from datetime import date

    from tracker.core.context import App
    from tracker.core.proposals import propose

    with freeze_time(NOW):
        seeded("close", "1")
        reopened = json.loads(seeded("reopen", "1", "--format", "json").output)
        app = App(config, "anna")
        app.change(propose, 3, date(2027, 1, 15), today=date(2026, 11, 23), reason=None)
        app.close()
        refused = json.loads(seeded("due", "3", "--refuse-proposal", "--format", "json").output)
    assert [(r["id"], r["status"], r["days_left"]) for r in reopened] == [(1, "open", -843)]
    assert [(r["id"], r["due_date"]) for r in refused] == [(3, "2024-09-24")]


def test_a_failing_verb_with_json_is_one_error_line(seeded):
    with freeze_time(NOW):
        result = seeded("close", "1", "99", "--format", "json", ok=False)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", "Error: no action #99\n")


@pytest.mark.parametrize("instant, typed, expected", [
    # Sunday 29 November 2026, 23:30 in Amsterdam, and half an hour past midnight: a new week
    ("2026-11-29 22:30:00", "volgende week", "2026-12-04"),
    ("2026-11-29 23:30:00", "volgende week", "2026-12-11"),
    ("2026-11-29 23:30:00", "morgen", "2026-12-01"),
    ("2026-11-29 22:30:00", "maandag", "2026-11-30"),
    ("2026-11-29 23:30:00", "maandag", "2026-12-07"),
    # 22:30 UTC, the evening after summer time began (CEST: Monday already) and ended (CET:
    # still Sunday); a clock in UTC or in the wrong offset gets each one a day wrong
    ("2027-03-28 22:30:00", "morgen", "2027-03-30"),
    ("2027-03-28 22:30:00", "vrijdag", "2027-04-02"),
    ("2026-10-25 22:30:00", "volgende week", "2026-10-30"),
    ("2026-10-25 22:30:00", "overmorgen", "2026-10-27"),
])
def test_due_phrases_count_from_today_in_amsterdam(seeded, instant, typed, expected):
    with freeze_time(instant):
        added = json.loads(seeded("add", "Iets", "--due", typed, "--format", "json").output)
        moved = json.loads(seeded("due", "1", typed, "--format", "json").output)
    assert added[0]["due_date"] == moved[0]["due_date"] == expected


def test_a_date_outside_1900_2200_is_one_error_line(seeded):
    result = seeded("due", "1", "0001-01-01", ok=False)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: Invalid value for 'DATE': date '0001-01-01' is outside 1900-2200")


@pytest.mark.parametrize("args, value", [
    (("--as", "a\x00", "add", "Iets"), "a\x00"),
    (("add", "Bel\x00 terug"), "Bel\x00 terug"),
    (("owner", "add", "An\x00na", "anna@example.org"), "An\x00na"),
    (("open", "--search", "a\x00"), "%a\x00%"),
])
def test_a_nul_character_is_refused_on_every_backend(cli, sql, args, value):
    # Found by tests/test_cli_fuzz.py: PostgreSQL's driver raised DataError (a traceback).
    # No shell passes one, but a prompt, a pipe or a web form can.
    before = sql("SELECT count(*) FROM events") + sql("SELECT count(*) FROM owners")
    result = cli(*args, ok=False)
    assert result.exit_code == 1
    assert result.stderr == f"Error: a text may not hold a NUL character: {value!r}\n"
    assert sql("SELECT count(*) FROM events") + sql("SELECT count(*) FROM owners") == before


@pytest.mark.parametrize("command", [("history",), ("export", "--format", "json")])
def test_since_before_1900_is_one_error_line(cli, command):
    # Found by tests/test_cli_fuzz.py: midnight of 0001-01-01 in Amsterdam is before UTC's
    # year 1, and converting it overflowed (a traceback); such a date is refused now.
    cli("add", "Iets")
    cli("close", "1")  # export's --since takes closed actions
    everything = cli(*command).output
    assert cli(*command, "--since", "2100-01-01").output != everything
    assert cli(*command, "--since", "1900-01-01").output == everything
    result = cli(*command, "--since", "0001-01-01", ok=False)
    assert (result.exit_code, result.stderr.splitlines()[-1]) == (
        2, "Error: Invalid value for '--since': date '0001-01-01' is outside 1900-2200")


@pytest.mark.parametrize("args, message", [
    (("--as", "a" * 201, "add", "Iets"),
     "who acts (--as or $TRACKER_USER) is 201 characters long, more than 200"),
    (("owner", "add", "a" * 201, "lang@example.org"),
     "the owner's name is 201 characters long, more than 200"),
    (("owner", "edit", "anna@example.org", "--name", "a" * 201),
     "the owner's name is 201 characters long, more than 200"),
])
def test_a_text_longer_than_its_column_is_refused_on_every_backend(cli, sql, args, message):
    # Found by tests/test_cli_fuzz.py: PostgreSQL refused the value (a traceback); SQLite
    # stored it.
    cli("owner", "add", "Anna", "anna@example.org")
    before = sql("SELECT count(*) FROM events") + sql("SELECT name FROM owners")
    result = cli(*args, ok=False)
    assert (result.exit_code, result.stderr) == (1, f"Error: {message}\n")
    assert sql("SELECT count(*) FROM events") + sql("SELECT name FROM owners") == before
    cli("--as", "b" * 200, "owner", "edit", "anna@example.org", "--name", "a" * 200)
