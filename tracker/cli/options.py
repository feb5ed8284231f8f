"""What every command group shares: the typed context, date and format options, stdout."""

from __future__ import annotations

from collections.abc import Callable, Iterator

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


def _from_database(ctx: click.Context, read: Callable[..., list]) -> list:
    """read(connection) on the database the command line names; nothing where there is no
    database yet (a completion must not create one) or anything fails: a shell completion
    never prints a traceback."""
    app = None
    try:
        from tracker.config import load_config

        app = App(load_config(ctx.find_root().params.get("config_path")), actor="")
        return read(app.raw()) if app.has_database() else []
    except Exception:
        return []
    finally:
        if app is not None:
            app.close()


def complete_open_ids(ctx: click.Context, param, incomplete: str) -> list:
    """Shell completion of an action id: the open ones, each with its title."""
    from click.shell_completion import CompletionItem

    from tracker.core.queries import open_ids

    return [CompletionItem(str(i), help=title) for i, title in
            _from_database(ctx, lambda conn: open_ids(conn, incomplete.lstrip("#")))]


def complete_owners(ctx: click.Context, param, incomplete: str) -> list:
    """Shell completion of an owner: the addresses of active owners whose address starts, or
    whose name contains, what is typed; the name as help."""
    from click.shell_completion import CompletionItem

    from tracker.core.queries import active_owners

    typed = incomplete.lower()
    return [CompletionItem(email, help=name) for email, name in
            _from_database(ctx, active_owners)
            if email.lower().startswith(typed) or typed in name.lower()]


def owner_option(help: str):
    """--owner EMAIL|NAME, which the shell completes from the owners in the database."""
    return click.option("--owner", metavar="EMAIL|NAME", shell_complete=complete_owners,
                        help=help)


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
