"""Which owner a user means by what they typed, one rule for every command (open, assign, add,
export, digest preview, ingest --owner, [teams]):

- an e-mail address (anything with an @) matches that address exactly, or nothing: never
  another address that contains it (resilience@ is not ops-resilience@);
- a name matches exactly (case and spacing ignored), and only then as part of one name;
- more than one match is an error that lists them.

Plain SQL over DB-API, so that the fast paths use it too; names are compared in Python, where
case folding knows more than ASCII (SQLite's lower() does not)."""

from __future__ import annotations

from tracker.addresses import is_email
from tracker.core.database import Connection
from tracker.errors import InvalidInput, NotFound, TrackerError

SHOWN_CANDIDATES = 5


def name_key(name: str) -> str:
    """What two names must share to be the same name: case and spacing ignored."""
    return " ".join(name.split()).casefold()


def owners_named(conn: Connection, name: str) -> list[tuple[int, str, str]]:
    """(id, name, email) of the owners with exactly this name, by id."""
    key = name_key(name)
    return [row for row in conn.execute("SELECT id, name, email FROM owners ORDER BY id")
            if name_key(row[1]) == key]


def find_owner_id(conn: Connection, ident: str) -> int:
    """The one owner meant by an e-mail address or a name (see the module's rule)."""
    text = " ".join(ident.split())
    if not text:
        raise InvalidInput("the owner must not be empty")
    if "@" in text:
        row = conn.execute("SELECT id FROM owners WHERE email = :email",
                           {"email": text.lower()}).fetchone()
        if row is None:
            raise no_owner(text)
        return row[0]
    matches = owners_named(conn, text)
    if not matches:
        key = name_key(text)
        matches = [row for row in conn.execute("SELECT id, name, email FROM owners ORDER BY id")
                   if key in name_key(row[1])]
    if len(matches) > 1:
        shown = ", ".join(f"{name} <{email}>" for _, name, email in matches[:SHOWN_CANDIDATES])
        more = ", …" if len(matches) > SHOWN_CANDIDATES else ""
        raise InvalidInput(f"{text!r} matches {len(matches)} owners ({shown}{more}):"
                           " use the e-mail address")
    if not matches:
        raise no_owner(text)
    return matches[0][0]


def no_owner(text: str) -> TrackerError:
    """The error for an owner nobody has: a valid address can be added as it is."""
    if "@" in text:
        if not is_email(text):
            return InvalidInput(f"invalid e-mail address {text!r}")
        return NotFound(f"no owner {text!r}: add one with `tracker owner add NAME {text}`")
    return NotFound(f"no owner {text!r} (see `tracker owner list`)")
