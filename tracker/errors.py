"""Errors the user can fix: one sentence and an exit code each; the CLI prints `Error: ...`.

Exit codes: 0 fine, 1 an error the user can fix (input, an id, a mail refused or given up),
2 usage (click's), 3 configuration or a database that cannot be reached, 4 schema versions
(database behind or ahead of the code), 5 the mail server unavailable or refusing everything,
6 the database cannot be used as needed (read-only, disk full, not a database, the
connection lost mid-command), 70 a bug in tracker (a traceback, and how to report it).
A reader that stops reading (`tracker history | head -1`) ends a command quietly, with 0.
"""

from __future__ import annotations


class TrackerError(Exception):
    """Base class: an expected failure with a one-line message."""

    exit_code = 1


class InvalidInput(TrackerError):
    """A value, file or date the user gave is not acceptable."""


class NotFound(TrackerError):
    """An id, owner or report does not exist."""


class Conflict(TrackerError):
    """The action is already in the requested state."""


class ConfigError(TrackerError):
    """config.toml or a TRACKER_* variable is wrong; the message names the file and key."""

    exit_code = 3


class SchemaError(TrackerError):
    """The database schema is not at the revision this code expects."""

    exit_code = 4


class MailError(TrackerError):
    """The mail transport could not be used at all (not a single failed delivery)."""

    exit_code = 5


class StorageError(TrackerError):
    """The database is there but cannot do what the command needs: a read-only file or folder,
    a full disk, a file that is no database, a connection lost mid-command. The command's
    transaction was rolled back: nothing is half-written."""

    exit_code = 6


BUG_EXIT_CODE = 70  # EX_SOFTWARE of sysexits.h


def bug_report(version: str) -> str:
    """Said under the traceback of an unexpected error: the one place a traceback is right."""
    return (f"This is a bug in tracker {version}, not a mistake of yours. Please report it with"
            " the command you ran and the traceback above (README.md, 'Reporting a bug').")


def pipe_closed() -> int:
    """The exit code when the reader of stdout went away: 0, like `seq 1000000 | head -1`.
    stdout is pointed at /dev/null first, so Python's flush at exit has nothing to complain of."""
    import os
    import sys

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return 0


def required(text: str | None, what: str, longest: int | None = None) -> str:
    """The text without surrounding blanks; InvalidInput naming `what` when nothing is left,
    or when it is longer than `longest`."""
    if not text or not text.strip():
        raise InvalidInput(f"{what} must not be empty")
    return text.strip() if longest is None else at_most(text.strip(), what, longest)


def at_most(text: str, what: str, longest: int) -> str:
    """The text, when it fits a column of `longest` characters (PostgreSQL refuses more)."""
    if len(text) > longest:
        raise InvalidInput(f"{what} is {len(text)} characters long, more than {longest}")
    return text
