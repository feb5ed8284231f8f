"""Opening a database, one way for both drivers: the plain DB-API connection of the fast paths
and the SQLAlchemy engine (tracker.core.orm) share what counts as a new SQLite file, the SQLite
pragmas, and the text in which SQLite keeps a UTC instant. No SQLAlchemy import here: it costs
0.3 s of start-up."""

from __future__ import annotations

import os
import re
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

from tracker.errors import ConfigError, SchemaError

TYPE_CHECKING = False  # importing typing costs 5 ms of every start-up
if TYPE_CHECKING:
    from collections.abc import Iterator

    from sqlalchemy.orm import Session

# The Alembic head this code was written for; tests/test_migrations.py keeps it honest.
SCHEMA_REVISION = "0004"

# How a UTC instant is kept in SQLite, in SQLAlchemy's storage_format syntax: the ORM's
# UTCDateTime (tracker.core.models) and Connection.timestamp both write exactly this.
SQLITE_TIMESTAMP = ("%(year)04d-%(month)02d-%(day)02d %(hour)02d:%(minute)02d:%(second)02d"
                    ".%(microsecond)06d")

# A literal LIKE: every pattern built from a user's text escapes with this character and says so
# (PostgreSQL escapes with a backslash by default, SQLite only when told).
LIKE_ESCAPE = "ESCAPE '\\'"

_NAMED = re.compile(r":([a-z_][a-z0-9_]*)")

# A date parameter is stored as SQLAlchemy's Date stores it in SQLite (said explicitly: Python
# 3.12 deprecates sqlite3's implicit date adapter).
sqlite3.register_adapter(date, date.isoformat)


def sqlite_path(url: str) -> Path | None:
    """The file of a sqlite:/// URL, or None for other databases and in-memory SQLite."""
    if not url.startswith("sqlite"):
        return None
    path = url.split(":///", 1)[1] if ":///" in url else ""
    return None if path in ("", ":memory:") else Path(path)


def is_postgres(url: str) -> bool:
    return url.startswith("postgresql")


def is_new_sqlite(path: Path) -> bool:
    """A file tracker may create and migrate by itself: missing, or empty (`touch`, or a first
    start that died before writing anything)."""
    return not path.exists() or path.stat().st_size == 0


def create_private_file(path: Path) -> None:
    """Create an empty file (and its folder) readable by its owner only: it holds names,
    addresses and internal agreements. SQLite gives its -wal/-shm files the same mode."""
    path.parent.mkdir(parents=True, exist_ok=True)
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))


def configure_sqlite(raw: sqlite3.Connection, on_file: bool) -> None:
    """The settings of every SQLite connection, whichever driver layer opened it."""
    # Statements commit on their own; a unit of work begins explicitly (BEGIN IMMEDIATE).
    raw.isolation_level = None
    raw.execute("PRAGMA foreign_keys = ON")
    raw.execute("PRAGMA busy_timeout = 30000")
    if on_file:
        raw.execute("PRAGMA journal_mode = WAL")
        # In WAL mode NORMAL cannot corrupt the database; a power cut may lose the last
        # commits (at worst a digest is resent), while FULL would fsync on every one of the
        # outbox's per-delivery commits.
        raw.execute("PRAGMA synchronous = NORMAL")


def like_pattern(text: str) -> str:
    """A LIKE pattern (used with LIKE_ESCAPE) that finds `text` anywhere, `%` and `_` included."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class Connection:
    """A thin wrapper that lets one SQL text with :named parameters run on both drivers.
    Statements commit on their own; transaction() groups several into one unit of work."""

    def __init__(self, url: str):
        self.url = url
        self.postgres = is_postgres(url)
        self._owned = True
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
            self.raw = sqlite3.connect(str(path) if path else ":memory:")
            configure_sqlite(self.raw, path is not None)
        else:
            raise ConfigError(f"database.url: unsupported database {url.split(':')[0]!r}"
                              " (use sqlite:/// or postgresql+psycopg://)")

    @classmethod
    def of_session(cls, session: Session) -> Connection:
        """The ORM session's own connection, inside its transaction: the same SQL reads what
        the session wrote and is rolled back with it. Not closed by close()."""
        session.flush()  # what the session holds is what the SQL sees
        bound = session.connection()
        conn = cls.__new__(cls)
        conn.url = str(bound.engine.url)
        conn.postgres = bound.dialect.name == "postgresql"
        conn.raw = bound.connection.driver_connection
        conn._owned = False
        return conn

    def execute(self, sql: str, params: dict[str, object] | None = None):
        if self.postgres:
            sql = _NAMED.sub(r"%(\1)s", sql.replace("%", "%%"))
        return self.raw.execute(sql, params or {})

    def stream(self, sql: str, params: dict[str, object] | None = None,
               batch: int = 2000) -> Iterator[tuple]:
        """The rows a batch at a time, so memory stays flat however many there are. Inside an
        ORM transaction on PostgreSQL through a server-side cursor (psycopg's ordinary cursor
        fetches the whole result at once)."""
        if self.postgres and not self._owned:
            import uuid

            with self.raw.cursor(name=f"tracker_{uuid.uuid4().hex}") as cursor:
                cursor.itersize = batch
                cursor.execute(_NAMED.sub(r"%(\1)s", sql.replace("%", "%%")), params or {})
                yield from cursor
            return
        cursor = self.execute(sql, params)
        while rows := cursor.fetchmany(batch):
            yield from rows

    def transaction(self) -> Iterator[Connection]:
        """A unit of work that takes the write lock up front (see tracker.core.orm)."""
        from contextlib import contextmanager

        @contextmanager
        def unit():
            if self.postgres:
                with self.raw.transaction():
                    yield self
                return
            self.raw.execute("BEGIN IMMEDIATE")
            try:
                yield self
            except BaseException:
                self.raw.execute("ROLLBACK")
                raise
            self.raw.execute("COMMIT")

        return unit()

    def timestamp(self, moment: datetime) -> object:
        """A UTC instant as a parameter, stored as tracker.core.models.UTCDateTime stores it."""
        naive = moment.astimezone(UTC).replace(tzinfo=None)
        if self.postgres:
            return naive
        return SQLITE_TIMESTAMP % {name: getattr(naive, name) for name in (
            "year", "month", "day", "hour", "minute", "second", "microsecond")}

    def close(self) -> None:
        if self._owned:
            self.raw.close()


def to_date(value: object) -> date | None:
    """A date column's value: psycopg returns a date, sqlite3 the ISO text SQLAlchemy stored."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def to_utc(value: object) -> datetime | None:
    """A UTCDateTime column's value as an aware UTC instant, from either driver."""
    if value is None:
        return None
    if not isinstance(value, datetime):
        value = datetime.fromisoformat(str(value))
    return value.replace(tzinfo=UTC)


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


def open_database(url: str) -> Connection:
    """A connection to a database at the code's schema revision. A new SQLite file is created
    and migrated first; anything else behind the code is refused (SchemaError, exit 4)."""
    path = sqlite_path(url)
    if path is not None and is_new_sqlite(path):
        from tracker.core.migrations import upgrade_url

        upgrade_url(url)
    conn = Connection(url)
    try:
        check_schema(conn)
    except BaseException:
        conn.close()
        raise
    return conn
