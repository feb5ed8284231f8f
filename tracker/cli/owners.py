"""`tracker owner add|list|edit|activate|deactivate`."""

from __future__ import annotations

import click

from tracker.cli.options import (
    CONTEXT_SETTINGS,
    Out,
    complete_owners,
    format_option,
    pass_app,
)
from tracker.core.context import App

same_name_option = click.option("--allow-same-name", is_flag=True,
                                help="Allow a name another owner has already.")


@click.group(context_settings=CONTEXT_SETTINGS)
def owner() -> None:
    """People and teams who own actions.

    \b
    Example:
      tracker owner add "Anna de Vries" anna@denhaag.nl
    """


@owner.command("add")
@click.argument("name")
@click.argument("email")
@click.option("--language", type=click.Choice(["nl", "en"]), default="nl", show_default=True,
              help="Language of their weekly mail.")
@same_name_option
@pass_app
def owner_add(app: App, name: str, email: str, language: str, allow_same_name: bool) -> None:
    """Add an owner. A second owner with the same name is refused unless --allow-same-name:
    `--owner NAME` could no longer tell them apart.

    \b
    Example:
      tracker owner add "Resilience team" resilience@denhaag.nl --language en
    """
    from tracker.core import owners
    with app.transaction() as session:
        added = owners.add_owner(session, name, email, language, allow_same_name)
    click.echo(f"Added owner {added.name} <{added.email}>")


@owner.command("list")
@format_option("table", "json", "csv")
@pass_app
def owner_list(app: App, fmt: str) -> None:
    """List owners with their open and overdue counts.

    \b
    Example:
      tracker owner list
    """
    from tracker.cli.formatting import Column, Table, emit, table_writer
    from tracker.core.queries import owner_counts

    rows = owner_counts(app.raw(), app.today())
    grid = Table([Column("NAME", 0), Column("EMAIL", 32), Column("LANG", 4),
                  Column("ACTIVE", 6), Column("OPEN", 5, ">"), Column("OVERDUE", 7, ">")])

    emit(fmt, Out(), ["id", "name", "email", "language", "active", "open", "overdue"], rows,
         table_writer(grid, lambda r: [r["name"], r["email"], r["language"],
                                       "yes" if r["active"] else "no", r["open"], r["overdue"]],
                      "No owners yet: add one with `tracker owner add NAME EMAIL`.", Out()),
         app.config.tz)


@owner.command("edit")
@click.argument("ident", metavar="EMAIL", shell_complete=complete_owners)
@click.option("--name", help="The new name.")
@click.option("--email", help="The new address.")
@click.option("--language", type=click.Choice(["nl", "en"]), help="Language of their weekly mail.")
@same_name_option
@pass_app
def owner_edit(app: App, ident: str, name: str | None, email: str | None, language: str | None,
               allow_same_name: bool) -> None:
    """Rename an owner, change their address or mail language (deactivated ones too).

    \b
    Example:
      tracker owner edit anna@denhaag.nl --email a.devries@denhaag.nl
    """
    from tracker.core import owners

    if name is None and email is None and language is None:
        raise click.UsageError("give --name, --email or --language")
    with app.transaction() as session:
        changed = owners.edit_owner(session, ident, name, email, language, allow_same_name)
    click.echo(f"Owner now {changed.name} <{changed.email}> ({changed.language})")


@owner.command("activate")
@click.argument("ident", metavar="EMAIL", shell_complete=complete_owners)
@pass_app
def owner_activate(app: App, ident: str) -> None:
    """Activate a deactivated owner again: their actions are theirs again, mail resumes.

    \b
    Example:
      tracker owner activate anna@denhaag.nl
    """
    from tracker.core import owners
    with app.transaction() as session:
        back = owners.activate_owner(session, ident)
    click.echo(f"Activated {back.name} <{back.email}>.")


@owner.command("deactivate")
@click.argument("ident", metavar="EMAIL", shell_complete=complete_owners)
@pass_app
def owner_deactivate(app: App, ident: str) -> None:
    """Deactivate an owner: no more mail; their open actions count as unassigned.

    \b
    Example:
      tracker owner deactivate anna@denhaag.nl
    """
    from tracker.core import owners
    with app.transaction() as session:
        gone = owners.deactivate_owner(session, ident)
    click.echo(f"Deactivated {gone.name} <{gone.email}>; their open actions are unassigned now.")
