"""Alembic environment. tracker passes its own connection (tracker db upgrade, the tests);
run by hand (`alembic upgrade head`), it takes the database URL from tracker's configuration."""

from __future__ import annotations

from alembic import context
from tracker.core.models import Base

config = context.config
target_metadata = Base.metadata


def _url() -> str:
    from tracker.config import load_config

    return load_config().database.url


def run_migrations_offline() -> None:
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True,
                      render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def _run(connection) -> None:
    # Batch mode lets later migrations alter SQLite tables (copy-and-move).
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=True, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    from tracker.core.orm import make_engine

    engine = make_engine(_url())
    with engine.begin() as connection:
        _run(connection)


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
