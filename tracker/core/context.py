"""The typed context every command receives: configuration, actor, and lazy database access."""

from __future__ import annotations

import getpass
import os

from tracker.config import Config
from tracker.core import database
from tracker.errors import at_most

ACTOR_MAX = 200  # events.actor is a String(200)

TYPE_CHECKING = False  # importing typing costs 5 ms of every start-up
if TYPE_CHECKING:
    from collections.abc import Callable
    from contextlib import AbstractContextManager
    from datetime import date
    from typing import TypeVar

    T = TypeVar("T")

    from sqlalchemy.orm import Session, sessionmaker


def default_actor() -> str:
    """Who is acting: $TRACKER_USER, else the OS user."""
    try:
        return os.environ.get("TRACKER_USER") or getpass.getuser()
    except (KeyError, OSError):  # no passwd entry, e.g. in a minimal container
        return "unknown"


class App:
    """One command's (or one request's) view of tracker: the configuration, who acts, and the
    database, opened on first use. Holds one DB-API connection: one App per thread."""

    def __init__(self, config: Config, actor: str | None = None):
        self.config = config
        self.actor = at_most(default_actor() if actor is None else actor,
                             "who acts (--as or $TRACKER_USER)", ACTOR_MAX)
        self._sessions: sessionmaker[Session] | None = None
        self._engine = None
        self._raw: database.Connection | None = None

    def raw(self) -> database.Connection:
        """A plain DB-API connection for the fast paths, to a database at the code's schema
        (a new SQLite file is created and migrated first)."""
        if self._raw is None:
            self._raw = database.open_database(self.config.database.url)
        return self._raw

    def has_database(self) -> bool:
        """False for a SQLite file that does not exist yet (nothing is stored there, and a dry
        run should not create it)."""
        path = database.sqlite_path(self.config.database.url)
        return path is None or not database.is_new_sqlite(path)

    def sessions(self) -> sessionmaker[Session]:
        """The ORM session factory, after making sure the schema is current."""
        if self._sessions is None:
            from tracker.core import orm

            self.raw()  # the same checks and first-use migration as the fast paths
            self._engine = orm.make_engine(self.config.database.url)
            self._sessions = orm.session_factory(self._engine)
        return self._sessions

    def transaction(self) -> AbstractContextManager[Session]:
        """One unit of work on an ORM session (owners, ingest): committed at the end, rolled
        back on any error."""
        from tracker.core.orm import transaction

        return transaction(self.sessions())

    def change(self, verb: Callable[..., T], *args, **kwargs) -> T:
        """Run one verb of tracker.core.actions in its own transaction, as the acting user, now.
        Over the plain DB-API connection: a daily verb starts without the ORM."""
        from tracker.clock import now

        conn = self.raw()
        with conn.transaction():
            return verb(conn, *args, actor=self.actor, at=now(), **kwargs)

    def today(self) -> date:
        """Today in the configured time zone."""
        from tracker.clock import today

        return today(self.config.tz)

    def close(self) -> None:
        if self._raw is not None:
            self._raw.close()
        if self._engine is not None:
            self._engine.dispose()
