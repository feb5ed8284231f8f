"""RFC 5545 export: one VTODO per action, with a UID that stays the same across exports so that
a task client updates the task instead of adding a copy. A closed or dropped action is exported
as COMPLETED or CANCELLED (for as long as `tracker export --since` reaches back), so a task
imported earlier completes in the client too."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime

from tracker.core.state import ActionRow
from tracker.core.text import safe_text

STATUS = {"open": "NEEDS-ACTION", "done": "COMPLETED", "dropped": "CANCELLED"}
# Task clients and calendar libraries handle these years; a deadline outside them (a typing
# error) stays in the description only.
SANE_YEARS = range(1900, 2201)
LABELS = {
    "nl": {"report": "Verslag", "close": "Afronden", "deadline": "Deadline"},
    "en": {"report": "Report", "close": "Close", "deadline": "Deadline"},
}

# A sentence ends at . ! or ? followed by a space and a capital, unless the word before the
# full stop is an abbreviation ("o.a.", "bijv.", "ca."): one with a dot inside or under 4 letters.
_SENTENCE_END = re.compile(r"(?<=[^\s.]{4}[.!?])\s+(?=[A-Z0-9\"'(])|(?<=[!?])\s+")


def first_sentence(text: str) -> str:
    """The first sentence of an action's text, whole (a task's one-line summary)."""
    line = " ".join(text.split())
    return _SENTENCE_END.split(line, maxsplit=1)[0]


def _escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", r"\;").replace(",", r"\,")
            .replace("\n", r"\n"))


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


def _day(day: date) -> str:
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def _todo(r: ActionRow, change: tuple[int, datetime] | None, domain: str, now: datetime,
          t: dict[str, str]) -> list[str]:
    sequence, modified = change or (0, r.created_at)
    description = safe_text(r.text, multiline=True)
    if r.report_title:
        description += f"\n\n{t['report']} #{r.report_id}: {safe_text(r.report_title)}"
    if r.due_date and r.due_date.year not in SANE_YEARS:
        description += f"\n\n{t['deadline']}: {r.due_date.isoformat()}"
    if r.status == "open":
        description += f"\n\n{t['close']}: tracker close {r.id} --note \"...\""
    lines = ["BEGIN:VTODO", f"UID:tracker-action-{r.id}@{domain}", f"DTSTAMP:{_stamp(now)}",
             f"CREATED:{_stamp(r.created_at)}", f"LAST-MODIFIED:{_stamp(modified)}",
             f"SEQUENCE:{sequence}",
             f"SUMMARY:{_escape(f'#{r.id} ' + safe_text(first_sentence(r.text)))}",
             f"DESCRIPTION:{_escape(description)}", f"STATUS:{STATUS[r.status]}"]
    if r.due_date and r.due_date.year in SANE_YEARS:
        lines.append(f"DUE;VALUE=DATE:{_day(r.due_date)}")
    if not r.unassigned:
        name = safe_text(r.owner_name or "").replace('"', "'")
        lines.append(f'ATTENDEE;CN="{name}":mailto:{r.owner_email}')
    if r.status == "done" and r.closed_at:
        lines += [f"COMPLETED:{_stamp(r.closed_at)}", "PERCENT-COMPLETE:100"]
    lines.append("END:VTODO")
    return lines


def calendar(rows: Iterable[ActionRow], changes: Mapping[int, tuple[int, datetime]],
             domain: str, now: datetime, language: str) -> str:
    """VTODOs of the actions. `changes` gives per action the number of changes to what the file
    shows and the last one's instant (its SEQUENCE and LAST-MODIFIED; see
    tracker.core.queries.file_changes); labels are in `language`."""
    t = LABELS.get(language, LABELS["nl"])
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//tracker//follow-up actions//NL",
             "CALSCALE:GREGORIAN"]
    for r in rows:
        lines += _todo(r, changes.get(r.id), domain, now, t)
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)
