"""The `tracker` command: the root group and its command table. Each command parses its
arguments, calls one function of the core and formats the result (tracker/cli/<group>.py).

Heavy modules (SQLAlchemy ORM, Jinja2, APScheduler, pdfminer.six) are imported inside the
commands that need them, so `tracker --help` and `tracker open` start fast.
"""

from __future__ import annotations

import click

from tracker import __version__
from tracker.cli import actions, admin, digest, owners, reports
from tracker.cli.options import CONTEXT_SETTINGS
from tracker.config import load_config
from tracker.core.context import App
from tracker.errors import TrackerError


class TrackerGroup(click.Group):
    """Turns expected errors into one `Error: ...` line and their exit code."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except TrackerError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(exc.exit_code)


@click.group(cls=TrackerGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "-V", "--version", prog_name="tracker")
@click.option("--config", "config_path", metavar="FILE", envvar="TRACKER_CONFIG",
              help="Configuration file (default: ./tracker.toml, ./config.toml when it holds only"
              " tracker's keys, then ~/.config/tracker/config.toml).")
@click.option("--as", "actor", metavar="NAME", help="Who is acting, for the history"
              " (default: $TRACKER_USER, then the OS user).")
@click.pass_context
def cli(ctx: click.Context, config_path: str | None, actor: str | None) -> None:
    """Follow-up actions from trip reports, with weekly reminder mails.

    \b
    Example:
      tracker ingest reports/ && tracker open --overdue
    """
    if ctx.resilient_parsing:
        return
    try:
        config = load_config(config_path)
    except TrackerError as exc:
        click.echo(f"Error: {exc}", err=True)
        ctx.exit(exc.exit_code)
    app = App(config=config, actor=actor)
    ctx.obj = app
    ctx.call_on_close(app.close)


def main() -> None:
    cli(prog_name="tracker")


for command in (actions.open_, actions.show, actions.assign, actions.due, actions.close,
                actions.reopen, actions.drop, actions.note, actions.add, actions.history,
                actions.export, owners.owner, reports.ingest, reports.reports, digest.digest,
                admin.db, admin.config_group, admin.scheduler):
    cli.add_command(command)
