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
from tracker.core.text import safe_text


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
    from tracker.core import ingest_output

    files = list(ingesting.expand_paths(paths))  # walked once: also the progress bar's total
    results = ingesting.ingest(files, app.config, app.today(), dry_run=dry_run,
                               sessions=None if dry_run else app.sessions(), actor=app.actor,
                               at=now(), owner=owner, year=year)
    if fmt == "text" and sys.stderr.isatty():
        results = _with_progress(results, len(files))
    collected = []
    for result in results:
        collected.append(result)
        if fmt == "text":
            lines = ingest_output.text_lines(result, dry_run, owner, app.config)
            click.echo(safe_text("\n".join(lines), multiline=True), err=bool(result.error))
    if fmt == "json":
        click.echo(ingest_output.json_text(collected, dry_run))
    else:
        click.echo(ingest_output.summary_line(collected, dry_run))
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
        "No reports yet: add some with `tracker ingest PATH`.", Out()), app.config.tz)
