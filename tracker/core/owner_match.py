"""Which owner a user means by what they typed: an e-mail address, a name, or part of one.
Plain SQL over DB-API, so that the fast paths can use it too; the ORM verbs run the same SQL on
their session's connection (tracker.core.owners)."""

from __future__ import annotations

from tracker.addresses import is_email
from tracker.core.database import LIKE_ESCAPE, Connection, like_pattern
from tracker.errors import InvalidInput, NotFound


def resolve_owner_ids(conn: Connection, owner: str) -> list[int]:
    """Owner ids matching an e-mail address or a (case-insensitive) name; failing those, every
    owner whose name or address contains the text ("anna" finds Anna de Vries)."""
    text = owner.strip().lower()
    rows = conn.execute("SELECT id FROM owners WHERE email = :text OR lower(name) = :text",
                        {"text": text}).fetchall()
    if not rows:
        rows = conn.execute(f"SELECT id FROM owners WHERE lower(name) LIKE :pattern {LIKE_ESCAPE}"
                            f" OR email LIKE :pattern {LIKE_ESCAPE}",
                            {"pattern": like_pattern(text)}).fetchall()
    if not rows:
        raise NotFound(f"no owner {owner!r} (see `tracker owner list`)")
    return [row[0] for row in rows]


def find_owner_id(conn: Connection, ident: str) -> int:
    """The one owner meant: by e-mail address, else (case-insensitive) name, else the one owner
    whose name or address contains the text; an ambiguous name or part is an error."""
    ident = ident.strip()
    text = ident.lower()
    row = conn.execute("SELECT id FROM owners WHERE email = :text", {"text": text}).fetchone()
    if row is not None:
        return row[0]
    ids = [r[0] for r in conn.execute("SELECT id FROM owners WHERE lower(name) = :text",
                                      {"text": text})]
    if len(ids) > 1:
        raise InvalidInput(f"{len(ids)} owners are named {ident!r}: use the e-mail address")
    if not ids:
        rows = conn.execute(f"SELECT id, email FROM owners WHERE lower(name) LIKE :pattern"
                            f" {LIKE_ESCAPE} OR email LIKE :pattern {LIKE_ESCAPE} ORDER BY id",
                            {"pattern": like_pattern(text)}).fetchall()
        if len(rows) > 1:
            names = ", ".join(email for _, email in rows[:4])
            raise InvalidInput(f"{ident!r} matches {len(rows)} owners ({names}):"
                               " use the e-mail address")
        ids = [r[0] for r in rows]
    if not ids:
        hint = (f"`tracker owner add NAME {ident}`" if is_email(ident)
                else "`tracker owner add NAME EMAIL`")
        raise NotFound(f"no owner {ident!r}: add one with {hint}")
    return ids[0]
