"""A parsed report -> its agreements: the items of the follow-up section, plus sentences
elsewhere that record one ("is afgesproken om ..."), each with a deadline and an owner hint."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from tracker.reports import dates
from tracker.reports.parse import ParsedReport

_MARKER = re.compile(r"^\s*(?:[-•*▪●◦·–]|\d{1,2}[.)]|\(?[a-zA-Z][.)]|\(\d{1,2}\))\s+")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_URL_ONLY = re.compile(r"^\s*(?:https?://|www\.)\S+\s*$")
_PAGE_NOISE = re.compile(r"^\s*(?:pagina|page)?\s*\d{1,3}(?:\s*(?:van|of|/)\s*\d{1,3})?\s*$",
                         re.IGNORECASE)
_LONE_YES = re.compile(r"^(?:ja|yes)\s*[:.,!]?$", re.IGNORECASE)
_YES_PREFIX = re.compile(r"^(?:ja|yes)\s*[:,]\s+", re.IGNORECASE)
_NONE = re.compile(r"^(?:nee|neen|no|geen|none|n\.?v\.?t\.?|niet van toepassing|-+)"
                   r"(?:[\s,.:;-]+(?:er zijn )?(?:geen|no)?\s*(?:vervolgafspraken|"
                   r"follow-?up|afspraken)?(?: gemaakt)?)?\s*[.!]?$", re.IGNORECASE)
_AGREED = re.compile(r"\b(?:is|zijn|werd|werden|hebben|heeft)\b[^.]{0,60}?\bafgesproken\b|"
                     r"\bafgesproken\s+(?:is|om|dat)\b|\b(?:it was|we|they) agreed\b|"
                     r"\bhas been agreed\b", re.IGNORECASE)
_DONE_VERBS = ("gehouden", "gegeven", "verstuurd", "gestuurd", "opgestuurd", "toegestuurd",
               "gedeeld", "afgerond", "uitgevoerd", "gepresenteerd", "verzonden", "geplaatst",
               "opgeleverd", "ingediend", "georganiseerd", "bezocht", "gepubliceerd",
               "verspreid", "held", "sent", "shared", "completed", "presented", "delivered")
_NOT_DONE = re.compile(r"\b(?:wordt|worden|zal|zullen|gaat|gaan|wil|willen|moet|moeten|"
                       r"kan|kunnen|nog|gepland|afgesproken|will|shall|planned)\b", re.IGNORECASE)
_DONE = re.compile(r"^(?:er\s+)?(?:is|zijn|werd|werden|has been|have been|was|were)\b.*?\b(?:"
                   + "|".join(_DONE_VERBS) + r")\b", re.IGNORECASE)
_HINT = re.compile(
    r"\b((?:[A-Z][\w&-]*\s+)+team|team\s+[A-Z][\w&-]*(?:\s+[A-Z][\w&-]*)*|"
    r"(?:[Aa]fdeling|[Dd]irectie|[Dd]ienst|[Cc]luster)\s+[A-Z][\w&-]*(?:\s+[A-Z][\w&-]*)*)")


@dataclass(frozen=True)
class Agreement:
    text: str
    title: str
    line: int
    source: str  # followup | elsewhere
    status: str = "open"  # open | done
    done_reason: str | None = None
    owner_hint: str | None = None
    due_date: date | None = None
    due_source: str | None = None  # explicit | event | relative | default | None (open)
    due_phrase: str | None = None
    warnings: tuple[str, ...] = field(default=())


def clean(text: str) -> str:
    """Link artifacts out, whitespace single."""
    return " ".join(_LINK.sub(r"\1", text).split())


def make_title(text: str, width: int = 80) -> str:
    """The first sentence, cut at a word boundary."""
    first = re.split(r"(?<=[.!?])\s+(?=[A-Z])", text, maxsplit=1)[0].rstrip(".")
    if len(first) <= width:
        return first
    return first[: width - 1].rsplit(" ", 1)[0] + "…"


def _join(lines: list[str]) -> str:
    """Join hard-wrapped lines; a hyphen at a line end followed by lower case is a word split."""
    text = ""
    for line in lines:
        line = line.strip()
        if text.endswith("-") and len(text) > 1 and text[-2].isalpha() and line[:1].islower():
            text = text[:-1] + line
        else:
            text = f"{text} {line}" if text else line
    return text


def split_items(lines: tuple[tuple[int, str], ...]) -> list[tuple[int, str]]:
    """Items of a list (numbers, bullets, letters) or paragraphs, with their first line."""
    items: list[tuple[int, list[str]]] = []
    current: tuple[int, list[str]] | None = None
    for number, raw in lines:
        if _URL_ONLY.match(raw) or _PAGE_NOISE.match(raw):
            continue
        if not raw.strip():
            current = None
            continue
        marker = _MARKER.match(raw)
        if marker or current is None:
            current = (number, [raw[marker.end():] if marker else raw])
            items.append(current)
        else:
            current[1].append(raw)
    return [(number, clean(_join(parts))) for number, parts in items]


def owner_hint(text: str) -> str | None:
    match = _HINT.search(text)
    if not match:
        return None
    return re.sub(r"^(?:Het|De|Een)\s+", "", match.group(1).strip())


def done_reason(text: str) -> str | None:
    first = re.split(r"[.;(]|,\s", text, maxsplit=1)[0]
    if _DONE.match(first) and not _NOT_DONE.search(first):
        return f"written as already done in the report: {first.strip()!r}"
    return None


def deadline(text: str, report: ParsedReport, due_days: int,
             today: date) -> tuple[date | None, str | None, str | None, list[str]]:
    """(due date, due source, the phrase it came from, warnings) for one agreement."""
    ctx = dates.DateContext(year=report.year, anchor=report.trip_end, today=today)
    unresolved: list[str] = []
    for span in dates.find_dates(text, ctx):
        if not span.resolved:
            unresolved.append(span.text)
            continue
        day = span.start if span.kind in ("day", "range") else span.end
        if not span.year_given and report.trip_end and day < report.trip_end \
                and span.kind != "relative":
            # "1-4 december" in a report of a trip in December of the year before: next year.
            later = dates.find_dates(span.text, dates.DateContext(
                year=(report.year or day.year) + 1, anchor=report.trip_end, today=today))
            if later and later[0].resolved:
                span = later[0]
                day = span.start if span.kind in ("day", "range") else span.end
        if report.trip_start and day < report.trip_start:
            continue  # a date in the past of the trip ("gestart in maart 2023") is no deadline
        source = {"range": "event", "relative": "relative"}.get(span.kind, "explicit")
        return day, source, span.text, []
    if unresolved:
        return None, None, unresolved[0], [f"date {unresolved[0]!r} has no year and nothing in"
                                           " the report decides it; deadline left open"]
    if report.trip_end is not None:
        return report.trip_end + timedelta(days=due_days), "default", None, []
    return today + timedelta(days=due_days), "default", None, [
        f"no deadline in the text and no trip dates: default deadline {due_days} days from today"]


def _agreement(text: str, line: int, source: str, report: ParsedReport, due_days: int,
               today: date) -> Agreement:
    due, due_source, phrase, warnings = deadline(text, report, due_days, today)
    reason = done_reason(text)
    return Agreement(text=text, title=make_title(text), line=line, source=source,
                     status="done" if reason else "open", done_reason=reason,
                     owner_hint=owner_hint(text), due_date=due, due_source=due_source,
                     due_phrase=phrase, warnings=tuple(warnings))


def _sentences(lines: tuple[tuple[int, str], ...]) -> list[tuple[int, str]]:
    """Sentences of a section's paragraphs, each with the line it starts on."""
    out: list[tuple[int, str]] = []
    for first_line, paragraph in split_items(lines):
        for match in re.finditer(r"[^.!?]+(?:[.!?]+|$)", paragraph):
            sentence = match.group().strip()
            if sentence:
                out.append((_line_of(lines, first_line, sentence), sentence))
    return out


def _line_of(lines: tuple[tuple[int, str], ...], first_line: int, sentence: str) -> int:
    """The line on which a sentence starts: the first one holding its opening words."""
    opening = " ".join(sentence.split()[:3])
    for number, text in lines:
        if number >= first_line and opening in " ".join(_LINK.sub(r"\1", text).split()):
            return number
    return first_line


def extract(report: ParsedReport, due_days: int, today: date) -> list[Agreement]:
    """All agreements of the report, follow-up items first, in text order."""
    agreements: list[Agreement] = []
    followup = report.sections.get("followup")
    if followup is not None:
        items = split_items(followup.lines)
        for index, (line, text) in enumerate(items):
            text = _YES_PREFIX.sub("", text)
            if not text or _LONE_YES.match(text) or _NONE.match(text):
                continue
            if text.endswith(":") and index + 1 < len(items):
                continue  # an introduction to the list that follows, not an agreement
            agreements.append(_agreement(text, line, "followup", report, due_days, today))
    for key, section in report.sections.items():
        if key == "followup":
            continue
        lowered = section.text.lower()
        if "afgesproken" not in lowered and "agreed" not in lowered:
            continue  # the agreement patterns are slow; most sections have no agreement
        for line, sentence in _sentences(section.lines):
            if _AGREED.search(sentence):
                sentence = re.sub(r"^(?:[A-Za-z]|\d{1,2})\)\s+", "", sentence)
                agreements.append(_agreement(sentence, line, "elsewhere", report, due_days,
                                             today))
    return agreements
