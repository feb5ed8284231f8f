"""Dutch and English date phrases -> dates: a grammar written as a table of rules, each rule's
pattern beside the function that resolves it (DESIGN.md, "Deadline rules", is binding).

Kinds of phrase and what they mean as a deadline:
  day       "18 juni 2024", "12-03-2025", "uiterlijk maandag 9 maart"  -> that day
  range     "1-4 december", "op 9 en 10 oktober"                        -> its first day (event)
  period    "maart 2025", "in Q4", "voorjaar", "eind dit jaar", "week 14" -> its last day
  relative  "binnen zes weken", "over twee maanden"                     -> counted from an anchor
  vague     "na de zomer", "voor de kerstvakantie", "binnenkort"        -> no date, never a guess
A missing year is the first occurrence on or after the trip's start; without trip dates, the
year the report names; failing that, a weekday named next to the date decides it; failing that,
the phrase is returned unresolved (start None).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
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
YEAR_PART_END = {"begin": (3, 31), "start": (3, 31), "early": (3, 31), "beginning": (3, 31),
                 "medio": (6, 30), "midden": (6, 30), "mid": (6, 30), "middle": (6, 30),
                 "half": (6, 30), "halverwege": (6, 30), "eind": (12, 31), "einde": (12, 31),
                 "end": (12, 31), "late": (12, 31), "course": (12, 31), "loop": (12, 31),
                 "later": (12, 31), "in": (12, 31), "during": (12, 31), "tijdens": (12, 31)}
QUARTER_WORDS = {"eerste": 1, "1e": 1, "first": 1, "tweede": 2, "2e": 2, "second": 2,
                 "derde": 3, "3e": 3, "third": 3, "vierde": 4, "4e": 4, "fourth": 4,
                 "laatste": 4, "last": 4}
UNIT_DAYS = {"dag": 1, "dagen": 1, "day": 1, "days": 1, "week": 7, "weken": 7, "weeks": 7}
UNIT_MONTHS = {"maand": 1, "maanden": 1, "month": 1, "months": 1, "jaar": 12, "year": 12,
               "years": 12, "halfjaar": 6, "half jaar": 6}


def _alt(words) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


_M = rf"(?:{_alt(MONTHS)})\.?"
_FULL_MONTHS = ("januari", "january", "februari", "february", "maart", "march", "april", "mei",
                "may", "juni", "june", "juli", "july", "augustus", "august", "september", "sept",
                "oktober", "october", "november", "december")
_M_LONG = rf"(?:{_alt(_FULL_MONTHS)})"  # "in mei", never "in mar"
_WD = rf"(?:(?:{_alt(WEEKDAYS)})\.?,? )"
_D = r"(?:[0-3]?\d)(?:st|nd|rd|th|ste|de|e)?"
_Y = r"(?:19|20)\d{2}"
_SEP = r" ?(?:-|t/m|t\.m\.|tm|tot en met|tot|to|until|through|till|and|en|&) ?"
_NUM = rf"(?:\d{{1,3}}|{_alt(NUMBERS)})"
_REL_YEAR = r"(?:dit jaar|this year|volgend jaar|komend jaar|next year|het jaar)"
_YEAR_OR_REL = rf"(?:{_Y}|{_REL_YEAR})"
_ASAP = r"(?:a\.s\.|aanstaande|aanst\.)"

_WEEKDAY_WORD = re.compile(rf"\b(?:{_alt(WEEKDAYS)})\b", re.IGNORECASE)


@dataclass(frozen=True)
class DateContext:
    """What a phrase is read against: today, the trip's start (a date without a year is its
    first occurrence on or after it), the year to assume when there is no start, and the day
    relative terms count from."""

    today: date
    start: date | None = None
    year: int | None = None
    anchor: date | None = None


@dataclass(frozen=True)
class DateSpan:
    kind: str  # day | range | period | relative | vague
    text: str
    pos: int
    start: date | None  # first day (day, range) or last day (period, relative); None: open
    end: date | None
    year_given: bool  # the text itself named the year

    @property
    def resolved(self) -> bool:
        return self.start is not None

    @property
    def deadline(self) -> date | None:
        return self.start


Resolver = Callable[[re.Match[str], DateContext], "DateSpan | None"]


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    resolve: Resolver
    needs: tuple[tuple[str, ...], ...]  # of each group, one word must be in the text


RULES: list[Rule] = []
# What rules need: words whose absence spares most texts most patterns (substrings of the
# lower-cased text; a false alarm only costs the pattern's run).
DIGIT = tuple("0123456789")
MONTH = ("jan", "feb", "maart", "mrt", "mar", "apr", "mei", "may", "jun", "jul", "aug", "sep",
         "okt", "oct", "nov", "dec")
SEASON = tuple(SEASON_END)
QUARTER = ("q1", "q2", "q3", "q4", "kwarta", "quarter")
HALF = ("helft", "half")
WEEK = ("week",)
YEARISH = DIGIT + ("jaar", "year")
UNIT = ("dag", "day", "week", "weken", "maand", "month", "jaar", "year")
VAGUE = ("zomer", "summer", "vakantie", "holiday", "verkiezing", "election", "reces", "recess",
         "jaarwiss", "kerst", "christmas", "break", "formatie", "binnenkort", "mogelijk", "zsm",
         "z.s.m", "asap", "soon", "toekomst", "future", "termijn", "zijner", "due course",
         "coming", "komende")


def rule(name: str, pattern: str, *needs: tuple[str, ...]) -> Callable[[Resolver], Resolver]:
    """Register a rule: its pattern written beside its resolver; earlier rules win overlaps."""
    def register(resolve: Resolver) -> Resolver:
        RULES.append(Rule(name, re.compile(pattern, re.IGNORECASE), resolve, needs))
        return resolve
    return register


# --- helpers ----------------------------------------------------------------------------------

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


def _rel_year(text: str, ctx: DateContext) -> int | None:
    """"volgend jaar" and "dit jaar": counted from the trip's year."""
    base = ctx.start.year if ctx.start else ctx.year
    if base is None:
        return None
    return base + (1 if text.lower() in ("volgend jaar", "komend jaar", "next year") else 0)


def _year(text: str | None, ctx: DateContext) -> int | None:
    if text is None:
        return None
    return int(text) if text[:1].isdigit() else _rel_year(text, ctx)


def _safe_date(year: int | None, month: int, day: int) -> date | None:
    if year is None or not 1 <= year <= 9999:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _last_of_month(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def year_from_weekday(month: int, day: int, weekday: int, today: date) -> int | None:
    """The most recent year (not after today's) in which month/day fell on weekday."""
    for year in range(today.year, today.year - 30, -1):
        found = _safe_date(year, month, day)
        if found is not None and found.weekday() == weekday:
            return year
    return None


def _day_without_year(month: int, day: int, weekday: int | None,
                      ctx: DateContext) -> date | None:
    """A day whose year the text does not give: the first occurrence on or after the trip's
    start (whose weekday agrees, when one is named); else in the year the report names; else
    the year a named weekday decides."""
    first = ctx.start.year if ctx.start else ctx.year
    if first is not None:
        for year in range(first, first + 12):
            found = _safe_date(year, month, day)
            if found is None or (ctx.start and found < ctx.start):
                continue
            if weekday is None or found.weekday() == weekday:
                return found
            if year == first + 11:
                return None
        return None
    if weekday is not None:
        return _safe_date(year_from_weekday(month, day, weekday, ctx.today), month, day)
    return None


def _period_without_year(last_day: Callable[[int], date | None],
                         ctx: DateContext) -> date | None:
    """A period without a year: its first occurrence that ends on or after the trip's start."""
    if ctx.start is not None:
        for year in (ctx.start.year - 1, ctx.start.year, ctx.start.year + 1):
            end = last_day(year)
            if end is not None and end >= ctx.start:
                return end
        return None
    return last_day(ctx.year) if ctx.year is not None else None


def _period(m: re.Match[str], explicit: int | None, last_day: Callable[[int], date | None],
            ctx: DateContext, year_given: bool | None = None) -> DateSpan:
    end = last_day(explicit) if explicit is not None else _period_without_year(last_day, ctx)
    given = year_given if year_given is not None else explicit is not None
    return DateSpan("period", m.group().strip(), m.start(), end, end, given)


def _one_day(m: re.Match[str], kind: str, year_text: str | None, month: int, day: int,
             weekday: int | None, ctx: DateContext, end: date | None = None) -> DateSpan | None:
    if not 1 <= day <= 31:
        return None  # "35 maart" is no date; "31 februari 2025" is an impossible one
    explicit = _year(year_text, ctx)
    start = (_safe_date(explicit, month, day) if explicit is not None
             else _day_without_year(month, day, weekday, ctx))
    return DateSpan(kind, m.group().strip(), m.start(), start, end or start,
                    year_text is not None and year_text[:1].isdigit())


# --- the rules, in order of precedence --------------------------------------------------------

@rule("vague", r"\b(?:(?:na|after) (?:de |het |the )?(?:zomer|summer|zomervakantie|zomerreces|"
               r"vakantie|holidays?|verkiezingen|elections?|reces|recess|jaarwisseling|kerst|"
               r"christmas|break|gemeenteraadsverkiezingen|formatie)|"
               r"(?:voor|vóór|before) (?:de |het |the )?(?:(?:zomer|summer)(?! (?:van |of )?"
               r"(?:19|20)\d\d)|kerstvakantie|kerst|christmas|"
               r"zomervakantie|herfstvakantie|voorjaarsvakantie|meivakantie|krokusvakantie|"
               r"vakantie|holidays?|summer holidays?|christmas (?:holidays?|break)|"
               r"verkiezingen|elections?|reces|recess)|binnenkort|zo snel mogelijk|z\.s\.m\.?|"
               r"zsm|asap|as soon as possible|in de nabije toekomst|in the near future|"
               r"op termijn|te zijner tijd|in due course|(?:in )?the coming (?:period|months)|"
               r"de komende (?:periode|tijd|maanden)|soon)\b", VAGUE)
def _vague(m, ctx):
    return DateSpan("vague", m.group().strip(), m.start(), None, None, False)


@rule("iso", rf"\b(?P<y>{_Y})-(?P<m>\d{{1,2}})-(?P<d>\d{{1,2}})\b", DIGIT)
def _iso(m, ctx):
    start = _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    return DateSpan("day", m.group(), m.start(), start, start, True) if start else None


@rule("range2", rf"\b(?:van |from )?(?P<wd1>{_WD})?(?P<d1>{_D}) (?P<m1>{_M})(?: (?P<y1>{_Y}))?"
                rf"{_SEP}(?P<wd2>{_WD})?(?P<d2>{_D}) (?P<m2>{_M})(?:,? (?P<y2>{_Y}))?\b",
      MONTH, DIGIT)
def _range2(m, ctx):
    return _range(m, ctx, _month(m["m1"]), _month(m["m2"]), m["y1"], m["y2"])


@rule("range1", rf"\b(?:van |from |op |on )?(?P<wd1>{_WD})?(?P<d1>{_D})(?:, ?{_D})*{_SEP}"
                rf"(?P<wd2>{_WD})?(?P<d2>{_D}) (?P<m>{_M})(?:,? (?P<y>{_Y}))?\b", MONTH, DIGIT)
def _range1(m, ctx):
    return _range(m, ctx, _month(m["m"]), _month(m["m"]), None, m["y"])


@rule("range_mdy", rf"\b(?:from )?(?P<m>{_M}) (?P<d1>{_D}){_SEP}(?P<d2>{_D})"
                   rf"(?:,? (?P<y>{_Y}))?\b", MONTH, DIGIT)
def _range_mdy(m, ctx):
    return _range(m, ctx, _month(m["m"]), _month(m["m"]), None, m["y"])


def _range(m, ctx, m1: int, m2: int, y1: str | None, y2: str | None) -> DateSpan | None:
    d1, d2 = _day(m["d1"]), _day(m["d2"])
    if not (1 <= d1 <= 31 and 1 <= d2 <= 31):
        return None
    if y2 is not None or y1 is not None:
        end = _safe_date(int(y2 or y1), m2, d2)
        start_year = int(y1) if y1 else (end.year - (m1 > m2) if end else None)
        start = _safe_date(start_year, m1, d1)
    else:
        start = _day_without_year(m1, d1, _weekday(m.groupdict().get("wd1")), ctx)
        end = _safe_date(start.year + (m1 > m2), m2, d2) if start else None
    if start and end and end < start:
        return None
    return DateSpan("range", m.group().strip(), m.start(), start, end, bool(y1 or y2))


@rule("numeric", r"\b(?P<d>[0-3]?\d)[-/.](?P<m>[01]?\d)[-/.](?P<y>(?:19|20)\d{2})\b", DIGIT)
def _numeric(m, ctx):
    start = _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    return DateSpan("day", m.group(), m.start(), start, start, True) if start else None


@rule("dmy", rf"\b(?P<wd>{_WD})?(?P<d>{_D}) (?P<m>{_M})(?:,? (?P<y>{_Y}))?(?: {_ASAP})?(?!\w)",
      MONTH, DIGIT)
def _dmy(m, ctx):
    return _one_day(m, "day", m["y"], _month(m["m"]), _day(m["d"]), _weekday(m["wd"]), ctx)


@rule("mdy", rf"\b(?P<wd>{_WD})?(?P<m>{_M}) (?P<d>{_D})(?:,? (?P<y>{_Y}))?\b", MONTH, DIGIT)
def _mdy(m, ctx):
    return _one_day(m, "day", m["y"], _month(m["m"]), _day(m["d"]), _weekday(m["wd"]), ctx)


@rule("quarter", rf"\b(?:q(?P<q>[1-4])|(?:het |the )?(?P<qw>{_alt(QUARTER_WORDS)}) "
                 rf"(?:kwartaal|quarter))(?: (?:van |of )?(?P<y>{_YEAR_OR_REL}))?\b", QUARTER)
def _quarter(m, ctx):
    quarter = int(m["q"]) if m["q"] else QUARTER_WORDS[m["qw"].lower()]
    return _period(m, _year(m["y"], ctx), lambda y: _last_of_month(y, quarter * 3), ctx,
                   m["y"] is not None and m["y"][0].isdigit())


@rule("half", rf"\b(?:de |het |the )?(?P<h>eerste|tweede|first|second) (?:helft|half) "
              rf"(?:van |of )?(?:het |the )?(?P<y>{_YEAR_OR_REL})\b", HALF)
def _half(m, ctx):
    month = 6 if m["h"].lower() in ("eerste", "first") else 12
    return _period(m, _year(m["y"], ctx), lambda y: _last_of_month(y, month), ctx,
                   m["y"][0].isdigit())


def _season_end(season: str) -> Callable[[int], date]:
    month, day = SEASON_END[season.lower()]
    return lambda y: _last_of_month(y + 1, 2) if day == 0 else date(y, month, day)


@rule("season", rf"\b(?:(?P<cue>in|voor|vóór|before|by|uiterlijk|tijdens|during|dit|deze|this|"
                rf"komend|komende|volgend|volgende|next|coming|eind|end of) (?:het |de |the )?)?"
                rf"(?P<s>{_alt(SEASON_END)})(?: (?:van |of )?(?P<y>{_Y}|volgend jaar|"
                rf"next year))?\b", SEASON)
def _season(m, ctx):
    if m["y"] is None and m["cue"] is None:
        return None  # "zomer" alone in a sentence is rarely a deadline
    explicit = _year(m["y"], ctx)
    if explicit is None and m["cue"] and m["cue"].lower() in (
            "volgend", "volgende", "next") and (base := _rel_year("dit jaar", ctx)):
        explicit = base + 1
    return _period(m, explicit, _season_end(m["s"]), ctx,
                   m["y"] is not None and m["y"][0].isdigit())


@rule("week", rf"\bweek (?P<w>[1-5]?\d)(?: (?:van |of )?(?P<y>{_Y}))?\b", WEEK, DIGIT)
def _week(m, ctx):
    week = int(m["w"])

    def sunday(year: int) -> date | None:
        try:
            return date.fromisocalendar(year, week, 7)
        except ValueError:
            return None
    if not 1 <= week <= 53:
        return None
    return _period(m, _year(m["y"], ctx), sunday, ctx)


@rule("midmonth", rf"\b(?:half|medio|midden|mid|middle of|halverwege) ?-?(?P<m>{_M_LONG})"
                  rf"(?: (?P<y>{_Y}))?\b", MONTH)
def _midmonth(m, ctx):
    month = _month(m["m"])
    return _period(m, _year(m["y"], ctx), lambda y: date(y, month, 15), ctx)


@rule("month", rf"\b(?:(?P<cue>in|voor|vóór|before|by|uiterlijk|eind|einde|end of|begin|"
               rf"beginning of|early|late|in de loop van|during|tijdens|until|tot|"
               rf"deadline) (?:de maand |the month of |(?:de|het) )?)?"
               rf"(?P<m>{_M_LONG})(?: (?P<y>{_Y}))?\b", MONTH)
def _month_rule(m, ctx):
    if m["y"] is None and m["cue"] is None:
        return None  # "in maart" is a deadline, "maart" alone may be anything
    month = _month(m["m"])
    return _period(m, _year(m["y"], ctx), lambda y: _last_of_month(y, month), ctx)


@rule("yearpart", rf"\b(?P<part>{_alt(k for k in YEAR_PART_END if k not in ('course', 'loop'))}"
                  r"|in de loop van|in the course of|the end of|before the end of|aan het eind"
                  r" van|aan het einde van|the beginning of|the middle of)"
                  rf" (?:van |of )?(?:het |the )?(?P<y>{_YEAR_OR_REL})\b", YEARISH)
def _yearpart(m, ctx):
    words = m["part"].lower().split()
    part = next((w for w in reversed(words) if w in YEAR_PART_END and w not in ("in",)),
                "in" if words[0] == "in" else "end")
    if m["part"].lower() in ("in de loop van", "in the course of"):
        part = "loop"
    month, day = YEAR_PART_END[part]
    return _period(m, _year(m["y"], ctx), lambda y: date(y, month, day), ctx,
                   m["y"][0].isdigit())


@rule("relative", rf"\b(?:binnen|within|over|in|na|after|in de komende|in the next|in the "
                  rf"coming|uiterlijk) (?P<n>{_NUM}|een|a|half|anderhalve) ?"
                  rf"(?P<u>{_alt({**UNIT_DAYS, **UNIT_MONTHS})})\b", UNIT)
def _relative(m, ctx):
    unit, n = m["u"].lower(), m["n"].lower()
    if n == "half":
        return _relative_span(m, ctx, 1, "halfjaar") if unit in ("jaar", "year") else None
    if n == "anderhalve":
        return _relative_span(m, ctx, 6, "weken") if unit in ("week",) else (
            _relative_span(m, ctx, 45, "dagen") if unit == "maand" else None)
    return _relative_span(m, ctx, _num(n), unit)


def _relative_span(m, ctx, n: int, unit: str) -> DateSpan:
    end = None
    if ctx.anchor is not None and n <= 120:
        end = (ctx.anchor + timedelta(days=n * UNIT_DAYS[unit]) if unit in UNIT_DAYS
               else add_months(ctx.anchor, n * UNIT_MONTHS[unit]))
    return DateSpan("relative", m.group().strip(), m.start(), end, end, False)


# --- finding phrases --------------------------------------------------------------------------

_SPACES = re.compile(r"[ \t\u00a0\u2009\u202f]+")


def normalise(text: str) -> str:
    """Dashes as "-", runs of spaces as one (every pattern then stays linear in its input)."""
    text = (text.replace("\u2013", "-").replace("\u2014", "-").replace("\u2011", "-")
            .replace("\u2010", "-"))
    return _SPACES.sub(" ", text)


def find_dates(text: str, ctx: DateContext) -> list[DateSpan]:
    """All date phrases in text, in order; earlier rules win where phrases overlap."""
    text = normalise(text)
    lower = text.lower()
    taken = bytearray(len(text))  # 1 where an earlier rule's phrase stands
    spans: list[DateSpan] = []
    present: dict[tuple[str, ...], bool] = {}  # each group of words looked up once per text

    def holds(need: tuple[str, ...]) -> bool:
        if need not in present:
            present[need] = any(word in lower for word in need)
        return present[need]

    for entry in RULES:
        if not all(holds(need) for need in entry.needs):
            continue
        for m in entry.pattern.finditer(text):
            a, b = m.start(), m.end()
            if 1 in taken[a:b]:
                continue
            span = entry.resolve(m, ctx)
            if span is not None:
                taken[a:b] = b"\x01" * (b - a)
                spans.append(span)
    return sorted(spans, key=lambda s: s.pos)


_PAIR_RULES = ("dmy", "mdy", "range1", "range2")


def infer_year_from_weekdays(text: str, today: date) -> int | None:
    """The year in which every 'weekday + date' pair of the text holds (most recent first)."""
    # Only lines naming a weekday can hold a pair; the date patterns are slow on long text.
    text = "\n".join(line for line in normalise(text).split("\n") if _WEEKDAY_WORD.search(line))
    pairs = []
    for entry in RULES:
        if entry.name not in _PAIR_RULES:
            continue
        for m in entry.pattern.finditer(text):
            g = m.groupdict()
            if g.get("y") or g.get("y1") or g.get("y2"):
                continue
            for wd_key, d_key, m_key in (("wd", "d", "m"), ("wd1", "d1", "m1"),
                                         ("wd1", "d1", "m"), ("wd2", "d2", "m2"),
                                         ("wd2", "d2", "m")):
                if g.get(wd_key) and g.get(d_key) and g.get(m_key):
                    pairs.append((_month(g[m_key]), _day(g[d_key]), _weekday(g[wd_key])))
    if not pairs:
        return None
    for year in range(today.year, today.year - 30, -1):
        if all((found := _safe_date(year, mo, d)) is not None and found.weekday() == wd
               for mo, d, wd in pairs):
            return year
    return None


def _coming(today: date, weekday: int) -> date:
    """The next day with this weekday, never today itself."""
    return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)


def _end_of_month(today: date, months: int) -> date:
    ahead = add_months(today.replace(day=1), months)
    return _last_of_month(ahead.year, ahead.month)


# Phrases only a user types (`tracker due 5 vrijdag`), counted from today; the whole input must
# match one. "volgende week" is its Friday: the end of the working week a coordinator means.
USER_PHRASES: list[tuple[re.Pattern[str], Callable[[re.Match[str], date], date]]] = [
    (re.compile(r"vandaag|today"), lambda m, today: today),
    (re.compile(r"morgen|tomorrow"), lambda m, today: today + timedelta(days=1)),
    (re.compile(r"overmorgen|(?:the )?day after tomorrow"),
     lambda m, today: today + timedelta(days=2)),
    (re.compile(rf"(?:aanstaande |a\.s\. |komende |this |coming )?(?P<wd>{_alt(WEEKDAYS)})\.?"
                r"(?: a\.s\.?| aanstaande)?"),
     lambda m, today: _coming(today, WEEKDAYS[m["wd"]])),
    (re.compile(r"(?:volgende|komende) week|next week"),
     lambda m, today: _coming(today, 0) + timedelta(days=4)),
    (re.compile(r"eind(?:e)? (?:van )?(?:deze|dit|de) maand|end of (?:this|the) month"),
     lambda m, today: _end_of_month(today, 0)),
    (re.compile(r"eind(?:e)? (?:van )?(?:de )?volgende maand|end of next month"),
     lambda m, today: _end_of_month(today, 1)),
]
# A date a user types must lie here (issue 15: year 1 or 9999 was a typo, never a deadline).
USER_YEARS = (1900, 2200)


def parse_user_date(text: str, today: date) -> date:
    """A date the user typed: ISO, a phrase ("1 maart 2025", "binnen twee weken") or one of
    USER_PHRASES ("vrijdag", "volgende week"). Without a year, the next such day on or after
    today. InvalidInput naming the text when unreadable or outside USER_YEARS."""
    found = _user_date(text, today)
    if not USER_YEARS[0] <= found.year <= USER_YEARS[1]:
        raise InvalidInput(f"date {text.strip()!r} is outside {USER_YEARS[0]}-{USER_YEARS[1]}")
    return found


def _user_date(text: str, today: date) -> date:
    raw = text.strip()
    low = normalise(raw).lower().rstrip(".")
    for pattern, resolve in USER_PHRASES:
        if m := pattern.fullmatch(low):
            return resolve(m, today)
    if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", raw):
        try:
            return date.fromisoformat("-".join(part.zfill(2) for part in raw.split("-")))
        except ValueError:
            raise InvalidInput(f"impossible date {raw!r}") from None
    ctx = DateContext(today=today, start=today, year=today.year, anchor=today)
    spans = [s for s in find_dates(raw, ctx) if s.kind != "vague"]
    if len(spans) != 1 or len(normalise(spans[0].text)) < len(normalise(raw).strip(" .")) - 1:
        if re.search(r"\d", raw) and not spans:
            raise InvalidInput(f"impossible or unreadable date {raw!r}"
                               " (use YYYY-MM-DD or e.g. '1 maart 2025')")
        raise InvalidInput(f"unreadable date {raw!r} (use YYYY-MM-DD or e.g. '1 maart 2025')")
    if spans[0].kind == "range" and re.search(r"\s(?:en|and|&)\s", spans[0].text):
        raise InvalidInput(f"unreadable date {raw!r}: one date, please")
    if spans[0].start is None:
        raise InvalidInput(f"impossible date {raw!r}")
    return spans[0].start
