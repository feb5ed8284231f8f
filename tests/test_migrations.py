"""The schema is owned by Alembic: upgrade, downgrade and back, on both backends, and the models
match the migrations exactly."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from tracker.core import migrations
from tracker.core.database import SCHEMA_REVISION
from tracker.core.models import Base
from tracker.core.orm import make_engine

TABLES = {"reports", "owners", "actions", "events", "deliveries", "digest_rounds",
          "due_proposals", "alembic_version"}


def test_code_revision_is_the_alembic_head():
    assert migrations.head_revision() == SCHEMA_REVISION


def test_upgrade_downgrade_and_back(empty_db):
    engine = make_engine(empty_db.url)
    try:
        migrations.upgrade(engine)
        assert migrations.current_revision(engine) == SCHEMA_REVISION
        assert set(inspect(engine).get_table_names()) == TABLES
        assert inspect(engine).get_view_names() == ["action_states"]
        migrations.downgrade(engine, "base")
        assert migrations.current_revision(engine) is None
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        assert inspect(engine).get_view_names() == []
        migrations.upgrade(engine)
        assert migrations.current_revision(engine) == SCHEMA_REVISION
    finally:
        engine.dispose()


def test_models_match_migrations(db):
    engine = make_engine(db.url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            diff = compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()
    assert diff == []


def test_sqlite_pragmas_and_private_file(tmp_path):
    """The ORM engine and the plain DB-API connection open SQLite the same way."""
    from tracker.core.database import Connection

    path = tmp_path / "new" / "tracker.db"
    engine = make_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as connection:
            orm = [connection.exec_driver_sql(f"PRAGMA {name}").scalar()
                   for name in ("foreign_keys", "journal_mode", "busy_timeout", "synchronous")]
    finally:
        engine.dispose()
    conn = Connection(f"sqlite:///{path}")
    try:
        plain = [conn.execute(f"PRAGMA {name}").fetchone()[0]
                 for name in ("foreign_keys", "journal_mode", "busy_timeout", "synchronous")]
    finally:
        conn.close()
    assert orm == plain == [1, "wal", 30000, 1]  # synchronous 1 = NORMAL
    assert path.stat().st_mode & 0o777 == 0o600


def test_plain_connection_writes_instants_as_the_orm_does(db):
    """A UTC instant written over DB-API reads back through the ORM (and vice versa)."""
    from datetime import UTC, datetime

    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from tracker.core.database import Connection, to_utc
    from tracker.core.models import DigestRound

    moment = datetime(2026, 3, 29, 1, 30, 15, 123456, tzinfo=UTC)
    conn = Connection(db.url)
    try:
        conn.execute("INSERT INTO digest_rounds (period, started_at) VALUES ('2026-W13', :at)",
                     {"at": conn.timestamp(moment)})
    finally:
        conn.close()
    engine = make_engine(db.url)
    try:
        with Session(engine) as session, session.begin():
            stored = session.scalar(select(DigestRound))
            assert stored.started_at == moment
            session.add(DigestRound(period="2026-W14", started_at=moment))
    finally:
        engine.dispose()
    conn = Connection(db.url)
    try:
        rows = conn.execute("SELECT started_at FROM digest_rounds ORDER BY period").fetchall()
    finally:
        conn.close()
    assert [to_utc(value) for (value,) in rows] == [moment, moment]
    if db.backend == "sqlite":
        assert rows[0][0] == rows[1][0] == "2026-03-29 01:30:15.123456"


@pytest.mark.parametrize("table", ["actions", "deliveries", "events"])
def test_check_constraints_reject_unknown_states(db, table):
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    engine = make_engine(db.url)
    statements = {
        "actions": "INSERT INTO actions (position, text, title, status, created_at, source)"
                   " VALUES (0, 't', 't', 'maybe', '2026-01-01 00:00:00', 'manual')",
        "deliveries": "INSERT INTO deliveries (recipient, kind, period, status, attempts,"
                      " created_at) VALUES ('a@b.nl', 'owner_digest', '2026-W01', 'lost', 0,"
                      " '2026-01-01 00:00:00')",
        "events": "INSERT INTO events (action_id, at, actor, kind) SELECT id,"
                  " '2026-01-01 00:00:00', 't', 'deleted' FROM actions",
    }
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO actions (position, text, title, status, created_at,"
                                " source) VALUES (0, 't', 't', 'open', '2026-01-01 00:00:00',"
                                " 'manual')"))
    try:
        with pytest.raises(IntegrityError), engine.begin() as connection:
            connection.execute(text(statements[table]))
    finally:
        engine.dispose()


def test_data_survives_upgrade_from_the_first_revision(empty_db):
    """A database of revision 0001 with data in it goes to head and keeps its data."""
    from sqlalchemy import text

    engine = make_engine(empty_db.url)
    try:
        migrations.upgrade(engine, "0001")
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO owners (name, email, language, active)"
                                    " VALUES ('Anna', 'anna@example.org', 'nl', true)"))
        migrations.upgrade(engine)
        with engine.connect() as connection:
            assert connection.execute(text("SELECT email FROM owners")).scalar() == \
                "anna@example.org"
            assert connection.execute(text("SELECT count(*) FROM digest_rounds")).scalar() == 0
    finally:
        engine.dispose()


def test_0006_keeps_everything_both_ways(empty_db):
    """Up from 0005 with data: fingerprints filled in, nothing lost; down again: the new event
    kinds become notes, and no table copy cascades into actions or events (SQLite)."""
    from pathlib import Path

    from sqlalchemy import text

    from tracker.core.similarity import fingerprint

    raw = (Path(__file__).parent / "fixtures/seeds/000_d7ab51555bbcc683.txt").read_text()
    engine = make_engine(empty_db.url)
    try:
        migrations.upgrade(engine, "0005")
        with engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO reports (id, source_name, sha256, title, raw_text, ingested_at)"
                " VALUES (1, 'r.txt', 'abc', 'R', :raw, '2026-01-01 00:00:00')"), {"raw": raw})
            connection.execute(text(
                "INSERT INTO actions (id, report_id, position, text, title, status, created_at,"
                " source) VALUES (1, 1, 1, 't', 't', 'open', '2026-01-01 00:00:00', 'followup')"))
            connection.execute(text("INSERT INTO events (action_id, at, actor, kind) VALUES"
                                    " (1, '2026-01-01 00:00:00', 't', 'created')"))
        migrations.upgrade(engine)
        with engine.begin() as connection:
            assert connection.execute(text("SELECT fingerprint FROM reports")).scalar() == str(
                fingerprint(raw))
            assert connection.execute(text("SELECT needs_review FROM actions")).scalar() in (
                False, 0)
            connection.execute(text("INSERT INTO events (action_id, at, actor, kind, note)"
                                    " VALUES (1, '2026-01-02 00:00:00', 't', 'split', 'in 2')"))
            assert connection.execute(text("SELECT id FROM action_states")).scalar() == 1
        migrations.downgrade(engine, "0005")
        with engine.connect() as connection:
            assert connection.execute(text("SELECT kind, note FROM events ORDER BY id")).all() == [
                ("created", None), ("noted", "split: in 2")]
            assert connection.execute(text("SELECT count(*) FROM actions")).scalar() == 1
        migrations.upgrade(engine)
        assert migrations.current_revision(engine) == SCHEMA_REVISION
    finally:
        engine.dispose()


def test_0007_keeps_everything_both_ways(empty_db):
    """Up from 0006 with data: the proposals' table and event kinds come; down again: the
    proposals' events become notes that say what happened, nothing else is lost."""
    from sqlalchemy import text

    engine = make_engine(empty_db.url)
    try:
        migrations.upgrade(engine, "0006")
        with engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO actions (id, position, text, title, status, created_at, source,"
                " due_date) VALUES (1, 0, 't', 't', 'open', '2026-01-01 00:00:00', 'manual',"
                " '2026-02-01')"))
            connection.execute(text("INSERT INTO events (action_id, at, actor, kind) VALUES"
                                    " (1, '2026-01-01 00:00:00', 't', 'created')"))
        migrations.upgrade(engine)
        with engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO due_proposals (action_id, due_date, reason, proposed_by,"
                " proposed_at, status) VALUES (1, '2026-03-01', 'later', 'a@example.org',"
                " '2026-01-02 00:00:00', 'pending')"))
            connection.execute(text(
                "INSERT INTO events (action_id, at, actor, kind, old_value, new_value, note)"
                " VALUES (1, '2026-01-02 00:00:00', 'a@example.org', 'due_proposed',"
                " '2026-02-01', '2026-03-01', 'via web: later')"))
            with pytest.raises(Exception, match="(?i)check"), connection.begin_nested():
                connection.execute(text(
                    "INSERT INTO due_proposals (action_id, due_date, proposed_by,"
                    " proposed_at, status) VALUES (1, '2026-03-01', 'a@example.org',"
                    " '2026-01-02 00:00:00', 'maybe')"))
        migrations.downgrade(engine, "0006")
        with engine.connect() as connection:
            assert connection.execute(text("SELECT kind, note FROM events ORDER BY id")).all() == [
                ("created", None), ("noted", "due_proposed 2026-03-01: via web: later")]
            assert connection.execute(text("SELECT count(*) FROM actions")).scalar() == 1
        assert "due_proposals" not in inspect(engine).get_table_names()
        migrations.upgrade(engine)
        assert migrations.current_revision(engine) == SCHEMA_REVISION
    finally:
        engine.dispose()
