"""Plain DB-API connections, for the paths that must start fast (`tracker open`) and for the
schema check every command makes. No SQLAlchemy import here: it costs 0.3 s of start-up."""

from __future__ import annotations

import os
import re
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from tracker.errors import ConfigError, SchemaError

# The Alembic head this code was written for; tests/test_migrations.py keeps it honest.
SCHEMA_REVISION = "0003"

_NAMED = re.compile(r":([a-z_][a-z0-9_]*)")


def sqlite_path(url: str) -> Path | None:
    """The file of a sqlite:/// URL, or None for other databases and in-memory SQLite."""
    if not url.startswith("sqlite"):
        return None
    path = url.split(":///", 1)[1] if ":///" in url else ""
    return None if path in ("", ":memory:") else Path(path)


def is_postgres(url: str) -> bool:
    return url.startswith("postgresql")


def create_private_file(path: Path) -> None:
    """Create an empty file (and its folder) readable by its owner only: it holds names,
    addresses and internal agreements. SQLite gives its -wal/-shm files the same mode."""
    path.parent.mkdir(parents=True, exist_ok=True)
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))


class Connection:
    """A thin wrapper that lets one SQL text with :named parameters run on both drivers."""

    def __init__(self, url: str):
        self.url = url
        self.postgres = is_postgres(url)
        if self.postgres:
            import psycopg

            conninfo = url.replace("postgresql+psycopg://", "postgresql://", 1)
            try:
                self.raw = psycopg.connect(conninfo, autocommit=True, connect_timeout=10)
            except psycopg.OperationalError as exc:
                first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
                raise ConfigError(f"cannot connect to the database: {first}") from None
        elif url.startswith("sqlite"):
            path = sqlite_path(url)
            self.raw = sqlite3.connect(str(path) if path else ":memory:", timeout=30)
            self.raw.execute("PRAGMA foreign_keys = ON")
            self.raw.execute("PRAGMA synchronous = NORMAL")  # as tracker.db sets it, see there
        else:
            raise ConfigError(f"database.url: unsupported database {url.split(':')[0]!r}"
                              " (use sqlite:/// or postgresql+psycopg://)")

    def execute(self, sql: str, params: dict[str, object] | None = None):
        if self.postgres:
            sql = _NAMED.sub(r"%(\1)s", sql.replace("%", "%%"))
        return self.raw.execute(sql, params or {})

    def commit(self) -> None:
        if not self.postgres:  # psycopg runs in autocommit mode here
            self.raw.commit()

    def timestamp(self, moment: datetime) -> object:
        """A UTC instant as tracker.models.UTCDateTime stores it."""
        naive = moment.astimezone(UTC).replace(tzinfo=None)
        return naive if self.postgres else naive.strftime("%Y-%m-%d %H:%M:%S.%f")

    def close(self) -> None:
        self.raw.close()


def schema_revision(conn: Connection) -> str | None:
    """The database's Alembic revision; None when it has no schema yet."""
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except Exception:  # the table does not exist: a database tracker never touched
        if conn.postgres:
            conn.raw.rollback()
        return None
    return row[0] if row else None


def check_schema(conn: Connection) -> None:
    """Stop with a clear message when the database is not at the code's revision."""
    current = schema_revision(conn)
    if current != SCHEMA_REVISION:
        raise SchemaError(f"database schema is at {current or 'nothing (empty database)'},"
                          f" code expects {SCHEMA_REVISION}: run `tracker db upgrade`")
