"""What `tracker ingest` says about its results, for people (text lines, with the line numbers
each agreement came from) and for scripts (JSON; its shape is relied on, keep it)."""

from __future__ import annotations

from tracker.config import Config
from tracker.core.ingest import FileResult


def text_lines(result: FileResult, dry_run: bool, owner: str | None,
               config: Config) -> list[str]:
    """The lines about one file that was read (an error result is one `Error:` line instead)."""
    if result.error:
        return [f"Error: {result.error}"]
    report = result.report
    if result.already:
        return [f"{result.file}: already ingested as report #{result.report_id}"]
    trip = (f"{report.trip_start} to {report.trip_end}" if report.trip_start
            else "trip dates unknown")
    persons = (f", {report.persons} person{'s' * (report.persons != 1)}" if report.persons
               else "")
    target = "would be a new report" if dry_run else f"report #{result.report_id}"
    owned = f", all actions to {owner}" if owner else ""
    lines = [f"{result.file}: {target}, {report.title!r} ({trip}{persons}){owned}"]
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
        lines.append(f"  {prefix:>5}  line {agreement.line:<4} {due:<28} {agreement.title}")
        if flags:
            lines.append(f"{'':30}[{'; '.join(flags)}]")
    if not result.agreements:
        lines.append("         no agreements found")
    lines += [f"  warning: {warning}" for warning in result.warnings]
    return lines


def summary_line(results: list[FileResult], dry_run: bool) -> str:
    """The last line: what went in (or would have), what was there already, what failed."""
    stored = [r for r in results if not r.error and not r.already]
    reports = len(stored)
    actions = sum(len(r.agreements) for r in stored)
    done = sum(a.status == "done" for r in stored for a in r.agreements)
    already = sum(r.already for r in results)
    failed = sum(bool(r.error) for r in results)
    line = (f"{reports} report{'s' * (reports != 1)}, {actions} action{'s' * (actions != 1)}"
            f" ({done} already done), {already} already ingested, {failed} failed")
    return f"Dry run, nothing stored: {line}" if dry_run else line


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
    return json.dumps({"reports": reports, "errors": errors}, ensure_ascii=False, indent=2)
