"""Putting an action right: edit, split, merge, unassign, clear a deadline; several ids and
ranges everywhere; ids of any size are a one-line "no action #..."; every change an event,
bad input a one-line error that writes nothing."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from freezegun import freeze_time

from tracker.core import actions, corrections
from tracker.core.database import Connection

NOW = "2026-11-23 10:00:00"
AT = datetime(2026, 11, 23, 10, tzinfo=UTC)
HUGE = "99999999999999999999"


@pytest.fixture(autouse=True)
def frozen():
    with freeze_time(NOW):
        yield


@pytest.fixture
def seeded(cli, seeds):
    """The five seeds (16 actions; #12 is done), Anna owns 1-3, Bram exists; #10 is the
    Resilience team's through [teams]."""
    cli("ingest", *map(str, seeds))
    cli("owner", "add", "Anna de Vries", "anna@denhaag.nl")
    cli("owner", "add", "Bram Jansen", "bram@denhaag.nl")
    cli("assign", "1-3", "--owner", "anna@denhaag.nl")
    return cli


def snapshot(sql) -> tuple:
    """Everything a correction could change."""
    return tuple(tuple(sql(statement)) for statement in (
        "SELECT * FROM actions ORDER BY id", "SELECT * FROM events ORDER BY id",
        "SELECT * FROM owners ORDER BY id", "SELECT id, withdrawn_at FROM reports"))


def history(cli, action_id: int) -> list[dict]:
    return json.loads(cli("history", str(action_id), "--format", "json").output)


def shown(cli, action_id: int) -> dict:
    return json.loads(cli("show", str(action_id), "--format", "json").output)


def test_several_ids_and_ranges(seeded):
    assert seeded("close", "5-7", "9").output.count(" closed: ") == 4
    assert seeded("reopen", "5-6").output.splitlines() == [
        "#5 reopened: Met de director of Placemaking X wordt er bekeken of het mogelijk is om"
        " een…",
        "#6 reopened: Met de universiteit Stavanger wordt een Europese call van BAUHAUS verder…"]
    assert seeded("drop", "8", "#11", "--reason", "loopt niet meer").output.count("dropped") == 2
    assert seeded("note", "1-2", "4", "deels voldaan").output == "#1 noted\n#2 noted\n#4 noted\n"
    assert seeded("due", "1-3", "1 maart 2027").output.splitlines() == [
        "#1 now due 2027-03-01 (originally 2024-08-02)",
        "#2 now due 2027-03-01 (originally 2024-12-01)",
        "#3 now due 2027-03-01 (originally 2024-09-24)"]
    assert seeded("assign", "4-5", "5", "--owner", "bram").output == (
        "#4 assigned to Bram Jansen <bram@denhaag.nl>\n#5 assigned to Bram Jansen"
        " <bram@denhaag.nl>\n")
    statuses = {r["id"]: r["status"] for r in json.loads(
        seeded("export", "--format", "json", "--all").output)}
    assert [statuses[i] for i in (5, 6, 7, 8, 9, 11)] == ["open", "open", "done", "dropped",
                                                          "done", "dropped"]
    assert [e["kind"] for e in history(seeded, 2)][-2:] == ["noted", "due_changed"]


def test_unassign_and_clear_a_deadline(seeded, sql):
    assert seeded("assign", "1", "2", "--none", "--note", "niet van Anna").output == (
        "#1 unassigned\n#2 unassigned\n")
    assert history(seeded, 1)[-1] | {"at": None} == {
        "at": None, "action": 1, "actor": "tester", "kind": "unassigned",
        "old": "anna@denhaag.nl", "new": None, "note": "niet van Anna"}
    before = snapshot(sql)
    assert seeded("assign", "1", "--none").output == "#1 unassigned\n"  # already: no event
    assert snapshot(sql) == before
    assert "  owner     unassigned" in seeded("show", "1").output
    assert seeded("due", "2", "--clear").output == "#2 has no deadline now\n"
    record = shown(seeded, 2)
    assert (record["due_date"], record["due_source"], record["original_due_date"]) == (
        None, None, "2024-12-01")
    assert record["history"][-1]["kind"] == "due_cleared"
    assert record["history"][-1]["old"] == "2024-12-01"
    assert "  deadline  none" in seeded("show", "2").output
    result = seeded("due", "2", "--clear", ok=False)
    assert (result.exit_code, result.stderr) == (1, "Error: action #2 has no deadline\n")
    seeded("due", "2", "2027-01-15")
    assert shown(seeded, 2)["original_due_date"] == "2024-12-01"


def test_edit_keeps_the_old_text_in_full(seeded):
    old = shown(seeded, 2)["text"]
    new = "De bijeenkomst van Placemaking Europe in Helsingborg (1-4 december) bijwonen."
    assert seeded("edit", "2", "--text", new).output == (
        "#2 edited: De bijeenkomst van Placemaking Europe in Helsingborg (1-4 december)"
        " bijwonen\n")
    event = history(seeded, 2)[-1]
    assert (event["kind"], event["old"], event["new"]) == ("edited", old, new)
    table = seeded("history", "2").output
    assert "    old:  De volgende bijeenkomst van Placemaking Europe vindt plaats van 1-4" \
           " december in Helsinborg\n          Zweden. Continuïteit in de aanwezigheid vanuit" \
           " de gemeente Den Haag is gewenst.\n" in table
    assert all(len(line) <= 100 for line in table.splitlines())
    assert "        new:  De bijeenkomst van Placemaking Europe in Helsingborg" in \
        seeded("show", "2").output
    seeded("edit", "2", "--title", "Helsingborg bijwonen")
    assert [e["kind"] for e in history(seeded, 2)][-1] == "retitled"
    seeded("edit", "2", "--text", "Helsingborg 1-4 december bijwonen.")
    assert shown(seeded, 2)["title"] == "Helsingborg bijwonen"  # a title set by hand stays


def test_split_at_sentences_keeps_owner_deadline_report_and_line(seeded):
    out = seeded("split", "2", "--note", "twee afspraken").output
    assert out == ("#2 split into #2, #17:\n"
                   "  #2     De volgende bijeenkomst van Placemaking Europe vindt plaats van 1-4"
                   " december…\n"
                   "  #17    Continuïteit in de aanwezigheid vanuit de gemeente Den Haag is"
                   " gewenst\n")
    first, part = shown(seeded, 2), shown(seeded, 17)
    for key in ("owner_email", "due_date", "due_source", "original_due_date", "report_id",
                "line", "source", "status", "needs_review"):
        assert first[key] == part[key], key
    assert first["text"] == ("De volgende bijeenkomst van Placemaking Europe vindt plaats van"
                             " 1-4 december in Helsinborg Zweden.")
    assert part["text"] == "Continuïteit in de aanwezigheid vanuit de gemeente Den Haag is gewenst."
    assert [(e["kind"], e["note"]) for e in part["history"]] == [
        ("created", "split from #2; twee afspraken"), ("assigned", None)]
    split = first["history"][-1]
    assert (split["kind"], split["new"], split["note"]) == (
        "split", first["text"], "into #2, #17; twee afspraken")
    assert split["old"].endswith("Den Haag is gewenst.")


def test_split_into_given_parts(seeded):
    seeded("split", "1", "--part", "Bijeenkomsten van het leerprogramma bijwonen",
           "--part", "Verslag van het leerprogramma delen")
    assert [shown(seeded, i)["text"] for i in (1, 17)] == [
        "Bijeenkomsten van het leerprogramma bijwonen", "Verslag van het leerprogramma delen"]


def test_merge_says_what_the_first_keeps(seeded):
    out = seeded("merge", "9", "10").output
    assert out.splitlines() == [
        "#9 merged: De gemeente Helsingborg wil aan de slag met een project welke gekickstart is…",
        "  note: #10 was resilience@example.org's: #9 stays unassigned"]
    merged, gone = shown(seeded, 9), shown(seeded, 10)
    assert merged["text"] == (
        "De gemeente Helsingborg wil aan de slag met een project welke gekickstart is in Den Haag"
        " (Resilience Streetlab). De steden Pontevedra en Budapest nemen contact op met het"
        " Resilience team om te onderzoeken of zij samen kunnen optrekken bij de aanvraag van"
        " Europese fondsen op het snijvlak van bewonersparticipatie en stedelijke"
        " ontwikkeling.")
    assert merged["owner_email"] is None
    assert (gone["status"], gone["history"][-1]["note"]) == ("dropped", "merged into #9")
    assert merged["history"][-1]["note"] == "with #10"
    out = seeded("merge", "1", "4", "13").output  # Anna's, unassigned, another report
    assert "  note: #4 was unassigned's: #1 stays anna@denhaag.nl's" in out
    assert "  note: #13 came from report #3: #1 stays with report #1" in out
    assert "  note: #13 was due 2027-01-04: #1 keeps 2024-08-02" in out


def test_verbs_called_directly(db):
    """The core functions the web will call: (db, ids..., actor=, at=, note=)."""
    conn = Connection(db.url)
    try:
        with conn.transaction():
            ids = actions.create_actions(conn, [actions.NewAction(
                "Eerste afspraak maken met Lyon. Daarna een bezoek plannen in het voorjaar.")],
                "t", AT)
            parts = corrections.split(conn, ids[0], actor="web", at=AT)
            assert [p.text for p in parts] == ["Eerste afspraak maken met Lyon.",
                                               "Daarna een bezoek plannen in het voorjaar."]
            merged = corrections.merge(conn, [p.id for p in parts], actor="web", at=AT,
                                       note="toch één")
            assert merged.action.text == ("Eerste afspraak maken met Lyon. Daarna een bezoek"
                                          " plannen in het voorjaar.")
            assert merged.notices == []
            edited = corrections.edit(conn, ids[0], actor="web", at=AT, title="Lyon")
            assert edited.title == "Lyon"
            assert actions.unassign(conn, ids, actor="web", at=AT, note="niet van mij")[0].id == 1
    finally:
        conn.close()


@pytest.mark.parametrize("text, expected", [
    ("Eén zin zonder punt", ["Eén zin zonder punt"]),
    ("Eerst dit. Dan dat! En zo?", ["Eerst dit. Dan dat! En zo?"]),  # too short to stand alone
    ("Contact opnemen met Lyon! Daarna een bezoek plannen? Zeker wel, in mei.",
     ["Contact opnemen met Lyon!", "Daarna een bezoek plannen?", "Zeker wel, in mei."]),
    ("Bijeenkomst o.a. Den Haag en Lyon. Verslag sturen naar de raad.",
     ["Bijeenkomst o.a. Den Haag en Lyon.", "Verslag sturen naar de raad."]),
    ("Op 1 dec. 2024 in Lyon. Daarna verder.", ["Op 1 dec. 2024 in Lyon. Daarna verder."]),
])
def test_sentences(text, expected):
    assert corrections.sentences(text) == expected


@pytest.mark.parametrize("args, code, message", [
    (["edit", "99", "--text", "x"], 1, "Error: no action #99"),
    (["edit", "1"], 2, "give --text, --title or both"),
    (["edit", "1", "--text", "  "], 1, "Error: the action text must not be empty"),
    (["edit", "1", "--title", ""], 1, "Error: the title must not be empty"),
    (["edit", "1", "--title", "x" * 201], 1, "Error: the title is 201 characters long, more"
                                             " than 200"),
    (["edit", "14", "--text", "Frequenter overleg tussen de G4 steden over Europese zaken"], 1,
     "Error: action #14 already reads like that"),
    (["split", "99"], 1, "Error: no action #99"),
    (["split", "1"], 1, "Error: action #1 is one sentence: give its parts with --part TEXT"
                        " --part TEXT"),
    (["split", "1", "--part", "alleen dit"], 1, "Error: splitting needs at least two parts"),
    (["split", "1", "--part", "dit", "--part", " "], 1, "Error: a part (--part) must not be"
                                                        " empty"),
    (["split", "12"], 1, "Error: action #12 is done: only an open action can be split"),
    (["merge", "1"], 1, "Error: merging needs at least two different actions"),
    (["merge", "1", "1"], 1, "Error: merging needs at least two different actions"),
    (["merge", "1", "99"], 1, "Error: no action #99"),
    (["merge", "1", "12"], 1, "Error: action #12 is already done (reopen it with"
                              " `tracker reopen 12`)"),
    (["assign", "1"], 2, "give either --owner EMAIL|NAME or --none"),
    (["assign", "1", "--owner", "bram", "--none"], 2, "give either --owner EMAIL|NAME or --none"),
    (["assign", "1", "99", "--none"], 1, "Error: no action #99"),
    (["due", "1"], 2, "give the ids and the new DATE, --clear or --refuse-proposal"),
    (["due", "1", "someday"], 2, "unreadable date 'someday'"),
    (["due", "1", "x", "2027-01-01"], 2, "'x' is not an id or a range"),
    (["due", "99", "--clear"], 1, "Error: no action #99"),
    (["due", "1", "2", "2024-12-01"], 1, "Error: action #2 is already due 2024-12-01"),
    (["close", "1-3", "12"], 1, "Error: action #12 is already done (reopen it with"
                                " `tracker reopen 12`)"),
    (["close", "3-1"], 2, "the range 3-1 runs backwards (write 1-3)"),
    (["close", "1-3x"], 2, "'1-3x' is not an id or a range"),
    (["close", "15-17"], 1, "Error: no action #17"),
    (["close", f"1-{HUGE}"], 1, "Error: no action #17"),  # stops at the first gap
    (["reopen", "1", "12"], 1, "Error: action #1 is already open"),
    (["drop", "1-2", "--reason", " "], 1, "Error: the reason (--reason) must not be empty"),
    (["note", "1", "99", "gebeld"], 1, "Error: no action #99"),
    (["show", HUGE], 1, f"Error: no action #{HUGE}"),
    (["show", "--", "-5"], 2, "'-5' is not an id"),
    (["close", HUGE], 1, f"Error: no action #{HUGE}"),
    (["history", HUGE], 1, f"Error: no action #{HUGE}"),
    (["edit", HUGE, "--text", "x"], 1, f"Error: no action #{HUGE}"),
    (["open", "--report", HUGE], 1, f"Error: no report #{HUGE}"),
    (["open", "--report", "42"], 1, "Error: no report #42"),
    (["add", "Iets", "--report", HUGE], 1, f"Error: no report #{HUGE}"),
    (["review", HUGE], 1, f"Error: no action #{HUGE}"),
])
def test_bad_input_is_one_line_and_writes_nothing(seeded, args, code, message, sql):
    before = snapshot(sql)
    result = seeded(*args, ok=False)
    assert result.exit_code == code, result.output
    assert message in result.output
    if code == 1:
        assert result.output == message + "\n"
    assert "Traceback" not in result.output
    assert snapshot(sql) == before
