"""A week's mail without sending or recording anything: `tracker digest preview` and
`tracker digest send --dry-run`."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from tracker.config import Config
from tracker.core.owners import find_owner
from tracker.mail.digest import coordinator_summary, owner_digest, owners_with_open_actions
from tracker.mail.outbox import deliveries
from tracker.mail.render import Rendered, render_owner_digest, render_summary


def preview(session: Session, config: Config, period: str, today: date,
            owner: str | None = None) -> tuple[str, Rendered | None]:
    """(To, the rendered mail) of one owner's digest (an address, a name or part of one), or of
    the coordinator summary without an owner. None instead of a mail when the owner has
    nothing open: no mail goes out then."""
    from tracker.clock import now
    from tracker.web.links import link_maker

    links = link_maker(config, now())
    if owner:
        who = find_owner(session, owner)
        found = owner_digest(session, who, period, today)
        return who.email, render_owner_digest(found, config, links) if found.total else None
    summary = coordinator_summary(session, period, today, config.tz, config.language,
                                  config.defaults.escalate_after_days)
    first = next(iter(config.coordinators), None)  # the link shown is the first one's
    return (", ".join(config.coordinators) or "-",
            render_summary(summary, config, links, first))


def planned(session: Session, config: Config, period: str) -> list[tuple[str, str, bool]]:
    """(recipient, kind, already sent) of every mail a round of the week would send now."""
    sent = {d.recipient for d in deliveries(session, period) if d.status == "sent"}
    mails = [(email, "owner digest") for _, email in owners_with_open_actions(session)]
    mails += [(email, "coordinator summary") for email in config.coordinators]
    return [(email, kind, email.lower() in sent) for email, kind in mails]
