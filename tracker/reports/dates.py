"""Dutch and English date phrases -> dates: a small grammar of regular expressions.

Kinds of phrase and what they mean as a deadline:
  day       "18 juni 2024", "12-03-2025", "Wednesday June 15th"      -> that day (explicit)
  range     "1-4 december", "dinsdag 18 t/m vrijdag 21 juni 2024"    -> its first day (event)
  period    "maart 2025", "Q2 2025", "voorjaar 2025", "eind 2024",
            "begin volgend jaar", "week 14"                           -> its last day (explicit)
  relative  "binnen zes weken"                                         -> counted from an anchor
A missing year comes from the context (the trip's year); failing that, a weekday named next to
the date decides it; failing that, the phrase is returned unresolved (start None).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from tracker.errors import InvalidInput

MONTHS = {
    "januari": 1, "january": 1, "jan": 1, "februari": 2, "february": 2, "feb": 2,
    "maart": 3, "march": 3, "mrt": 3, "mar": 3, "april": 4, "apr": 4, "mei": 5, "may": 5,
    "juni": 6, "june": 6, "jun": 6, "juli": 7, "july": 7, "jul": 7, "augustus": 8, "august": 8,
    "aug": 8, "september": 9, "sept": 9, "sep": 9, "oktober": 10, "october": 10, "okt": 10,
    "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS = {
    "maandag": 0, "monday": 0, "ma": 0, "mon": 0, "dinsdag": 1, "tuesday": 1, "di": 1, "tue": 1,
    "woensdag": 2, "wednesday": 2, "wo": 2, "wed": 2, "donderdag": 3, "thursday": 3, "do": 3,
    "thu": 3, "vrijdag": 4, "friday": 4, "vr": 4, "fri": 4, "zaterdag": 5, "saturday": 5,
    "za": 5, "sat": 5, "zondag": 6, "sunday": 6, "zo": 6, "sun": 6,
}
NUMBERS = {
    "een": 1, "één": 1, "one": 1, "a": 1, "twee": 2, "two": 2, "drie": 3, "three": 3,
    "vier": 4, "four": 4, "vijf": 5, "five": 5, "zes": 6, "six": 6, "zeven": 7, "seven": 7,
    "acht": 8, "eight": 8, "negen": 9, "nine": 9, "tien": 10, "ten": 10, "elf": 11,
    "eleven": 11, "twaalf": 12, "twelve": 12,
}
# Meteorological seasons: the last day of each (winter runs into the next year).
SEASON_END = {"voorjaar": (5, 31), "lente": (5, 31), "spring": (5, 31), "zomer": (8, 31),
              "summer": (8, 31), "najaar": (11, 30), "herfst": (11, 30), "autumn": (11, 30),
              "fall": (11, 30), "winter": (2, 0)}
YEAR_PART_END = {"begin": (3, 31), "start": (3, 31), "early": (3, 31), "medio": (6, 30),
                 "midden": (6, 30), "mid": (6, 30), "half": (6, 30), "eind": (12, 31),
                 "einde": (12, 31), "end": (12, 31), "late": (12, 31)}
QUARTER_WORDS = {"eerste": 1, "1e": 1, "first": 1, "tweede": 2, "2e": 2, "second": 2,
                 "derde": 3, "3e": 3, "third": 3, "vierde": 4, "4e": 4, "fourth": 4}
UNIT_DAYS = {"dag": 1, "dagen": 1, "day": 1, "days": 1, "week": 7, "weken": 7, "weeks": 7}
UNIT_MONTHS = {"maand": 1, "maanden": 1, "month": 1, "months": 1, "jaar": 12, "year": 12,
               "years": 12}


def _alt(words) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


_M = rf"(?:{_alt(MONTHS)})\.?"
_WD = rf"(?:(?:{_alt(WEEKDAYS)})\.?,?\s+)"
_D = r"(?:[0-3]?\d)(?:st|nd|rd|th|ste|de|e)?"
_Y = r"(?:19|20)\d{2}"
_SEP = r"\s*(?:-|t/m|t\.m\.|tm|tot en met|tot|to|until|through|till)\s*"
_NUM = rf"(?:\d{{1,3}}|{_alt(NUMBERS)})"

# Every pattern needs one of these; most sentences have none, and then no pattern has to run.
_MONTH_CUE = re.compile(r"\b(in|voor|before|by|uiterlijk|vóór)\s+$", re.IGNORECASE)
_HINT = re.compile(rf"\d|\b(?:{_alt(MONTHS)}|{_alt(SEASON_END)}|kwartaal|quarter|jaar|year|"
                   r"binnen|within|komende|next|uiterlijk)", re.IGNORECASE)
_WEEKDAY_WORD = re.compile(rf"\b(?:{_alt(WEEKDAYS)})\b", re.IGNORECASE)
_RULES = [
    ("iso", rf"\b(?P<y>{_Y})-(?P<m>\d{{1,2}})-(?P<d>\d{{1,2}})\b"),
    ("range2", rf"\b(?:van\s+|from\s+)?(?P<wd1>{_WD})?(?P<d1>{_D})\s+(?P<m1>{_M})"
               rf"(?:\s+(?P<y1>{_Y}))?{_SEP}(?P<wd2>{_WD})?(?P<d2>{_D})\s+(?P<m2>{_M})"
               rf"(?:,?\s+(?P<y2>{_Y}))?\b"),
    ("range1", rf"\b(?:van\s+|from\s+)?(?P<wd1>{_WD})?(?P<d1>{_D}){_SEP}(?P<wd2>{_WD})?"
               rf"(?P<d2>{_D})\s+(?P<m>{_M})(?:,?\s+(?P<y>{_Y}))?\b"),
    ("numeric", r"\b(?P<d>[0-3]?\d)[-/.](?P<m>[01]?\d)[-/.](?P<y>(?:19|20)\d{2})\b"),
    ("dmy", rf"\b(?P<wd>{_WD})?(?P<d>{_D})\s+(?P<m>{_M})(?:,?\s+(?P<y>{_Y}))?\b"),
    ("mdy", rf"\b(?P<wd>{_WD})?(?P<m>{_M})\s+(?P<d>{_D})(?:,?\s+(?P<y>{_Y}))?\b"),
    ("quarter", rf"\b(?:q(?P<q>[1-4])|(?P<qw>{_alt(QUARTER_WORDS)})\s+(?:kwartaal|quarter))"
                rf"(?:\s+(?:van\s+|of\s+)?(?P<y>{_Y}|volgend jaar|next year))?\b"),
    ("season", rf"\b(?P<s>{_alt(SEASON_END)})(?:\s+(?:van\s+|of\s+)?(?P<y>{_Y}|volgend jaar|"
               rf"next year))?\b"),
    ("week", rf"\bweek\s+(?P<w>[1-5]?\d)(?:\s+(?:van\s+|of\s+)?(?P<y>{_Y}))?\b"),
    ("month", rf"\b(?P<part>{_alt(YEAR_PART_END)})?\s*(?:van\s+|of\s+)?(?P<m>(?:januari|februari|"
              rf"maart|april|mei|juni|juli|augustus|september|oktober|november|december|january|"
              rf"february|march|june|july|august|october))(?:\s+(?P<y>{_Y}))?\b"),
    ("yearpart", rf"\b(?P<part>{_alt(YEAR_PART_END)})\s+(?:van\s+|of\s+)?(?:het\s+|the\s+)?"
                 rf"(?P<y>{_Y}|volgend jaar|next year|dit jaar|this year)\b"),
    ("relative", rf"\b(?:binnen|within|in de komende|in the next|uiterlijk)\s+(?P<n>{_NUM})\s+"
                 rf"(?P<u>{_alt({**UNIT_DAYS, **UNIT_MONTHS})})\b"),
]
PATTERNS = [(name, re.compile(rx, re.IGNORECASE)) for name, rx in _RULES]


@dataclass(frozen=True)
class DateContext:
    """What a phrase is read against: the year to assume, the day relative terms count from,
    and today (upper bound when a weekday has to decide the year)."""

    year: int | None = None
    anchor: date | None = None
    today: date | None = None


@dataclass(frozen=True)
class DateSpan:
    kind: str  # day | range | period | relative
    text: str
    pos: int
    start: date | None  # first day (day, range) or last day (period, relative); None: open
    end: date | None
    year_given: bool  # the text itself named the year

    @property
    def resolved(self) -> bool:
        return self.start is not None


def _num(word: str) -> int:
    word = word.lower()
    return int(word) if word.isdigit() else NUMBERS[word]


def _day(text: str) -> int:
    return int(re.match(r"\d+", text).group())


def _month(text: str) -> int:
    return MONTHS[text.lower().rstrip(".")]


def _weekday(text: str | None) -> int | None:
    if not text:
        return None
    return WEEKDAYS[re.match(r"[^\s.,]+", text.strip()).group().lower()]


def _year(text: str | None, ctx: DateContext) -> int | None:
    if text is None:
        return None
    text = text.lower()
    if text in ("volgend jaar", "next year"):
        base = ctx.year or (ctx.anchor or ctx.today or date.today()).year
        return base + 1
    if text in ("dit jaar", "this year"):
        return ctx.year or (ctx.anchor or ctx.today or date.today()).year
    return int(text)


def year_from_weekday(month: int, day: int, weekday: int, today: date) -> int | None:
    """The most recent year (not after today's) in which month/day fell on weekday."""
    for year in range(today.year, today.year - 30, -1):
        try:
            if date(year, month, day).weekday() == weekday:
                return year
        except ValueError:
            continue
    return None


def _resolve_year(explicit: int | None, month: int, day: int, weekday: int | None,
                  ctx: DateContext) -> int | None:
    if explicit is not None:
        return explicit
    if ctx.year is not None:
        return ctx.year
    if weekday is not None:
        return year_from_weekday(month, day, weekday, ctx.today or date.today())
    return None


def _safe_date(year: int | None, month: int, day: int) -> date | None:
    if year is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _last_of_month(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _span(name: str, m: re.Match[str], ctx: DateContext) -> DateSpan | None:
    g = m.groupdict()
    text, pos = m.group().strip(), m.start()
    if name in ("iso", "numeric"):
        start = _safe_date(int(g["y"]), int(g["m"]), int(g["d"]))
        return DateSpan("day", text, pos, start, start, True) if start else None
    if name in ("dmy", "mdy"):
        month, day = _month(g["m"]), _day(g["d"])
        if not 1 <= day <= 31:
            return None
        explicit = _year(g["y"], ctx)
        year = _resolve_year(explicit, month, day, _weekday(g["wd"]), ctx)
        start = _safe_date(year, month, day)
        return DateSpan("day", text, pos, start, start, explicit is not None)
    if name in ("range1", "range2"):
        m1 = _month(g["m1"] if name == "range2" else g["m"])
        m2 = _month(g["m2"] if name == "range2" else g["m"])
        d1, d2 = _day(g["d1"]), _day(g["d2"])
        explicit = _year(g.get("y2") or g.get("y") or g.get("y1"), ctx)
        y2 = _resolve_year(explicit, m2, d2, _weekday(g["wd2"]), ctx)
        y1 = _resolve_year(_year(g.get("y1"), ctx) or (y2 - (m1 > m2) if y2 else None),
                           m1, d1, _weekday(g["wd1"]), ctx)
        start, end = _safe_date(y1, m1, d1), _safe_date(y2, m2, d2)
        if start and end and end < start:
            return None
        return DateSpan("range", text, pos, start, end, explicit is not None)
    if name == "quarter":
        quarter = int(g["q"]) if g["q"] else QUARTER_WORDS[g["qw"].lower()]
        year = _year(g["y"], ctx) or ctx.year
        end = _last_of_month(year, quarter * 3) if year else None
        return DateSpan("period", text, pos, end, end, g["y"] is not None)
    if name == "season":
        if g["y"] is None and not re.search(r"\b(in|voor|before|by|uiterlijk)\s+(het\s+|de\s+)?$",
                                            m.string[max(0, pos - 20):pos], re.IGNORECASE):
            return None  # "zomer" alone in a sentence is rarely a deadline
        year = _year(g["y"], ctx) or ctx.year
        month, day = SEASON_END[g["s"].lower()]
        end = None
        if year:
            end = _last_of_month(year + 1, 2) if day == 0 else date(year, month, day)
        return DateSpan("period", text, pos, end, end, g["y"] is not None)
    if name == "week":
        week = int(g["w"])
        year = _year(g["y"], ctx) or ctx.year
        try:
            end = date.fromisocalendar(year, week, 5) if year else None  # that week's Friday
        except ValueError:
            return None
        return DateSpan("period", text, pos, end, end, g["y"] is not None)
    if name == "month":
        before = m.string[max(0, m.start("m") - 12):m.start("m")]
        if g["y"] is None and g["part"] is None and not _MONTH_CUE.search(before):
            return None  # "in maart" is a deadline, "maart" alone may be anything
        year = _year(g["y"], ctx) or ctx.year
        month = _month(g["m"])
        end = _last_of_month(year, month) if year else None
        return DateSpan("period", text, pos, end, end, g["y"] is not None)
    if name == "yearpart":
        year = _year(g["y"], ctx)
        month, day = YEAR_PART_END[g["part"].lower()]
        end = date(year, month, day) if year else None
        return DateSpan("period", text, pos, end, end, g["y"][0].isdigit())
    if name == "relative":
        n, unit = _num(g["n"]), g["u"].lower()
        end = None
        if ctx.anchor is not None:
            end = (ctx.anchor + timedelta(days=n * UNIT_DAYS[unit]) if unit in UNIT_DAYS
                   else _add_months(ctx.anchor, n * UNIT_MONTHS[unit]))
        return DateSpan("relative", text, pos, end, end, False)
    raise AssertionError(name)


def normalise(text: str) -> str:
    return (text.replace("\u2013", "-").replace("\u2014", "-").replace("\u00a0", " ")
            .replace("\u2011", "-"))


def find_dates(text: str, ctx: DateContext = DateContext()) -> list[DateSpan]:
    """All date phrases in text, in order; earlier patterns win where phrases overlap."""
    text = normalise(text)
    if not _HINT.search(text):
        return []
    taken: list[tuple[int, int]] = []
    spans: list[DateSpan] = []
    for name, pattern in PATTERNS:
        for m in pattern.finditer(text):
            a, b = m.start(), m.end()
            if any(a < y and x < b for x, y in taken):
                continue
            span = _span(name, m, ctx)
            if span is not None:
                taken.append((a, b))
                spans.append(span)
    return sorted(spans, key=lambda s: s.pos)


def infer_year_from_weekdays(text: str, today: date) -> int | None:
    """The year in which every 'weekday + date' pair of the text holds (most recent first)."""
    # Only lines naming a weekday can hold a pair; the date patterns are slow on long text.
    text = "\n".join(line for line in normalise(text).split("\n") if _WEEKDAY_WORD.search(line))
    pairs = []
    for name in ("dmy", "mdy", "range1", "range2"):
        pattern = dict(PATTERNS)[name]
        for m in pattern.finditer(text):
            g = m.groupdict()
            keys = (("wd", "d", "m"), ("wd1", "d1", "m1" if "m1" in g else "m"),
                    ("wd2", "d2", "m2" if "m2" in g else "m"))
            for wd_key, d_key, m_key in keys:
                if g.get(wd_key) and g.get(d_key) and g.get(m_key) and not g.get("y"):
                    pairs.append((_month(g[m_key]), _day(g[d_key]), _weekday(g[wd_key])))
    if not pairs:
        return None
    for year in range(today.year, today.year - 30, -1):
        if all(_safe_date(year, mo, d) is not None and date(year, mo, d).weekday() == wd
               for mo, d, wd in pairs):
            return year
    return None


def parse_user_date(text: str, today: date | None) -> date:
    """A date the user typed: ISO, or one phrase ("1 maart 2025", "binnen twee weken").
    Without a year, the next such day on or after today."""
    raw = text.strip()
    today = today or date.today()
    low = raw.lower()
    if low in ("vandaag", "today"):
        return today
    if low in ("morgen", "tomorrow"):
        return today + timedelta(days=1)
    if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", raw):
        try:
            return date.fromisoformat("-".join(part.zfill(2) for part in raw.split("-")))
        except ValueError:
            raise InvalidInput(f"impossible date {raw!r}") from None
    ctx = DateContext(year=today.year, anchor=today, today=today)
    spans = find_dates(raw, ctx)
    if len(spans) != 1 or len(normalise(spans[0].text)) < len(normalise(raw).strip(" .")) - 1:
        if re.search(r"\d", raw) and not spans:
            raise InvalidInput(f"impossible or unreadable date {raw!r}"
                               " (use YYYY-MM-DD or e.g. '1 maart 2025')")
        raise InvalidInput(f"unreadable date {raw!r} (use YYYY-MM-DD or e.g. '1 maart 2025')")
    span = spans[0]
    if span.start is None:
        raise InvalidInput(f"impossible date {raw!r}")
    if not span.year_given and span.kind in ("day", "range", "period") and span.start < today:
        later = find_dates(raw, DateContext(year=today.year + 1, anchor=today, today=today))
        span = later[0]
    return span.start
