"""`tracker edit`, `tracker split`, `tracker merge`: an action that came in wrong, put right."""

from __future__ import annotations

import click

from tracker.cli.options import IdParam, all_ids, complete_open_ids, pass_app
from tracker.core.context import App
from tracker.core.text import safe_text

note_option = click.option("--note", help="Why, for the history.")


@click.command()
@click.argument("action_id", type=IdParam(), metavar="ID", shell_complete=complete_open_ids)
@click.option("--text", help="The new text of the action.")
@click.option("--title", help="The new title (the short line listings show).")
@note_option
@pass_app
def edit(app: App, action_id: int, text: str | None, title: str | None,
         note: str | None) -> None:
    """Change the text or the title of an action; the history keeps the old one in full.

    \b
    Example:
      tracker edit 7 --text "Met Placemaking X een Europese aanvraag verkennen"
    """
    from tracker.core import corrections

    if text is None and title is None:
        raise click.UsageError("give --text, --title or both")
    action = app.change(corrections.edit, action_id, text=text, title=title, note=note)
    click.echo(safe_text(f"#{action.id} edited: {action.title}"))


@click.command()
@click.argument("action_id", type=IdParam(), metavar="ID", shell_complete=complete_open_ids)
@click.option("--part", "parts", multiple=True, metavar="TEXT",
              help="The text of one part (give two or more); default: one part per sentence.")
@note_option
@pass_app
def split(app: App, action_id: int, parts: tuple[str, ...], note: str | None) -> None:
    """Split an action that holds several agreements. Every part keeps its owner, deadline,
    report and line; the first keeps its id and history.

    \b
    Example:
      tracker split 12
      tracker split 12 --part "Bijeenkomst in Helsingborg bijwonen" --part "Verslag delen"
    """
    from tracker.core import corrections

    result = app.change(corrections.split, action_id, parts=list(parts) or None, note=note)
    click.echo(f"#{action_id} split into {', '.join(f'#{a.id}' for a in result)}:")
    for action in result:
        click.echo(safe_text(f"  #{action.id:<5} {action.title}"))


@click.command()
@click.argument("ids", nargs=-1, required=True, type=IdParam(ranges=True), metavar="ID...",
                shell_complete=complete_open_ids)
@note_option
@pass_app
def merge(app: App, ids, note: str | None) -> None:
    """Merge actions that are one agreement into the first: it takes all their texts and keeps
    its owner and deadline; the others are dropped, "merged into #ID".

    \b
    Example:
      tracker merge 9 10
    """
    from tracker.core import corrections

    merged = app.change(corrections.merge, all_ids(ids), note=note)
    click.echo(safe_text(f"#{merged.action.id} merged: {merged.action.title}"))
    for notice in merged.notices:
        click.echo(safe_text(f"  note: {notice}"))
