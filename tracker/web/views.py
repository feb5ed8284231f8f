"""The routes: /healthz; /action (an action and one form: done, progress, propose a deadline,
not mine); /mine (an owner's open actions); /overview (the coordinator's, with assigning and
deciding proposals). GET shows and never writes; POST, with its form's token, changes through
the same core verbs as the CLI, as the visitor, "via web"."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, current_app, request

from tracker.clock import iso_week, now
from tracker.core import actions, proposals
from tracker.core.state import ActionRow
from tracker.errors import Conflict, InvalidInput, NotFound, TrackerError
from tracker.web import access
from tracker.web.access import BadForm, NoLonger, Visitor
from tracker.web.app import Refusal, Site
from tracker.web.links import ACTION_PURPOSES, OVERVIEW, Link

views = Blueprint("web", __name__)

# Longest note, reason or proposal text a form takes.
MAX_TEXT = 2000
# Rows per list on the overview; the rest is counted.
OVERVIEW_ROWS = 100
# What the notes of changes made here say, before the visitor's own words.
VIA_WEB = "via web"


def site() -> Site:
    return current_app.extensions["tracker"]


def via_web(text: str) -> str:
    """The note of a change made here: "via web", then the visitor's words."""
    return f"{VIA_WEB}: {text}" if text else VIA_WEB


def token_of_request() -> str:
    return (request.form.get("t") if request.method == "POST" else request.args.get("t")) or ""


def _said(notice: tuple[str, dict] | None, p) -> tuple[str, dict] | None:
    """A notice's values as the page says them: dates in the reader's words."""
    if notice is None:
        return None
    key, values = notice
    return key, {name: p.day(v) if isinstance(v, date) else v for name, v in values.items()}


def _gone(language: str | None = None) -> Refusal:
    return Refusal(403, "gone", language)


@views.get("/healthz")
def healthz():
    """For monitoring: 200 when the database answers at the code's schema, else 503."""
    from tracker.core.database import database_error
    from tracker.web.app import log

    try:
        site().tracker().raw().execute("SELECT 1").fetchone()
    except Exception as exc:
        known = exc if isinstance(exc, TrackerError) else database_error(
            exc, site().config.database.url)
        if known is None:
            raise
        log.error("health check: the database is unavailable: %s", known)
        return {"status": "unavailable"}, 503
    return {"status": "ok"}


# --- an owner's action ----------------------------------------------------------------------

@views.route("/action", methods=["GET", "POST"])
def action():
    s = site()
    token = token_of_request()
    link = s.read_link(token, ACTION_PURPOSES)
    conn = s.tracker().raw()
    if request.method != "POST":  # GET, and HEAD with it: never a change
        visitor, item = _owner_action(conn, link)
        return _action_page(visitor, item, link, token)
    try:
        version = access.read_form(s.secret, request.form.get("csrf"), token,
                                   f"action:{link.action_id}")
    except BadForm:
        raise Refusal(400, "form", _language_of(conn, link)) from None
    done = notice = None
    try:
        # Checked and changed in one transaction: nothing can come between.
        with conn.transaction():
            visitor, item = _owner_action(conn, link)
            if item.status != "open":
                pass  # closed since: the page says by whom, and nothing happens twice
            elif access.action_version(conn, item.id) != version:
                notice = ("stale_form", {})
            else:
                done = _change(conn, link.purpose, visitor, item)
    except (InvalidInput, Conflict, NotFound) as exc:  # rolled back: nothing written
        visitor, item = _owner_action(conn, link)
        return _action_page(visitor, item, link, token, status=400, error=exc)
    # Read as it is now, without asking whose it is: "not mine" has just made it nobody's.
    item = actions.get_action(conn, item.id)
    return _action_page(visitor, item, link, token, status=200 if done else 409, done=done,
                        notice=notice)


class FormError(InvalidInput):
    """A form's value refused, said in the visitor's words (tracker.web.words' `key`)."""

    def __init__(self, key: str, **values):
        super().__init__(key)
        self.key, self.values = key, values


def _text(name: str, required: bool) -> str:
    text = (request.form.get(name) or "").replace("\r\n", "\n").strip()
    if required and not text:
        raise FormError("need_text")
    if len(text) > MAX_TEXT:
        raise FormError("too_long", n=MAX_TEXT)
    return text


def _change(conn, purpose: str, visitor: Visitor, item: ActionRow) -> tuple[str, dict]:
    """The change a form asks for, through the core verb the CLI uses; what to say after."""
    at, who = now(), visitor.email
    if purpose == "close":
        actions.close(conn, [item.id], actor=who, at=at, note=via_web(_text("note", False)))
    elif purpose == "progress":
        actions.add_note(conn, [item.id], via_web(_text("note", True)), actor=who, at=at)
    elif purpose == "notmine":
        actions.unassign(conn, [item.id], actor=who, at=at,
                         note=via_web(_text("reason", True)))
    else:
        due = _proposed_date(item)
        proposals.propose(conn, item.id, due, actor=who, at=at, today=site().today(),
                          reason=via_web(_text("reason", False)))
        return f"done_{purpose}", {"id": item.id, "date": due}
    return f"done_{purpose}", {"id": item.id}


def _proposed_date(item: ActionRow):
    from tracker.reports.dates import parse_user_date

    text = (request.form.get("due") or "").strip()
    today = site().today()
    if not text:
        raise FormError("need_date")
    try:
        due = parse_user_date(text[:100], today)
    except InvalidInput:
        raise FormError("bad_date", value=text[:100]) from None
    if due < today:
        raise FormError("past_date")
    if due == item.due_date:
        raise FormError("same_date")
    return due


def _language_of(conn, link: Link) -> str | None:
    try:
        return access.owner_of(conn, link).language
    except NoLonger:
        return None


def _owner_action(conn, link: Link) -> tuple[Visitor, ActionRow]:
    try:
        return access.owner_action(conn, link, site().today())
    except NoLonger:
        raise _gone(_language_of(conn, link)) from None


def _action_page(visitor: Visitor, item: ActionRow, link: Link, token: str, status: int = 200,
                 done: tuple[str, dict] | None = None, notice: tuple[str, dict] | None = None,
                 error: Exception | None = None):
    from tracker.core.details import action_details
    from tracker.core.phrasing import phrasing

    s = site()
    conn = s.tracker().raw()
    details = action_details(conn, item.id, s.today())
    item = details.action
    links = s.links(link)
    closing = next((e for e in reversed(details.events) if e.kind in ("closed", "dropped")),
                   None) if item.status != "open" else None
    # Changed since the link was made (its issue time is whole seconds).
    changed = any(int(e.at.timestamp()) > link.issued for e in details.events)
    # What the visitor typed stays in a form shown again (refused, or changed meanwhile).
    again = request.method == "POST" and done is None
    form = {name: request.form.get(name, "") if again else ""
            for name in ("note", "reason", "due")}
    p = phrasing(visitor.language)
    return s.render(
        "action.html.j2", visitor.language, status, visitor=visitor, item=item,
        details=details, purpose=link.purpose, token=token, done=_said(done, p),
        notice=_said(notice, p),
        error=error, closing=closing, changed=changed and done is None, form=form,
        p=p, tz=s.config.tz, today=s.today(),
        proposal=proposals.pending(conn, [item.id]).get(item.id),
        csrf=access.form_token(s.secret, token, f"action:{item.id}",
                               access.action_version(conn, item.id)),
        buttons=links.actions(visitor.owner_id, visitor.email, item.id),
        mine=links.mine(visitor.owner_id, visitor.email))


# --- an owner's page -------------------------------------------------------------------------

@views.get("/mine")
def mine():
    from tracker.core.phrasing import phrasing
    from tracker.mail.digest import owner_digests
    from tracker.mail.render import is_team

    s = site()
    link = s.read_link(request.args.get("t"), ("all",))
    conn = s.tracker().raw()
    try:
        visitor = access.owner_page(conn, link)
    except NoLonger:
        raise _gone() from None
    today = s.today()
    digest = owner_digests(conn, [visitor.owner_id], iso_week(today), today)[visitor.owner_id]
    sections = [("overdue", digest.overdue), ("soon", digest.soon), ("later", digest.later),
                ("undated", digest.undated)]
    links = s.links(link)
    return s.render("mine.html.j2", visitor.language, visitor=visitor, digest=digest,
                    sections=[section for section in sections if section[1]],
                    team=is_team(visitor.name, visitor.email, s.config),
                    buttons={item.id: links.actions(visitor.owner_id, visitor.email, item.id)
                             for _, items in sections for item in items},
                    until=links.until.astimezone(s.config.tz).date(),
                    p=phrasing(visitor.language))


# --- the coordinator's overview ----------------------------------------------------------------

@views.get("/overview")
def overview():
    s = site()
    link = s.read_link(request.args.get("t"), (OVERVIEW,))
    return _overview_page(_coordinator(link), link, request.args.get("t") or "")


@views.post("/overview/assign")
def assign():
    visitor, link, token, action_id, version = _coordinator_form("action")
    owner = (request.form.get("owner") or "").strip()
    conn = site().tracker().raw()
    stale = False
    try:
        with conn.transaction():
            item = actions.get_action(conn, action_id)
            if access.action_version(conn, action_id) != version or item.status != "open":
                stale = True  # changed since the page was shown: nothing is done
            elif not owner:
                raise FormError("need_owner")
            else:
                (item,) = actions.assign(conn, [action_id], owner, actor=visitor.email,
                                         at=now(), note=VIA_WEB)
    except (InvalidInput, NotFound, Conflict) as exc:
        return _overview_page(visitor, link, token, 400, error=exc)
    if stale:
        return _overview_page(visitor, link, token, 409, ("stale_overview", {"id": action_id}))
    return _overview_page(visitor, link, token, 200,
                          ("assigned", {"id": action_id, "owner": item.owner_address}))


@views.post("/overview/proposal")
def decide():
    visitor, link, token, proposal_id, _ = _coordinator_form("proposal")
    decision = request.form.get("decision")
    if decision not in ("accept", "refuse"):
        raise Refusal(400, "bad", visitor.language)
    conn = site().tracker().raw()
    try:
        with conn.transaction():
            verb = proposals.accept if decision == "accept" else proposals.refuse
            proposal = verb(conn, proposal_id, actor=visitor.email, at=now(), note=VIA_WEB)
    except Conflict:
        return _overview_page(visitor, link, token, 409, ("decided_already", {}))
    except (InvalidInput, NotFound) as exc:
        return _overview_page(visitor, link, token, 400, error=exc)
    said = ("accepted", {"id": proposal.action_id, "date": proposal.due_date}) \
        if decision == "accept" else ("refused", {"id": proposal.action_id})
    return _overview_page(visitor, link, token, 200, said)


def _coordinator_form(name: str) -> tuple[Visitor, Link, str, int, int]:
    """A coordinator's POST: who, their link and its token, the id of the action or proposal
    the form names (`name`), and the version its form token was made for."""
    token = token_of_request()
    link = site().read_link(token, (OVERVIEW,))
    visitor = _coordinator(link)
    target = _form_id(name)
    return visitor, link, token, target, _form_version(token, f"{name}:{target}")


def _coordinator(link: Link) -> Visitor:
    try:
        return access.coordinator(site().config, link)
    except NoLonger:
        raise _gone() from None


def _form_id(name: str) -> int:
    try:
        return int(request.form.get(name, ""))
    except ValueError:
        raise Refusal(400, "bad", site().config.language) from None


def _form_version(token: str, target: str) -> int:
    try:
        return access.read_form(site().secret, request.form.get("csrf"), token, target)
    except BadForm:
        raise Refusal(400, "form", site().config.language) from None


def _overview_page(visitor: Visitor, link: Link, token: str, status: int = 200,
                   notice: tuple[str, dict] | None = None, error: Exception | None = None):
    from tracker.core.listing import OpenFilter, count_open, list_open
    from tracker.core.phrasing import phrasing
    from tracker.core.queries import owner_counts, report_counts

    s = site()
    conn = s.tracker().raw()
    today = s.today()
    counts = count_open(conn, OpenFilter(), today)
    unassigned = list(list_open(conn, OpenFilter(unassigned=True, limit=OVERVIEW_ROWS), today))
    waiting = list(proposals.pending(conn).values())
    asked = [(actions.get_action(conn, proposal.action_id, today), proposal)
             for proposal in waiting[:OVERVIEW_ROWS]]
    reports = sorted((r for r in report_counts(conn, today) if r["open"]),
                     key=lambda r: (-r["overdue"], -r["open"], r["id"]))
    owners = [o for o in owner_counts(conn, today) if o["open"]]
    owners.sort(key=lambda o: (-o["overdue"], -o["open"], o["name"]))
    active = [(name, email) for name, email in conn.execute(
        "SELECT name, email FROM owners WHERE active ORDER BY name, email")]

    def form(target: str, version: int) -> str:
        return access.form_token(s.secret, token, target, version)

    p = phrasing(visitor.language)
    return s.render(
        "overview.html.j2", visitor.language, status, visitor=visitor, token=token,
        counts=counts, unassigned=unassigned, asked=asked, more_asked=len(waiting) - len(asked),
        reports=reports, owners=owners, active=active, notice=_said(notice, p), error=error,
        p=p, tz=s.config.tz, limit=OVERVIEW_ROWS,
        assign_tokens={item.id: form(f"action:{item.id}",
                                     access.action_version(conn, item.id))
                       for item in unassigned},
        decide_tokens={proposal.id: form(f"proposal:{proposal.id}", 0)
                       for _, proposal in asked},
        until=s.links(link).until.astimezone(s.config.tz).date())
