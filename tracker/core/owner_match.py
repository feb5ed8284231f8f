"""Which owner a user means by what they typed: an e-mail address, a name, or part of one.
Plain SQL over DB-API, so that the listing's fast path can use it too."""

from __future__ import annotations

from tracker.core.database import Connection
from tracker.errors import NotFound


def resolve_owner_ids(conn: Connection, owner: str) -> list[int]:
    """Owner ids matching an e-mail address or a (case-insensitive) name; failing those, every
    owner whose name or address contains the text ("anna" finds Anna de Vries)."""
    text = owner.strip().lower()
    rows = conn.execute("SELECT id FROM owners WHERE email = :text OR lower(name) = :text",
                        {"text": text}).fetchall()
    if not rows:
        rows = conn.execute("SELECT id FROM owners WHERE lower(name) LIKE :pattern"
                            " OR email LIKE :pattern", {"pattern": f"%{text}%"}).fetchall()
    if not rows:
        raise NotFound(f"no owner {owner!r} (see `tracker owner list`)")
    return [row[0] for row in rows]
