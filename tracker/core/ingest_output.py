"""What `tracker ingest` says about its results, for people (text lines, with the line numbers
each agreement came from) and for scripts (JSON; its shape is relied on, keep it)."""

from __future__ import annotations

from tracker.config import Config
from tracker.core.ingest import FileResult, Walk
from tracker.core.revisions import DROP_REASON


def text_lines(result: FileResult, dry_run: bool, owner: str | None,
               config: Config) -> list[str]:
    """The lines about one file that was read (an error result is one `Error:` line instead)."""
    if result.error:
        return [f"Error: {result.error}"]
    report = result.report
    if result.already:
        if result.same_as:
            return [f"{result.file}: the same content as {result.same_as}, earlier in this run"]
        return [f"{result.file}: already ingested as report #{result.report_id}"]
    trip = (f"{report.trip_start} to {report.trip_end}" if report.trip_start
            else "trip dates unknown")
    persons = (f", {report.persons} person{'s' * (report.persons != 1)}" if report.persons
               else "")
    revision = result.revision
    target = "would be a new report" if dry_run else f"report #{result.report_id}"
    if revision is not None:
        target = (f"would replace report #{revision.report_id}" if dry_run
                  else f"report #{result.report_id}, replacing report #{revision.report_id}")
    owned = f", all {'new ' if revision else ''}actions to {owner}" if owner else ""
    lines = [f"{result.file}: {target}, {report.title!r} ({trip}{persons}){owned}"]
    kept = revision.existing() if revision else {}
    ids = result.action_ids or [kept.get(j) for j in range(len(result.agreements))]
    for j, (action_id, agreement) in enumerate(zip(ids, result.agreements, strict=True)):
        due = (f"due {agreement.due_date} ({agreement.due_source})" if agreement.due_date
               else "no deadline")
        flags = [] if agreement.source == "followup" else ["found outside the follow-up section"]
        if j in revision_absorbed(revision):
            flags.append(f"already in #{kept[j]}, which merged it")
        elif j in kept:
            flags.append(f"kept from report #{revision.report_id}"
                         + (", text changed" if j in revision.changed else "")
                         + (f", {revision.closed[j]}" if j in revision.closed else ""))
            if parts := revision.parts_of(j):
                flags.append(f"with {', '.join(f'#{p}' for p in parts)}, split off it")
            if j in revision.reworded:
                flags.append(f"reworded in the report, the {revision.reworded[j]} text stays")
            if j in revision.due_kept:
                flags.append(f"keeps its deadline {revision.due_kept[j] or 'none'}")
        elif revision is not None:
            flags.append("new")
        if agreement.status == "done" and j not in kept:
            flags.append("already done")
        if result.review and result.review[j]:
            flags.append("deadline passed: waits for review")
        team = config.team_owner(agreement.owner_hint)
        if j in kept or owner:  # a kept action keeps its owner; --owner is said once, above
            pass
        elif team:
            flags.append(f"owner: {team} ({agreement.owner_hint!r} in [teams])")
        elif agreement.owner_hint:
            flags.append(f"owner hint: {agreement.owner_hint}")
        prefix = f"#{action_id}" if action_id else "  -"
        lines.append(f"  {prefix:>5}  line {agreement.line:<4} {due:<28} {agreement.title}")
        if flags:
            lines.append(f"{'':30}[{'; '.join(flags)}]")
    if not result.agreements:
        lines.append("         no agreements found")
    if revision is not None:
        verb = "would drop" if dry_run else "dropped"
        lines += [f"  {verb} #{action_id}: {title} ({DROP_REASON})"
                  for action_id, title in revision.dropped]
    lines += [f"  warning: {warning}" for warning in result.warnings]
    return lines


def revision_absorbed(revision) -> dict[int, int]:
    return revision.absorbed if revision else {}


def summary_line(results: list[FileResult], dry_run: bool) -> str:
    """The last line: what went in (or would have), what was there already, what failed."""
    stored = [r for r in results if not r.error and not r.already]
    reports = len(stored)
    actions = sum(len(r.agreements) for r in stored)
    done = sum(a.status == "done" for r in stored for a in r.agreements)
    review = sum(r.to_review for r in stored)
    already = sum(r.already for r in results)
    failed = sum(bool(r.error) for r in results)
    line = (f"{reports} report{'s' * (reports != 1)}, {actions} action{'s' * (actions != 1)}"
            f" ({done} already done{f', {review} to review' if review else ''}),"
            f" {already} already ingested, {failed} failed")
    return f"Dry run, nothing stored: {line}" if dry_run else line


# Notes name this many files; the rest are counted.
SHOWN_SKIPPED = 5


def skipped_lines(found: Walk) -> list[str]:
    """What the folders held that is no report: a note each, never an error."""
    lines = []
    for files, what in ((found.unread, "of a type tracker does not read"),
                        (found.hidden, "hidden or a Word lock file")):
        if files:
            names = ", ".join(str(f) for f in files[:SHOWN_SKIPPED])
            more = f" and {len(files) - SHOWN_SKIPPED} more" if len(files) > SHOWN_SKIPPED else ""
            lines.append(f"skipped {len(files)} file{'s' * (len(files) != 1)} {what}:"
                         f" {names}{more}")
    return lines


def json_text(results: list[FileResult], dry_run: bool) -> str:
    """{"reports": [...], "errors": [...]}: each report with its actions (ids once stored)."""
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
    return json.dumps({"reports": reports, "errors": errors},
                      ensure_ascii=False, indent=2)
