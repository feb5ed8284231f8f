"""What every command group shares: the typed context, date and format options, stdout."""

from __future__ import annotations

import click

from tracker.core.context import App
from tracker.errors import TrackerError

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

pass_app = click.make_pass_decorator(App)


class DateParam(click.ParamType):
    """An ISO date or a Dutch/English phrase ("1 maart 2025"), read in the configured zone."""

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


class Out:
    """A file-like stdout that goes through click.echo, so CliRunner and pipes both work."""

    def write(self, text: str) -> None:
        click.echo(text, nl=False)


def format_option(*choices: str):
    return click.option("--format", "fmt", type=click.Choice(choices), default=choices[0],
                        show_default=True, help="Output for people or for scripts.")
