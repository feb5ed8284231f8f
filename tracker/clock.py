"""The one source of time, so that freezegun (and faketime) control all of it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo


def now() -> datetime:
    """The current instant, timezone-aware UTC."""
    return datetime.now(UTC)


def today(tz: ZoneInfo) -> date:
    """Today's date in the configured time zone (not the machine's)."""
    return now().astimezone(tz).date()


def iso_week(day: date) -> str:
    """The ISO week of a date, as '2026-W48'."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_start(period: str) -> date:
    """The Monday of an ISO week given as '2026-W48'; ValueError when malformed."""
    year, _, week = period.partition("-W")
    return date.fromisocalendar(int(year), int(week), 1)
