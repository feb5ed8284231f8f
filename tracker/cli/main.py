"""The `tracker` command: the root group and its command table. Each command parses its
arguments, calls one function of the core and formats the result (tracker/cli/<group>.py).

Heavy modules (SQLAlchemy ORM, Jinja2, APScheduler, pdfminer.six) are imported inside the
commands that need them, so `tracker --help` and `tracker open` start fast.
"""

from __future__ import annotations

import sys

import click

from tracker import __version__
from tracker.cli import actions, admin, corrections, digest, owners, reports, review, web
from tracker.cli.formatting import COLOR_CHOICES, use_color
from tracker.cli.options import CONTEXT_SETTINGS
from tracker.config import load_config
from tracker.core.context import App
from tracker.errors import BUG_EXIT_CODE, TrackerError, bug_report


class TrackerGroup(click.Group):
    """Turns expected errors into one `Error: ...` line and their exit code, a failure of the
    database itself included; anything else is a bug: its traceback, and how to report it.
    A closed stdout (`tracker history | head -1`) ends quietly with 0, where click's own main
    would exit 1: in parsing (help, version) and in the command alike."""

    def make_context(self, *args, **kwargs) -> click.Context:
        try:  # the root's own options (--help, --version) print here
            return super().make_context(*args, **kwargs)
        except BrokenPipeError:
            from tracker.errors import pipe_closed

            raise click.exceptions.Exit(pipe_closed()) from None

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except TrackerError as exc:
            _fail(ctx, exc)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except BrokenPipeError:  # `tracker history | head -1`: click's own main would exit 1
            from tracker.errors import pipe_closed

            ctx.exit(pipe_closed())
        except Exception as exc:
            from tracker.core.database import database_error

            app = ctx.obj
            known = database_error(exc, app.config.database.url) if isinstance(app, App) else None
            if known is None:
                import traceback

                traceback.print_exc()
                click.echo(bug_report(__version__), err=True)
                ctx.exit(BUG_EXIT_CODE)
            _fail(ctx, known)


def _fail(ctx: click.Context, exc: TrackerError) -> None:
    click.echo(f"Error: {exc}", err=True)
    ctx.exit(exc.exit_code)


@click.group(cls=TrackerGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "-V", "--version", prog_name="tracker")
@click.option("--config", "config_path", metavar="FILE", envvar="TRACKER_CONFIG",
              help="Configuration file (default: ./tracker.toml, ./config.toml when it holds only"
              " tracker's keys, then ~/.config/tracker/config.toml).")
@click.option("--as", "actor", metavar="NAME", help="Who is acting, for the history"
              " (default: $TRACKER_USER, then the OS user).")
@click.option("--color", type=click.Choice(COLOR_CHOICES), default="auto", show_default=True,
              help="Colour (overdue rows in red): 'auto' on a terminal unless NO_COLOR is set.")
@click.pass_context
def cli(ctx: click.Context, config_path: str | None, actor: str | None, color: str) -> None:
    """Follow-up actions from trip reports, with weekly reminder mails.

    \b
    Example:
      tracker ingest reports/ && tracker open --overdue
    """
    if ctx.resilient_parsing:
        return
    ctx.color = use_color(color, sys.stdout)
    if actor is not None and not actor.strip():
        raise click.BadParameter("must name who acts, not be empty", param_hint="'--as'")
    config = load_config(config_path)
    for warning in config.warnings:
        click.echo(f"Warning: {warning}", err=True)
    app = App(config=config, actor=actor.strip() if actor else actor)
    ctx.obj = app
    ctx.call_on_close(app.close)


def main() -> None:
    cli(prog_name="tracker")


for command in (actions.open_, actions.show, actions.assign, actions.due, actions.close,
                actions.reopen, actions.drop, actions.note, actions.add, actions.history,
                actions.export, corrections.edit, corrections.split, corrections.merge,
                review.review, owners.owner, reports.ingest, reports.reports, reports.report,
                digest.digest, admin.db, admin.config_group, admin.scheduler, web.serve):
    cli.add_command(command)
