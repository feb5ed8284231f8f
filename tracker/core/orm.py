"""SQLAlchemy engine and sessions (SQLite pragmas), and the transaction every change runs in."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from tracker.core import database


def make_engine(url: str) -> Engine:
    """An engine over the same SQLite settings as the DB-API connection (tracker.core.database),
    whose transactions take the write lock up front."""
    if url.startswith("sqlite"):
        path = database.sqlite_path(url)
        if path is not None and not path.exists():
            database.create_private_file(path)
        # The same connection as the DB-API paths get, read-only fallback included.
        engine = create_engine(url, creator=lambda: database.connect_sqlite(path, any_thread=True))

        @event.listens_for(engine, "begin")
        def _begin(connection) -> None:
            # Take the write lock up front: a deferred transaction that reads and then writes
            # fails at once with "database is locked" when another process wrote in between,
            # while IMMEDIATE waits for busy_timeout instead.
            connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        engine = create_engine(url, pool_pre_ping=True)

    @event.listens_for(engine, "before_cursor_execute")
    def _no_nul(connection, cursor, statement, parameters, context, executemany) -> None:
        database.refuse_nul(parameters or {})  # as the DB-API path does

    return engine


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commit at the end, roll back on any error."""
    with factory() as session, session.begin():
        yield session
