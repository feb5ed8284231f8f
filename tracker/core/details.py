"""The lines of `tracker show`: one action with its source context and history."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from tracker.core.actions import get_action

CONTEXT_LINES = 2


def _deadline(action, today: date) -> str:
    if action.due_date is None:
        return "none"
    days = (action.due_date - today).days
    when = (f"{-days} days overdue" if days < 0 else "due today" if days == 0
            else f"in {days} days")
    text = f"{action.due_date} ({action.due_source}), {when}"
    changes = sum(e.kind == "due_changed" for e in action.events)
    if changes:
        text += f"; originally {action.original_due_date}, changed {changes}x"
    return text


def action_details(session: Session, action_id: int, today: date, tz: ZoneInfo) -> Iterator[str]:
    action = get_action(session, action_id)
    yield f"#{action.id}  {action.title}"
    status = action.status if action.status == "open" else (
        f"{action.status} on {action.closed_at.astimezone(tz):%Y-%m-%d %H:%M}")
    yield f"  status    {status}"
    if action.owner is not None:
        inactive = "" if action.owner.active else " (deactivated: counts as unassigned)"
        yield f"  owner     {action.owner.name} <{action.owner.email}>{inactive}"
    else:
        yield "  owner     unassigned" + (f" (the text names: {action.owner_hint})"
                                         if action.owner_hint else "")
    yield f"  deadline  {_deadline(action, today)}"
    if action.report is not None:
        where = ("follow-up section" if action.source == "followup"
                 else "outside the follow-up section")
        yield (f"  report    #{action.report.id} {action.report.title}"
               f" ({action.report.source_name}, line {action.line}, {where})")
    yield ""
    yield "  Text:"
    yield from textwrap.wrap(action.text, 96, initial_indent="    ", subsequent_indent="    ")
    if action.report is not None and action.line:
        lines = action.report.raw_text.split("\n")
        first = max(1, action.line - CONTEXT_LINES)
        last = min(len(lines), action.line + CONTEXT_LINES)
        yield ""
        yield f"  In the report (lines {first}-{last}):"
        for number in range(first, last + 1):
            marker = ">" if number == action.line else " "
            text = lines[number - 1]
            shown = textwrap.shorten(text, 88) if text.strip() else ""
            yield f"  {marker}{number:5}  {shown}".rstrip()
    yield ""
    yield "  History:"
    for event in action.events:
        change = " -> ".join(v for v in (event.old_value, event.new_value) if v)
        note = f"  \"{event.note}\"" if event.note else ""
        yield (f"    {event.at.astimezone(tz):%Y-%m-%d %H:%M}  {event.actor:<12} {event.kind:<11}"
               f" {change}{note}").rstrip()
