"""Digest data -> subject, plain text and HTML (Jinja2, autoescaped HTML), in Dutch or English."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from tracker.mail.digest import CoordinatorSummary, OwnerDigest

LABELS = {
    "nl": {
        "greeting": "Beste {name},",
        "intro": "Dit zijn je openstaande vervolgafspraken uit de verslagen van buitenlandse"
                 " dienstreizen (week {period}).",
        "overdue": "Verlopen", "soon": "Deze en volgende week", "later": "Later",
        "undated": "Zonder deadline", "deadline": "Deadline", "action": "Actie",
        "report": "Verslag", "days_overdue": "{n} dagen verlopen", "day_overdue": "1 dag verlopen",
        "due_today": "vandaag", "in_days": "over {n} dagen", "close_with": "Afronden:",
        "how_to_close": "Afgerond? Sluit een actie met het commando erachter, of antwoord op deze"
                        " mail. Voortgang melden kan met tracker note ID \"...\".",
        "subject_owner": "{n} openstaande actie{s}, {o} verlopen",
        "subject_summary": "Vervolgafspraken {period}: {n} open, {o} verlopen,"
                           " {u} zonder eigenaar",
        "summary_title": "Overzicht vervolgafspraken, week {period}",
        "overdue_by_owner": "Verlopen per eigenaar", "unassigned": "Zonder eigenaar",
        "escalations": "Escalatie: meer dan {n} dagen verlopen", "closed": "Afgerond deze week",
        "created": "Nieuw deze week", "progress": "Voortgang per verslag",
        "open": "open", "done": "afgerond", "dropped": "vervallen", "nobody": "niemand",
        "hint": "genoemd in de tekst", "none": "Geen.", "owner": "Eigenaar",
        "assign_with": "Toewijzen: tracker assign ID --owner EMAIL",
        "footer": "Deze mail is automatisch verstuurd door tracker.",
        "more": "… en nog {n}: {command}",
    },
    "en": {
        "greeting": "Dear {name},",
        "intro": "These are your open follow-up actions from the trip reports (week {period}).",
        "overdue": "Overdue", "soon": "Due this week and next", "later": "Later",
        "undated": "No deadline", "deadline": "Deadline", "action": "Action",
        "report": "Report", "days_overdue": "{n} days overdue", "day_overdue": "1 day overdue",
        "due_today": "today", "in_days": "in {n} days", "close_with": "Close:",
        "how_to_close": "Done? Close an action with the command next to it, or reply to this"
                        " mail. Report progress with tracker note ID \"...\".",
        "subject_owner": "{n} open action{s}, {o} overdue",
        "subject_summary": "Follow-ups {period}: {n} open, {o} overdue, {u} unassigned",
        "summary_title": "Follow-up summary, week {period}",
        "overdue_by_owner": "Overdue by owner", "unassigned": "Unassigned",
        "escalations": "Escalation: more than {n} days overdue", "closed": "Closed this week",
        "created": "New this week", "progress": "Progress per report",
        "open": "open", "done": "done", "dropped": "dropped", "nobody": "nobody",
        "hint": "named in the text", "none": "None.", "owner": "Owner",
        "assign_with": "Assign: tracker assign ID --owner EMAIL",
        "footer": "This mail was sent automatically by tracker.",
        "more": "… and {n} more: {command}",
    },
}


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


@cache
def environment() -> Environment:
    """Compiled once per process: compiling per render costs 20x (bench/)."""
    env = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                      autoescape=lambda name: name is not None and ".html" in name,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    env.filters["when"] = _when
    return env


def _when(item, t: dict[str, str]) -> str:
    """Days left, in words: "22 dagen verlopen", "vandaag", "over 8 dagen"."""
    if item.days_left is None:
        return ""
    if item.overdue:
        days = item.days_overdue
        return t["day_overdue"] if days == 1 else t["days_overdue"].format(n=days)
    return t["due_today"] if item.days_left == 0 else t["in_days"].format(n=item.days_left)


def _labels(language: str) -> dict[str, str]:
    return LABELS.get(language, LABELS["nl"])


def render_owner_digest(digest: OwnerDigest) -> Rendered:
    t = _labels(digest.language)
    sections = [(t["overdue"], digest.overdue, True), (t["soon"], digest.soon, False),
                (t["later"], digest.later, False), (t["undated"], digest.undated, False)]
    context = {"d": digest, "t": t, "sections": [s for s in sections if s[1]]}
    subject = t["subject_owner"].format(n=digest.total, s="s" if digest.total != 1 else "",
                                        o=len(digest.overdue))
    env = environment()
    return Rendered(subject, env.get_template("digest.txt.j2").render(context),
                    env.get_template("digest.html.j2").render(context))


def render_summary(summary: CoordinatorSummary) -> Rendered:
    t = _labels(summary.language)
    context = {"s": summary, "t": t}
    subject = t["subject_summary"].format(period=summary.period, n=summary.open_count,
                                          o=summary.overdue_count,
                                          u=summary.totals.get("unassigned", 0))
    env = environment()
    return Rendered(subject, env.get_template("summary.txt.j2").render(context),
                    env.get_template("summary.html.j2").render(context))
