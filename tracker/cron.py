"""Crontab expressions checked without APScheduler (which costs start-up): every field within
its range, named when it is not, and a day of the month that exists in the months named.
tracker.scheduler turns a checked expression into APScheduler's trigger."""

from __future__ import annotations

import re

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
WEEKDAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")  # crontab: 0 and 7 are Sunday
# (name, lowest, highest, names for the values from `lowest` on)
FIELDS = (("minute", 0, 59, ()), ("hour", 0, 23, ()), ("day of month", 1, 31, ()),
          ("month", 1, 12, MONTHS), ("day of week", 0, 7, WEEKDAYS))
SECONDS = ("second", 0, 59, ())
_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)  # 29 Feb exists, in leap years
_ITEM = re.compile(r"(?P<range>\*|(?P<first>[a-z0-9]+)(?:-(?P<last>[a-z0-9]+))?)"
                   r"(?:/(?P<step>\d+))?")


class CronError(ValueError):
    """What is wrong with an expression, naming the field."""


def values(text: str, name: str, low: int, high: int, names: tuple[str, ...]) -> set[int]:
    """The values one field allows; CronError naming the field when it is not valid."""
    allowed: set[int] = set()
    for item in text.lower().split(","):
        match = _ITEM.fullmatch(item)
        if not match:
            raise CronError(f"{name} field {text!r} is not a cron field")
        if match["range"] == "*":
            first, last = low, high
        else:
            first = _value(match["first"], text, name, low, high, names)
            last = first if match["last"] is None else _value(match["last"], text, name, low,
                                                                high, names)
            if last < first:
                raise CronError(f"{name} field {text!r}: the range {item!r} runs backwards")
            if match["step"] is not None and match["last"] is None:
                last = high  # "5/15" means from 5 on, as in crontab
        step = int(match["step"]) if match["step"] is not None else 1
        if step < 1:
            raise CronError(f"{name} field {text!r}: a step must be at least 1")
        allowed.update(range(first, last + 1, step))
    return allowed


def _value(token: str, text: str, name: str, low: int, high: int,
           names: tuple[str, ...]) -> int:
    if token.isdigit():
        number = int(token)
        if not low <= number <= high:
            raise CronError(f"{name} field {text!r}: {number} is out of range {low}-{high}")
        return number
    if token in names:
        return low + names.index(token)
    expected = f" (use {names[0]}-{names[-1]} or {low}-{high})" if names else f" ({low}-{high})"
    raise CronError(f"{name} field {text!r}: {token!r} is not a value{expected}")


def check(expression: str) -> None:
    """CronError when `expression` (five crontab fields, or six with seconds first) is not
    valid or names a date that never comes (30 February)."""
    fields = expression.split()
    if len(fields) not in (5, 6):
        raise CronError("a cron expression has five fields (minute hour day-of-month month"
                        f" day-of-week), or six with seconds first; {expression!r} has"
                        f" {len(fields)}")
    specs = (SECONDS, *FIELDS) if len(fields) == 6 else FIELDS
    allowed = {spec[0]: values(field, *spec) for field, spec in zip(fields, specs, strict=True)}
    days, months = allowed["day of month"], allowed["month"]
    if not any(day <= _DAYS_IN_MONTH[month - 1] for day in days for month in months):
        raise CronError(f"{expression!r} never fires: no month of"
                        f" {fields[-2]!r} has day {min(days)}")
