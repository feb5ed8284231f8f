"""The verbs on actions. Each change writes an Event; nothing changes without one.

Every verb is plain SQL that SQLite and PostgreSQL both accept, one statement per step, so it
runs on the DB-API connection of the CLI's fast path as well as inside an ORM session (ingest,
the web): pass either. Verbs never commit: the caller's transaction is the unit of work
(App.change). They return the changed actions as ActionRow, read back from action_states."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from tracker.core.database import Connection, is_id
from tracker.core.owner_match import find_owner_id
from tracker.core.state import SELECT_COLUMNS, TITLE_WIDTH, ActionRow
from tracker.errors import Conflict, InvalidInput, NotFound, required

TYPE_CHECKING = False  # importing typing costs 5 ms of every start-up
if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    Database = Connection | Session


def connection(db: Database) -> Connection:
    """The DB-API connection of a Connection or of an ORM session."""
    return db if isinstance(db, Connection) else Connection.of_session(db)


def record(conn: Connection, action_id: int, kind: str, actor: str, at: datetime,
           old: str | None = None, new: str | None = None, note: str | None = None) -> None:
    """Write one event of an action's history."""
    conn.execute("INSERT INTO events (action_id, at, actor, kind, old_value, new_value, note)"
                 " VALUES (:action, :at, :actor, :kind, :old, :new, :note)",
                 {"action": action_id, "at": conn.timestamp(at), "actor": actor, "kind": kind,
                  "old": old, "new": new, "note": note})


def get_action(db: Database, action_id: int, today: date | None = None) -> ActionRow:
    """One action as it stands now (its days left counted when today is given); NotFound names
    the id, whatever its size."""
    conn = connection(db)
    row = None if not is_id(action_id) else conn.execute(
        f"SELECT {SELECT_COLUMNS} FROM action_states WHERE id = :id", {"id": action_id}).fetchone()
    if row is None:
        raise NotFound(f"no action #{action_id}")
    return ActionRow(row, today)


def get_actions(db: Database, ids: Iterable[int]) -> list[ActionRow]:
    """The actions in the order given, each once; NotFound for the first id that is missing.
    Read as the ids come, so a range as wide as 1-99999999999 stops at its first gap."""
    conn = connection(db)
    found: dict[int, ActionRow] = {}
    for action_id in ids:
        if action_id not in found:
            found[action_id] = get_action(conn, action_id)
    return list(found.values())


def clean_note(note: str | None) -> str | None:
    return note.strip() if note and note.strip() else None


def update(conn: Connection, action_id: int, assignments: str, params: dict) -> None:
    conn.execute(f"UPDATE actions SET {assignments} WHERE id = :id", {**params, "id": action_id})


def _reread(conn: Connection, actions: list[ActionRow]) -> list[ActionRow]:
    return [get_action(conn, action.id) for action in actions]


def require_open(actions: list[ActionRow]) -> None:
    """Conflict, before anything changes, when one of the actions is closed or dropped."""
    for action in actions:
        if action.status != "open":
            raise Conflict(f"action #{action.id} is already {action.status}"
                           f" (reopen it with `tracker reopen {action.id}`)")


def reviewed(conn: Connection, action: ActionRow, actor: str, at: datetime,
             note: str | None = None) -> None:
    """The coordinator has looked at an action that came in overdue: it joins the digests.
    Deciding its owner or deadline does this too. (Closing or dropping leaves the mark, which
    counts only while an action is open: reopened, it waits for review again.)"""
    if action.needs_review:
        record(conn, action.id, "reviewed", actor, at, note=note)
        update(conn, action.id, "needs_review = :no", {"no": False})


def owner_email(conn: Connection, owner_id: int | None) -> str | None:
    if owner_id is None:
        return None
    return conn.execute("SELECT email FROM owners WHERE id = :id", {"id": owner_id}).fetchone()[0]


def assign(db: Database, ids: Iterable[int], owner_ident: str, actor: str, at: datetime,
           note: str | None = None) -> list[ActionRow]:
    """Give actions to an (active) owner, named as tracker.core.owner_match says."""
    conn = connection(db)
    owner_id = find_owner_id(conn, owner_ident)
    email, active = conn.execute("SELECT email, active FROM owners WHERE id = :id",
                                 {"id": owner_id}).fetchone()
    if not active:
        raise InvalidInput(f"owner {email} is deactivated (`tracker owner activate {email}`)")
    actions = get_actions(conn, ids)
    for action in actions:
        if action.owner_id != owner_id:
            record(conn, action.id, "assigned", actor, at, old=owner_email(conn, action.owner_id),
                   new=email, note=clean_note(note))
            update(conn, action.id, "owner_id = :owner", {"owner": owner_id})
        reviewed(conn, action, actor, at)
    return _reread(conn, actions)


def unassign(db: Database, ids: Iterable[int], actor: str, at: datetime,
             note: str | None = None) -> list[ActionRow]:
    """Take the owner off actions (`assign --none`; the web's "not mine", with its reason)."""
    conn = connection(db)
    actions = get_actions(conn, ids)
    for action in actions:
        if action.owner_id is not None:
            record(conn, action.id, "unassigned", actor, at,
                   old=owner_email(conn, action.owner_id), note=clean_note(note))
            update(conn, action.id, "owner_id = NULL", {})
        reviewed(conn, action, actor, at)
    return _reread(conn, actions)


def set_due(db: Database, ids: Iterable[int], due: date, actor: str, at: datetime,
            note: str | None = None) -> list[ActionRow]:
    """A new deadline; the first one stays as original_due_date. If one of the actions is
    already due that day, nothing changes. It decides a pending deadline proposal: accepted
    when it is the proposed date (the note says whose), else replaced."""
    conn = connection(db)
    actions = get_actions(conn, ids)
    for action in actions:
        if action.due_date == due:
            raise Conflict(f"action #{action.id} is already due {due.isoformat()}")
    from tracker.core.proposals import settle_for_new_deadline

    for action in actions:
        proposer = settle_for_new_deadline(conn, action.id, due, actor, at)
        said = clean_note(note)
        if proposer is not None:  # accepting a proposal (tracker.core.proposals)
            said = "; ".join(filter(None, [said, f"as proposed by {proposer}"]))
        record(conn, action.id, "due_changed", actor, at,
               old=action.due_date.isoformat() if action.due_date else None,
               new=due.isoformat(), note=said)
        update(conn, action.id, "due_date = :due, original_due_date = coalesce("
               "original_due_date, :due), due_source = 'manual'", {"due": due})
        reviewed(conn, action, actor, at)
    return _reread(conn, actions)


def clear_due(db: Database, ids: Iterable[int], actor: str, at: datetime,
              note: str | None = None) -> list[ActionRow]:
    """No deadline any more (`due --clear`); the original stays as original_due_date."""
    conn = connection(db)
    actions = get_actions(conn, ids)
    for action in actions:
        if action.due_date is None:
            raise Conflict(f"action #{action.id} has no deadline")
    from tracker.core.proposals import settle_for_new_deadline

    for action in actions:
        settle_for_new_deadline(conn, action.id, None, actor, at)
        record(conn, action.id, "due_cleared", actor, at, old=action.due_date.isoformat(),
               note=clean_note(note))
        update(conn, action.id, "due_date = NULL, due_source = NULL", {})
        reviewed(conn, action, actor, at)
    return _reread(conn, actions)


def close(db: Database, ids: Iterable[int], actor: str, at: datetime,
          note: str | None = None) -> list[ActionRow]:
    """Mark open actions done; if one of them is not open, nothing changes."""
    conn = connection(db)
    actions = get_actions(conn, ids)
    require_open(actions)
    for action in actions:
        record(conn, action.id, "closed", actor, at, old="open", new="done",
               note=clean_note(note))
        update(conn, action.id, "status = 'done', closed_at = :at", {"at": conn.timestamp(at)})
    return _reread(conn, actions)


def reopen(db: Database, ids: Iterable[int], actor: str, at: datetime,
           note: str | None = None) -> list[ActionRow]:
    """Open closed or dropped actions again; if one of them is open, nothing changes."""
    conn = connection(db)
    actions = get_actions(conn, ids)
    for action in actions:
        if action.status == "open":
            raise Conflict(f"action #{action.id} is already open")
    for action in actions:
        record(conn, action.id, "reopened", actor, at, old=action.status, new="open",
               note=clean_note(note))
        update(conn, action.id, "status = 'open', closed_at = NULL", {})
    return _reread(conn, actions)


def drop(db: Database, ids: Iterable[int], reason: str, actor: str, at: datetime
         ) -> list[ActionRow]:
    """Actions no longer relevant: closed as dropped, with the reason in their history."""
    reason = required(reason, "the reason (--reason)")
    conn = connection(db)
    actions = get_actions(conn, ids)
    require_open(actions)
    for action in actions:
        record(conn, action.id, "dropped", actor, at, old="open", new="dropped", note=reason)
        update(conn, action.id, "status = 'dropped', closed_at = :at",
               {"at": conn.timestamp(at)})
    return _reread(conn, actions)


def add_note(db: Database, ids: Iterable[int], text: str, actor: str, at: datetime
             ) -> list[ActionRow]:
    """Progress on actions that stay open ("deels voldaan")."""
    text = required(text, "the note")
    conn = connection(db)
    actions = get_actions(conn, ids)
    for action in actions:
        record(conn, action.id, "noted", actor, at, note=text)
    return _reread(conn, actions)


def mark_reviewed(db: Database, ids: Iterable[int], actor: str, at: datetime,
                  note: str | None = None) -> list[ActionRow]:
    """Accept actions that came in overdue as they are: they join the digests."""
    conn = connection(db)
    actions = get_actions(conn, ids)
    for action in actions:
        if not action.needs_review:
            raise Conflict(f"action #{action.id} is not waiting for review")
    for action in actions:
        reviewed(conn, action, actor, at, clean_note(note))
    return _reread(conn, actions)


def add(db: Database, text: str, actor: str, at: datetime, owner: str | None = None,
        due: date | None = None, report_id: int | None = None) -> ActionRow:
    """An action made by hand (`tracker add`): owner by address or name, a manual deadline."""
    conn = connection(db)
    if report_id is not None and (not is_id(report_id) or conn.execute(
            "SELECT 1 FROM reports WHERE id = :id", {"id": report_id}).fetchone() is None):
        raise NotFound(f"no report #{report_id}")
    who = None
    if owner:
        who = Owner(*conn.execute("SELECT id, email FROM owners WHERE id = :id",
                                  {"id": find_owner_id(conn, owner)}).fetchone())
    new = NewAction(text, owner=who, due=due, due_source="manual", report_id=report_id,
                    source="manual")
    return get_action(conn, create_actions(conn, [new], actor, at)[0])


def title_of(text: str) -> str:
    from tracker.reports.extract import make_title

    return make_title(" ".join(text.split()), TITLE_WIDTH)


class Owner:
    """The owner of a new action: what create_actions needs of it (an ORM Owner will do)."""

    def __init__(self, id: int, email: str):
        self.id, self.email = id, email


class NewAction:
    """What create_actions needs to know of one new action."""

    def __init__(self, text: str, *, owner: Owner | None = None, due: date | None = None,
                 due_source: str | None = None, report_id: int | None = None,
                 position: int = 0, source: str = "manual", owner_hint: str | None = None,
                 line: int | None = None, note: str | None = None,
                 done_reason: str | None = None, review: bool = False):
        self.text = required(text, "the action text")
        self.owner, self.due, self.due_source = owner, due, due_source if due else None
        self.report_id, self.position, self.source = report_id, position, source
        self.owner_hint, self.line, self.note = owner_hint, line, note
        self.done_reason = done_reason  # written as already done: closed at once, saying why
        self.review = review and not done_reason  # came in overdue: waits for the coordinator


_INSERT_ACTION = (
    "INSERT INTO actions (text, title, owner_id, due_date, original_due_date, due_source,"
    " report_id, position, source, owner_hint, line, status, created_at, closed_at,"
    " needs_review) VALUES (:text, :title, :owner, :due, :due, :due_source, :report, :position,"
    " :source, :hint, :line, :status, :at, :closed, :review) RETURNING id")


def create_actions(db: Database, new: Sequence[NewAction], actor: str,
                   at: datetime) -> list[int]:
    """Insert actions with their 'created' events (plus 'assigned' when they have an owner,
    'closed' when written as done; the note says when one waits for review); returns the ids
    in order."""
    conn = connection(db)
    stamp = conn.timestamp(at)
    ids = []
    for n in new:
        ids.append(conn.execute(_INSERT_ACTION, {
            "text": n.text, "title": title_of(n.text), "owner": n.owner.id if n.owner else None,
            "due": n.due, "due_source": n.due_source, "report": n.report_id,
            "position": n.position, "source": n.source, "hint": n.owner_hint, "line": n.line,
            "status": "done" if n.done_reason else "open", "at": stamp,
            "closed": stamp if n.done_reason else None, "review": n.review}).fetchone()[0])
    for action_id, n in zip(ids, new, strict=True):
        note = n.note
        if n.review:
            note = "; ".join(filter(None, [note, "its deadline had passed: waits for review"]))
        record(conn, action_id, "created", actor, at, note=note,
               new=f"due {n.due.isoformat()} ({n.due_source})" if n.due else "no deadline")
        if n.owner is not None:
            record(conn, action_id, "assigned", actor, at, new=n.owner.email)
        if n.done_reason:
            record(conn, action_id, "closed", actor, at, old="open", new="done",
                   note=n.done_reason)
    return ids
