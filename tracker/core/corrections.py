"""Correcting an action that came in wrong: its text or title edited, one action split into
several, several merged into one. Plain SQL like tracker.core.actions, each change an event,
nothing deleted (an action merged into another is dropped, saying where it went)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import datetime

from tracker.core.actions import (
    clean_note,
    connection,
    get_action,
    get_actions,
    owner_email,
    record,
    require_open,
    title_of,
    update,
)
from tracker.core.state import ActionRow
from tracker.errors import Conflict, InvalidInput, required

TYPE_CHECKING = False
if TYPE_CHECKING:
    from tracker.core.actions import Database

TITLE_MAX = 200  # actions.title is a String(200)

# A sentence ends at . ! or ? followed by a space and a capital; shorter pieces than this many
# words ("o.a. Den Haag") stay with the sentence before them.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-ÖØ-Þ])")
_MIN_WORDS = 3


def sentences(text: str) -> list[str]:
    """The sentences of an action's text, where `tracker split` cuts it by default."""
    parts: list[str] = []
    for piece in _SENTENCE_END.split(" ".join(text.split())):
        if parts and (len(piece.split()) < _MIN_WORDS or len(parts[-1].split()) < _MIN_WORDS):
            parts[-1] = f"{parts[-1]} {piece}"
        else:
            parts.append(piece)
    return parts


def _joined(*notes: str | None) -> str | None:
    return "; ".join(n for n in notes if n) or None


def set_text(conn, action: ActionRow, text: str) -> None:
    """Store a new text; a title that was made from the old text is made from the new one (a
    title set by hand stays)."""
    title = title_of(text) if action.title == title_of(action.text) else action.title
    update(conn, action.id, "text = :text, title = :title", {"text": text, "title": title})


def edit(db: Database, action_id: int, actor: str, at: datetime, text: str | None = None,
         title: str | None = None, note: str | None = None) -> ActionRow:
    """A new text (event 'edited') and/or title (event 'retitled'), old and new in full."""
    if text is None and title is None:
        raise InvalidInput("nothing to change: give a new text or title")
    conn = connection(db)
    action = get_action(conn, action_id)
    note = clean_note(note)
    changed = False
    if text is not None:
        text = required(text, "the action text")
        if text != action.text:
            record(conn, action.id, "edited", actor, at, old=action.text, new=text, note=note)
            set_text(conn, action, text)
            changed = True
    if title is not None:
        title = " ".join(required(title, "the title").split())
        if len(title) > TITLE_MAX:
            raise InvalidInput(f"the title is {len(title)} characters long, more than"
                               f" {TITLE_MAX}")
        if title != action.title:
            record(conn, action.id, "retitled", actor, at, old=action.title, new=title,
                   note=note)
            update(conn, action.id, "title = :title", {"title": title})
            changed = True
    if not changed:
        raise Conflict(f"action #{action.id} already reads like that")
    return get_action(conn, action.id)


def _created(action: ActionRow) -> str:
    """The new value of a 'created' event, as tracker.core.actions.create_actions writes it."""
    return (f"due {action.due_date.isoformat()} ({action.due_source})" if action.due_date
            else "no deadline")


_COPY = ("INSERT INTO actions (text, title, owner_id, due_date, original_due_date, due_source,"
         " report_id, position, source, owner_hint, line, status, created_at, closed_at,"
         " needs_review)"
         " SELECT :text, :title, owner_id, due_date, original_due_date, due_source, report_id,"
         " position, source, owner_hint, line, 'open', :at, NULL, needs_review"
         " FROM actions WHERE id = :id RETURNING id")


def split(db: Database, action_id: int, actor: str, at: datetime,
          parts: Sequence[str] | None = None, note: str | None = None) -> list[ActionRow]:
    """One action into two or more: at its sentences, or into the texts given. The first part
    stays the action itself (its id and history); every other part is a new action with the
    same owner, deadline, report, line and review mark, whose history says where it came
    from."""
    conn = connection(db)
    action = get_action(conn, action_id)
    if action.status != "open":
        raise Conflict(f"action #{action.id} is {action.status}: only an open action can be"
                       " split")
    if parts:
        texts = [required(part, "a part (--part)") for part in parts]
        if len(texts) < 2:
            raise InvalidInput("splitting needs at least two parts")
    else:
        texts = sentences(action.text)
        if len(texts) < 2:
            raise InvalidInput(f"action #{action.id} is one sentence: give its parts with"
                               " --part TEXT --part TEXT")
    stamp = conn.timestamp(at)
    new_ids = [conn.execute(_COPY, {"text": text, "title": title_of(text), "at": stamp,
                                    "id": action.id}).fetchone()[0] for text in texts[1:]]
    note = clean_note(note)
    into = ", ".join(f"#{i}" for i in (action.id, *new_ids))
    record(conn, action.id, "split", actor, at, old=action.text, new=texts[0],
           note=_joined(f"into {into}", note))
    set_text(conn, action, texts[0])
    owner = owner_email(conn, action.owner_id)
    for new_id in new_ids:
        record(conn, new_id, "created", actor, at, new=_created(action),
               note=_joined(f"split from #{action.id}", note))
        if owner is not None:
            record(conn, new_id, "assigned", actor, at, new=owner)
    return [get_action(conn, i) for i in (action.id, *new_ids)]


def _sentence(text: str) -> str:
    """A text that ends like a sentence, so that merged texts read as one."""
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?", ";", ":")) else f"{text}."


class Merged:
    """The merged action, and what it did not take over from the others (said to the user)."""

    def __init__(self, action: ActionRow, notices: list[str]):
        self.action, self.notices = action, notices


def _who(conn, action: ActionRow) -> str:
    return owner_email(conn, action.owner_id) or "unassigned"


def merge(db: Database, ids: Iterable[int], actor: str, at: datetime,
          note: str | None = None) -> Merged:
    """Several actions into the first: its text becomes all their texts, it keeps its own
    owner, deadline and report; the others are dropped, "merged into #N"."""
    conn = connection(db)
    actions = get_actions(conn, ids)
    if len(actions) < 2:
        raise InvalidInput("merging needs at least two different actions")
    require_open(actions)
    first, others = actions[0], actions[1:]
    notices = []
    for other in others:
        if other.owner_id != first.owner_id:
            notices.append(f"#{other.id} was {_who(conn, other)}'s: #{first.id} stays"
                           f" {_who(conn, first)}'s" if first.owner_id else
                           f"#{other.id} was {_who(conn, other)}'s: #{first.id} stays"
                           " unassigned")
        if other.due_date != first.due_date:
            notices.append(f"#{other.id} was due {other.due_date or 'never'}: #{first.id} keeps"
                           f" {first.due_date or 'no deadline'}")
        if other.report_id != first.report_id:
            notices.append(f"#{other.id} came from report #{other.report_id or '-'}: #{first.id}"
                           f" stays with report #{first.report_id or '-'}")
    text = " ".join(_sentence(action.text) for action in actions)
    note = clean_note(note)
    record(conn, first.id, "merged", actor, at, old=first.text, new=text,
           note=_joined("with " + ", ".join(f"#{o.id}" for o in others), note))
    set_text(conn, first, text)
    for other in others:
        record(conn, other.id, "dropped", actor, at, old="open", new="dropped",
               note=_joined(f"merged into #{first.id}", note))
        update(conn, other.id, "status = 'dropped', closed_at = :at", {"at": conn.timestamp(at)})
    return Merged(get_action(conn, first.id), notices)
