"""`tracker review`: the coordinator walks through the actions that came in overdue, one by one,
and decides each with one key. Every choice calls the same core verb as the single command
(assign, due, split, close, drop; accept is `tracker review ID --accept`), so it writes the same
events; deciding the owner or the deadline, or accepting, ends the wait for review."""

from __future__ import annotations

from collections.abc import Callable

import click

from tracker.cli.options import IdParam, all_ids, complete_open_ids, pass_app
from tracker.core.context import App
from tracker.core.text import safe_text
from tracker.errors import TrackerError

MENU = ("[a]ccept  [o]wner  [d]eadline  [s]plit  [c]lose as done  [x] drop  [n]ext  [q]uit")


class Walk:
    """One review session over a queue of action ids; the terminal comes in through read_key
    (one key), ask (a line) and echo, so tests can drive it."""

    def __init__(self, app: App, queue: list[int], read_key: Callable[[], str],
                 ask: Callable[..., str], echo: Callable[..., None]):
        self.app, self.queue = app, queue
        self.read_key, self.ask, self.echo = read_key, ask, echo
        self.reviewed = 0

    def run(self) -> None:
        from tracker.cli.actions import show_lines
        from tracker.core.details import action_details

        position = 0
        while position < len(self.queue):
            details = action_details(self.app.raw(), self.queue[position], self.app.today())
            if not details.action.needs_review:  # decided meanwhile (here or elsewhere)
                position += 1
                continue
            self.echo("")
            self.echo(f"--- {position + 1} of {len(self.queue)} waiting for review ---")
            for line in show_lines(details, self.app.today(), self.app.config.tz,
                                   history=False):
                self.echo(safe_text(line))
            self.echo("")
            self.echo(f"{MENU} ? ", nl=False)
            try:
                key = self.read_key()
            except (KeyboardInterrupt, EOFError):
                key = "q"
            self.echo(key if key.isprintable() else "")
            if key in ("q", ""):
                break
            if key == "n":
                position += 1
                continue
            try:
                step = self.choose(key, details.action)
            except click.Abort:  # Ctrl-C or the end of the input inside a question
                break
            except TrackerError as exc:
                self.echo(safe_text(f"Error: {exc}"))
                continue
            if step == "split":
                continue  # the first part again, its new siblings queued right after it
            if step == "decided":
                self.reviewed += 1
                position += 1

    def choose(self, key: str, action) -> str | None:
        """Carry out one key; 'decided' when the action is out of the queue now, 'split' when
        it must be shown again, None when nothing happened."""
        from tracker.core import actions, corrections

        app, ids = self.app, [action.id]
        if key == "a":
            app.change(actions.mark_reviewed, ids)
            self.echo(f"#{action.id} accepted as it is")
        elif key == "o":
            owner = self.ask("Owner (address or name; - for none)").strip()
            if owner == "-":
                app.change(actions.unassign, ids)
                self.echo(f"#{action.id} unassigned")
            else:
                changed = app.change(actions.assign, ids, owner)[0]
                self.echo(safe_text(f"#{action.id} assigned to {changed.owner_address}"))
        elif key == "d":
            when = self.ask("New deadline (a date, or 'none')").strip()
            if when.lower() in ("none", "geen", "-"):
                app.change(actions.clear_due, ids)
                self.echo(f"#{action.id} has no deadline now")
            else:
                from tracker.reports.dates import parse_user_date

                changed = app.change(actions.set_due, ids, parse_user_date(when, app.today()))[0]
                self.echo(f"#{action.id} now due {changed.due_date}")
        elif key == "s":
            parts = app.change(corrections.split, action.id)
            self.echo(f"#{action.id} split into {', '.join(f'#{p.id}' for p in parts)}")
            position = self.queue.index(action.id)
            self.queue[position + 1:position + 1] = [p.id for p in parts[1:]]
            return "split"
        elif key == "c":
            note = self.ask("Note (optional)", default="", show_default=False)
            app.change(actions.close, ids, note=note)
            self.echo(f"#{action.id} closed")
        elif key == "x":
            reason = self.ask("Reason")
            app.change(actions.drop, ids, reason)
            self.echo(f"#{action.id} dropped")
        else:
            self.echo(f"Unknown key {key!r}: {MENU}")
            return None
        return "decided"


@click.command()
@click.argument("ids", nargs=-1, type=IdParam(ranges=True), metavar="[ID...]",
                shell_complete=complete_open_ids)
@click.option("--accept", is_flag=True, help="Accept these actions as they are, without the"
              " walk through.")
@click.option("--note", help="Why, for the history (with --accept).")
@pass_app
def review(app: App, ids, accept: bool, note: str | None) -> None:
    """Walk through the actions whose deadline had passed when they came in: they stay out of
    owner digests and escalations until decided here. One key per action: accept it, give it
    an owner or a new deadline, split it, close it as done, or drop it.

    \b
    Example:
      tracker review
      tracker review 5 7-9 --accept --note "bekend, loopt nog"
    """
    from tracker.core import actions
    from tracker.core.listing import OpenFilter, list_open

    if accept:
        if not ids:
            raise click.UsageError("--accept needs the ids of the actions to accept")
        for action in app.change(actions.mark_reviewed, all_ids(ids), note=note):
            click.echo(safe_text(f"#{action.id} accepted as it is: {action.title}"))
        return
    conn = app.raw()
    if ids:
        queue = [a.id for a in actions.get_actions(conn, all_ids(ids)) if a.needs_review]
    else:
        queue = [row.id for row in list_open(conn, OpenFilter(review=True, sort="id"),
                                             app.today(), brief=True)]
    if not queue:
        click.echo("Nothing waits for review.")
        return
    walk = Walk(app, queue, read_key=click.getchar, ask=click.prompt, echo=click.echo)
    walk.run()
    left = len(list(list_open(conn, OpenFilter(review=True), app.today(), brief=True)))
    click.echo(f"\n{walk.reviewed} decided, {left} still waiting for review.")
