"""Administration: the database schema, the configuration, and the scheduler service."""

from __future__ import annotations

import sys

import click

from tracker.cli.options import (
    CONTEXT_SETTINGS,
    pass_app,
)
from tracker.core.context import App


@click.group(context_settings=CONTEXT_SETTINGS)
def db() -> None:
    """Database schema: upgrade and inspect.

    \b
    Example:
      tracker db upgrade
    """


@db.command("upgrade")
@click.argument("revision", default="head")
@pass_app
def db_upgrade(app: App, revision: str) -> None:
    """Bring the database schema to REVISION (default: the newest).

    \b
    Example:
      tracker db upgrade
    """
    from tracker.core.migrations import upgrade_url

    before, after = upgrade_url(app.config.database.url, revision)
    if before == after:
        click.echo(f"Database already at {after}.")
    else:
        click.echo(f"Database upgraded from {before or 'empty'} to {after}.")


@db.command("current")
@pass_app
def db_current(app: App) -> None:
    """Print the database's schema revision and the one this code expects.

    \b
    Example:
      tracker db current
    """
    from tracker.core.database import SCHEMA_REVISION, is_newer
    from tracker.core.migrations import revision_of

    current = revision_of(app.config.database.url)
    state = ("up to date" if current == SCHEMA_REVISION
             else "newer than this tracker: upgrade tracker" if current and is_newer(current)
             else "run `tracker db upgrade`")
    click.echo(f"database: {current or 'empty'}, code: {SCHEMA_REVISION} ({state})")


@click.group("config", context_settings=CONTEXT_SETTINGS)
def config_group() -> None:
    """Inspect the configuration.

    \b
    Example:
      tracker config show
    """


@config_group.command("show")
@pass_app
def config_show(app: App) -> None:
    """Print the effective configuration (file, environment, defaults); never a secret.

    \b
    Example:
      TRACKER_DATABASE_URL=sqlite:///other.db tracker config show
    """
    import json

    if note := app.config.no_coordinators_note():
        click.echo(f"Warning: {note}", err=True)
    click.echo(json.dumps(app.config.redacted(), indent=2, ensure_ascii=False))



@click.group(context_settings=CONTEXT_SETTINGS)
def scheduler() -> None:
    """Send the weekly digests on schedule.

    \b
    Example:
      tracker scheduler run --log-level info
    """


@scheduler.command("run")
@click.option("--log-level", type=click.Choice(["debug", "info", "warning", "error"]),
              default="info", show_default=True, help="What to log on stderr.")
@click.option("--cron", metavar="EXPR", help="Override [schedule] for this run: five cron fields,"
              " or six with seconds first.")
@pass_app
def scheduler_run(app: App, log_level: str, cron: str | None) -> None:
    """Run in the foreground: one digest round per slot, a catch-up round at start when this
    week's slot passed unsent, retries while a round is unfinished. Stops cleanly on SIGTERM.

    \b
    Example:
      tracker scheduler run
      systemctl start tracker-scheduler   # see contrib/tracker-scheduler.service
    """
    import logging
    from datetime import datetime

    from tracker import scheduler as scheduling

    formatter = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    tz = app.config.tz  # log times in the zone the schedule and `digest status` speak
    formatter.converter = lambda seconds: datetime.fromtimestamp(seconds, tz).timetuple()
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter)
    logging.basicConfig(level=log_level.upper(), handlers=[handler])
    if log_level != "debug":
        logging.getLogger("apscheduler").setLevel(logging.WARNING)
    sys.exit(scheduling.run(app.config, app.sessions(), cron))


@scheduler.command("next")
@click.option("--count", type=click.IntRange(1, 100), default=5, show_default=True,
              help="How many run times.")
@click.option("--cron", metavar="EXPR", help="Show the times of this expression instead.")
@pass_app
def scheduler_next(app: App, count: int, cron: str | None) -> None:
    """Print the next run times of the digest round in the configured time zone.

    \b
    Example:
      tracker scheduler next --count 3
    """
    from tracker import scheduler as scheduling
    from tracker.clock import iso_week, now

    for fire in scheduling.upcoming(app.config, count, now(), cron):
        click.echo(f"{fire:%Y-%m-%d %H:%M %Z (%a)}  {iso_week(fire.date())}")
