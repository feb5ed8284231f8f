"""Dates, weeks and day counts in the reader's language, from the CLDR data Babel ships:
"vr 2 aug 2024", "week 48 (23–29 nov)", "over 1 dag", "1 day overdue". The mails, the human
text of `tracker show` and the web pages all speak through this one module."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

from babel import Locale
from babel.dates import format_interval, format_skeleton, format_timedelta

from tracker.clock import week_start

# tracker's languages -> Babel locales; English as spoken in Europe (2 Aug 2024, not Aug 2).
LOCALES = {"nl": "nl", "en": "en_GB"}
_WORDS = {
    "nl": {"overdue": "{days} verlopen", "today": "vandaag", "week": "week {number} ({span})"},
    "en": {"overdue": "{days} overdue", "today": "today", "week": "week {number} ({span})"},
}


class Phrasing:
    """One language's way of saying dates, weeks and day counts."""

    def __init__(self, language: str):
        self.language = language if language in LOCALES else "nl"
        self.locale = Locale.parse(LOCALES[self.language])
        self.words = _WORDS[self.language]

    def day(self, day: date | None) -> str:
        """"vr 2 aug 2024" / "Fri, 2 Aug 2024"; "" without a date."""
        return "" if day is None else format_skeleton("yMMMEd", day, locale=self.locale)

    def week(self, period: str) -> str:
        """An ISO week as people say it: "week 48 (23–29 nov)"."""
        monday = week_start(period)
        span = format_interval(monday, monday + timedelta(days=6), "MMMd", locale=self.locale)
        return self.words["week"].format(number=int(period.rpartition("W")[2]), span=span)

    def days(self, count: int) -> str:
        """"1 dag", "22 dagen", "1 day": always in days, however many."""
        return format_timedelta(timedelta(days=count), granularity="day", threshold=float("inf"),
                                locale=self.locale)

    def when(self, days_left: int | None) -> str:
        """Days left to a deadline in words: "3 dagen verlopen", "vandaag", "over 1 dag"; ""
        without a deadline."""
        if days_left is None:
            return ""
        if days_left < 0:
            return self.words["overdue"].format(days=self.days(-days_left))
        if days_left == 0:
            return self.words["today"]
        return format_timedelta(timedelta(days=days_left), granularity="day",
                                threshold=float("inf"), add_direction=True, locale=self.locale)

    def plural(self, count: int, forms: dict[str, str]) -> str:
        """The form of `forms` ("one", "other", ...) that the language uses for `count`,
        formatted with n=count."""
        form = self.locale.plural_form(count)
        return forms.get(form, forms["other"]).format(n=count)


@cache
def phrasing(language: str) -> Phrasing:
    return Phrasing(language)
