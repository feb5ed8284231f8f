"""RFC 5545 export: one VTODO per action, with a UID that stays the same across exports so that
a calendar updates the task instead of adding a copy."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime

from tracker.core.state import ActionRow

STATUS = {"open": "NEEDS-ACTION", "done": "COMPLETED", "dropped": "CANCELLED"}


def _escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", r"\;").replace(",", r"\,")
            .replace("\r\n", "\n").replace("\n", r"\n"))


def _fold(line: str) -> str:
    """Lines of at most 75 octets, continued with CRLF and a space (RFC 5545 3.1)."""
    out, current = [], b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > (75 if not out else 74):
            out.append(current.decode("utf-8"))
            current = b""
        current += encoded
    out.append(current.decode("utf-8"))
    return "\r\n ".join(out)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar(rows: Iterable[ActionRow], sequences: Mapping[int, int], domain: str,
             now: datetime) -> str:
    """VTODOs of the actions; `sequences` counts each action's changes (its SEQUENCE)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//tracker//follow-up actions//NL",
             "CALSCALE:GREGORIAN"]
    for r in rows:
        description = r.text
        if r.report_title:
            description += f"\n\nReport #{r.report_id}: {r.report_title}"
        description += f"\n\ntracker close {r.id} --note \"...\""
        summary = f"#{r.id} {r.title}"
        lines += ["BEGIN:VTODO", f"UID:tracker-action-{r.id}@{domain}",
                  f"DTSTAMP:{_stamp(now)}", f"SUMMARY:{_escape(summary)}",
                  f"DESCRIPTION:{_escape(description)}", f"STATUS:{STATUS[r.status]}",
                  f"SEQUENCE:{sequences.get(r.id, 0)}"]
        if r.due_date:
            lines.append(f"DUE;VALUE=DATE:{r.due_date.strftime('%Y%m%d')}")
        if not r.unassigned:
            name = (r.owner_name or "").replace('"', "'")
            lines.append(f'ATTENDEE;CN="{name}":mailto:{r.owner_email}')
        if r.closed_at:
            lines.append(f"COMPLETED:{_stamp(r.closed_at)}")
        lines.append("END:VTODO")
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)
