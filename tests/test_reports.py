"""Reports that went in wrong: shown in full, withdrawn, replaced by a revision that keeps the
ids, owners, deadlines and history of what survives; a report that comes in again (another
format, a revised version) refused until the user says what it is; a report with far too many
agreements refused; and a dry run that says exactly what a real run would."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from freezegun import freeze_time

from tests.reportfiles import write_docx, write_pdf
from tracker.core.ingest import line_list

NOW = "2026-11-23 10:00:00"


@pytest.fixture(autouse=True)
def frozen():
    with freeze_time(NOW):
        yield


def snapshot(sql) -> tuple:
    return tuple(tuple(sql(f"SELECT * FROM {table} ORDER BY 1"))
                 for table in ("reports", "actions", "events", "owners"))


def revised(seed: Path, folder: Path) -> Path:
    """Seed 000 revised: a name corrected in item 2, item 4 gone, a new item 4."""
    text = seed.read_text(encoding="utf-8").replace("Helsinborg Zweden", "Helsingborg (Zweden)")
    lines = [line for line in text.split("\n") if not line.startswith("4. De opgedane")]
    text = "\n".join(lines).rstrip("\n") + ("\n4. Het verslag wordt gedeeld met de"
                                             " raadscommissie voor 1 maart 2027.\n")
    path = folder / "placemaking-v2.txt"
    path.write_text(text, encoding="utf-8")
    return path


def many_agreements(path: Path, count: int) -> Path:
    items = "\n\n".join(f"- Afspraak {i} met de stad Lyon over wonen." for i in range(count))
    path.write_text("HOEVEEL PERSONEN HEBBEN DE REIS GEMAAKT\n1\nHOELANG DUURDE DE REIS?\n"
                    "Onbekend\nWAT WAS HET DOEL VAN DE REIS?\nWerkbezoek aan Lyon.\n"
                    f"ZIJN ER VERVOLGAFSPRAKEN? ZO JA, WELKE?\n{items}\n", encoding="utf-8")
    return path


def test_report_show(cli, seeds, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    cli("ingest", *map(str, seeds))
    cli("close", "1")
    cli("drop", "2", "--reason", "gaat niet door")
    out = cli("report", "show", "1").output
    assert out.splitlines() == [
        "Report #1  Placemaking Europe, Trenčin",
        "  file      000_d7ab51555bbcc683.txt (sha256 1bbdc606ca01…)",
        "  trip      2024-06-18 to 2024-06-21, 3 persons",
        "  ingested  2026-11-23 11:00",
        "  status    current",
        "",
        "   ID  LINE  STATUS   DEADLINE    OWNER                 TITLE",
        "    1    46  done     2024-08-02  -                     Als deelnemende stad aan het 2"
        " jarige leerp…",
        "    2    47  dropped  2024-12-01  -                     De volgende bijeenkomst van"
        " Placemaking Eur…",
        "    3    48  review   2024-09-24  -                     Placemaking week in Rotterdam van"
        " 24 tot 27…",
        "    4    49  review   2024-08-02  -                     De opgedane kennis meenemen in de"
        " verkennin…",
        "2 open, 1 done, 1 dropped"]
    document = json.loads(cli("report", "show", "3", "--format", "json").output)
    assert (document["title"], document["replaces"], document["withdrawn_at"]) == (
        "International Social Housing Festival, Barcelona", [], None)
    assert [(a["id"], a["status"]) for a in document["actions"]] == [(12, "done"), (13, "open")]


def test_withdraw_drops_open_actions_and_keeps_everything(cli, seeds, sql):
    cli("ingest", *map(str, seeds))
    cli("close", "5")
    out = cli("report", "withdraw", "2", "--reason", "dubbel ingelezen").output
    assert out.splitlines()[0] == "Report #2 withdrawn: H22 Expo, Helsingborg"
    assert out.splitlines()[1:] == [f"  #{i} dropped: {t}" for i, t in sql(
        "SELECT id, title FROM actions WHERE report_id = 2 AND id <> 5 ORDER BY line, id")]
    assert sql("SELECT status, count(*) FROM actions WHERE report_id = 2"
                         " GROUP BY status ORDER BY status") == [("done", 1), ("dropped", 6)]
    event = json.loads(cli("history", "6", "--format", "json").output)[-1]
    assert (event["kind"], event["note"]) == ("dropped", "report #2 withdrawn: dubbel ingelezen")
    assert "  status    withdrawn on 2026-11-23 11:00 by tester: dubbel ingelezen" in \
        cli("report", "show", "2").output
    assert "H22 Expo, Helsingborg (withdrawn)" in cli("reports").output
    assert sql("SELECT count(*) FROM reports") == [(5,)]  # nothing deleted
    before = snapshot(sql)
    result = cli("report", "withdraw", "2", "--reason", "nog eens", ok=False)
    assert (result.exit_code, result.stderr) == (
        1, "Error: report #2 was withdrawn already (dubbel ingelezen)\n")
    out = cli("ingest", str(seeds[1])).output  # its content is known, withdrawn or not
    assert "001_db49e06d3a98a721.txt: already ingested as report #2" in out
    assert snapshot(sql) == before


@pytest.mark.parametrize("args, code, message", [
    (["report", "show", "9"], 1, "Error: no report #9"),
    (["report", "show", "99999999999999999999"], 1, "Error: no report #99999999999999999999"),
    (["report", "show", "x"], 2, "'x' is not an id"),
    (["report", "withdraw", "9", "--reason", "x"], 1, "Error: no report #9"),
    (["report", "withdraw", "1", "--reason", " "], 1,
     "Error: the reason (--reason) must not be empty"),
    (["report", "withdraw", "1"], 2, "Missing option '--reason'"),
])
def test_report_bad_input(cli, seeds, args, code, message, sql):
    cli("ingest", str(seeds[0]))
    before = snapshot(sql)
    result = cli(*args, ok=False)
    assert result.exit_code == code
    assert message in result.output
    if code == 1:
        assert result.output == message + "\n"
    assert snapshot(sql) == before


def test_a_pdf_or_docx_of_an_ingested_text(cli, seeds, tmp_path, sql):
    """The same text as PDF or Word is the same content; with one word changed, a lookalike."""
    text = seeds[0].read_text(encoding="utf-8")
    wrapped = "\n".join("\n".join(textwrap.wrap(line, 95)) for line in text.split("\n"))
    pdf, docx = write_pdf(tmp_path / "verslag.pdf", wrapped), write_docx(
        tmp_path / "verslag.docx", text)
    changed = write_pdf(tmp_path / "verslag-v2.pdf", wrapped.replace("Helsinborg", "Helsingborg"))
    cli("ingest", str(seeds[0]))
    before = snapshot(sql)
    for dry in ([], ["--dry-run"]):
        for same in (pdf, docx):
            out = cli("ingest", *dry, str(same)).output
            assert out.startswith(f"{same}: already ingested as report #1\n")
        result = cli("ingest", *dry, str(changed), ok=False)
        assert result.exit_code == 1
        assert result.stderr.startswith(f"Error: {changed}: looks like report #1 (same title and"
                                        " trip dates, 9")
        assert result.stderr.endswith("% of the text): use --replace 1, or --as-new\n")
    assert snapshot(sql) == before
    out = cli("ingest", "--as-new", str(changed)).output
    assert "report #2" in out


def test_same_title_and_trip_dates_alone(cli, seeds, tmp_path):
    """Another text about the same trip; two reports of one summit without dates are not
    alike by title alone (seeds 003 and 004)."""
    other = tmp_path / "other.txt"
    other.write_text("HOELANG DUURDE DE REIS?\nVan dinsdag 18 juni t/m vrijdag 21 juni 2024\n"
                     "WAT WAS HET DOEL VAN DE REIS?\nEen werkbezoek aan Placemaking Europe om"
                     " kennis over stadmaken op te halen.\nWELKE LOCATIES ZIJN BEZOCHT?\nWij"
                     " bezochten de stad Trenčin.\nZIJN ER VERVOLGAFSPRAKEN? ZO JA, WELKE?\n"
                     "- Een presentatie geven aan de collega's.\n", encoding="utf-8")
    cli("ingest", str(seeds[0]), str(seeds[3]), str(seeds[4]))  # 003 and 004 both go in
    result = cli("ingest", str(other), ok=False)
    assert result.stderr == (f"Error: {other}: looks like report #1 (same title and trip"
                             " dates): use --replace 1, or --as-new\n")


def test_one_run_compares_its_files_with_each_other(cli, seeds, tmp_path, sql):
    copy = tmp_path / "kopie.txt"
    copy.write_text("Kopie\n" + seeds[0].read_text(encoding="utf-8"), encoding="utf-8")
    same = tmp_path / "same.txt"
    same.write_bytes(seeds[0].read_bytes())
    dry = cli("ingest", "--dry-run", str(seeds[0]), str(copy), str(same), ok=False)
    assert dry.stderr == (f"Error: {copy}: looks like {seeds[0]} (earlier in this run) (same"
                          " title and trip dates, 100% of the text): use --as-new\n")
    assert f"{same}: the same content as {seeds[0]}, earlier in this run" in dry.stdout
    real = cli("ingest", str(seeds[0]), str(copy), str(same), ok=False)
    assert real.stderr == (f"Error: {copy}: looks like report #1 (same title and trip dates,"
                           " 100% of the text): use --replace 1, or --as-new\n")
    assert f"{same}: already ingested as report #1" in real.stdout
    assert sql("SELECT count(*) FROM reports") == [(1,)]


def test_dry_run_says_what_a_real_run_says(cli, seeds, tmp_path, sql):
    cli("ingest", str(seeds[0]))
    v2 = revised(seeds[0], tmp_path)
    big = many_agreements(tmp_path / "big.txt", 60)
    cases = [[str(seeds[0])], [str(v2)], [str(big)], ["--replace", "1", str(seeds[1])]]
    for args in cases:
        dry = cli("ingest", "--dry-run", *args, ok=False)
        before = snapshot(sql)
        real = cli("ingest", *args, ok=False)
        assert snapshot(sql) == before or args == [str(seeds[0])]
        assert (dry.exit_code, dry.stderr) == (real.exit_code, real.stderr), args
    assert cli("ingest", "--dry-run", str(seeds[0])).stdout.splitlines()[0] == (
        f"{seeds[0]}: already ingested as report #1")


def test_dry_run_json_keeps_its_shape(cli, seeds, tmp_path):
    """An evaluation reads this JSON: no key is added, whatever the database holds."""
    cli("ingest", str(seeds[0]))
    copy = tmp_path / "kopie.txt"
    copy.write_text("Kopie\n" + seeds[0].read_text(encoding="utf-8"), encoding="utf-8")
    document = json.loads(cli("ingest", "--dry-run", "--format", "json", str(seeds[0]),
                              str(seeds[1]), str(copy), ok=False).output)
    assert set(document) == {"reports", "errors"}
    for report in document["reports"]:
        assert set(report) == {"file", "title", "trip_start", "trip_end", "persons", "actions"}
        for action in report["actions"]:
            assert set(action) == {"text", "line", "due_date", "due_source", "status", "source",
                                   "owner_hint"}
    assert [r["file"] for r in document["reports"]] == [str(seeds[0]), str(seeds[1])]
    assert document["errors"] == [{"file": str(copy), "error": (
        f"{copy}: looks like report #1 (same title and trip dates, 100% of the text): use"
        " --replace 1, or --as-new")}]


def test_dry_run_without_a_database_creates_none(cli, db, config, seeds):
    if db.backend != "sqlite":
        pytest.skip("a PostgreSQL database is never created by tracker")
    path = Path(config.database.url.split(":///", 1)[1])
    path.unlink()
    cli("ingest", "--dry-run", str(seeds[0]))
    result = cli("ingest", "--dry-run", "--owner", "anna@example.org", str(seeds[0]), ok=False)
    assert (result.exit_code, result.stderr) == (  # as the real run would say
        1, "Error: no owner 'anna@example.org': add one with `tracker owner add NAME"
           " anna@example.org`\n")
    assert not path.exists()


def test_replace_keeps_ids_owners_deadlines_and_history(cli, seeds, tmp_path):
    cli("ingest", str(seeds[0]), str(seeds[1]))
    cli("owner", "add", "Anna de Vries", "anna@denhaag.nl")
    cli("assign", "2", "--owner", "anna@denhaag.nl")
    cli("due", "2", "1 maart 2027", "--note", "nieuwe datum")
    cli("close", "3")
    cli("split", "2")  # #12: "Continuïteit in de aanwezigheid ..."
    v2 = revised(seeds[0], tmp_path)
    dry = cli("ingest", "--dry-run", "--replace", "1", str(v2)).output
    out = cli("ingest", "--replace", "1", str(v2)).output
    assert out.splitlines() == [
        f"{v2}: report #3, replacing report #1, 'Placemaking Europe, Trenčin' (2024-06-18 to"
        " 2024-06-21, 3 persons)",
        "     #1  line 46   due 2024-08-02 (default)     Als deelnemende stad aan het 2 jarige"
        " leerprogramma (gestart in maart 2023)…",
        "                              [kept from report #1]",
        "     #2  line 47   due 2024-12-01 (event)       De volgende bijeenkomst van Placemaking"
        " Europe vindt plaats van 1-4 december…",
        "                              [kept from report #1; with #12, split off it; reworded"
        " in the report, the split text stays; keeps its deadline 2027-03-01]",
        "     #3  line 48   due 2024-09-24 (event)       Placemaking week in Rotterdam van 24 tot"
        " 27 september",
        "                              [kept from report #1, done]",
        "    #13  line 49   due 2027-03-01 (explicit)    Het verslag wordt gedeeld met de"
        " raadscommissie voor 1 maart 2027",
        "                              [new]",
        "  dropped #4: De opgedane kennis meenemen in de verkenning hoe we ruimte kunnen bieden"
        " aan… (not in the revised report)",
        "1 report, 4 actions (0 already done), 0 already ingested, 0 failed"]
    assert dry.replace("would replace report #1", "report #3, replacing report #1").replace(
        "      -  line 49", "    #13  line 49").replace("would drop", "dropped").replace(
        "Dry run, nothing stored: ", "") == out
    kept = {r["id"]: r for r in json.loads(cli("export", "--format", "json", "--all").output)}
    assert [kept[i]["report_id"] for i in (1, 2, 3, 12, 13)] == [3] * 5
    assert (kept[2]["owner_email"], kept[2]["due_date"], kept[3]["status"]) == (
        "anna@denhaag.nl", "2027-03-01", "done")
    assert (kept[4]["status"], kept[4]["report_id"]) == ("dropped", 1)
    assert kept[2]["text"] == ("De volgende bijeenkomst van Placemaking Europe vindt plaats van"
                               " 1-4 december in Helsinborg Zweden.")  # the split stays
    history = json.loads(cli("history", "2", "--format", "json").output)
    assert [e["kind"] for e in history] == ["created", "assigned", "reviewed", "due_changed",
                                            "split", "revised"]
    assert (history[-1]["old"], history[-1]["new"]) == ("report #1, line 47", "report #3, line 47")
    gone = json.loads(cli("history", "4", "--format", "json").output)[-1]
    assert (gone["kind"], gone["note"]) == ("dropped", "not in the revised report #3")
    show = cli("report", "show", "1").output
    assert "  status    replaced by report #3 on 2026-11-23 11:00 by tester" in show
    assert "  replaces  report #1" in cli("report", "show", "3").output
    v3 = tmp_path / "v3.txt"
    v3.write_text(v2.read_text(encoding="utf-8").replace("raadscommissie", "commissie"),
                  encoding="utf-8")
    result = cli("ingest", "--replace", "1", str(v3), ok=False)
    assert result.stderr == ("Error: report #1 was replaced by report #3: replace that one"
                             " (--replace 3)\n")
    assert f"{seeds[0]}: already ingested as report #1" in cli(
        "ingest", "--replace", "3", str(seeds[0])).output


def test_replace_takes_a_changed_text(cli, seeds, tmp_path):
    cli("ingest", str(seeds[0]))
    v2 = revised(seeds[0], tmp_path)
    out = cli("ingest", "--replace", "1", str(v2)).output
    assert "[kept from report #1, text changed]" in out
    event = json.loads(cli("history", "2", "--format", "json").output)[-1]
    assert (event["kind"], event["note"]) == ("edited", "revised report #2")
    assert "Helsinborg Zweden" in event["old"] and "Helsingborg (Zweden)" in event["new"]


def test_replace_keeps_a_merged_action_whole(cli, seeds, tmp_path):
    """The revised report still has both agreements that were merged: no new action, and the
    merged text stays."""
    cli("ingest", str(seeds[0]))
    cli("merge", "1", "4")
    text = seeds[0].read_text(encoding="utf-8") + "\n5. De raad informeren over de uitkomsten.\n"
    v2 = tmp_path / "v2.txt"
    v2.write_text(text, encoding="utf-8")
    out = cli("ingest", "--replace", "1", str(v2)).output
    merged = json.loads(cli("show", "1", "--format", "json").output)
    assert merged["text"].endswith("projecten/gebiedsontwikkeling.")
    assert merged["text"].startswith("Als deelnemende stad")
    assert "#5  line 50" in out and out.count("[new") == 1


def test_replace_refuses_what_is_no_revision(cli, seeds, sql):
    cli("ingest", str(seeds[0]), str(seeds[2]))
    before = snapshot(sql)
    result = cli("ingest", "--replace", "1", str(seeds[1]), ok=False)
    assert (result.exit_code, result.stderr) == (
        1, f"Error: {seeds[1]}: not a revision of report #1 (only 2% of the text in common,"
           " another title or trip): use --force to replace it anyway\n")
    assert snapshot(sql) == before
    out = cli("ingest", "--replace", "1", "--force", str(seeds[1])).output
    assert "report #3, replacing report #1" in out
    assert out.count("  dropped #") == 4


@pytest.mark.parametrize("args, code, message", [
    (["--replace", "9", "SEED0"], 1, "Error: no report #9"),
    (["--replace", "1", "SEED0", "SEED1"], 2, "--replace takes exactly one file, not 2"),
    (["--replace", "1", "--as-new", "SEED0"], 2, "use either --replace or --as-new, not both"),
    (["--replace", "x", "SEED0"], 2, "'x' is not an id"),
])
def test_replace_bad_input(cli, seeds, args, code, message, sql):
    cli("ingest", str(seeds[2]))
    before = snapshot(sql)
    args = [str(seeds[0]) if a == "SEED0" else str(seeds[1]) if a == "SEED1" else a
            for a in args]
    result = cli("ingest", *args, ok=False)
    assert result.exit_code == code
    assert message in result.output
    assert snapshot(sql) == before


def test_too_many_agreements(cli, tmp_path, seeds, sql):
    big = many_agreements(tmp_path / "big.txt", 60)
    result = cli("ingest", str(big), str(seeds[0]), ok=False)
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {big}: 60 agreements, more than"
                             " defaults.max_actions_per_report (50): check the file, or use"
                             " --force\n")
    assert sql("SELECT count(*) FROM reports") == [(1,)]  # the other file went in
    out = cli("ingest", "--force", str(big)).output
    assert "report #2" in out
    warning = next(line for line in out.splitlines() if "warning: lines" in line)
    assert warning.startswith("  warning: lines 8-126 (60 lines): no deadline in the text")
    assert sql("SELECT count(*) FROM actions WHERE report_id = 2") == [(60,)]


@pytest.mark.parametrize("lines, expected", [
    ([41], "line 41"),
    ([41, 43], "lines 41, 43"),
    ([43, 41, 42, 47], "lines 41-43, 47"),
    (list(range(41, 245590, 2)), "lines 41-245589 (122,775 lines)"),
    (list(range(41, 122816)), "lines 41-122815"),
    ([1, 3, 5, 7, 9, 11], "lines 1, 3, 5, 7, 9, 11"),
    ([1, 3, 5, 7, 9, 11, 13], "lines 1-13 (7 lines)"),
])
def test_warning_lines_collapse(lines, expected):
    assert line_list(lines) == expected
