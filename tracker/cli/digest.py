"""`tracker digest preview|send|status`: the weekly mails."""

from __future__ import annotations

import sys

import click

from tracker.cli.options import (
    CONTEXT_SETTINGS,
    Out,
    format_option,
    pass_app,
)
from tracker.core.context import App


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

    return period or iso_week(app.today())


@click.group(context_settings=CONTEXT_SETTINGS)
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
        from tracker.mail.preview import planned

        with sessions() as session:
            for email, kind, sent in planned(session, app.config, week):
                click.echo(f"  {email}: {kind}{' (already sent)' if sent else ''}")
        click.echo(f"Dry run for {week}: nothing sent or recorded.")
        return
    result = outbox.send_round(sessions, app.config, week, app.today(), now,
                               resend=force_resend)
    if force_resend:
        click.echo(f"Resending {result.resent} deliveries of {week}.")
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
                 "attempts": d.attempts, "sent_at": d.sent_at, "last_error": d.last_error,
                 "message_id": d.message_id} for d in deliveries(session, week)]
    grid = Table([Column("RECIPIENT", 0), Column("KIND", 19), Column("STATUS", 7),
                  Column("TRIES", 5, ">"), Column("SENT", 16)])

    table = table_writer(
        grid, lambda r: [r["recipient"], r["kind"], r["status"], r["attempts"],
                         f"{r['sent_at'].astimezone(tz):%Y-%m-%d %H:%M}" if r["sent_at"] else ""],
        f"No deliveries for {week} yet.", Out(),
        note=lambda r: f"error: {r['last_error']}" if r["last_error"] else None)
    emit(fmt, Out(), ["recipient", "kind", "status", "attempts", "sent_at", "last_error",
                       "message_id"], rows, table, tz)
