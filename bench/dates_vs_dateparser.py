"""Does dateparser read our report phrases better than tracker's grammar? Run:

    .venv/bin/pip install dateparser && .venv/bin/python bench/dates_vs_dateparser.py

Each phrase has the deadline tracker should derive (first day of an event, last day of a
period, trip end + N for a relative term), with the trip of 18-21 June 2024 as context.
"""

from __future__ import annotations

import sys
import time
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent))

from tracker.reports.dates import DateContext, find_dates  # noqa: E402

TRIP_END = date(2024, 6, 21)
CASES = [
    ("18 juni 2024", date(2024, 6, 18)),
    ("dinsdag 18 juni t/m vrijdag 21 juni 2024", date(2024, 6, 18)),
    ("vindt plaats van 1-4 december in Helsingborg", date(2024, 12, 1)),
    ("Placemaking week in Rotterdam van 24 tot 27 september", date(2024, 9, 24)),
    ("14 tm 17 juni", date(2024, 6, 14)),
    ("van 3 t/m 5 oktober", date(2024, 10, 3)),
    ("12-03-2025", date(2025, 3, 12)),
    ("maart 2025", date(2025, 3, 31)),
    ("eind 2024", date(2024, 12, 31)),
    ("Q2 2025", date(2025, 6, 30)),
    ("voorjaar 2025", date(2025, 5, 31)),
    ("begin volgend jaar", date(2025, 3, 31)),
    ("binnen zes weken", date(2024, 8, 2)),
    ("week 14", date(2024, 4, 5)),
    ("June 15th", date(2024, 6, 15)),
    ("Wednesday June 15th", date(2024, 6, 15)),
]


def ours(text: str) -> date | None:
    spans = find_dates(text, DateContext(year=2024, anchor=TRIP_END, today=date(2026, 11, 23)))
    if not spans or not spans[0].resolved:
        return None
    span = spans[0]
    return span.start if span.kind in ("day", "range") else span.end


def theirs(text: str) -> date | None:
    from dateparser.search import search_dates

    found = search_dates(text, languages=["nl", "en"], settings={
        "RELATIVE_BASE": datetime(2024, 6, 21), "PREFER_DATES_FROM": "future",
        "DATE_ORDER": "DMY"})
    return found[0][1].date() if found else None


def main() -> None:
    for name, fn in (("tracker grammar", ours), ("dateparser", theirs)):
        started = time.perf_counter()
        right = 0
        for text, expected in CASES:
            got = fn(text)
            right += got == expected
            if got != expected:
                print(f"  {name}: {text!r} -> {got} (expected {expected})")
        elapsed = (time.perf_counter() - started) / len(CASES) * 1000
        print(f"{name}: {right}/{len(CASES)} right, {elapsed:.2f} ms per phrase")


if __name__ == "__main__":
    main()
