"""`tracker ingest` and `tracker reports`: trip reports in."""

from __future__ import annotations

import sys

import click

from tracker.cli.options import (
    Out,
    format_option,
    pass_app,
)
from tracker.core.context import App


@click.command()
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
    results = ingesting.ingest(files, app.config, app.today(),
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


@click.command()
@format_option("table", "json", "csv")
@pass_app
def reports(app: App, fmt: str) -> None:
    """List ingested reports with their counts of open and done actions.

    \b
    Example:
      tracker reports
    """
    from tracker.cli.formatting import Column, Table, emit, table_writer
    from tracker.core.queries import report_counts

    rows = report_counts(app.raw(), app.today())
    fields = ["id", "title", "source_name", "trip_start", "trip_end", "persons", "open", "done",
              "dropped", "overdue", "ingested_at"]
    grid = Table([Column("ID", 4, ">"), Column("TRIP", 10), Column("TITLE", 0),
                  Column("OPEN", 5, ">"), Column("DONE", 5, ">"), Column("FILE", 24)])

    emit(fmt, Out(), fields, rows, table_writer(
        grid, lambda r: [r["id"], r["trip_start"] or "?", r["title"], r["open"], r["done"],
                         r["source_name"]],
        "No reports yet: add some with `tracker ingest PATH`.", Out()))
