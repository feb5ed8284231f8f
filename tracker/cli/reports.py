"""`tracker ingest` and `tracker reports`: trip reports in."""

from __future__ import annotations

import sys

import click

from tracker.cli.options import (
    CONTEXT_SETTINGS,
    IdParam,
    Out,
    format_option,
    owner_option,
    pass_app,
)
from tracker.core.context import App
from tracker.core.text import safe_text


@click.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@owner_option("Owner of all the reports' (new) actions: an existing owner.")
@click.option("--year", type=click.IntRange(1990, 2100), help="Year of the trip when the report"
              " does not say.")
@click.option("--replace", "replace", type=IdParam(), metavar="ID", help="The file is a revision"
              " of report ID: its actions keep their ids, owners, deadlines and history.")
@click.option("--as-new", is_flag=True, help="Store a file that looks like a stored report as a"
              " report of its own.")
@click.option("--force", is_flag=True, help="Take a file with more agreements than"
              " defaults.max_actions_per_report, or a --replace file with little in common.")
@click.option("--dry-run", is_flag=True, help="Show what would be stored; store nothing.")
@click.option("--follow-symlinks", is_flag=True, help="Read the files and folders symbolic links"
              " point at (refused without).")
@format_option("text", "json")
@pass_app
def ingest(app: App, paths: tuple[str, ...], owner: str | None, year: int | None,
           replace: int | None, as_new: bool, force: bool, dry_run: bool,
           follow_symlinks: bool, fmt: str) -> None:
    """Read trip reports (.txt .md .docx .pdf, or folders of them) and store their agreements.

    Each file is stored in its own transaction; a bad file is reported and skipped. In a
    folder, hidden files, Word's lock files (~$name.docx) and files of other types are skipped
    with a note; a symbolic link is refused unless --follow-symlinks. Ingesting
    the same content again changes nothing; a file that looks like a stored report (same title
    and trip dates, or most of the text) is refused unless --replace or --as-new says what it
    is. Agreements whose deadline has passed wait for review (`tracker review`).

    \b
    Example:
      tracker ingest --dry-run reports/2024/
      tracker ingest verslag-helsingborg.pdf --owner anna@denhaag.nl
      tracker ingest --replace 3 verslag-helsingborg-v2.docx
    """
    from tracker.clock import now
    from tracker.core import ingest as ingesting
    from tracker.core import ingest_output

    if replace is not None and as_new:
        raise click.UsageError("use either --replace or --as-new, not both")
    found = ingesting.walk(paths, follow_symlinks)  # walked once: also the progress bar's total
    files = found.files
    if replace is not None and len(files) != 1:
        raise click.UsageError(f"--replace takes exactly one file, not {len(files)}")
    no_database = dry_run and not app.has_database()  # nothing stored yet to compare with
    results = ingesting.ingest(files, app.config, app.today(), dry_run=dry_run,
                               sessions=None if no_database else app.sessions(), actor=app.actor,
                               at=now(), owner=owner, year=year, replace=replace,
                               as_new=as_new, force=force, follow_symlinks=follow_symlinks)
    if fmt == "text" and sys.stderr.isatty():
        results = _with_progress(results, len(files))
    collected = []
    for result in results:
        collected.append(result)
        if fmt == "text":
            lines = ingest_output.text_lines(result, dry_run, owner, app.config)
            click.echo(safe_text("\n".join(lines), multiline=True), err=bool(result.error))
    # With --format json stdout keeps its shape exactly (scripts and the evaluation read it), so
    # the files a folder held that are no report are said on stderr.
    for line in ingest_output.skipped_lines(found):
        click.echo(safe_text(line), err=fmt == "json")
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
              "dropped", "overdue", "ingested_at", "withdrawn_at", "replaced_by"]
    grid = Table([Column("ID", 4, ">"), Column("TRIP", 10), Column("TITLE", 0),
                  Column("OPEN", 5, ">"), Column("DONE", 5, ">"), Column("FILE", 24, least=12)])

    emit(fmt, Out(), fields, rows, table_writer(
        grid, lambda r: [r["id"], r["trip_start"] or "?", _title(r), r["open"], r["done"],
                         r["source_name"]],
        "No reports yet: add some with `tracker ingest PATH`.", Out()), app.config.tz)


def _title(report: dict) -> str:
    """The title, and whether the report still counts."""
    if report["replaced_by"] is not None:
        return f"{report['title']} (replaced by #{report['replaced_by']})"
    if report["withdrawn_at"] is not None:
        return f"{report['title']} (withdrawn)"
    return report["title"]


@click.group(context_settings=CONTEXT_SETTINGS)
def report() -> None:
    """One report: show it, or withdraw it.

    \b
    Example:
      tracker report show 3
    """


@report.command("show")
@click.argument("report_id", type=IdParam(), metavar="ID")
@format_option("text", "json")
@pass_app
def report_show(app: App, report_id: int, fmt: str) -> None:
    """A report: where it came from, whether it still counts, and all its actions (open,
    done and dropped).

    \b
    Example:
      tracker report show 3
      tracker report show 3 --format json
    """
    from tracker.core.reports import get_report, report_actions

    conn = app.raw()
    found = get_report(conn, report_id)
    rows = report_actions(conn, report_id, app.today())
    if fmt == "json":
        import json

        from tracker.cli.formatting import plain

        click.echo(json.dumps(plain({**found, "actions": [r.record() for r in rows]},
                                    app.config.tz), ensure_ascii=False, indent=2))
        return
    for line in _report_lines(found, rows, app.config.tz):
        click.echo(safe_text(line))


def _report_lines(found: dict, rows, tz):
    from tracker.cli.formatting import Column, Table
    from tracker.cli.listing import owner_cell
    from tracker.core.state import TITLE_WIDTH

    yield f"Report #{found['id']}  {found['title']}"
    yield f"  file      {found['source_name']} (sha256 {found['sha256'][:12]}…)"
    trip = (f"{found['trip_start']} to {found['trip_end']}" if found["trip_start"]
            else "dates unknown")
    persons = found["persons"]
    yield f"  trip      {trip}" + (f", {persons} person{'s' * (persons != 1)}" if persons else "")
    yield f"  ingested  {found['ingested_at'].astimezone(tz):%Y-%m-%d %H:%M}"
    state = "current"
    if found["withdrawn_at"] is not None:
        when = f"{found['withdrawn_at'].astimezone(tz):%Y-%m-%d %H:%M} by {found['withdrawn_by']}"
        state = (f"replaced by report #{found['replaced_by']} on {when}"
                 if found["replaced_by"] is not None
                 else f"withdrawn on {when}: {found['withdrawal_reason']}")
    yield f"  status    {state}"
    if found["replaces"]:
        yield f"  replaces  {', '.join(f'report #{i}' for i in found['replaces'])}"
    yield ""
    if not rows:
        yield "  No actions."
        return
    grid = Table([Column("ID", 5, ">"), Column("LINE", 4, ">"), Column("STATUS", 7),
                  Column("DEADLINE", 10), Column("OWNER", 20, least=12),
                  Column("TITLE", 0, most=TITLE_WIDTH)])
    yield grid.header()
    for row in rows:
        status = "review" if row.needs_review else row.status
        yield grid.line([row.id, row.line or "", status, row.due_date or "", owner_cell(row),
                         row.title])
    counts = {s: sum(r.status == s for r in rows) for s in ("open", "done", "dropped")}
    yield ", ".join(f"{n} {s}" for s, n in counts.items())


@report.command("withdraw")
@click.argument("report_id", type=IdParam(), metavar="ID")
@click.option("--reason", required=True, help="Why it no longer counts (for the history).")
@pass_app
def report_withdraw(app: App, report_id: int, reason: str) -> None:
    """Withdraw a report ingested by mistake: its open actions are dropped with the reason; it
    stays listed, with its history. Nothing is deleted.

    \b
    Example:
      tracker report withdraw 4 --reason "dubbel ingelezen"
    """
    from tracker.core.reports import withdraw

    found, dropped = app.change(withdraw, report_id, reason)
    click.echo(safe_text(f"Report #{found['id']} withdrawn: {found['title']}"))
    for action in dropped:
        click.echo(safe_text(f"  #{action.id} dropped: {action.title}"))
    if not dropped:
        click.echo("  (it had no open actions)")
