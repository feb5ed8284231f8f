"""The outbox: one digest round, exactly once.

A round first writes one pending Delivery per (recipient, kind, week), then claims, renders,
sends and marks each one in its own transaction. The unique key and the claim make concurrent
rounds (two schedulers, a manual `digest send`) send each mail once; a crash leaves pending or
claimed rows that the next round completes. One window remains, as in any SMTP client: a crash
after the server accepted a message and before the 'sent' commit resends it on the next round,
with the same Message-ID, so mail clients show it once.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from email.message import EmailMessage

from sqlalchemy import delete, select, text, update
from sqlalchemy.orm import Session, sessionmaker

from tracker.config import Config
from tracker.core import database
from tracker.core.models import Delivery, DigestRound
from tracker.core.orm import transaction
from tracker.mail.transports import (
    RecipientRefused,
    Transport,
    TransportDown,
    build_message,
    make_transport,
    message_id,
)

log = logging.getLogger("tracker.mail")
CLAIM_LEASE = timedelta(minutes=15)
# Deliveries claimed and rendered per transaction. Larger batches save queries; smaller ones
# share a round more evenly between concurrent senders. A stopped round gives its rest back.
CLAIM_BATCH = 20


def _worker_id() -> str:
    """Who claims: host, process and this round, so two rounds in one process differ too."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@dataclass
class RoundResult:
    period: str
    planned: int = 0  # deliveries written by this round
    sent: int = 0
    failed: int = 0
    skipped: int = 0  # nothing to say any more (all closed since planning)
    pending: int = 0  # left for the next round (server down, given up, claimed elsewhere)
    resent: int = 0  # deliveries of the week set back to pending first (--force-resend)
    errors: list[str] = field(default_factory=list)
    stopped: str | None = None  # why the round stopped early


def _insert_ignore(session: Session, rows: list[dict]) -> int:
    if not rows:
        return 0
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    statement = insert(Delivery).on_conflict_do_nothing(
        index_elements=["recipient", "kind", "period"]).returning(Delivery.id)
    return len(session.execute(statement, rows).all())


def plan_round(sessions: sessionmaker[Session], config: Config, period: str,
               at: datetime) -> int:
    """Write the week's deliveries as pending (existing ones are left alone)."""
    from tracker.mail.digest import owners_with_open_actions

    planned = 0
    with transaction(sessions) as session:
        batch: list[dict] = []
        for owner_id, email in owners_with_open_actions(session):
            batch.append({"recipient": email, "owner_id": owner_id, "kind": "owner_digest",
                          "period": period, "status": "pending", "attempts": 0,
                          "created_at": at})
            if len(batch) == 500:
                planned += _insert_ignore(session, batch)
                batch = []
        batch += [{"recipient": email.lower(), "owner_id": None, "kind": "coordinator_summary",
                   "period": period, "status": "pending", "attempts": 0, "created_at": at}
                  for email in config.coordinators]
        planned += _insert_ignore(session, batch)
    return planned


@dataclass(frozen=True)
class Claimed:
    id: int
    recipient: str
    owner_id: int | None
    kind: str
    period: str


def _claim(session: Session, period: str, max_attempts: int, at: datetime, failed: set[int],
           worker: str, limit: int) -> list[Claimed]:
    """Claim up to `limit` unsent deliveries of the week; [] when none is left for us.

    First unclaimed ones, locked with SKIP LOCKED on PostgreSQL (SQLite's BEGIN IMMEDIATE
    serialises instead), except those that already failed in this round; else ones whose
    claimer died or whose lease ran out. Every claim is a compare-and-set on claimed_by, so
    two rounds never both win a delivery."""
    # The predicate of the partial index ix_deliveries_unsent, as a literal: a bound
    # parameter would hide from the planner that the index applies.
    unsent = (Delivery.period == period, text("deliveries.status != 'sent'"),
              Delivery.attempts < max_attempts)
    # `failed` stays out of the SQL: an IN list that grows through a round of 10,000 mails
    # filled sqlite3's statement cache with ever new statements (bench/, peak memory).
    candidates = session.scalars(select(Delivery.id).where(*unsent,
                                                           Delivery.claimed_by.is_(None))
                                 .order_by(Delivery.id).limit(limit + len(failed))
                                 .with_for_update(skip_locked=True)).all()
    free = [i for i in candidates if i not in failed][:limit]
    taken = _take(session, free, None, worker, at) if free else []
    if not taken:
        stale = at - CLAIM_LEASE
        claimed = session.execute(select(Delivery.id, Delivery.claimed_by, Delivery.claimed_at)
                                  .where(*unsent, Delivery.claimed_by.is_not(None))
                                  .order_by(Delivery.id).limit(100)).all()
        for delivery_id, claimed_by, claimed_at in claimed:
            if delivery_id not in failed and (claimed_at < stale or not _alive(claimed_by)):
                taken += _take(session, [delivery_id], claimed_by, worker, at)
            if len(taken) >= limit:
                break
    if not taken:
        return []
    rows = session.execute(select(Delivery.id, Delivery.recipient, Delivery.owner_id,
                                  Delivery.kind, Delivery.period)
                           .where(Delivery.id.in_(taken)).order_by(Delivery.id))
    return [Claimed(*row) for row in rows]


def _take(session: Session, ids: list[int], expected: str | None, worker: str,
          at: datetime) -> list[int]:
    holder = Delivery.claimed_by.is_(None) if expected is None else \
        Delivery.claimed_by == expected
    return list(session.scalars(
        update(Delivery).where(Delivery.id.in_(ids), Delivery.status != "sent", holder)
        .values(claimed_by=worker, claimed_at=at).returning(Delivery.id)))


def _alive(worker: str) -> bool:
    """Whether the claiming round may still be running. A process on this host that is gone
    (kill -9, crash) frees its claims at once; anything else holds them until the lease ends."""
    host, _, rest = worker.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname() or not pid.isdigit() or int(pid) == os.getpid():
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def messages_for(session: Session, batch: list[Claimed], config: Config, today: date,
                 at: datetime) -> list[tuple[int, EmailMessage | None]]:
    """The message of each claimed delivery; None where there is nothing to say any more."""
    from tracker.mail.digest import coordinator_summary, owner_digests
    from tracker.mail.render import render_owner_digest, render_summary

    owner_ids = [c.owner_id for c in batch if c.kind == "owner_digest"]
    digests = owner_digests(session, owner_ids, batch[0].period, today) if owner_ids else {}
    out: list[tuple[int, EmailMessage | None]] = []
    for claimed in batch:
        if claimed.kind == "owner_digest":
            digest = digests.get(claimed.owner_id)
            if digest is None or not digest.total:  # all closed, or the owner deactivated
                out.append((claimed.id, None))
                continue
            name, rendered = digest.name, render_owner_digest(digest, config)
        else:
            summary = coordinator_summary(session, claimed.period, today, config.tz,
                                          config.language, config.defaults.escalate_after_days)
            if summary.is_empty:
                out.append((claimed.id, None))
                continue
            name, rendered = "", render_summary(summary, config)
        out.append((claimed.id, build_message(
            sender=config.mail.sender, sender_name=config.mail.sender_name, to=claimed.recipient,
            to_name=name, subject=rendered.subject, text=rendered.text, html=rendered.html,
            message_id=message_id(claimed, config.mail.sender), when=at.astimezone(config.tz),
            language=rendered.language, reply_to=config.reply_address)))
    return out


class _Outcomes:
    """Records each delivery's outcome as soon as it is known, in a statement that commits on
    its own, on a plain connection: this per-delivery mark is the exactly-once guarantee, and
    through the ORM it cost a quarter of the round (bench/)."""

    _SENT = ("UPDATE deliveries SET status = 'sent', attempts = attempts + 1, sent_at = :at,"
             " message_id = :message_id, last_error = NULL, claimed_by = NULL,"
             " claimed_at = NULL WHERE id = :id")
    _FAILED = ("UPDATE deliveries SET status = 'failed', attempts = attempts + 1,"
               " last_error = :error, claimed_by = NULL, claimed_at = NULL WHERE id = :id")

    def __init__(self, url: str):
        self.conn = database.Connection(url)

    def sent(self, delivery_id: int, at: datetime, message_id: str) -> None:
        self.conn.execute(self._SENT, {"id": delivery_id, "at": self.conn.timestamp(at),
                                       "message_id": message_id})

    def failed(self, delivery_id: int, error: str) -> None:
        self.conn.execute(self._FAILED, {"id": delivery_id, "error": error[:2000]})

    def close(self) -> None:
        self.conn.close()


def send_round(sessions: sessionmaker[Session], config: Config, period: str, today: date,
               now: Callable[[], datetime], transport: Transport | None = None,
               should_stop: Callable[[], bool] = lambda: False,
               resend: bool = False) -> RoundResult:
    """Plan the week's deliveries, then send every one that is not sent yet; with `resend`,
    every delivery of the week counts as not sent yet."""
    result = RoundResult(period=period)
    if resend:
        result.resent = reset_week(sessions, period)
    _start_round(sessions, period, now())
    result.planned = plan_round(sessions, config, period, now())
    transport = transport or make_transport(config)
    failed: set[int] = set()  # tried in this round already; the next round retries them
    worker = _worker_id()
    outcomes = _Outcomes(config.database.url)
    try:
        while not should_stop():
            # Claim and render a batch in one transaction (the claims are visible to other
            # rounds once it commits), then send each message outside any transaction and
            # record it at once: the 'sent' mark is per delivery.
            with transaction(sessions) as session:
                batch = _claim(session, period, config.mail.max_attempts, now(), failed, worker,
                               CLAIM_BATCH)
                if not batch:
                    break
                messages = messages_for(session, batch, config, today, now())
                empty = [i for i, message in messages if message is None]
                if empty:  # everything was closed since planning: no empty reminder
                    session.execute(delete(Delivery).where(Delivery.id.in_(empty)))
                    result.skipped += len(empty)
            queue = [(i, message) for i, message in messages if message is not None]
            while queue and not should_stop():
                delivery_id, message = queue.pop(0)
                if _send_one(sessions, outcomes, delivery_id, message, now, transport, result,
                             failed) == "down":
                    break
            if queue:  # stopped or the server went away: give the rest back
                _release(sessions, [i for i, _ in queue], result.stopped)
            if result.stopped:
                break
    finally:
        transport.close()
        outcomes.close()
    with transaction(sessions) as session:
        result.pending = session.query(Delivery).filter(
            Delivery.period == period, Delivery.status != "sent").count()
        owed = session.query(Delivery).filter(
            Delivery.period == period, Delivery.status != "sent",
            Delivery.attempts < config.mail.max_attempts).count()
        if owed == 0 and not should_stop():
            session.get(DigestRound, period).completed_at = now()
    return result


def _start_round(sessions: sessionmaker[Session], period: str, at: datetime) -> None:
    from sqlalchemy.exc import IntegrityError

    try:
        with transaction(sessions) as session:
            if session.get(DigestRound, period) is None:
                session.add(DigestRound(period=period, started_at=at))
    except IntegrityError:
        pass  # another round of the same week started at the same moment


def round_completed(session: Session, period: str) -> bool:
    found = session.get(DigestRound, period)
    return found is not None and found.completed_at is not None


def _send_one(sessions, outcomes: _Outcomes, delivery_id: int, message: EmailMessage, now,
              transport, result: RoundResult, failed: set[int]) -> str:
    try:
        transport.send(message)
    except RecipientRefused as exc:
        outcomes.failed(delivery_id, str(exc))
        failed.add(delivery_id)
        result.failed += 1
        result.errors.append(f"{message['To']}: {exc}")
        log.warning("delivery %s to %s failed: %s", delivery_id, message["To"], exc)
        return "failed"
    except TransportDown as exc:
        _release(sessions, [delivery_id], str(exc))
        result.stopped = str(exc)
        log.error("mail server unavailable, round stopped: %s", exc)
        return "down"
    outcomes.sent(delivery_id, now(), message["Message-ID"])
    result.sent += 1
    return "sent"


def _release(sessions, ids: list[int], error: str | None) -> None:
    """Give claimed deliveries back untouched (still pending): the round stopped first."""
    with transaction(sessions) as session:
        values = {"claimed_by": None, "claimed_at": None}
        if error:
            values["last_error"] = error[:2000]
        session.execute(update(Delivery).where(Delivery.id.in_(ids)).values(**values))


def reset_week(sessions: sessionmaker[Session], period: str) -> int:
    """--force-resend: every delivery of the week back to pending."""
    with transaction(sessions) as session:
        session.execute(update(DigestRound).where(DigestRound.period == period)
                        .values(completed_at=None))
        return session.execute(update(Delivery).where(Delivery.period == period).values(
            status="pending", attempts=0, sent_at=None, claimed_by=None, claimed_at=None,
            last_error=None)).rowcount


def deliveries(session: Session, period: str) -> list[Delivery]:
    return list(session.scalars(select(Delivery).where(Delivery.period == period)
                                .order_by(Delivery.kind, Delivery.recipient)))
