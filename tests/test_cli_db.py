from __future__ import annotations

from click.testing import CliRunner

from tracker.cli.main import cli as root
from tracker.core import migrations
from tracker.core.database import SCHEMA_REVISION
from tracker.core.orm import make_engine


def invoke(config_path, *args):
    return CliRunner().invoke(root, ["--config", str(config_path), *args])


def write_config(tmp_path, url):
    path = tmp_path / "cfg.toml"
    path.write_text(f'[database]\nurl = "{url}"\n', encoding="utf-8")
    return path


def test_db_upgrade_and_current(empty_db, tmp_path):
    path = write_config(tmp_path, empty_db.url)
    result = invoke(path, "db", "current")
    assert result.exit_code == 0
    assert result.output == f"database: empty, code: {SCHEMA_REVISION} (run `tracker db upgrade`)\n"
    result = invoke(path, "db", "upgrade")
    assert result.output == f"Database upgraded from empty to {SCHEMA_REVISION}.\n"
    result = invoke(path, "db", "upgrade")
    assert result.output == f"Database already at {SCHEMA_REVISION}.\n"
    result = invoke(path, "db", "current")
    assert result.output == f"database: {SCHEMA_REVISION}, code: {SCHEMA_REVISION} (up to date)\n"


def test_new_sqlite_file_is_created_and_migrated_on_first_use(tmp_path):
    db_file = tmp_path / "sub" / "fresh.db"
    path = write_config(tmp_path, f"sqlite:///{db_file}")
    result = invoke(path, "open")
    assert result.exit_code == 0, result.output
    assert "No open actions." in result.output
    assert db_file.stat().st_mode & 0o777 == 0o600
    engine = make_engine(f"sqlite:///{db_file}")
    assert migrations.current_revision(engine) == SCHEMA_REVISION
    engine.dispose()


def test_database_behind_the_code_stops_commands(empty_db, tmp_path):
    engine = make_engine(empty_db.url)
    migrations.upgrade(engine)
    migrations.downgrade(engine, "base")
    engine.dispose()
    path = write_config(tmp_path, empty_db.url)
    result = invoke(path, "open")
    assert result.exit_code == 4
    assert result.output == (f"Error: database schema is at nothing (empty database), code expects"
                             f" {SCHEMA_REVISION}: run `tracker db upgrade`\n")


def test_unreachable_postgres_is_one_line(tmp_path):
    path = write_config(tmp_path, "postgresql+psycopg://nobody@127.0.0.1:1/none")
    result = invoke(path, "open")
    assert result.exit_code == 3
    assert result.output.startswith("Error: cannot connect to the database"
                                    " postgresql+psycopg://nobody@127.0.0.1:1/none: ")
    assert result.output.count("\n") == 1


def test_bad_config_is_one_line_error(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('[defaults]\ndue_days = "x"\n')
    result = invoke(path, "open")
    assert result.exit_code == 3
    assert result.output == f"Error: {path}: defaults.due_days must be an integer, not 'x'\n"


def test_version_and_short_help():
    runner = CliRunner()
    assert runner.invoke(root, ["--version"]).output.startswith("tracker, version ")
    result = runner.invoke(root, ["-h"])
    assert result.exit_code == 0 and "Usage: " in result.output


def test_config_show_hides_secrets(tmp_path, monkeypatch):
    monkeypatch.setenv("TRACKER_SMTP_PASSWORD", "hunter2")
    path = write_config(tmp_path, "postgresql+psycopg://u:dbsecret@h/d")
    result = invoke(path, "config", "show")
    assert result.exit_code == 0
    assert "hunter2" not in result.output and "dbsecret" not in result.output
    assert '"password_set": true' in result.output


def test_database_at_an_older_revision_is_named(empty_db, tmp_path):
    engine = make_engine(empty_db.url)
    migrations.upgrade(engine, "0001")
    engine.dispose()
    path = write_config(tmp_path, empty_db.url)
    result = invoke(path, "open")
    assert result.exit_code == 4
    assert result.output == (f"Error: database schema is at 0001, code expects {SCHEMA_REVISION}:"
                             " run `tracker db upgrade`\n")
    assert invoke(path, "db", "upgrade").output == (f"Database upgraded from 0001 to"
                                                    f" {SCHEMA_REVISION}.\n")
    assert invoke(path, "open").exit_code == 0


def test_empty_sqlite_file_counts_as_new_on_every_path(tmp_path, capsys):
    """A 0-byte file (`touch tracker.db`, a first start that died) is migrated on first use by
    the fast path, the click listing and the ORM commands alike; it used to give exit 4 on
    `open` and a silent migration on `reports`."""
    from tracker.cli import fastopen

    for argv in (["open"], ["reports"]):
        db_file = tmp_path / f"{argv[0]}.db"
        db_file.touch()
        path = write_config(tmp_path, f"sqlite:///{db_file}")
        result = invoke(path, *argv)
        assert result.exit_code == 0, result.output
        engine = make_engine(f"sqlite:///{db_file}")
        assert migrations.current_revision(engine) == SCHEMA_REVISION
        engine.dispose()
    db_file = tmp_path / "fast.db"
    db_file.touch()
    path = write_config(tmp_path, f"sqlite:///{db_file}")
    assert fastopen.fast_open(["--config", str(path), "open"]) == 0
    assert capsys.readouterr().out == "No open actions.\n"
