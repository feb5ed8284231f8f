"""Expected failures of the database and the environment are one `Error: ...` line naming what
and where, with the documented exit code, and nothing half-written; only a bug shows a
traceback, and then says how to report it. Real faults: read-only mounts, a full tmpfs, a file
that is no database, PostgreSQL connections terminated from another connection, a schema from
a newer tracker, an unreachable server, and configurations and variables that are wrong."""

from __future__ import annotations

import logging
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from freezegun import freeze_time

from tests.mounts import fill, read_only, small_disk
from tracker.cli import fastopen
from tracker.cli.main import cli as root
from tracker.config import load_config, mask_url
from tracker.core import actions, migrations, owners
from tracker.core.context import App
from tracker.core.database import SCHEMA_REVISION, Connection
from tracker.core.orm import transaction
from tracker.errors import ConfigError, StorageError

SEEDS = sorted((Path(__file__).parent / "fixtures" / "seeds").glob("*.txt"))


def invoke(config_path: Path, *args: str, env: dict | None = None):
    return CliRunner().invoke(root, ["--config", str(config_path), "--as", "tester", *args],
                              env=env)


def one_error(result, code: int, message: str) -> None:
    """Exit `code` and exactly one line on stderr: `Error: message`."""
    assert result.exit_code == code, (result.output, result.exception)
    assert result.stderr == f"Error: {message}\n"


def counts(url: str) -> tuple:
    conn = Connection(url)
    try:
        return tuple(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                     for table in ("reports", "actions", "events", "owners", "deliveries",
                                   "digest_rounds"))
    finally:
        conn.close()


def write_config(path: Path, url: str, extra: str = "") -> Path:
    path.write_text(f'coordinators = ["coordinator@example.org"]\n{extra}[database]\n'
                    f'url = "{url}"\n[mail]\noutbox = "outbox"\nsender = "tracker@example.org"\n',
                    encoding="utf-8")
    return path


@pytest.fixture
def seeded(tmp_path, sqlite_template) -> tuple[Path, Path]:
    """A SQLite database in a folder of its own, with a report, owners and actions; and a
    config file outside that folder. Returns (config file, database file)."""
    folder = tmp_path / "data"
    folder.mkdir()
    db_file = folder / "tracker.db"
    shutil.copy(sqlite_template, db_file)
    config_file = write_config(tmp_path / "config.toml", f"sqlite:///{db_file}")
    assert invoke(config_file, "owner", "add", "Anna", "anna@example.org").exit_code == 0
    assert invoke(config_file, "ingest", str(SEEDS[0]), "--owner", "anna@example.org"
                  ).exit_code == 0
    with freeze_time("2026-11-23 07:00:00"):
        assert invoke(config_file, "digest", "send").exit_code == 0
    return config_file, db_file


READS = [("open",), ("show", "1"), ("reports",), ("report", "show", "1"),
         ("open", "--review", "--status", "all"), ("owner", "list"), ("history",),
         ("export", "--format", "csv"), ("digest", "status", "--week", "2026-W48"),
         ("digest", "preview", "--coordinator"), ("digest", "send", "--dry-run"),
         ("db", "current"), ("db", "upgrade"), ("config", "show")]
WRITES = [("close", "1"), ("note", "1", "voortgang"), ("due", "2", "2027-03-01"),
          ("add", "Nieuwe actie"), ("owner", "add", "Bram", "bram@example.org"),
          ("digest", "send", "--force-resend")]


@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_read_only_database(seeded, what):
    """Read-only commands work on a read-only file and in a read-only folder (where SQLite
    cannot even create the WAL's -shm file); every write is one line, exit 6, nothing
    written. It used to be a 109-line SQLAlchemy traceback, even for `open` in a folder."""
    config_file, db_file = seeded
    before = counts(f"sqlite:///{db_file}")
    with read_only(db_file if what == "file" else db_file.parent):
        for args in READS:
            result = invoke(config_file, *args)
            assert result.exit_code == 0, (args, result.output, result.exception)
        assert fastopen.fast_open(["--config", str(config_file), "open"]) == 0
        problem = f"cannot write the database {db_file}: the file or its folder is read-only"
        for args in WRITES:
            one_error(invoke(config_file, *args), 6, problem if args[0] != "digest" else
                      f"{problem}; the round stopped after 0 sent, the rest stays pending for"
                      " the next round")
        one_error(invoke(config_file, "ingest", str(SEEDS[1])), 6,
                  f"{SEEDS[1]}: not stored: {problem}; the files before it are stored, run the"
                  " command again for the rest")
    assert counts(f"sqlite:///{db_file}") == before


def test_a_file_that_is_no_database(tmp_path):
    db_file = tmp_path / "tracker.db"
    db_file.write_text("Dit is een verslag, geen database.\n" * 200, encoding="utf-8")
    config_file = write_config(tmp_path / "config.toml", f"sqlite:///{db_file}")
    message = f"{db_file} is not a SQLite database (or it is damaged)"
    for args in [("open",), ("show", "1"), ("close", "1"), ("ingest", str(SEEDS[0])),
                 ("digest", "send"), ("db", "current"), ("db", "upgrade")]:
        one_error(invoke(config_file, *args), 6, message)
    assert db_file.read_text(encoding="utf-8").startswith("Dit is een verslag")


def test_a_database_that_cannot_be_created(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    config_file = write_config(tmp_path / "config.toml", f"sqlite:///{folder}/new/tracker.db")
    with read_only(folder):
        result = invoke(config_file, "open")
    assert result.exit_code == 6
    assert result.stderr.startswith(f"Error: cannot create the database {folder}/new/tracker.db:")
    assert result.stderr.count("\n") == 1


def test_a_disk_that_fills_during_ingest(tmp_path, sqlite_template):
    """Each file is stored in its own transaction: the batch stops at the file that did not
    fit, the files before it are stored, and the same command after freeing space stores the
    rest, nothing twice."""
    with small_disk(tmp_path / "disk", size_kb=1024) as disk:
        db_file = disk / "tracker.db"
        shutil.copy(sqlite_template, db_file)
        config_file = write_config(tmp_path / "config.toml", f"sqlite:///{db_file}")
        reports = tmp_path / "reports"
        reports.mkdir()
        for i in range(8):  # distinct content, lookalikes of each other: eight reports
            text = SEEDS[i % len(SEEDS)].read_text(encoding="utf-8")
            (reports / f"verslag-{i}.txt").write_text(f"Kopie {i}\n{text}", encoding="utf-8")
        assert invoke(config_file, "reports").exit_code == 0  # the WAL exists before filling
        filler = fill(disk, leave=40_000)
        result = invoke(config_file, "ingest", "--as-new", str(reports))
        assert result.exit_code == 6, result.output
        (line,) = result.stderr.splitlines()
        assert line.startswith(f"Error: {reports}/verslag-")
        assert line.endswith(f": not stored: cannot write the database {db_file}: the disk is"
                             " full; the files before it are stored, run the command again for"
                             " the rest")
        stored = counts(f"sqlite:///{db_file}")[0]
        assert stored < 8
        filler.unlink()
        again = invoke(config_file, "ingest", "--as-new", str(reports))
        assert again.exit_code == 0, again.output
        assert f"{stored} already ingested" in again.output
        assert counts(f"sqlite:///{db_file}")[0] == 8


@pytest.mark.postgres
def test_postgres_going_away_mid_ingest(pg_server, tmp_path):
    """The server terminates the connection while the second report is being stored (a
    trigger calls pg_terminate_backend): one line (exit 6), that report rolled back, the one
    before it stored, and the same command completes the work. (A connection lost between
    two transactions is replaced without a word: SQLAlchemy pings before it lends one.)"""
    url = pg_server.fresh()
    config_file = write_config(tmp_path / "config.toml", url)
    conn = Connection(url)
    conn.execute("CREATE FUNCTION die() RETURNS trigger AS $$ BEGIN"
                 " IF (SELECT count(*) FROM reports) >= 2 THEN"
                 " PERFORM pg_terminate_backend(pg_backend_pid()); END IF; RETURN NEW;"
                 " END $$ LANGUAGE plpgsql")
    conn.execute("CREATE TRIGGER die AFTER INSERT ON reports FOR EACH ROW EXECUTE FUNCTION die()")
    conn.close()
    result = invoke(config_file, "ingest", *map(str, SEEDS[:3]))
    assert result.exit_code == 6, result.output
    assert result.stderr.startswith(f"Error: {SEEDS[1]}: not stored: lost the connection to the"
                                    f" database {url} (")
    assert result.stderr.count("\n") == 1
    assert counts(url)[0] == 1
    conn = Connection(url)
    conn.execute("DROP TRIGGER die ON reports")
    conn.close()
    again = invoke(config_file, "ingest", *map(str, SEEDS[:3]))
    assert again.exit_code == 0 and "1 already ingested" in again.output
    assert counts(url)[0] == 3


# --- schema versions either way --------------------------------------------------------------

def test_a_database_newer_than_the_code(db, tmp_path, capsys):
    """A colleague upgraded tracker on the shared database: the advice is to upgrade tracker,
    and `db upgrade` says so too instead of Alembic's 102-line traceback."""
    conn = Connection(db.url)
    conn.execute("UPDATE alembic_version SET version_num = '0009'")
    conn.close()
    config_file = write_config(tmp_path / "cfg.toml", db.url)
    message = (f"database schema is at 0009, this tracker knows up to {SCHEMA_REVISION}:"
               " upgrade tracker")
    for args in [("open",), ("close", "1"), ("digest", "send"), ("db", "upgrade")]:
        one_error(invoke(config_file, *args), 4, message)
    assert invoke(config_file, "db", "current").output == (
        f"database: 0009, code: {SCHEMA_REVISION} (newer than this tracker: upgrade tracker)\n")
    assert fastopen.fast_open(["--config", str(config_file), "open"]) == 4
    assert capsys.readouterr().err == f"Error: {message}\n"


def test_db_upgrade_to_an_unknown_revision(db, tmp_path):
    config_file = write_config(tmp_path / "cfg.toml", db.url)
    result = invoke(config_file, "db", "upgrade", "0042")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot upgrade to '0042': ")
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize("revision", ["", " ", "@", "head+1", "base+99", "heads", "-1"])
def test_db_upgrade_takes_head_or_a_revision_id_only(db, tmp_path, revision):
    # Found by tests/test_cli_fuzz.py: alembic's revision grammar asserts on some of these.
    config_file = write_config(tmp_path / "cfg.toml", db.url)
    result = invoke(config_file, "db", "upgrade", "--", revision)
    assert result.exit_code == 1
    assert result.stderr == (f"Error: cannot upgrade to {revision!r}: not a revision of this"
                             f" tracker (head, or 0001 to {migrations.head_revision()})\n")


@pytest.mark.parametrize("args", [("db", "current"), ("db", "upgrade"), ("open",)])
def test_unreachable_postgres_is_exit_3_and_masks_the_password(tmp_path, args):
    url = "postgresql+psycopg://tracker:p@ss:w0rd@127.0.0.1:1/none?sslmode=disable"
    result = invoke(write_config(tmp_path / "cfg.toml", url), *args)
    assert result.exit_code == 3, result.output
    assert result.stderr.startswith("Error: cannot connect to the database postgresql+psycopg:"
                                    "//tracker:***@127.0.0.1:1/none?sslmode=disable: ")
    assert "port 1 failed" in result.stderr  # the right host, not 'ss:w0rd@127.0.0.1'
    assert "w0rd" not in result.stderr and "p@ss" not in result.stderr
    assert result.stderr.count("\n") == 1


# --- secrets -----------------------------------------------------------------------------------

@pytest.mark.parametrize("url, secret", [
    ("postgresql+psycopg://u:dbsecret@h/d", "dbsecret"),
    ("postgresql+psycopg://u:p@ss@Zw0rd@h:5432/d", "Zw0rd"),  # unencoded '@'
    ("postgresql+psycopg://u:p%40ssZw0rd@h/d", "ssZw0rd"),
    ("postgresql+psycopg://u@h/d?sslmode=require&password=s3cret", "s3cret"),
    ("postgresql+psycopg://u@h/d?PASSWORD=s3cret&x=1", "s3cret"),
    ("postgresql+psycopg://u:a/b?c#d@h/d", "b?c#d"),
])
def test_every_form_of_database_password_is_masked(tmp_path, url, secret):
    result = invoke(write_config(tmp_path / "cfg.toml", url), "config", "show")
    assert result.exit_code == 0
    assert secret not in result.output and "***" in result.output
    shown = CliRunner().invoke(root, ["config", "show"],
                               env={"TRACKER_CONFIG": str(tmp_path / "cfg.toml"),
                                    "TRACKER_DATABASE_URL": url.replace("@h", "@127.0.0.1:1")})
    assert secret not in shown.output
    failed = invoke(write_config(tmp_path / "cfg.toml", url.replace("@h", "@127.0.0.1:1")),
                    "open")
    assert failed.exit_code == 3 and secret not in failed.stderr


def test_mask_url_keeps_what_is_no_secret():
    assert mask_url("postgresql+psycopg://u@h/d") == "postgresql+psycopg://u@h/d"
    assert mask_url("sqlite:////var/lib/tracker/tracker.db") == \
        "sqlite:////var/lib/tracker/tracker.db"
    assert mask_url("postgresql+psycopg://u:x@h/d?password=y&a=b") == \
        "postgresql+psycopg://u:***@h/d?password=***&a=b"


@pytest.mark.postgres
def test_a_password_with_an_unencoded_at_sign_reaches_the_right_server(pg_server, tmp_path):
    """The local server trusts every password: the URL works once its '@' is encoded."""
    url = pg_server.fresh().replace("postgres@", "postgres:p@ss@", 1)
    result = invoke(write_config(tmp_path / "cfg.toml", url), "open")
    assert result.exit_code == 0, result.output
    assert result.output == "No open actions.\n"


# --- only a bug shows a traceback --------------------------------------------------------------

def test_a_bug_shows_its_traceback_and_how_to_report_it(config_file):
    @click.command("explode")
    def explode() -> None:
        """Fail as a bug would.

        Example:
          tracker explode
        """
        raise ZeroDivisionError("a bug")

    root.add_command(explode)
    try:
        result = invoke(config_file, "explode")
    finally:
        del root.commands["explode"]
    assert result.exit_code == 70
    assert "Traceback (most recent call last):" in result.stderr
    assert "ZeroDivisionError: a bug" in result.stderr
    assert result.stderr.rstrip().endswith("Please report it with the command you ran and the"
                                           " traceback above (README.md, 'Reporting a bug').")


# --- configuration, checked at load time ---------------------------------------------------

@pytest.mark.parametrize("text, message", [
    ("[schedule]\nhour = 25\n", "schedule.hour must be between 0 and 23, not 25"),
    ("[schedule]\nminute = 60\n", "schedule.minute must be between 0 and 59, not 60"),
    ("[smtp]\nport = 0\n", "smtp.port must be between 1 and 65535, not 0"),
    ("[smtp]\nport = 70000\n", "smtp.port must be between 1 and 65535, not 70000"),
    ("[defaults]\ndue_days = 100000\n", "defaults.due_days must be between 0 and 3650"),
    ("[defaults]\nescalate_after_days = -3\n", "defaults.escalate_after_days must be between"),
    ("[schedule]\ncatch_up_hours = 200\n", "schedule.catch_up_hours must be between 0 and 168"),
    ("[mail]\nmax_deferrals = 0\n", "mail.max_deferrals must be between 1 and 100, not 0"),
    ('[schedule]\nday_of_week = "funday"\n', "schedule.day_of_week must name days as mon"),
    ('[schedule]\ncron = "61 8 * * 1"\n',
     "schedule.cron: minute field '61': 61 is out of range 0-59"),
    ('[schedule]\ncron = "0 8 30 2 *"\n', "schedule.cron: '0 8 30 2 *' never fires"),
    ("[smtp]\nallow_plaintext_login = 1\n", "smtp.allow_plaintext_login must be true or false"),
])
def test_values_out_of_range_stop_every_command(tmp_path, text, message):
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    result = invoke(path, "open")
    assert result.exit_code == 3
    assert result.stderr.startswith(f"Error: {path}: {message}")
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize("name, value, message", [
    ("TRACKER_TIMEZONE", "Mars/Olympus", "unknown time zone 'Mars/Olympus'"),
    ("TRACKER_SCHEDULE_HOUR", "25", "must be between 0 and 23, not 25"),
    ("TRACKER_SMTP_PORT", "0", "must be between 1 and 65535, not 0"),
    ("TRACKER_LANGUAGE", "de", "must be one of en, nl, not 'de'"),
    ("TRACKER_SCHEDULE_CRON", "0 25 * * *", "hour field '25': 25 is out of range 0-23"),
])
def test_a_bad_variable_is_blamed_on_the_variable(tmp_path, name, value, message):
    path = tmp_path / "config.toml"
    path.write_text("", encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_config(path, env={name: value})
    assert str(error.value) == f"environment {name}: {message}"


def test_unknown_tracker_variables_are_warned_about(tmp_path, capsys):
    path = write_config(tmp_path / "config.toml", f"sqlite:///{tmp_path}/t.db")
    env = {"TRACKER_DEFAULTS_DUE_DAYZ": "7", "TRACKER_SMTP_PASSWORD": "x",
           "TRACKER_USER": "anna", "TRACKER_TEST_POSTGRES_URL": "x"}
    config = load_config(path, env=env)
    assert config.defaults.due_days == 42
    assert config.warnings == ("environment TRACKER_DEFAULTS_DUE_DAYZ is not a tracker setting"
                               " and is ignored; did you mean TRACKER_DEFAULTS_DUE_DAYS?",)
    result = CliRunner().invoke(root, ["--config", str(path), "open"],
                                env={"TRACKER_DEFAULTS_DUE_DAYZ": "7"})
    assert result.exit_code == 0
    assert result.stderr == f"Warning: {config.warnings[0]}\n"


def test_cron_errors_name_the_field(cli):
    for cron, message in [
        ("61 8 * * 1", "--cron: minute field '61': 61 is out of range 0-59"),
        ("0 8 * * 8", "--cron: day of week field '8': 8 is out of range 0-7"),
        ("0 8 * 13 1", "--cron: month field '13': 13 is out of range 1-12"),
        ("0 8 * * funday", "--cron: day of week field 'funday': 'funday' is not a value"
                           " (use sun-sat or 0-7)"),
        ("0 8 30 2 *", "--cron: '0 8 30 2 *' never fires: no month of '2' has day 30"),
        ("0 8 31 4 mon", "--cron: '0 8 31 4 mon' never fires: no month of '4' has day 31"),
        ("0 8 * *", "--cron: a cron expression has five fields"),
    ]:
        result = cli("scheduler", "next", "--cron", cron, ok=False)
        assert result.exit_code == 3, cron
        assert result.stderr.startswith(f"Error: {message}"), result.stderr
        assert result.stderr.count("\n") == 1


@pytest.mark.parametrize("actor", ["", "   "])
def test_an_empty_actor_is_refused(cli, actor):
    result = cli("--as", actor, "add", "Iets", ok=False)
    assert result.exit_code == 2
    assert "Invalid value for '--as': must name who acts, not be empty" in result.output
    assert "No open actions." in cli("open").output


# --- silent cases get a word ---------------------------------------------------------------------

def test_a_future_week_needs_force(cli, app):
    with transaction(app.sessions()) as s:
        anna = owners.add_owner(s, "Anna", "anna@example.org")
        actions.create_actions(s, [actions.NewAction("Iets", owner=anna, due=date(2027, 1, 1),
                                                     due_source="manual")], "t",
                               datetime(2026, 11, 1, tzinfo=UTC))
    with freeze_time("2026-11-23 07:00:00"):
        for week in ("2030-W01", "2026-W49"):
            result = cli("digest", "send", "--week", week, ok=False)
            assert result.exit_code == 1
            assert result.stderr == (f"Error: {week} has not begun (this is 2026-W48): its"
                                     " mails would be marked sent before its round; add"
                                     " --force to send them now anyway\n")
            assert f"No deliveries for {week} yet." in cli("digest", "status", "--week",
                                                          week).output
        assert cli("digest", "send", "--week", "2026-W47").output.startswith("2026-W47: 2 sent")
        assert cli("digest", "send", "--week", "2026-W49", "--dry-run").exit_code == 0
        forced = cli("digest", "send", "--week", "2026-W49", "--force")
        assert forced.output.startswith("2026-W49: 2 sent")


def test_no_coordinators_is_said(tmp_path, db):
    path = tmp_path / "config.toml"
    path.write_text(f'[database]\nurl = "{db.url}"\n[mail]\noutbox = "outbox"\n',
                    encoding="utf-8")
    note = (f"Warning: no coordinators configured: the weekly coordinator summary goes to nobody"
            f" (set `coordinators` in {path})\n")
    shown = invoke(path, "config", "show")
    assert shown.exit_code == 0 and shown.stderr == note
    with freeze_time("2026-11-23 07:00:00"):
        sent = invoke(path, "digest", "send")
    assert sent.exit_code == 0 and sent.stderr == note


def test_a_missed_week_is_logged(app, config, caplog):
    from tracker import scheduler
    from tracker.core.models import DigestRound
    from tracker.mail import outbox

    trigger = scheduler.make_trigger(config)
    with transaction(app.sessions()) as s:
        anna = owners.add_owner(s, "Anna", "anna@example.org")
        actions.create_actions(s, [actions.NewAction("Iets", owner=anna)], "t",
                               datetime(2026, 11, 1, tzinfo=UTC))
        s.add(DigestRound(period="2026-W45", started_at=datetime(2026, 11, 2, 7, tzinfo=UTC),
                          completed_at=datetime(2026, 11, 2, 7, tzinfo=UTC)))
        s.add(DigestRound(period="2026-W46", started_at=datetime(2026, 11, 9, 7, tzinfo=UTC)))
    with freeze_time("2026-11-09 07:00:00"):
        outbox.plan_round(app.sessions(), config, "2026-W46", datetime.now(UTC))
    with freeze_time("2026-11-24 10:00:00"):  # Tuesday of W48; W47 had no round at all
        found = scheduler.missed_weeks(app.sessions(), trigger, config, datetime.now(UTC))
        assert found == [
            "week 2026-W46 ended with 2 mails not sent (see `tracker digest status --week"
            " 2026-W46`)",
            "week 2026-W47 was missed: no round ran (the scheduler was not running at its"
            " slot); its digests were not sent"]
        late = config.replace(schedule=config.schedule.replace(catch_up_hours=24))
        with caplog.at_level(logging.WARNING, logger="tracker.scheduler"):
            assert not scheduler.round_owed(app.sessions(), trigger, late, datetime.now(UTC))
        assert "round 2026-W48 not caught up: its slot (2026-11-23T08:00:00+01:00) passed" \
            " more than schedule.catch_up_hours = 24 hours ago" in caplog.text


def test_a_fresh_database_has_missed_no_week(app, config):
    """Weeks before the first round ever run are nobody's concern."""
    from tracker import scheduler

    with freeze_time("2026-11-24 10:00:00"):
        assert scheduler.missed_weeks(app.sessions(), scheduler.make_trigger(config), config,
                                      datetime.now(UTC)) == []


def test_app_closes_cleanly_after_a_failed_open(tmp_path):
    """A failure while opening leaves no connection behind (the next command works)."""
    db_file = tmp_path / "tracker.db"
    db_file.write_bytes(b"x" * 4096)
    app = App(load_config(write_config(tmp_path / "c.toml", f"sqlite:///{db_file}"), env={}))
    with pytest.raises(StorageError, match="is not a SQLite database"):
        app.raw()
    app.close()
