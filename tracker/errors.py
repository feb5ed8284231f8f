"""Errors the user can fix: one sentence and an exit code each; the CLI prints `Error: ...`."""

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


def required(text: str | None, what: str) -> str:
    """The text without surrounding blanks; InvalidInput naming `what` when nothing is left."""
    if not text or not text.strip():
        raise InvalidInput(f"{what} must not be empty")
    return text.strip()
