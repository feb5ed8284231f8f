"""Digest data -> subject, plain text and HTML (Jinja2, autoescaped HTML), in Dutch or English."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from tracker.config import Config
from tracker.core.phrasing import phrasing
from tracker.core.text import safe_text
from tracker.mail.digest import CoordinatorSummary, OwnerDigest

TYPE_CHECKING = False
if TYPE_CHECKING:
    from tracker.web.links import LinkMaker

LABELS = {
    "nl": {
        "greeting": "Beste {name},", "greeting_team": "Beste collega's van {name},",
        "intro": "Dit zijn je openstaande vervolgafspraken uit de verslagen van buitenlandse"
                 " dienstreizen, {week}.",
        "intro_team": "Dit zijn jullie openstaande vervolgafspraken uit de verslagen van"
                      " buitenlandse dienstreizen, {week}.",
        "overdue": "Verlopen", "soon": "Deze en volgende week", "later": "Later",
        "undated": "Zonder deadline", "deadline": "Deadline", "action": "Actie",
        "report": "Verslag", "close_with": "Afronden:",
        "how_to_close": "Afgerond? Sluit een actie met het commando erachter. Voortgang melden"
                        " kan met tracker note ID \"...\".",
        "reply": "Liever geen commando? Antwoord op deze mail; het antwoord gaat naar {address}.",
        "subject_owner": {"one": "{n} openstaande actie", "other": "{n} openstaande acties"},
        "subject_overdue": "{n} verlopen",
        "subject_summary": "Overzicht {week}: {n} open, {o} verlopen, {u} zonder eigenaar",
        "summary_title": "Overzicht vervolgafspraken, {week}",
        "counts": "{n} open, {o} verlopen, {u} zonder eigenaar",
        "overdue_by_owner": "Verlopen per eigenaar", "unassigned": "Zonder eigenaar",
        "escalations": "Escalatie: meer dan {n} dagen verlopen", "closed": "Afgerond deze week",
        "created": "Nieuw deze week", "progress": "Voortgang per verslag",
        "once": "Elke actie staat één keer in dit overzicht, in het dringendste blok.",
        "open": "open", "done": "afgerond", "dropped": "vervallen", "nobody": "niemand",
        "hint": "genoemd in de tekst", "none": "Geen.", "owner": "Eigenaar",
        "assign_with": "Toewijzen: tracker assign ID --owner EMAIL",
        "review": "Te beoordelen",
        "review_intro": "De deadline was al verstreken bij het inlezen; nog niet in de mails"
                        " aan eigenaren.",
        "review_with": "Beoordelen: tracker review",
        "footer": "Deze mail is automatisch verstuurd door tracker.",
        "more": "… en nog {n}: {command}", "owner_more": "… en nog {n}",
        "undelivered": "Niet bezorgd: opgegeven na herhaalde pogingen",
        "retry_with": "Opnieuw proberen: tracker digest send --week WEEK --retry-given-up",
        # With web.base_url: the buttons of the web page (tracker.web) instead of commands.
        "buttons": {"close": "Afgerond", "progress": "Voortgang melden",
                    "due": "Nieuwe deadline voorstellen", "notmine": "Niet van mij"},
        "all_actions": "Al mijn acties",
        "links_note": "De knoppen werken tot {date} en alleen voor jou: stuur deze mail niet"
                      " door.",
        "links_note_team": "De knoppen werken tot {date} en alleen voor jullie: stuur deze mail"
                           " niet door.",
        "reply_web": "Vragen? Antwoord op deze mail; het antwoord gaat naar {address}.",
        "overview_link": "Overzicht op de website",
        "overview_intro": "Toewijzen en voorgestelde deadlines beoordelen kan op de website; de"
                          " link werkt tot {date} en alleen voor jou:",
        "proposals": "Voorgestelde deadlines", "proposed": "voorgesteld: {date}, door {by}",
        "decide_with": "Aanvaarden: tracker due ID DATUM; weigeren: tracker due ID"
                       " --refuse-proposal",
        "handed_back": "Teruggegeven deze week", "handed_by": "teruggegeven door {by}",
    },
    "en": {
        "greeting": "Dear {name},", "greeting_team": "Dear colleagues at {name},",
        "intro": "These are your open follow-up actions from the trip reports, {week}.",
        "intro_team": "These are your open follow-up actions from the trip reports, {week}.",
        "overdue": "Overdue", "soon": "Due this week and next", "later": "Later",
        "undated": "No deadline", "deadline": "Deadline", "action": "Action",
        "report": "Report", "close_with": "Close:",
        "how_to_close": "Done? Close an action with the command next to it. Report progress"
                        " with tracker note ID \"...\".",
        "reply": "Rather not use a command? Reply to this mail; your reply goes to {address}.",
        "subject_owner": {"one": "{n} open action", "other": "{n} open actions"},
        "subject_overdue": "{n} overdue",
        "subject_summary": "Summary {week}: {n} open, {o} overdue, {u} unassigned",
        "summary_title": "Follow-up summary, {week}",
        "counts": "{n} open, {o} overdue, {u} unassigned",
        "overdue_by_owner": "Overdue by owner", "unassigned": "Unassigned",
        "escalations": "Escalation: more than {n} days overdue", "closed": "Closed this week",
        "created": "New this week", "progress": "Progress per report",
        "once": "Each action appears once in this summary, in its most urgent section.",
        "open": "open", "done": "done", "dropped": "dropped", "nobody": "nobody",
        "hint": "named in the text", "none": "None.", "owner": "Owner",
        "assign_with": "Assign: tracker assign ID --owner EMAIL",
        "review": "To review",
        "review_intro": "The deadline had already passed when they were ingested; not in the"
                        " owners' mails yet.",
        "review_with": "Review: tracker review",
        "footer": "This mail was sent automatically by tracker.",
        "more": "… and {n} more: {command}", "owner_more": "… and {n} more",
        "undelivered": "Not delivered: given up after repeated attempts",
        "retry_with": "Retry: tracker digest send --week WEEK --retry-given-up",
        "buttons": {"close": "Done", "progress": "Report progress",
                    "due": "Propose a new deadline", "notmine": "Not mine"},
        "all_actions": "All my actions",
        "links_note": "The buttons work until {date} and only for you: please do not forward"
                      " this mail.",
        "links_note_team": "The buttons work until {date} and only for you: please do not"
                           " forward this mail.",
        "reply_web": "Questions? Reply to this mail; your reply goes to {address}.",
        "overview_link": "Overview on the web",
        "overview_intro": "Assign actions and decide proposed deadlines on the web; the link"
                          " works until {date} and only for you:",
        "proposals": "Proposed deadlines", "proposed": "proposed: {date}, by {by}",
        "decide_with": "Accept: tracker due ID DATE; refuse: tracker due ID --refuse-proposal",
        "handed_back": "Handed back this week", "handed_by": "handed back by {by}",
    },
}
# A team rather than a person owns the actions when [teams] names its address, or when its
# name has no personal shape: one word ("Woonbeleid") or a word for a group of people.
_TEAM_WORDS = {"team", "afdeling", "bureau", "cluster", "unit", "department", "programma"}


def is_team(name: str, email: str, config: Config) -> bool:
    """Whether an owner is a team, which the greeting addresses as colleagues."""
    words = name.lower().split()
    return (config.is_team_address(email) or len(words) == 1
            or any(word in _TEAM_WORDS for word in words))


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str
    language: str


@cache
def environment() -> Environment:
    """Compiled once per process: compiling per render costs 20x (bench/). Every value a
    template shows loses control and bidi-override characters first (`finalize`)."""
    return Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                       autoescape=lambda name: name is not None and ".html" in name,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                       keep_trailing_newline=True, finalize=_safe)


def _safe(value):
    return safe_text(value, multiline=True) if isinstance(value, str) else value


def _labels(language: str) -> dict:
    return LABELS.get(language, LABELS["nl"])


def _render(name: str, context: dict, subject: str, config: Config) -> Rendered:
    env = environment()
    tag = config.mail.subject_tag
    return Rendered(f"{tag} {subject}" if tag else subject,
                    env.get_template(f"{name}.txt.j2").render(context),
                    env.get_template(f"{name}.html.j2").render(context), context["lang"])


def render_owner_digest(digest: OwnerDigest, config: Config,
                        links: LinkMaker | None = None) -> Rendered:
    """The owner's mail; with `links` (web.base_url set) each item carries the web page's four
    buttons instead of the command that closes it."""
    t, p = _labels(digest.language), phrasing(digest.language)
    team = is_team(digest.name, digest.email, config)
    sections = [(t["overdue"], digest.overdue, True), (t["soon"], digest.soon, False),
                (t["later"], digest.later, False), (t["undated"], digest.undated, False)]
    context = {"d": digest, "t": t, "p": p, "sections": [s for s in sections if s[1]],
               "greeting": t["greeting_team" if team else "greeting"].format(name=digest.name),
               "intro": t["intro_team" if team else "intro"].format(week=p.week(digest.period)),
               "reply_to": config.reply_address, "lang": digest.language,
               "links": None, "mine": None, "links_note": None}
    if links is not None:
        context["links"] = {item.id: links.actions(digest.owner_id, digest.email, item.id)
                            for _, items, _ in sections for item in items}
        context["mine"] = links.mine(digest.owner_id, digest.email)
        until = p.day(links.until.astimezone(config.tz).date())
        context["links_note"] = t["links_note_team" if team else "links_note"].format(date=until)
    context["title"] = context["intro"]
    subject = p.plural(digest.total, t["subject_owner"])
    if digest.overdue:
        subject += ", " + t["subject_overdue"].format(n=len(digest.overdue))
    return _render("digest", context, subject, config)


def render_summary(summary: CoordinatorSummary, config: Config,
                   links: LinkMaker | None = None, recipient: str | None = None) -> Rendered:
    """The coordinator's mail; with `links` and its recipient, a link to the web overview."""
    t, p = _labels(summary.language), phrasing(summary.language)
    counts = {"n": summary.open_count, "o": summary.overdue_count,
              "u": summary.unassigned_count}
    context = {"s": summary, "t": t, "p": p, "lang": summary.language,
               "title": t["summary_title"].format(week=p.week(summary.period)),
               "counts": t["counts"].format(**counts), "overview": None, "overview_intro": None}
    if links is not None and recipient:
        context["overview"] = links.overview(recipient)
        context["overview_intro"] = t["overview_intro"].format(
            date=p.day(links.until.astimezone(config.tz).date()))
    subject = t["subject_summary"].format(week=p.week(summary.period), **counts)
    return _render("summary", context, subject, config)
