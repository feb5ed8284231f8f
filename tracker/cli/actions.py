"""`tracker open` and the verbs on actions: show, assign, due, close, reopen, drop, note, add,
history, export."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import click

from tracker.cli.options import (
    DateParam,
    IdParam,
    Out,
    all_ids,
    complete_open_ids,
    format_option,
    owner_option,
    pass_app,
)
from tracker.core.context import App
from tracker.core.listing import MAX_DAYS
from tracker.core.text import safe_text


@click.command("open")
@owner_option("Only this owner's actions.")
@click.option("--unassigned", is_flag=True, help="Only actions without an (active) owner.")
@click.option("--overdue", is_flag=True, help="Only actions past their deadline.")
@click.option("--due-within", type=click.IntRange(min=0, max=MAX_DAYS), metavar="DAYS",
              help="Only actions due within DAYS days (overdue included).")
@click.option("--due-before", type=DateParam(), help="Only actions due before DATE.")
@click.option("--report", "report_id", type=IdParam(), metavar="ID",
              help="Only this report's actions.")
@click.option("--search", metavar="TEXT", help="Only actions whose text, title, owner hint,"
              " report title or notes contain TEXT.")
@click.option("--status", type=click.Choice(["open", "done", "dropped", "all"]), default="open",
              show_default=True, help="Which actions: open ones, closed ones, or all.")
@click.option("--review", is_flag=True, help="Only actions waiting for review (they came in"
              " overdue; see `tracker review`).")
@click.option("--proposals", is_flag=True, help="Only actions with a deadline their owner"
              " proposed (on the web page), waiting for `tracker due`.")
@click.option("--sort", type=click.Choice(["due", "id", "owner"]), default="due",
              show_default=True, help="Row order; 'due' puts overdue first.")
@click.option("--limit", type=click.IntRange(min=1), metavar="N", help="At most N rows.")
@format_option("table", "json", "csv")
@pass_app
def open_(app: App, fmt: str, **filters) -> None:
    """List open actions, overdue first, then by deadline.

    \b
    Example:
      tracker open --owner anna@denhaag.nl --due-within 14
      tracker open --search helsingborg --status all
    """
    from tracker.cli.listing import write_open
    from tracker.core.listing import OpenFilter

    if filters["due_within"] is not None and filters["due_before"] is not None:
        raise click.UsageError("use either --due-within or --due-before, not both")
    write_open(app.raw(), OpenFilter(**filters), app.today(), fmt, Out(), app.config.tz,
               red=lambda line: click.style(line, fg="red"))


# --- the verbs on actions ------------------------------------------------------------------------

# `tracker export` includes actions closed or dropped this many days ago or less by default.
EXPORT_CLOSED_DAYS = 90

action_ids = click.argument("ids", nargs=-1, required=True, type=IdParam(ranges=True),
                            metavar="ID...", shell_complete=complete_open_ids)
action_id = click.argument("action_id", type=IdParam(), metavar="ID",
                           shell_complete=complete_open_ids)
note_option = click.option("--note", help="Why, for the history.")
json_option = format_option("text", "json")


def changed(app: App, fmt: str, actions: list, say: Callable[..., str]) -> None:
    """What a verb changed: `say`'s line per action, or with --format json the actions as a
    JSON array in the shape `open --format json` and `export` print (state.RECORD_FIELDS)."""
    if fmt == "json":
        from tracker.cli.formatting import write_json

        today = app.today()
        write_json(Out(), (action.on(today).record() for action in actions), app.config.tz)
        return
    for action in actions:
        click.echo(safe_text(say(action)))


@click.command()
@action_id
@json_option
@pass_app
def show(app: App, action_id: int, fmt: str) -> None:
    """Everything about one action: text, owner, deadline, source, context, history.

    \b
    Example:
      tracker show 12
      tracker show 12 --format json
    """
    from tracker.core.details import action_details

    details = action_details(app.raw(), action_id, app.today())
    if fmt == "json":
        import json

        from tracker.cli.formatting import plain

        record = {**details.action.record(),
                  "history": [event.record(app.config.tz) for event in details.events]}
        click.echo(json.dumps(plain(record, app.config.tz), ensure_ascii=False, indent=2))
        return
    for line in show_lines(details, app.today(), app.config.tz):
        click.echo(safe_text(line))


def show_lines(details, today, tz, history: bool = True) -> Iterator[str]:
    """`tracker show`'s text (also what `tracker review` shows of each action)."""
    import textwrap

    from tracker.cli.formatting import WIDTH, change_of, full_values, terminal_width
    from tracker.core.state import days_left

    width = min(terminal_width() or WIDTH, WIDTH)  # text reads badly in wider lines
    action = details.action
    yield f"#{action.id}  {action.title}"
    status = action.status if action.status == "open" else (
        f"{action.status} on {action.closed_at.astimezone(tz):%Y-%m-%d %H:%M}")
    yield f"  status    {status}"
    if action.needs_review:
        yield (f"  review    waiting: its deadline had passed when it came in; no mail"
               f" until `tracker review {action.id}`")
    if details.deactivated_owner:
        name, email = details.deactivated_owner
        yield f"  owner     {name} <{email}> (deactivated: counts as unassigned)"
    elif not action.unassigned:
        yield f"  owner     {action.owner_address}"
    else:
        yield "  owner     unassigned" + (f" (the text names: {action.owner_hint})"
                                         if action.owner_hint else "")
    deadline = "none"
    if action.due_date is not None:
        days = days_left(action.due_date, today)
        if days == 0:
            when = "due today"
        else:  # "in 1 day", "3 days overdue": Babel's plurals, in the CLI's English
            from tracker.core.phrasing import phrasing

            when = phrasing("en").when(days)
        deadline = f"{action.due_date} ({action.due_source}), {when}"
        if details.due_changes:
            deadline += (f"; originally {action.original_due_date},"
                         f" changed {details.due_changes}x")
    yield f"  deadline  {deadline}"
    if proposal := details.proposal:
        reason = f": {proposal.reason}" if proposal.reason else ""
        yield (f"  proposed  {proposal.due_date} by {proposal.proposed_by}"
               f" on {proposal.proposed_at.astimezone(tz):%Y-%m-%d}{reason}")
        yield (f"            accept: tracker due {action.id} {proposal.due_date};"
               f" refuse: tracker due {action.id} --refuse-proposal")
    if action.report_id is not None:
        where = ("follow-up section" if action.source == "followup"
                 else "outside the follow-up section")
        yield (f"  report    #{action.report_id} {action.report_title}"
               f" ({details.source_name}, line {action.line}, {where})")
    yield ""
    yield "  Text:"
    yield from textwrap.wrap(action.text, width - 4, initial_indent="    ",
                             subsequent_indent="    ")
    if details.context:
        yield ""
        yield f"  In the report (lines {details.context[0][0]}-{details.context[-1][0]}):"
        for number, text in details.context:
            marker = ">" if number == action.line else " "
            shown = textwrap.shorten(text, width - 12) if text.strip() else ""
            yield f"  {marker}{number:5}  {shown}".rstrip()
    if not history:
        return
    yield ""
    yield "  History:"
    for event in details.events:
        head = f"    {event.at.astimezone(tz):%Y-%m-%d %H:%M}  {event.actor:<12} {event.kind:<11}"
        note = f"  \"{event.note}\"" if event.note else ""
        line = f"{head} {change_of(event.old, event.new)}{note}".rstrip()
        if len(line) <= width:
            yield line
        else:  # an edited text, a split: old and new in full, under the event
            yield head.rstrip()
            yield from full_values(event.old, event.new, event.note, " " * 8, width)


@click.command()
@action_ids
@owner_option("The new owner.")
@click.option("--none", "nobody", is_flag=True, help="Take the owner off (unassign).")
@note_option
@json_option
@pass_app
def assign(app: App, ids, owner: str | None, nobody: bool, note: str | None, fmt: str) -> None:
    """Give actions to an owner, or take their owner off with --none.

    \b
    Example:
      tracker assign 3 4 7-9 --owner anna@denhaag.nl
      tracker assign 5 --none --note "niet van Anna"
    """
    from tracker.core import actions

    if bool(owner) == nobody:
        raise click.UsageError("give either --owner EMAIL|NAME or --none")
    if nobody:
        changed(app, fmt, app.change(actions.unassign, all_ids(ids), note=note),
                lambda action: f"#{action.id} unassigned")
        return
    changed(app, fmt, app.change(actions.assign, all_ids(ids), owner, note=note),
            lambda action: f"#{action.id} assigned to {action.owner_address}")


@click.command()
@click.argument("args", nargs=-1, required=True, metavar="ID... [DATE]",
                shell_complete=complete_open_ids)
@click.option("--clear", is_flag=True, help="No deadline any more (then give only ids).")
@click.option("--refuse-proposal", "refuse", is_flag=True, help="Refuse the deadline an owner"
              " proposed on the web page (then give only ids); a DATE accepts it.")
@note_option
@json_option
@pass_app
def due(app: App, args: tuple[str, ...], clear: bool, refuse: bool, note: str | None,
        fmt: str) -> None:
    """Set a new deadline (ISO, "1 maart 2025", "vrijdag", "volgende week", "over 2 weken",
    "eind volgende maand"; README, "Dates"), or clear it; the old one stays in the history.
    A deadline an owner proposed (`tracker open --proposals`) is accepted by setting it,
    refused with --refuse-proposal.

    \b
    Example:
      tracker due 12 "1 maart 2027" --note "nieuwe deadline na overleg"
      tracker due 5 vrijdag
      tracker due 7-9 --clear
      tracker due 14 --refuse-proposal --note "de raad beslist in februari"
    """
    from tracker.core import actions

    if clear and refuse:
        raise click.UsageError("use either --clear or --refuse-proposal, not both")
    only_ids = clear or refuse
    if not only_ids and len(args) < 2:
        raise click.UsageError("give the ids and the new DATE, --clear or --refuse-proposal")
    ids = all_ids([_argument(IdParam(ranges=True), a, "ID...")
                   for a in (args if only_ids else args[:-1])])
    if refuse:
        from tracker.core.proposals import refuse_for

        refused = {p.action_id: p for p in app.change(refuse_for, ids, note=note)}
        changed(app, fmt, actions.get_actions(app.raw(), refused),
                lambda action: f"#{action.id}: the proposed deadline"
                               f" {refused[action.id].due_date} is refused")
        return
    if clear:
        changed(app, fmt, app.change(actions.clear_due, ids, note=note),
                lambda action: f"#{action.id} has no deadline now")
        return
    when = _argument(DateParam(), args[-1], "DATE")

    def said(action) -> str:
        drift = "" if action.original_due_date in (None, action.due_date) else \
            f" (originally {action.original_due_date})"
        return f"#{action.id} now due {action.due_date}{drift}"

    changed(app, fmt, app.change(actions.set_due, ids, when, note=note), said)


def _argument(kind: click.ParamType, value: str, name: str):
    """One of several arguments click could not tell apart, converted as its own would be."""
    try:
        return kind.convert(value, None, click.get_current_context())
    except click.BadParameter as exc:
        exc.param_hint = f"'{name}'"
        raise


@click.command()
@action_ids
@note_option
@json_option
@pass_app
def close(app: App, ids, note: str | None, fmt: str) -> None:
    """Mark actions as done.

    \b
    Example:
      tracker close 12 --note "Teams-overleg gehouden op 3 maart"
    """
    from tracker.core import actions

    changed(app, fmt, app.change(actions.close, all_ids(ids), note=note),
            lambda action: f"#{action.id} closed: {action.title}")


@click.command()
@action_ids
@note_option
@json_option
@pass_app
def reopen(app: App, ids, note: str | None, fmt: str) -> None:
    """Open closed or dropped actions again.

    \b
    Example:
      tracker reopen 12 --note "toch nog niet afgerond"
    """
    from tracker.core import actions

    changed(app, fmt, app.change(actions.reopen, all_ids(ids), note=note),
            lambda action: f"#{action.id} reopened: {action.title}")


@click.command()
@action_ids
@click.option("--reason", required=True, help="Why it is no longer relevant.")
@json_option
@pass_app
def drop(app: App, ids, reason: str, fmt: str) -> None:
    """Drop actions that are no longer relevant.

    \b
    Example:
      tracker drop 7 --reason "congres gaat niet door"
    """
    from tracker.core import actions

    changed(app, fmt, app.change(actions.drop, all_ids(ids), reason),
            lambda action: f"#{action.id} dropped: {action.title}")


@click.command()
@action_ids
@click.argument("text")
@json_option
@pass_app
def note(app: App, ids, text: str, fmt: str) -> None:
    """Record progress on actions (they stay open), e.g. "deels voldaan".

    \b
    Example:
      tracker note 12 "deels voldaan: eerste overleg gehad"
    """
    from tracker.core import actions

    changed(app, fmt, app.change(actions.add_note, all_ids(ids), text),
            lambda action: f"#{action.id} noted")


@click.command()
@click.argument("text")
@owner_option("Who does it.")
@click.option("--due", "due_date", type=DateParam(), help="Deadline.")
@click.option("--report", "report_id", type=IdParam(), metavar="ID",
              help="The report it belongs to.")
@json_option
@pass_app
def add(app: App, text: str, owner: str | None, due_date, report_id: int | None,
        fmt: str) -> None:
    """Add an action by hand.

    \b
    Example:
      tracker add "Verslag delen met de raad" --owner anna@denhaag.nl --due "1 maart 2027"
      tracker add "Raad informeren" --due vrijdag --format json | jq '.[0].id'
    """
    from tracker.core import actions

    action = app.change(actions.add, text, owner=owner, due=due_date, report_id=report_id)
    changed(app, fmt, [action], lambda action: f"#{action.id} added: {action.title}")


@click.command()
@click.argument("action_id", required=False, type=IdParam(), metavar="[ID]",
                shell_complete=complete_open_ids)
@click.option("--since", type=DateParam(), help="Only events from this day on.")
@format_option("table", "json", "csv")
@pass_app
def history(app: App, action_id: int | None, since, fmt: str) -> None:
    """The event log: who changed what, when, and why.

    \b
    Example:
      tracker history 12
      tracker history --since 2026-11-01 --format csv > log.csv
    """
    from datetime import datetime, time

    from tracker.cli.formatting import (
        Column,
        Table,
        change_of,
        emit,
        full_values,
        table_writer,
    )
    from tracker.core.queries import EVENT_FIELDS, history

    tz = app.config.tz
    start = datetime.combine(since, time(), tz) if since else None
    records = (event.record(tz) for event in history(app.raw(), action_id, start))
    grid = Table([Column("AT", 16), Column("ACTION", 6, ">"), Column("BY", 12, least=8),
                  Column("WHAT", 11), Column("CHANGE", 0), Column("NOTE", 20, least=10)])

    def cells(r: dict) -> list:
        return [f"{r['at']:%Y-%m-%d %H:%M}", f"#{r['action']}", r["actor"], r["kind"],
                change_of(r["old"], r["new"]), r["note"]]

    def cut(text: str, width: int) -> bool:
        return len(text) > width or "\n" in text

    def in_full(r: dict) -> str | None:
        """What the row had to cut short, in full under it."""
        change_cut = cut(change_of(r["old"], r["new"]), grid.widths[4])
        note_cut = cut(r["note"] or "", grid.widths[5])
        lines = full_values(r["old"] if change_cut else None, r["new"] if change_cut else None,
                            r["note"] if note_cut else None, "", grid.total - 4)
        return "\n    ".join(lines) or None

    emit(fmt, Out(), list(EVENT_FIELDS), records,
         table_writer(grid, cells, "No events.", Out(), note=in_full), tz)


@click.command()
@click.option("--format", "fmt", type=click.Choice(["ics", "csv", "json"]), required=True,
              help="ics: calendar tasks (VTODO); csv/json: every field.")
@owner_option("Only this owner's actions.")
@click.option("--since", type=DateParam(), help="Closed and dropped actions from this day on"
              f" too (default: {EXPORT_CLOSED_DAYS} days ago).")
@click.option("--all", "everything", is_flag=True, help="Every action, however long closed.")
@pass_app
def export(app: App, fmt: str, owner: str | None, since, everything: bool) -> None:
    """Export actions for a calendar (ICS), a spreadsheet (CSV) or a script (JSON): the open
    ones, and those closed or dropped recently, so that a task client that imported them
    before marks them completed or cancelled.

    Re-importing an ICS export updates the tasks instead of duplicating them.

    \b
    Example:
      tracker export --format ics --owner anna@denhaag.nl > acties.ics
      tracker export --format csv --since 2026-01-01 > acties.csv
    """
    from datetime import datetime, time, timedelta

    from tracker.cli.formatting import emit
    from tracker.core.listing import export_rows
    from tracker.core.state import RECORD_FIELDS

    since = since or app.today() - timedelta(days=EXPORT_CLOSED_DAYS)
    rows = export_rows(app.raw(), app.today(), owner, everything,
                       closed_since=datetime.combine(since, time(), app.config.tz))
    if fmt == "ics":
        from tracker.clock import now
        from tracker.core.queries import file_changes
        from tracker.exports.ics import calendar

        click.echo(calendar(rows, file_changes(app.raw()),
                            app.config.mail.sender.split("@")[1], now(), app.config.language),
                   nl=False)
        return
    emit(fmt, Out(), list(RECORD_FIELDS), (row.record() for row in rows), None, app.config.tz)
