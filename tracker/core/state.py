"""An action's state, in one vocabulary for every front end (listing, show, export, digests,
their templates, the web): overdue, due soon, days left, who owns it, and the one record shape
that JSON, CSV and the templates show.

Who owns an action is decided in SQL, once: the view action_states (migrations 0004, 0006)
gives a deactivated owner's actions no owner_name/owner_email, so they count as unassigned
everywhere.
What depends on today is written here, once for SQL and once for Python, side by side."""

from __future__ import annotations

from datetime import date

from tracker.core.database import to_date, to_utc

# An action's title is its text's first words, at most this long.
TITLE_WIDTH = 80

# Due within this many days (today included) is "due soon": the digest's second section.
SOON_DAYS = 14

# Conditions over action_states (or actions joined to tables without these column names);
# :today is today in the configured time zone.
SQL_OPEN = "status = 'open'"
SQL_OVERDUE = "(status = 'open' AND due_date < :today)"
SQL_UNASSIGNED = "owner_email IS NULL"
# Came in overdue and not looked at yet: out of owner digests and escalations.
SQL_TO_REVIEW = "(status = 'open' AND needs_review)"


def days_left(due: date | None, today: date) -> int | None:
    """Days until the deadline, negative past it; None without a deadline."""
    return None if due is None else (due - today).days


def is_overdue(days: int | None) -> bool:
    """A deadline is the end of its day: overdue from the day after (SQL_OVERDUE's due < today)."""
    return days is not None and days < 0


def is_due_soon(days: int | None) -> bool:
    """Due today or within SOON_DAYS."""
    return days is not None and 0 <= days <= SOON_DAYS


# The record of an action in JSON and CSV (open, export, show; the web): these keys, this order.
RECORD_FIELDS = ("id", "title", "text", "status", "due_date", "days_left", "overdue",
                 "original_due_date", "due_source", "owner_name", "owner_email", "owner_hint",
                 "report_id", "report_title", "line", "source", "created_at", "closed_at",
                 "needs_review")

# The columns of action_states an ActionRow is made of, in this order.
COLUMNS = ("id", "title", "text", "status", "due_date", "original_due_date", "due_source",
           "owner_id", "owner_name", "owner_email", "owner_language", "owner_hint", "report_id",
           "report_title", "line", "source", "created_at", "closed_at", "needs_review")
SELECT_COLUMNS = ", ".join(COLUMNS)
# What a table of open actions shows (the full text above all stays out: at a million actions
# that halves the time of `tracker open`).
BRIEF_COLUMNS = ("id, title, due_date, owner_name, owner_email, owner_hint, report_id, status,"
                 " needs_review")


class ActionRow:
    """One action as every reader sees it, from a row of action_states and today. A plain
    slotted class: a listing may stream 300,000 of them."""

    __slots__ = (*COLUMNS, "days_left", "overdue")

    def __init__(self, row, today: date | None):
        (self.id, self.title, self.text, self.status, due, original, self.due_source,
         self.owner_id, self.owner_name, self.owner_email, self.owner_language, self.owner_hint,
         self.report_id, self.report_title, self.line, self.source, created, closed,
         review) = row
        self.needs_review = bool(review) and self.status == "open"
        self.due_date = due = to_date(due)
        self.original_due_date = to_date(original)
        self.created_at, self.closed_at = to_utc(created), to_utc(closed)
        self.on(today)

    def on(self, today: date | None) -> ActionRow:
        """Counts its days left from today; without today (what a verb returns), nothing is
        counted. Only an open action has days left (a closed one is never overdue)."""
        self.days_left = (days_left(self.due_date, today)
                          if self.status == "open" and today is not None else None)
        self.overdue = is_overdue(self.days_left)
        return self

    @classmethod
    def brief(cls, row, today: date) -> ActionRow:
        """An action from the BRIEF_COLUMNS a table shows; the other fields stay unset."""
        self = cls.__new__(cls)
        (self.id, self.title, due, self.owner_name, self.owner_email, self.owner_hint,
         self.report_id, self.status, review) = row
        self.due_date = due = to_date(due)
        if self.status == "open":
            self.days_left = days = days_left(due, today)
            self.overdue = is_overdue(days)
            self.needs_review = bool(review)
        else:
            self.days_left, self.overdue, self.needs_review = None, False, False
        return self

    @property
    def unassigned(self) -> bool:
        """No owner, or a deactivated one (the view leaves its address out)."""
        return self.owner_email is None

    @property
    def days_overdue(self) -> int:
        return -self.days_left if self.overdue else 0

    @property
    def due_soon(self) -> bool:
        return is_due_soon(self.days_left)

    @property
    def owner_address(self) -> str | None:
        """"Name <address>" of the owner, None when unassigned."""
        return None if self.unassigned else f"{self.owner_name} <{self.owner_email}>"

    def record(self) -> dict:
        return {name: getattr(self, name) for name in RECORD_FIELDS}
