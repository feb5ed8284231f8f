"""click commands: parse arguments, call one function of the core, format the result.

Heavy modules (SQLAlchemy ORM, Jinja2, APScheduler, pypdf) are imported inside the commands that
need them, so `tracker --help` and `tracker open` start fast.
"""

from __future__ import annotations

import sys

import click

from tracker import __version__
from tracker.config import load_config
from tracker.core.context import App
from tracker.errors import TrackerError

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

pass_app = click.make_pass_decorator(App)


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
              help="Configuration file (default: ./config.toml, then ~/.config/tracker/).")
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


# --- database ---------------------------------------------------------------------------------

@cli.group(context_settings=CONTEXT_SETTINGS)
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
    from tracker.core import orm as database

    engine = database.make_engine(app.config.database.url)
    try:
        before = database.current_revision(engine)
        database.upgrade(engine, revision)
        after = database.current_revision(engine)
    finally:
        engine.dispose()
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
    from tracker.core import orm as database
    from tracker.core.database import SCHEMA_REVISION

    engine = database.make_engine(app.config.database.url)
    try:
        current = database.current_revision(engine)
    finally:
        engine.dispose()
    state = "up to date" if current == SCHEMA_REVISION else "run `tracker db upgrade`"
    click.echo(f"database: {current or 'empty'}, code: {SCHEMA_REVISION} ({state})")


@cli.group("config", context_settings=CONTEXT_SETTINGS)
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

    click.echo(json.dumps(app.config.redacted(), indent=2, ensure_ascii=False))


# --- shared option types ------------------------------------------------------------------------

class DateParam(click.ParamType):
    """An ISO date or a Dutch/English phrase ("1 maart 2025"), read in the configured zone."""

    name = "DATE"

    def convert(self, value, param, ctx):
        if not isinstance(value, str):
            return value
        from tracker.reports.dates import parse_user_date

        app = ctx.find_object(App) if ctx else None
        today = _today(app) if app else None
        try:
            return parse_user_date(value, today)
        except TrackerError as exc:
            self.fail(str(exc), param, ctx)


class _Out:
    """A file-like stdout that goes through click.echo, so CliRunner and pipes both work."""

    def write(self, text: str) -> None:
        click.echo(text, nl=False)


def _today(app: App):
    from tracker.clock import today

    return today(app.config.tz)


def format_option(*choices: str):
    return click.option("--format", "fmt", type=click.Choice(choices), default=choices[0],
                        show_default=True, help="Output for people or for scripts.")


# --- listing ------------------------------------------------------------------------------------

@cli.command("open")
@click.option("--owner", metavar="EMAIL|NAME", help="Only this owner's actions.")
@click.option("--unassigned", is_flag=True, help="Only actions without an (active) owner.")
@click.option("--overdue", is_flag=True, help="Only actions past their deadline.")
@click.option("--due-within", type=click.IntRange(min=0), metavar="DAYS",
              help="Only actions due within DAYS days (overdue included).")
@click.option("--due-before", type=DateParam(), help="Only actions due before DATE.")
@click.option("--report", "report_id", type=int, metavar="ID", help="Only this report's actions.")
@click.option("--search", metavar="TEXT", help="Only actions whose text contains TEXT.")
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
    """
    from tracker.core.listing import OpenFilter, write_open

    if filters["due_within"] is not None and filters["due_before"] is not None:
        raise click.UsageError("use either --due-within or --due-before, not both")
    write_open(app.raw(), OpenFilter(**filters), _today(app), fmt, _Out(),
               red=lambda line: click.style(line, fg="red"))


# --- the verbs on actions ------------------------------------------------------------------------

action_ids = click.argument("ids", nargs=-1, required=True, type=click.IntRange(min=1),
                            metavar="ID...")
action_id = click.argument("action_id", type=click.IntRange(min=1), metavar="ID")
note_option = click.option("--note", help="Why, for the history.")


def _change(app: App, verb, *args, **kwargs):
    """Run one verb of tracker.actions in its own transaction, as the acting user, now."""
    from tracker.clock import now
    from tracker.core.orm import transaction

    with transaction(app.sessions()) as session:
        return verb(session, *args, actor=app.actor, at=now(), **kwargs)


@cli.command()
@action_id
@pass_app
def show(app: App, action_id: int) -> None:
    """Everything about one action: text, owner, deadline, source, context, history.

    \b
    Example:
      tracker show 12
    """
    from tracker.core.details import action_details

    with app.sessions()() as session:
        for line in action_details(session, action_id, _today(app), app.config.tz):
            click.echo(line)


@cli.command()
@action_ids
@click.option("--owner", required=True, metavar="EMAIL|NAME", help="The new owner.")
@note_option
@pass_app
def assign(app: App, ids: tuple[int, ...], owner: str, note: str | None) -> None:
    """Give actions to an owner.

    \b
    Example:
      tracker assign 3 4 --owner anna@denhaag.nl
    """
    from tracker.core import actions

    for action in _change(app, actions.assign, ids, owner, note=note):
        click.echo(f"#{action.id} assigned to {action.owner.name} <{action.owner.email}>")


@cli.command()
@action_id
@click.argument("when", type=DateParam(), metavar="DATE")
@note_option
@pass_app
def due(app: App, action_id: int, when, note: str | None) -> None:
    """Set a new deadline (ISO or Dutch: "1 maart 2025"); the old one stays in the history.

    \b
    Example:
      tracker due 12 "1 maart 2027" --note "nieuwe deadline na overleg"
    """
    from tracker.core import actions

    action = _change(app, actions.set_due, action_id, when, note=note)
    drift = "" if action.original_due_date in (None, action.due_date) else \
        f" (originally {action.original_due_date})"
    click.echo(f"#{action.id} now due {action.due_date}{drift}")


@cli.command()
@action_ids
@note_option
@pass_app
def close(app: App, ids: tuple[int, ...], note: str | None) -> None:
    """Mark actions as done.

    \b
    Example:
      tracker close 12 --note "Teams-overleg gehouden op 3 maart"
    """
    from tracker.core import actions

    for action in _change(app, actions.close, ids, note=note):
        click.echo(f"#{action.id} closed: {action.title}")


@cli.command()
@action_id
@note_option
@pass_app
def reopen(app: App, action_id: int, note: str | None) -> None:
    """Open a closed or dropped action again.

    \b
    Example:
      tracker reopen 12 --note "toch nog niet afgerond"
    """
    from tracker.core import actions

    action = _change(app, actions.reopen, action_id, note=note)
    click.echo(f"#{action.id} reopened: {action.title}")


@cli.command()
@action_id
@click.option("--reason", required=True, help="Why it is no longer relevant.")
@pass_app
def drop(app: App, action_id: int, reason: str) -> None:
    """Drop an action that is no longer relevant.

    \b
    Example:
      tracker drop 7 --reason "congres gaat niet door"
    """
    from tracker.core import actions

    action = _change(app, actions.drop, action_id, reason)
    click.echo(f"#{action.id} dropped: {action.title}")


@cli.command()
@action_id
@click.argument("text")
@pass_app
def note(app: App, action_id: int, text: str) -> None:
    """Record progress on an action (it stays open), e.g. "deels voldaan".

    \b
    Example:
      tracker note 12 "deels voldaan: eerste overleg gehad"
    """
    from tracker.core import actions

    action = _change(app, actions.add_note, action_id, text)
    click.echo(f"#{action.id} noted")


@cli.command()
@click.argument("text")
@click.option("--owner", metavar="EMAIL|NAME", help="Who does it.")
@click.option("--due", "due_date", type=DateParam(), help="Deadline.")
@click.option("--report", "report_id", type=click.IntRange(min=1), metavar="ID",
              help="The report it belongs to.")
@pass_app
def add(app: App, text: str, owner: str | None, due_date, report_id: int | None) -> None:
    """Add an action by hand.

    \b
    Example:
      tracker add "Verslag delen met de raad" --owner anna@denhaag.nl --due "1 maart 2027"
    """
    from tracker.core import actions

    def create(session, *, actor, at):
        from tracker.core.models import Report
        from tracker.errors import NotFound

        if report_id is not None and session.get(Report, report_id) is None:
            raise NotFound(f"no report #{report_id}")
        who = actions.find_owner(session, owner) if owner else None
        new = actions.NewAction(text, owner=who, due=due_date, due_source="manual",
                                report_id=report_id, source="manual")
        return actions.get_action(session, actions.create_actions(session, [new], actor, at)[0])

    action = _change(app, create)
    click.echo(f"#{action.id} added: {action.title}")


@cli.command()
@click.argument("action_id", required=False, type=click.IntRange(min=1), metavar="[ID]")
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

    from tracker.cli.formatting import Column, Table, emit, table_writer
    from tracker.core.queries import history_rows

    tz = app.config.tz
    start = datetime.combine(since, time(), tz) if since else None
    with app.sessions()() as session:
        if action_id is not None:
            from tracker.core.actions import get_action

            get_action(session, action_id)
        events = history_rows(session, action_id, start)
    records = ({"at": e.at.astimezone(tz).isoformat(timespec="seconds"), "action": e.action_id,
                "actor": e.actor, "kind": e.kind, "old": e.old_value, "new": e.new_value,
                "note": e.note} for e in events)
    grid = Table([Column("AT", 16), Column("ACTION", 6, ">"), Column("BY", 10),
                  Column("WHAT", 11), Column("CHANGE", 0), Column("NOTE", 24)])

    def cells(r: dict) -> list:
        change = " -> ".join(v for v in (r["old"], r["new"]) if v)
        return [r["at"][:16].replace("T", " "), f"#{r['action']}", r["actor"], r["kind"],
                change, r["note"]]

    emit(fmt, _Out(), ["at", "action", "actor", "kind", "old", "new", "note"], records,
         table_writer(grid, cells, "No events.", _Out()))


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["ics", "csv", "json"]), required=True,
              help="ics: calendar tasks (VTODO); csv/json: every field.")
@click.option("--owner", metavar="EMAIL|NAME", help="Only this owner's actions.")
@click.option("--all", "everything", is_flag=True, help="Closed and dropped actions too.")
@pass_app
def export(app: App, fmt: str, owner: str | None, everything: bool) -> None:
    """Export actions for a calendar (ICS), a spreadsheet (CSV) or a script (JSON).

    Re-importing an ICS export updates the tasks instead of duplicating them.

    \b
    Example:
      tracker export --format ics --owner anna@denhaag.nl > acties.ics
    """
    from tracker.cli.formatting import emit
    from tracker.clock import now
    from tracker.core.actions import find_owner
    from tracker.core.queries import action_rows

    with app.sessions()() as session:
        owner_id = find_owner(session, owner).id if owner else None
        rows = action_rows(session, owner_id, None if everything else "open")
    if fmt == "ics":
        from tracker.exports.ics import calendar

        click.echo(calendar(rows, app.config.mail.sender.split("@")[1], now()), nl=False)
        return
    fields = list(rows[0]) if rows else ["id"]
    emit(fmt, _Out(), fields, rows, lambda _: 0)


# --- owners -------------------------------------------------------------------------------------

@cli.group(context_settings=CONTEXT_SETTINGS)
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
@pass_app
def owner_add(app: App, name: str, email: str, language: str) -> None:
    """Add an owner.

    \b
    Example:
      tracker owner add "Resilience team" resilience@denhaag.nl --language en
    """
    from tracker.core import actions
    from tracker.core.orm import transaction

    with transaction(app.sessions()) as session:
        added = actions.add_owner(session, name, email, language)
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
    from tracker.core.queries import owner_rows

    with app.sessions()() as session:
        rows = owner_rows(session, _today(app))
    grid = Table([Column("NAME", 0), Column("EMAIL", 32), Column("LANG", 4),
                  Column("ACTIVE", 6), Column("OPEN", 5, ">"), Column("OVERDUE", 7, ">")])

    emit(fmt, _Out(), ["id", "name", "email", "language", "active", "open", "overdue"], rows,
         table_writer(grid, lambda r: [r["name"], r["email"], r["language"],
                                       "yes" if r["active"] else "no", r["open"], r["overdue"]],
                      "No owners yet: add one with `tracker owner add NAME EMAIL`.", _Out()))


@owner.command("deactivate")
@click.argument("ident", metavar="EMAIL")
@pass_app
def owner_deactivate(app: App, ident: str) -> None:
    """Deactivate an owner: no more mail; their open actions count as unassigned.

    \b
    Example:
      tracker owner deactivate anna@denhaag.nl
    """
    from tracker.core import actions
    from tracker.core.orm import transaction

    with transaction(app.sessions()) as session:
        gone = actions.deactivate_owner(session, ident)
    click.echo(f"Deactivated {gone.name} <{gone.email}>; their open actions are unassigned now.")


# --- digests ------------------------------------------------------------------------------------

class WeekParam(click.ParamType):
    """An ISO week such as 2026-W48."""

    name = "WEEK"

    def convert(self, value, param, ctx):
        import re
        from datetime import date

        text = str(value).strip().upper()
        match = re.fullmatch(r"(\d{4})-?W(\d{1,2})", text)
        try:
            if not match:
                raise ValueError
            date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1)
        except ValueError:
            self.fail(f"invalid ISO week {value!r} (use e.g. 2026-W48)", param, ctx)
        return f"{match.group(1)}-W{int(match.group(2)):02d}"


week_option = click.option("--week", "period", type=WeekParam(),
                           help="ISO week, e.g. 2026-W48 (default: this week).")


def _period(app: App, period: str | None) -> str:
    from tracker.clock import iso_week

    return period or iso_week(_today(app))


@cli.group(context_settings=CONTEXT_SETTINGS)
def digest() -> None:
    """Weekly reminder mails: preview, send, status.

    \b
    Example:
      tracker digest preview --owner anna@denhaag.nl
    """


@digest.command("preview")
@click.option("--owner", metavar="EMAIL|NAME", help="This owner's digest.")
@click.option("--coordinator", is_flag=True, help="The coordinator summary.")
@week_option
@click.option("--html", is_flag=True, help="Print the HTML part instead of the text.")
@pass_app
def digest_preview(app: App, owner: str | None, coordinator: bool, period: str | None,
                   html: bool) -> None:
    """Show a digest as it would be mailed, without sending or recording anything.

    \b
    Example:
      tracker digest preview --owner anna@denhaag.nl --week 2026-W48
      tracker digest preview --coordinator --html > summary.html
    """
    from tracker.core.actions import find_owner
    from tracker.mail.digest import coordinator_summary, owner_digest
    from tracker.mail.render import render_owner_digest, render_summary

    if bool(owner) == coordinator:
        raise click.UsageError("give either --owner EMAIL or --coordinator")
    week = _period(app, period)
    with app.sessions()() as session:
        if owner:
            who = find_owner(session, owner)
            found = owner_digest(session, who, week, _today(app))
            if not found.total:
                click.echo(f"{who.email} has no open actions: no mail in {week}.")
                return
            rendered, to = render_owner_digest(found), who.email
        else:
            summary = coordinator_summary(session, week, _today(app), app.config.tz,
                                          app.config.language,
                                          app.config.defaults.escalate_after_days)
            rendered, to = render_summary(summary), ", ".join(app.config.coordinators) or "-"
    if html:
        click.echo(rendered.html, nl=False)
        return
    click.echo(f"To: {to}\nSubject: {rendered.subject}\n")
    click.echo(rendered.text, nl=False)


@digest.command("send")
@week_option
@click.option("--dry-run", is_flag=True, help="List who would get mail; send and record nothing.")
@click.option("--force-resend", is_flag=True, help="Send the week's mails again, even those"
              " already sent.")
@pass_app
def digest_send(app: App, period: str | None, dry_run: bool, force_resend: bool) -> None:
    """Send this week's digests: one per owner with open actions, plus the coordinator summary.

    Each mail goes out once per week however often this runs; failed ones are retried.

    \b
    Example:
      tracker digest send
      tracker digest send --week 2026-W48 --dry-run
    """
    from tracker.clock import now
    from tracker.mail import outbox

    week = _period(app, period)
    sessions = app.sessions()
    if dry_run:
        from tracker.mail.digest import owners_with_open_actions

        with sessions() as session:
            owners = [email for _, email in owners_with_open_actions(session)]
            sent = {d.recipient for d in outbox.deliveries(session, week) if d.status == "sent"}
        for email in owners:
            click.echo(f"  {email}: owner digest{' (already sent)' if email in sent else ''}")
        for email in app.config.coordinators:
            click.echo(f"  {email}: coordinator summary"
                       f"{' (already sent)' if email.lower() in sent else ''}")
        click.echo(f"Dry run for {week}: nothing sent or recorded.")
        return
    if force_resend:
        click.echo(f"Resending {outbox.reset_week(sessions, week)} deliveries of {week}.")
    result = outbox.send_round(sessions, app.config, week, _today(app), now)
    where = (f" into {app.config.mail.outbox}" if app.config.mail.transport == "file"
             else f" through {app.config.smtp.host}")
    click.echo(f"{week}: {result.sent} sent{where}, {result.failed} failed,"
               f" {result.pending} not sent yet.")
    for error in result.errors:
        click.echo(f"  failed: {error}", err=True)
    if result.stopped:
        from tracker.errors import MailError

        raise MailError(f"round stopped, the rest stays pending: {result.stopped}")
    if result.failed:
        sys.exit(1)


@digest.command("status")
@week_option
@format_option("table", "json", "csv")
@pass_app
def digest_status(app: App, period: str | None, fmt: str) -> None:
    """Who got which mail this week, what failed and why.

    \b
    Example:
      tracker digest status --week 2026-W48
    """
    from tracker.cli.formatting import Column, Table, emit, table_writer
    from tracker.mail.outbox import deliveries

    week = _period(app, period)
    tz = app.config.tz
    with app.sessions()() as session:
        rows = [{"recipient": d.recipient, "kind": d.kind, "status": d.status,
                 "attempts": d.attempts,
                 "sent_at": d.sent_at.astimezone(tz).isoformat(timespec="seconds")
                 if d.sent_at else None, "last_error": d.last_error, "message_id": d.message_id}
                for d in deliveries(session, week)]
    grid = Table([Column("RECIPIENT", 0), Column("KIND", 19), Column("STATUS", 7),
                  Column("TRIES", 5, ">"), Column("SENT", 16)])

    table = table_writer(
        grid, lambda r: [r["recipient"], r["kind"], r["status"], r["attempts"],
                         (r["sent_at"] or "")[:16].replace("T", " ")],
        f"No deliveries for {week} yet.", _Out(),
        note=lambda r: f"error: {r['last_error']}" if r["last_error"] else None)
    emit(fmt, _Out(), ["recipient", "kind", "status", "attempts", "sent_at", "last_error",
                       "message_id"], rows, table)


# --- scheduler ----------------------------------------------------------------------------------

@cli.group(context_settings=CONTEXT_SETTINGS)
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

    trigger = scheduling.make_trigger(app.config, cron)
    for fire in scheduling.next_runs(trigger, count, now()):
        click.echo(f"{fire:%Y-%m-%d %H:%M %Z (%a)}  {iso_week(fire.date())}")


# --- ingest -------------------------------------------------------------------------------------

@cli.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--owner", metavar="EMAIL|NAME", help="Owner of all the reports' actions; an"
              " unknown e-mail address becomes a new owner.")
@click.option("--year", type=click.IntRange(1990, 2100), help="Year of the trip when the report"
              " does not say.")
@click.option("--dry-run", is_flag=True, help="Show what would be stored; store nothing.")
@format_option("text", "json")
@pass_app
def ingest(app: App, paths: tuple[str, ...], owner: str | None, year: int | None,
           dry_run: bool, fmt: str) -> None:
    """Read trip reports (.txt .md .docx .pdf, or folders of them) and store their agreements.

    Each file is stored in its own transaction; a bad file is reported and skipped. Ingesting
    the same content again changes nothing.

    \b
    Example:
      tracker ingest --dry-run reports/2024/
      tracker ingest verslag-helsingborg.pdf --owner anna@denhaag.nl
    """
    from tracker.clock import now
    from tracker.core import ingest as ingesting

    files = list(ingesting.expand_paths(paths))  # walked once: also the progress bar's total
    results = ingesting.ingest(files, app.config, _today(app),
                               sessions=None if dry_run else app.sessions(), actor=app.actor,
                               at=now(), owner=owner, year=year)
    if fmt == "text" and sys.stderr.isatty():
        results = _with_progress(results, len(files))
    collected = []
    for result in results:
        collected.append(result)
        if fmt == "text":
            _print_ingest_result(result, dry_run, owner, app.config)
    if fmt == "json":
        _print_ingest_json(collected, dry_run)
    else:
        _print_ingest_summary(collected, dry_run)
    if any(r.error for r in collected):
        sys.exit(1)


def _with_progress(results, total: int):
    """A progress bar on stderr when there are enough files to wait for."""
    if total < 20:
        yield from results
        return
    with click.progressbar(length=total, label="Ingesting", file=sys.stderr) as bar:
        for result in results:
            bar.update(1)
            yield result


def _print_ingest_result(result, dry_run: bool, owner: str | None, config) -> None:
    if result.error:
        click.echo(f"Error: {result.error}", err=True)
        return
    report = result.report
    if result.already:
        click.echo(f"{result.file}: already ingested as report #{result.report_id}")
        return
    trip = (f"{report.trip_start} to {report.trip_end}" if report.trip_start
            else "trip dates unknown")
    persons = (f", {report.persons} person{'s' * (report.persons != 1)}" if report.persons
               else "")
    target = "would be a new report" if dry_run else f"report #{result.report_id}"
    owned = f", all actions to {owner}" if owner else ""
    click.echo(f"{result.file}: {target}, {report.title!r} ({trip}{persons}){owned}")
    ids = result.action_ids or [None] * len(result.agreements)
    for action_id, agreement in zip(ids, result.agreements, strict=True):
        due = (f"due {agreement.due_date} ({agreement.due_source})" if agreement.due_date
               else "no deadline")
        flags = [] if agreement.source == "followup" else ["found outside the follow-up section"]
        if agreement.status == "done":
            flags.append("already done")
        team = config.team_owner(agreement.owner_hint)
        if team and not owner:  # --owner is said once, in the report's line
            flags.append(f"owner: {team} ({agreement.owner_hint!r} in [teams])")
        elif agreement.owner_hint and not owner:
            flags.append(f"owner hint: {agreement.owner_hint}")
        prefix = f"#{action_id}" if action_id else "  -"
        click.echo(f"  {prefix:>5}  line {agreement.line:<4} {due:<28} {agreement.title}")
        if flags:
            click.echo(f"{'':30}[{'; '.join(flags)}]")
    if not result.agreements:
        click.echo("         no agreements found")
    for warning in result.warnings:
        click.echo(f"  warning: {warning}")


def _summary_counts(results) -> tuple[int, int, int, int, int]:
    stored = [r for r in results if not r.error and not r.already]
    actions = sum(len(r.agreements) for r in stored)
    done = sum(a.status == "done" for r in stored for a in r.agreements)
    return (len(stored), actions, done, sum(r.already for r in results),
            sum(bool(r.error) for r in results))


def _print_ingest_summary(results, dry_run: bool) -> None:
    reports, actions, done, already, failed = _summary_counts(results)
    line = (f"{reports} report{'s' * (reports != 1)}, {actions} action{'s' * (actions != 1)}"
            f" ({done} already done), {already} already ingested, {failed} failed")
    click.echo(f"Dry run, nothing stored: {line}" if dry_run else line)


def _print_ingest_json(results, dry_run: bool) -> None:
    import json

    def action(agreement, action_id):
        data = {"text": agreement.text, "line": agreement.line,
                "due_date": agreement.due_date.isoformat() if agreement.due_date else None,
                "due_source": agreement.due_source, "status": agreement.status,
                "source": agreement.source, "owner_hint": agreement.owner_hint}
        return data if dry_run else {"id": action_id, **data}

    reports = []
    for r in results:
        if r.error:
            continue
        entry = {"file": r.file, "title": r.report.title,
                 "trip_start": r.report.trip_start.isoformat() if r.report.trip_start else None,
                 "trip_end": r.report.trip_end.isoformat() if r.report.trip_end else None,
                 "persons": r.report.persons,
                 "actions": [action(a, i) for a, i in zip(
                     r.agreements, r.action_ids or [None] * len(r.agreements), strict=True)]}
        if not dry_run:
            entry = {"report_id": r.report_id, "already_ingested": r.already, **entry}
        reports.append(entry)
    errors = [{"file": r.file, "error": r.error} for r in results if r.error]
    click.echo(json.dumps({"reports": reports, "errors": errors}, ensure_ascii=False, indent=2))


@cli.command()
@format_option("table", "json", "csv")
@pass_app
def reports(app: App, fmt: str) -> None:
    """List ingested reports with their counts of open and done actions.

    \b
    Example:
      tracker reports
    """
    from tracker.cli.formatting import Column, Table, emit, table_writer
    from tracker.core.queries import report_rows

    with app.sessions()() as session:
        rows = report_rows(session)
    fields = ["id", "title", "source_name", "trip_start", "trip_end", "persons", "open", "done",
              "dropped", "ingested_at"]
    grid = Table([Column("ID", 4, ">"), Column("TRIP", 10), Column("TITLE", 0),
                  Column("OPEN", 5, ">"), Column("DONE", 5, ">"), Column("FILE", 24)])

    emit(fmt, _Out(), fields, rows, table_writer(
        grid, lambda r: [r["id"], r["trip_start"] or "?", r["title"], r["open"], r["done"],
                         r["source_name"]],
        "No reports yet: add some with `tracker ingest PATH`.", _Out()))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
