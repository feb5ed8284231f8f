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

from tracker.errors import ConfigError, SchemaError, StorageError

TYPE_CHECKING = False  # importing typing costs 5 ms of every start-up
if TYPE_CHECKING:
    from collections.abc import Iterator

    from sqlalchemy.orm import Session

# The Alembic head this code was written for; tests/test_migrations.py keeps it honest.
SCHEMA_REVISION = "0007"

# How a UTC instant is kept in SQLite, in SQLAlchemy's storage_format syntax: the ORM's
# UTCDateTime (tracker.core.models) and Connection.timestamp both write exactly this.
SQLITE_TIMESTAMP = ("%(year)04d-%(month)02d-%(day)02d %(hour)02d:%(minute)02d:%(second)02d"
                    ".%(microsecond)06d")

# A literal LIKE: every pattern built from a user's text escapes with this character and says so
# (PostgreSQL escapes with a backslash by default, SQLite only when told).
LIKE_ESCAPE = "ESCAPE '\\'"

# Ids are integers of at most 64 bits on both databases: a number outside 1..MAX_ID names
# nothing, and would overflow sqlite3 (OverflowError) if it reached the driver.
MAX_ID = 2**63 - 1

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
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    except OSError as exc:
        raise StorageError(f"cannot create the database {path}: {exc.strerror}") from None


def configure_sqlite(raw: sqlite3.Connection, on_file: bool) -> None:
    """The settings of every SQLite connection, whichever driver layer opened it."""
    # Statements commit on their own; a unit of work begins explicitly (BEGIN IMMEDIATE).
    raw.isolation_level = None
    raw.execute("PRAGMA foreign_keys = ON")
    raw.execute("PRAGMA busy_timeout = 30000")
    # Asking first: setting the mode is a write, which a read-only file refuses.
    if on_file and raw.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        raw.execute("PRAGMA journal_mode = WAL")
    # In WAL mode NORMAL cannot corrupt the database; a power cut may lose the last commits
    # (at worst a digest is resent), while FULL would fsync on every one of the outbox's
    # per-delivery commits.
    raw.execute("PRAGMA synchronous = NORMAL")


def connect_sqlite(path: Path | None, any_thread: bool = False) -> sqlite3.Connection:
    """A configured connection to the file (None: in memory). In a read-only folder SQLite
    cannot create the WAL's -shm file and so cannot open the database at all; then it is read
    as it is (read-only commands work, writes fail as read-only), unless a -wal file holds
    changes not yet in the database, which such a read would miss. `any_thread` for a pool
    that hands connections to several threads (SQLAlchemy's)."""
    if path is None:
        raw = sqlite3.connect(":memory:", check_same_thread=not any_thread)
        configure_sqlite(raw, False)
        return raw
    try:
        raw = sqlite3.connect(str(path), check_same_thread=not any_thread)
        configure_sqlite(raw, True)
        return raw
    except sqlite3.OperationalError:
        wal = path.with_name(path.name + "-wal")
        if os.access(path.parent, os.W_OK) or not path.is_file() or \
                (wal.exists() and wal.stat().st_size > 0):
            raise
    from urllib.parse import quote

    raw = sqlite3.connect(f"file:{quote(str(path))}?immutable=1", uri=True,
                          check_same_thread=not any_thread)
    configure_sqlite(raw, False)
    return raw


def sql_now(postgres: bool, seconds: int = 0) -> str:
    """The database's clock (plus `seconds`) as SQL for a UTC timestamp column. Leases and
    retry times are judged by it, never by a client's clock: a process that was paused, or
    whose clock is wrong, then cannot take what another one holds. (SQLite's clock is the
    host's, as every process that opens the file runs there; Python-level fakes such as
    freezegun do not move it.)"""
    if postgres:
        shift = f" + interval '{seconds} seconds'" if seconds else ""
        return f"(CURRENT_TIMESTAMP AT TIME ZONE 'UTC'{shift})"
    shift = f", '{seconds:+d} seconds'" if seconds else ""
    # '%f' is seconds with milliseconds; three zeros make SQLITE_TIMESTAMP's microseconds.
    return f"strftime('%Y-%m-%d %H:%M:%f000', 'now'{shift})"


def is_id(value: int) -> bool:
    """Whether a number can be the id of a row at all (see MAX_ID)."""
    return 0 < value <= MAX_ID


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
            except psycopg.Error as exc:
                raise connect_error(exc, url) from None
        elif url.startswith("sqlite"):
            try:
                self.raw = connect_sqlite(sqlite_path(url))
            except sqlite3.Error as exc:
                raise database_error(exc, url) or exc from None
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
        refuse_nul(params or {})
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

            refuse_nul(params or {})
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
    except Exception as exc:
        # No such table: a database tracker never touched. Anything else is a real failure.
        if "no such table" not in str(exc) and getattr(exc, "sqlstate", None) != "42P01":
            raise
        if conn.postgres:
            conn.raw.rollback()
        return None
    return row[0] if row else None


def check_schema(conn: Connection) -> None:
    """Stop with a clear message when the database is not at the code's revision."""
    current = schema_revision(conn)
    if current == SCHEMA_REVISION:
        return
    if current is not None and is_newer(current):
        raise newer_schema(current)
    raise SchemaError(f"database schema is at {current or 'nothing (empty database)'},"
                      f" code expects {SCHEMA_REVISION}: run `tracker db upgrade`")


def is_newer(revision: str) -> bool:
    """A revision this code does not know: written by a newer tracker (revisions are numbered
    0001, 0002, ...; anything else is no revision of ours either)."""
    return not revision.isdigit() or int(revision) > int(SCHEMA_REVISION)


def newer_schema(revision: str) -> SchemaError:
    return SchemaError(f"database schema is at {revision}, this tracker knows up to"
                       f" {SCHEMA_REVISION}: upgrade tracker")


# --- failures of the database itself, as one line --------------------------------------------

def database_name(url: str) -> str:
    """The database as the user knows it: the SQLite file, or the URL without its password."""
    path = sqlite_path(url)
    if path is not None:
        return str(path)
    from tracker.config import mask_url

    return mask_url(url)


def _first_line(exc: BaseException, url: str) -> str:
    from tracker.config import scrub

    text = str(exc).strip()
    return scrub(text.splitlines()[0], url) if text else type(exc).__name__


def connect_error(exc: BaseException, url: str) -> ConfigError:
    """The database cannot be reached (exit 3), its password kept out of the message."""
    return ConfigError(f"cannot connect to the database {database_name(url)}:"
                       f" {_first_line(getattr(exc, 'orig', None) or exc, url)}")


# PostgreSQL's SQLSTATE classes: connection exceptions, insufficient resources (disk full),
# operator intervention (pg_terminate_backend, a shutdown), a read-only transaction.
_PG_LOST = ("08", "57P")
_PG_FULL = "53"
_PG_READ_ONLY = "25006"


def refuse_nul(params: dict | tuple | list) -> None:
    """InvalidInput for a text with a NUL character: PostgreSQL cannot store one, and SQLite
    should not either, or the two would differ. A prompt, a pipe or a web form can bring one."""
    from tracker.errors import InvalidInput

    values = params.values() if isinstance(params, dict) else params
    for value in values:
        if isinstance(value, (dict, tuple, list)):  # executemany's rows
            refuse_nul(value)
        elif isinstance(value, str) and "\x00" in value:
            raise InvalidInput(f"a text may not hold a NUL character: {value[:60]!r}")


def database_error(exc: BaseException, url: str) -> StorageError | None:
    """The one-line error for a failure of the database itself (exit 6); None when `exc` is
    something else, a bug. Takes the driver's exception or SQLAlchemy's wrapper of it."""
    orig = getattr(exc, "orig", None) or exc
    db = database_name(url)
    if isinstance(orig, sqlite3.Error):
        text = str(orig).lower()
        for words, problem in _SQLITE_PROBLEMS:
            if any(word in text for word in words):
                return StorageError(problem.format(db=db, reason=str(orig)))
        return None
    names = {cls.__name__ for cls in type(orig).__mro__}
    if not type(orig).__module__.startswith("psycopg"):
        return None
    state = getattr(orig, "sqlstate", None) or ""
    reason = _first_line(orig, url)
    if state.startswith(_PG_FULL):
        return StorageError(f"the database server of {db} is out of resources: {reason}")
    if state == _PG_READ_ONLY:
        return StorageError(f"cannot write the database {db}: it is read-only: {reason}")
    if state.startswith(_PG_LOST) or (not state and "OperationalError" in names):
        return StorageError(f"lost the connection to the database {db} ({reason}): the step"
                            " in progress was rolled back; run the command again")
    return None


_SQLITE_PROBLEMS = (
    (("readonly", "read-only"), "cannot write the database {db}: the file or its folder is"
                                " read-only"),
    (("disk is full",), "cannot write the database {db}: the disk is full"),
    (("not a database", "malformed"), "{db} is not a SQLite database (or it is damaged)"),
    (("unable to open",), "cannot open the database {db}: the file or its folder is missing,"
                          " or may not be read or written"),
    (("disk i/o error",), "cannot read or write the database {db}: disk I/O error"),
    (("locked", "busy"), "the database {db} stayed locked by another process ({reason})"),
)


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
