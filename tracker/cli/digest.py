"""`tracker digest preview|send|status`: the weekly mails."""

from __future__ import annotations

import sys

import click

from tracker.cli.options import (
    CONTEXT_SETTINGS,
    Out,
    format_option,
    owner_option,
    pass_app,
)
from tracker.core.context import App

YEARS = (1990, 2100)  # as ingest --year


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
        if not YEARS[0] <= int(match.group(1)) <= YEARS[1]:  # 9999-W52 ends past date.max
            self.fail(f"{value!r} is not a week of the years {YEARS[0]}-{YEARS[1]}", param, ctx)
        return f"{match.group(1)}-W{int(match.group(2)):02d}"


week_option = click.option("--week", "period", type=WeekParam(),
                           help="ISO week, e.g. 2026-W48 (default: this week).")


def _period(app: App, period: str | None) -> str:
    from tracker.clock import iso_week

    return period or iso_week(app.today())


@click.group(context_settings=CONTEXT_SETTINGS)
def digest() -> None:
    """Weekly reminder mails: preview, send, status.

    \b
    Example:
      tracker digest preview --owner anna@denhaag.nl
    """


@digest.command("preview")
@owner_option("This owner's digest.")
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
    from tracker.mail.preview import preview

    if bool(owner) == coordinator:
        raise click.UsageError("give either --owner EMAIL or --coordinator")
    week = _period(app, period)
    with app.sessions()() as session:
        to, rendered = preview(session, app.config, week, app.today(), owner)
    if rendered is None:
        click.echo(f"{to} has no open actions: no mail in {week}.")
        return
    if html:
        click.echo(rendered.html, nl=False)
        return
    click.echo(f"To: {to}\nSubject: {rendered.subject}\n")
    click.echo(rendered.text, nl=False)


@digest.command("send")
@week_option
@click.option("--dry-run", is_flag=True, help="List who would get mail; send and record nothing.")
@click.option("--force-resend", is_flag=True, help="Send the week's mails again, even those"
              " already sent (as new mails).")
@click.option("--retry-given-up", is_flag=True, help="Try the week's given-up deliveries again.")
@click.option("--force", is_flag=True, help="Send the mails of a week that has not begun.")
@pass_app
def digest_send(app: App, period: str | None, dry_run: bool, force_resend: bool,
                retry_given_up: bool, force: bool) -> None:
    """Send this week's digests: one per owner with open actions, plus the coordinator summary.

    Each mail goes out once per week however often this runs; refused ones are retried, those
    refused for now after a pause. Exit code 1 when a mail was refused or given up, 5 when the
    mail server is unavailable (everything stays pending).

    \b
    Example:
      tracker digest send
      tracker digest send --week 2026-W48 --dry-run
    """
    from tracker.clock import now
    from tracker.errors import InvalidInput, MailError
    from tracker.mail import outbox

    week = _period(app, period)
    if not dry_run and not force and _is_future(app, week):
        raise InvalidInput(f"{week} has not begun (this is {_period(app, None)}): its mails"
                           " would be marked sent before its round; add --force to send them"
                           " now anyway")
    if note := app.config.no_coordinators_note():
        click.echo(f"Warning: {note}", err=True)
    sessions = app.sessions()
    if dry_run:
        from tracker.mail.preview import planned

        with sessions() as session:
            for email, kind, sent in planned(session, app.config, week):
                click.echo(f"  {email}: {kind}{' (already sent)' if sent else ''}")
        click.echo(f"Dry run for {week}: nothing sent or recorded.")
        return
    result = outbox.send_round(sessions, app.config, week, app.today(), now,
                               resend=force_resend, retry_given_up=retry_given_up)
    if force_resend:
        click.echo(f"Resending {result.resent} deliveries of {week}.")
    if retry_given_up:
        click.echo(f"Retrying {result.retried} given-up deliveries of {week}.")
    where = (f" into {app.config.mail.outbox}" if app.config.mail.transport == "file"
             else f" through {app.config.smtp.host}")
    click.echo(f"{week}: {result.sent} sent{where}, {result.failed} failed,"
               f" {result.deferred} deferred, {result.pending} not sent yet,"
               f" {result.given_up} given up.")
    for error in result.errors:
        click.echo(f"  failed: {error}", err=True)
    for deferral in result.deferrals:
        click.echo(f"  deferred (retried after a pause): {deferral}", err=True)
    if result.taken_over:
        click.echo(f"Note: {result.taken_over} of this round's deliveries were taken over by"
                   " another round while this one was paused; that round sends them.",
                   err=True)
    if result.stopped:
        raise MailError(f"round stopped, the rest stays pending: {result.stopped}")
    if result.given_up:
        mails = "1 mail" if result.given_up == 1 else f"{result.given_up} mails"
        raise InvalidInput(f"{mails} of {week} given up after repeated failures (`tracker"
                           f" digest status --week {week}` says why); retry with `tracker"
                           f" digest send --week {week} --retry-given-up`")
    if result.failed:
        sys.exit(1)


def _is_future(app: App, week: str) -> bool:
    from tracker.clock import week_start

    return week_start(week) > week_start(_period(app, None))


@digest.command("status")
@week_option
@format_option("table", "json", "csv")
@pass_app
def digest_status(app: App, period: str | None, fmt: str) -> None:
    """Who got which mail this week, what failed and why, what was given up.

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
                 "attempts": d.attempts, "deferrals": d.deferrals, "sent_at": d.sent_at,
                 "retry_after": d.retry_after if d.status == "deferred" else None,
                 "last_error": d.last_error, "message_id": d.message_id}
                for d in deliveries(session, week)]
    grid = Table([Column("RECIPIENT", 0), Column("KIND", 19), Column("STATUS", 8),
                  Column("TRIES", 5, ">"), Column("SENT", 16)])

    def note(row: dict) -> str | None:
        if row["status"] == "deferred":
            return (f"refused for now, next try after {_minutes(row['retry_after'], tz)}:"
                    f" {row['last_error']}")
        if row["status"] == "given_up":
            return f"given up: {row['last_error']}"
        return f"error: {row['last_error']}" if row["last_error"] else None

    table = table_writer(
        grid, lambda r: [r["recipient"], r["kind"], r["status"], r["attempts"] + r["deferrals"],
                         _minutes(r["sent_at"], tz)],
        f"No deliveries for {week} yet.", Out(), note=note)
    emit(fmt, Out(), ["recipient", "kind", "status", "attempts", "deferrals", "sent_at",
                      "retry_after", "last_error", "message_id"], rows, table, tz)
    given_up = sum(row["status"] == "given_up" for row in rows)
    if given_up and fmt == "table":
        click.echo(f"{given_up} given up: retry with `tracker digest send --week {week}"
                   " --retry-given-up`")


def _minutes(moment, tz) -> str:
    return f"{moment.astimezone(tz):%Y-%m-%d %H:%M}" if moment else ""
