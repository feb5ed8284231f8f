"""The typed context every command receives: configuration, actor, and lazy database access."""

from __future__ import annotations

import getpass
import os

from tracker.config import Config
from tracker.core import database

TYPE_CHECKING = False  # importing typing costs 5 ms of every start-up
if TYPE_CHECKING:
    from datetime import date

    from sqlalchemy.orm import Session, sessionmaker


def default_actor() -> str:
    """Who is acting: $TRACKER_USER, else the OS user."""
    try:
        return os.environ.get("TRACKER_USER") or getpass.getuser()
    except (KeyError, OSError):  # no passwd entry, e.g. in a minimal container
        return "unknown"


def prepare_database(url: str) -> None:
    """Create and migrate a new SQLite file on first use; elsewhere only check the revision."""
    path = database.sqlite_path(url)
    if path is not None and (not path.exists() or path.stat().st_size == 0):
        from tracker.core import migrations, orm

        engine = orm.make_engine(url)
        try:
            migrations.upgrade(engine)
        finally:
            engine.dispose()
    conn = database.Connection(url)
    try:
        database.check_schema(conn)
    finally:
        conn.close()


class App:
    def __init__(self, config: Config, actor: str | None = None):
        self.config = config
        self.actor = default_actor() if actor is None else actor
        self._sessions: sessionmaker[Session] | None = None
        self._engine = None
        self._raw: database.Connection | None = None
        self._checked = False

    def _ready(self) -> None:
        if not self._checked:
            prepare_database(self.config.database.url)
            self._checked = True

    def raw(self) -> database.Connection:
        """A plain DB-API connection for the fast read paths."""
        if self._raw is None:
            path = database.sqlite_path(self.config.database.url)
            if path is not None and not path.exists():
                self._ready()
            self._raw = database.Connection(self.config.database.url)
            if not self._checked:
                database.check_schema(self._raw)
                self._checked = True
        return self._raw

    def sessions(self) -> sessionmaker[Session]:
        """The ORM session factory, after making sure the schema is current."""
        if self._sessions is None:
            from tracker.core import orm

            self._ready()
            self._engine = orm.make_engine(self.config.database.url)
            self._sessions = orm.session_factory(self._engine)
        return self._sessions

    def today(self) -> date:
        """Today in the configured time zone."""
        from tracker.clock import today

        return today(self.config.tz)

    def close(self) -> None:
        if self._raw is not None:
            self._raw.close()
        if self._engine is not None:
            self._engine.dispose()
