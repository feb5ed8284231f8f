"""Everything about one action (`tracker show`, the web's action page): its record, who it was
assigned to, where in its report it came from, and its history. Plain SQL, no SQLAlchemy."""

from __future__ import annotations

from datetime import date

from tracker.core.actions import get_action
from tracker.core.database import Connection
from tracker.core.proposals import Proposal, pending
from tracker.core.queries import EventRow, history
from tracker.core.state import ActionRow

CONTEXT_LINES = 2


class Details:
    """The action, the deactivated owner it still belongs to (if so), its report's file name,
    the report lines around its own (number, text), its events, oldest first, and the deadline
    its owner proposed, if one waits for the coordinator."""

    def __init__(self, action: ActionRow, deactivated_owner: tuple[str, str] | None,
                 source_name: str | None, context: list[tuple[int, str]],
                 events: list[EventRow], proposal: Proposal | None = None):
        self.action = action
        self.proposal = proposal
        self.deactivated_owner = deactivated_owner
        self.source_name = source_name
        self.context = context
        self.events = events

    @property
    def due_changes(self) -> int:
        return sum(event.kind == "due_changed" for event in self.events)


def action_details(conn: Connection, action_id: int, today: date) -> Details:
    action = get_action(conn, action_id, today)
    deactivated = None
    if action.unassigned and action.owner_id is not None:
        deactivated = tuple(conn.execute("SELECT name, email FROM owners WHERE id = :id",
                                         {"id": action.owner_id}).fetchone())
    source_name, context = None, []
    if action.report_id is not None:
        source_name, raw_text = conn.execute(
            "SELECT source_name, raw_text FROM reports WHERE id = :id",
            {"id": action.report_id}).fetchone()
        if action.line:
            lines = raw_text.split("\n")
            first = max(1, action.line - CONTEXT_LINES)
            last = min(len(lines), action.line + CONTEXT_LINES)
            context = [(number, lines[number - 1]) for number in range(first, last + 1)]
    return Details(action, deactivated, source_name, context, history(conn, action_id),
                   pending(conn, [action_id]).get(action_id))
