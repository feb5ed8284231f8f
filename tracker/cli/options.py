"""What every command group shares: the typed context, date and format options, stdout."""

from __future__ import annotations

from collections.abc import Iterator

import click

from tracker.core.context import App
from tracker.errors import TrackerError

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

pass_app = click.make_pass_decorator(App)


class DateParam(click.ParamType):
    """An ISO date or a Dutch/English phrase ("1 maart 2025", "vrijdag", "volgende week"),
    counted from today in the configured zone."""

    name = "DATE"

    def convert(self, value, param, ctx):
        if not isinstance(value, str):
            return value
        from tracker.reports.dates import parse_user_date

        app = ctx.find_object(App) if ctx else None
        if app is not None:
            today = app.today()
        else:  # no configuration loaded (shell completion): the default zone
            from tracker.clock import today as today_in
            from tracker.config import Config

            today = today_in(Config().tz)
        try:
            return parse_user_date(value, today)
        except TrackerError as exc:
            self.fail(str(exc), param, ctx)


class IdParam(click.ParamType):
    """One id (tracker.cli.ids); with ranges=True also a range such as 7-9, as a lazy range."""

    def __init__(self, ranges: bool = False):
        self.ranges = ranges
        self.name = "ID..." if ranges else "ID"

    def convert(self, value, param, ctx):
        if isinstance(value, (int, range)):
            return value
        from tracker.cli.ids import parse_id, parse_ids

        try:
            return parse_ids(value) if self.ranges else parse_id(value)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


def all_ids(ranges) -> Iterator[int]:
    """The ids of the ranges an IdParam(ranges=True) argument gave, in order, lazily."""
    for span in ranges:
        yield from span


class Out:
    """A file-like stdout that goes through click.echo, so CliRunner and pipes both work."""

    def write(self, text: str) -> None:
        click.echo(text, nl=False)


def format_option(*choices: str):
    return click.option("--format", "fmt", type=click.Choice(choices), default=choices[0],
                        show_default=True, help="Output for people or for scripts.")
