"""Running the Alembic migrations from code: `tracker db upgrade`, the first use of a new SQLite
file, and the tests all take this one path."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.engine import Engine


def migrations_dir() -> Path:
    """Installed from a wheel, the migrations are tracker/migrations; in a checkout (editable
    install), the top-level alembic/ folder. alembic/ has no __init__.py on purpose: as a
    package it would shadow the alembic library for anything run from the checkout."""
    import tracker

    package = Path(tracker.__file__).parent
    installed = package / "migrations"
    return installed if (installed / "env.py").exists() else package.parent / "alembic"


def alembic_config(connection=None):
    from alembic.config import Config as AlembicConfig

    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(migrations_dir()))
    cfg.attributes["connection"] = connection
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), revision)


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), revision)


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def revisions() -> list[str]:
    """The ids of the migrations, oldest first."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def upgrade_url(url: str, revision: str = "head") -> tuple[str | None, str | None]:
    """Bring the database at url to revision; returns its revision before and after. A
    database newer than this code is left alone (SchemaError: upgrade tracker)."""
    from alembic.util import CommandError

    from tracker.core.database import is_newer, newer_schema
    from tracker.errors import InvalidInput

    known = revisions()
    if revision != "head" and revision not in known:
        # Alembic's own grammar (heads, base+2, @, ...) asserts on some of its inputs.
        raise InvalidInput(f"cannot upgrade to {revision!r}: not a revision of this tracker"
                           f" (head, or {known[0]} to {known[-1]})")
    with _engine(url) as engine:
        before = current_revision(engine)
        if before is not None and is_newer(before):
            raise newer_schema(before)
        try:
            upgrade(engine, revision)
        except CommandError as exc:  # an unknown or older target revision
            raise InvalidInput(f"cannot upgrade to {revision!r}: {exc}") from None
        return before, current_revision(engine)


def revision_of(url: str) -> str | None:
    """The revision of the database at url (None: no schema yet)."""
    with _engine(url) as engine:
        return current_revision(engine)


@contextmanager
def _engine(url: str) -> Iterator[Engine]:
    """An engine whose first connection has been made: a database that cannot be reached is a
    one-line ConfigError (exit 3), not SQLAlchemy's traceback."""
    from sqlalchemy.exc import OperationalError

    from tracker.core.database import connect_error, database_error
    from tracker.core.orm import make_engine

    engine = make_engine(url)
    try:
        try:
            engine.connect().close()
        except OperationalError as exc:
            known = database_error(exc, url) if url.startswith("sqlite") else None
            raise known or connect_error(exc, url) from None
        yield engine
    finally:
        engine.dispose()
