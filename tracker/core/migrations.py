"""Running the Alembic migrations from code: `tracker db upgrade`, the first use of a new SQLite
file, and the tests all take this one path."""

from __future__ import annotations

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


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def upgrade_url(url: str, revision: str = "head") -> tuple[str | None, str | None]:
    """Bring the database at url to revision; returns its revision before and after."""
    from tracker.core.orm import make_engine

    engine = make_engine(url)
    try:
        before = current_revision(engine)
        upgrade(engine, revision)
        return before, current_revision(engine)
    finally:
        engine.dispose()


def revision_of(url: str) -> str | None:
    """The revision of the database at url (None: no schema yet)."""
    from tracker.core.orm import make_engine

    engine = make_engine(url)
    try:
        return current_revision(engine)
    finally:
        engine.dispose()
