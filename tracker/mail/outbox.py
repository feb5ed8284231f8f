"""The outbox: one digest round, exactly once.

A round first writes one pending Delivery per (recipient, kind, week), then claims a batch of
them and renders it in one transaction, and sends each: immediately before handing a message
to the server it re-confirms its claim in the database (which renews the lease), and records
the outcome at once in a statement of its own. Leases and retry times are judged by the
database's clock, never by a client's. So two rounds at once (two schedulers, a manual
`digest send`), a round that was paused for longer than the lease, or one whose clock is wrong
send each mail once; a crash or a failing database leaves pending or claimed rows that the next
round completes. One window remains, as in any SMTP client: a crash (or a full disk) after the
server accepted a message and before the database recorded it sends that message again, with
the same Message-ID, so mail clients show it once. A paused or skewed process can add no more
than the one message it was handing over when the pause began.

Refusals: a temporary one of this recipient (4xx) is retried after a pause that doubles, a
permanent one (5xx) on the next rounds; either, repeated often enough, gives the delivery up,
which `digest send` reports as an error and the next coordinator summary names. A refusal of
everything (connection, greeting, 421, a 4xx to MAIL FROM) stops the round, every delivery
still pending and no attempt spent.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from email.errors import MessageError
from email.message import EmailMessage

from sqlalchemy import case, delete, func, literal_column, or_, select, text, update
from sqlalchemy.orm import Session, sessionmaker

from tracker.config import Config
from tracker.core import database
from tracker.core.models import Delivery, DigestRound
from tracker.core.orm import transaction
from tracker.errors import StorageError
from tracker.mail.transports import (
    RecipientRefused,
    Transport,
    TransportDown,
    build_message,
    make_transport,
    message_id,
)

log = logging.getLogger("tracker.mail")
# Said on stderr only where logging is set up (the scheduler); a command reports for itself.
log.addHandler(logging.NullHandler())
# A claim not re-confirmed for this long (by the database's clock) is taken over.
CLAIM_LEASE_SECONDS = 15 * 60
# Deliveries claimed and rendered per transaction. Larger batches save queries; smaller ones
# share a round more evenly between concurrent senders. A stopped round gives its rest back.
CLAIM_BATCH = 20
# After a temporary refusal: 15 minutes, doubling up to 4 hours between tries.
RETRY_FIRST_SECONDS = 15 * 60
RETRY_LONGEST_SECONDS = 4 * 60 * 60
# Statuses a round still sends; 'sent' and 'given_up' are final.
OWED = ("pending", "failed", "deferred")

# The rounds running in this process: a claim of this process by any other round is a claim
# that a crashed round left behind (the scheduler runs many rounds in one process).
_ACTIVE: set[str] = set()


def _worker_id() -> str:
    """Who claims: host, process and this round, so two rounds in one process differ too."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@dataclass
class RoundResult:
    period: str
    planned: int = 0  # deliveries written by this round
    sent: int = 0
    failed: int = 0  # refused for good in this round (5xx, a message that cannot be built)
    deferred: int = 0  # refused for now in this round (4xx): retried after a pause
    skipped: int = 0  # nothing to say any more (all closed since planning)
    pending: int = 0  # of the week, still owed: left for a later round
    given_up: int = 0  # of the week: no round sends these any more
    resent: int = 0  # deliveries of the week set back to pending first (--force-resend)
    retried: int = 0  # given-up deliveries set back to pending first (--retry-given-up)
    taken_over: int = 0  # claims another round took over while this one was paused
    errors: list[str] = field(default_factory=list)  # the permanent refusals, one line each
    deferrals: list[str] = field(default_factory=list)  # the temporary ones
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
    resends: int = 0
    deferrals: int = 0


def _claim(session: Session, period: str, max_attempts: int, failed: set[int],
           worker: str, limit: int) -> list[Claimed]:
    """Claim up to `limit` deliveries of the week that are owed and due; [] when none is left
    for us.

    First unclaimed ones, locked with SKIP LOCKED on PostgreSQL (SQLite's BEGIN IMMEDIATE
    serialises instead), except those that already failed in this round; else ones whose
    claimer died or whose lease ran out. Every claim is a compare-and-set on claimed_by, so
    two rounds never both win a delivery; the times are the database's."""
    postgres = session.get_bind().dialect.name == "postgresql"
    now = literal_column(database.sql_now(postgres))
    # The predicate of the partial index ix_deliveries_unsent, as a literal: a bound
    # parameter would hide from the planner that the index applies.
    owed = (Delivery.period == period, text("deliveries.status != 'sent'"),
            text("deliveries.status != 'given_up'"), Delivery.attempts < max_attempts,
            or_(Delivery.retry_after.is_(None), Delivery.retry_after <= now))
    # `failed` stays out of the SQL: an IN list that grows through a round of 10,000 mails
    # filled sqlite3's statement cache with ever new statements (bench/, peak memory).
    candidates = session.scalars(select(Delivery.id).where(*owed,
                                                           Delivery.claimed_by.is_(None))
                                 .order_by(Delivery.id).limit(limit + len(failed))
                                 .with_for_update(skip_locked=True)).all()
    free = [i for i in candidates if i not in failed][:limit]
    taken = _take(session, free, None, worker, now) if free else []
    if not taken:
        stale = Delivery.claimed_at < literal_column(
            database.sql_now(postgres, -CLAIM_LEASE_SECONDS))
        claimed = session.execute(select(Delivery.id, Delivery.claimed_by, stale)
                                  .where(*owed, Delivery.claimed_by.is_not(None))
                                  .order_by(Delivery.id).limit(100)).all()
        for delivery_id, claimed_by, expired in claimed:
            if delivery_id not in failed and (expired or not _alive(claimed_by)):
                taken += _take(session, [delivery_id], claimed_by, worker, now)
            if len(taken) >= limit:
                break
    if not taken:
        return []
    rows = session.execute(select(Delivery.id, Delivery.recipient, Delivery.owner_id,
                                  Delivery.kind, Delivery.period, Delivery.resends,
                                  Delivery.deferrals)
                           .where(Delivery.id.in_(taken)).order_by(Delivery.id))
    return [Claimed(*row) for row in rows]


def _take(session: Session, ids: list[int], expected: str | None, worker: str,
          now) -> list[int]:
    holder = Delivery.claimed_by.is_(None) if expected is None else \
        Delivery.claimed_by == expected
    return list(session.scalars(
        update(Delivery).where(Delivery.id.in_(ids), Delivery.status != "sent", holder)
        .values(claimed_by=worker, claimed_at=now).returning(Delivery.id)))


def _alive(worker: str) -> bool:
    """Whether the claiming round may still be running. A process on this host that is gone
    (kill -9, crash), or a round of this process that ended, frees its claims at once;
    anything else holds them until the lease ends (a paused process is alive)."""
    host, _, rest = worker.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname() or not pid.isdigit():
        return True
    if int(pid) == os.getpid():
        return worker in _ACTIVE
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@dataclass(frozen=True)
class Prepared:
    """A claimed delivery and its message; no message when there is nothing to say any more
    (all closed since planning), or when the mail library refuses to build it (`error`)."""

    claimed: Claimed
    message: EmailMessage | None
    error: str | None = None


def messages_for(session: Session, batch: list[Claimed], config: Config, today: date,
                 at: datetime) -> list[Prepared]:
    """The message of each claimed delivery."""
    from tracker.mail.digest import coordinator_summary, owner_digests
    from tracker.mail.render import render_owner_digest, render_summary
    from tracker.web.links import link_maker

    links = link_maker(config, at)  # with web.base_url: the web page's buttons in every mail
    owner_ids = [c.owner_id for c in batch if c.kind == "owner_digest"]
    digests = owner_digests(session, owner_ids, batch[0].period, today) if owner_ids else {}
    out: list[Prepared] = []
    for claimed in batch:
        if claimed.kind == "owner_digest":
            digest = digests.get(claimed.owner_id)
            if digest is None or not digest.total:  # all closed, or the owner deactivated
                out.append(Prepared(claimed, None))
                continue
            name, rendered = digest.name, render_owner_digest(digest, config, links)
        else:
            summary = coordinator_summary(session, claimed.period, today, config.tz,
                                          config.language, config.defaults.escalate_after_days)
            if summary.is_empty:
                out.append(Prepared(claimed, None))
                continue
            _mark_reported(session, claimed.period, [d.id for d in summary.undelivered])
            name, rendered = "", render_summary(summary, config, links, claimed.recipient)
        try:
            message = build_message(
                sender=config.mail.sender, sender_name=config.mail.sender_name,
                to=claimed.recipient, to_name=name, subject=rendered.subject,
                text=rendered.text, html=rendered.html,
                message_id=message_id(claimed, config.mail.sender),
                when=at.astimezone(config.tz), language=rendered.language,
                reply_to=config.reply_address)
        except (ValueError, MessageError) as exc:  # an address stored before the one rule
            out.append(Prepared(claimed, None, f"the mail library refuses the message to"
                                               f" {claimed.recipient!r}: {exc}"))
            continue
        out.append(Prepared(claimed, message))
    return out


def _mark_reported(session: Session, period: str, ids: list[int]) -> None:
    """The given-up deliveries a summary of `period` names: the next week's summary does not
    name them again (this week's, to another coordinator or after a retry, does)."""
    if ids:
        session.execute(update(Delivery).where(Delivery.id.in_(ids),
                                               Delivery.reported_in.is_(None))
                        .values(reported_in=period))


class _Outcomes:
    """Confirms each claim just before its message goes, and records each outcome as soon as
    it is known, in statements that commit on their own, on a plain connection: this
    per-delivery mark is the exactly-once guarantee, and through the ORM it cost a quarter of
    the round (bench/)."""

    def __init__(self, config: Config, worker: str):
        self.conn = database.Connection(config.database.url)
        self.worker = worker
        self.max_attempts = config.mail.max_attempts
        self.max_deferrals = config.mail.max_deferrals
        self.now = database.sql_now(self.conn.postgres)
        self._confirm = (f"UPDATE deliveries SET claimed_at = {self.now} WHERE id = :id"
                         " AND claimed_by = :worker AND status != 'sent'"
                         " AND status != 'given_up'")

    def confirm(self, delivery_id: int) -> bool:
        """Whether the claim is still ours (renewing its lease): false when another round
        took it over while this one was paused."""
        return self.conn.execute(self._confirm, {"id": delivery_id,
                                                 "worker": self.worker}).rowcount == 1

    def sent(self, delivery_id: int, at: datetime, message_id: str) -> None:
        self.conn.execute(
            "UPDATE deliveries SET status = 'sent', attempts = attempts + 1, sent_at = :at,"
            " message_id = :message_id, last_error = NULL, retry_after = NULL,"
            " claimed_by = NULL, claimed_at = NULL WHERE id = :id",
            {"id": delivery_id, "at": self.conn.timestamp(at), "message_id": message_id})

    def failed(self, delivery_id: int, error: str) -> None:
        """Refused for good: retried by the next rounds, given up after max_attempts."""
        self.conn.execute(
            "UPDATE deliveries SET status = CASE WHEN attempts + 1 >= :most THEN 'given_up'"
            " ELSE 'failed' END, attempts = attempts + 1, last_error = :error,"
            " claimed_by = NULL, claimed_at = NULL WHERE id = :id AND status != 'sent'",
            {"id": delivery_id, "error": error[:2000], "most": self.max_attempts})

    def deferred(self, claimed: Claimed, error: str) -> None:
        """Refused for now: due again after a pause that doubles with every refusal, given up
        after max_deferrals."""
        pause = min(RETRY_FIRST_SECONDS * 2 ** claimed.deferrals, RETRY_LONGEST_SECONDS)
        self.conn.execute(
            "UPDATE deliveries SET status = CASE WHEN deferrals + 1 >= :most THEN 'given_up'"
            " ELSE 'deferred' END, deferrals = deferrals + 1, last_error = :error,"
            f" retry_after = {database.sql_now(self.conn.postgres, pause)},"
            " claimed_by = NULL, claimed_at = NULL WHERE id = :id AND status != 'sent'",
            {"id": claimed.id, "error": error[:2000], "most": self.max_deferrals})

    def interrupted(self, delivery_id: int, error: str) -> None:
        """The server went away: the delivery stays as it was, with the reason to show."""
        self.conn.execute("UPDATE deliveries SET last_error = :error WHERE id = :id"
                          " AND claimed_by = :worker",
                          {"id": delivery_id, "error": error[:2000], "worker": self.worker})

    def release(self) -> None:
        """Give back whatever this round still holds (stopped early, or failed)."""
        self.conn.execute("UPDATE deliveries SET claimed_by = NULL, claimed_at = NULL"
                          " WHERE claimed_by = :worker", {"worker": self.worker})

    def close(self) -> None:
        self.conn.close()


def send_round(sessions: sessionmaker[Session], config: Config, period: str, today: date,
               now: Callable[[], datetime], transport: Transport | None = None,
               should_stop: Callable[[], bool] = lambda: False,
               resend: bool = False, retry_given_up: bool = False) -> RoundResult:
    """Plan the week's deliveries, then send every one that is owed and due. With `resend`
    every delivery of the week counts as not sent yet (and goes as a new mail); with
    `retry_given_up` the given-up ones are owed again.

    A failure of the database stops the round (StorageError): what was not sent stays
    pending for the next round, and nothing stays claimed once this process ends."""
    from tracker.web.links import link_maker

    result = RoundResult(period=period)
    link_maker(config, now())  # no round with links that cannot be signed (ConfigError)
    try:
        if resend:
            result.resent = reset_week(sessions, period)
        if retry_given_up:
            result.retried = retry_given_up_week(sessions, period)
        _start_round(sessions, period, now())
        result.planned = plan_round(sessions, config, period, now())
        _give_up_spent(sessions, config, period)
        _send_all(sessions, config, period, today, now, transport or make_transport(config),
                  should_stop, result)
        _finish(sessions, period, now, should_stop, result)
    except Exception as exc:
        known = database.database_error(exc, config.database.url)
        if known is None:
            raise
        log.error("round %s stopped: %s", period, known)
        raise StorageError(f"{known}; the round stopped after {result.sent} sent, the rest"
                           " stays pending for the next round") from None
    return result


def _send_all(sessions, config: Config, period: str, today: date, now, transport: Transport,
              should_stop, result: RoundResult) -> None:
    failed: set[int] = set()  # tried in this round already; later rounds retry them
    worker = _worker_id()
    _ACTIVE.add(worker)
    outcomes = None
    try:
        outcomes = _Outcomes(config, worker)
        while not should_stop() and not result.stopped:
            # Claim and render a batch in one transaction (the claims are visible to other
            # rounds once it commits), then send each message outside any transaction.
            with transaction(sessions) as session:
                batch = _claim(session, period, config.mail.max_attempts, failed, worker,
                               CLAIM_BATCH)
                if not batch:
                    break
                prepared = messages_for(session, batch, config, today, now())
                _settle_unsendable(session, prepared, result)
            for item in prepared:
                if item.message is None or should_stop() or result.stopped:
                    continue
                _send_one(outcomes, item.claimed, item.message, now, transport, result, failed)
    finally:
        _ACTIVE.discard(worker)
        transport.close()
        if outcomes is not None:
            try:  # after a database failure this may fail too: the lease then frees them
                outcomes.release()
            except Exception as exc:
                log.warning("could not give back this round's claims: %s", exc)
            outcomes.close()


def _settle_unsendable(session: Session, prepared: list[Prepared], result: RoundResult) -> None:
    """No empty reminder (everything closed since planning), and no retry of a message the
    mail library refuses to build: given up at once, with its reason."""
    empty = [p.claimed.id for p in prepared if p.message is None and p.error is None]
    if empty:
        session.execute(delete(Delivery).where(Delivery.id.in_(empty)))
        result.skipped += len(empty)
    for item in prepared:
        if item.error is not None:
            session.execute(update(Delivery).where(Delivery.id == item.claimed.id).values(
                status="given_up", attempts=Delivery.attempts + 1, last_error=item.error[:2000],
                claimed_by=None, claimed_at=None))
            result.failed += 1
            result.errors.append(item.error)
            log.warning("delivery %s given up: %s", item.claimed.id, item.error)


def _send_one(outcomes: _Outcomes, claimed: Claimed, message: EmailMessage, now,
              transport: Transport, result: RoundResult, failed: set[int]) -> None:
    if not outcomes.confirm(claimed.id):
        result.taken_over += 1
        log.warning("delivery %s was taken over by another round while this one waited",
                    claimed.id)
        return
    try:
        transport.send(message)
    except RecipientRefused as exc:
        failed.add(claimed.id)
        if exc.temporary:
            outcomes.deferred(claimed, str(exc))
            result.deferred += 1
            result.deferrals.append(f"{message['To']}: {exc}")
            log.warning("delivery %s to %s refused for now: %s", claimed.id, message["To"], exc)
        else:
            outcomes.failed(claimed.id, str(exc))
            result.failed += 1
            result.errors.append(f"{message['To']}: {exc}")
            log.warning("delivery %s to %s failed: %s", claimed.id, message["To"], exc)
        return
    except TransportDown as exc:
        outcomes.interrupted(claimed.id, str(exc))
        result.stopped = str(exc)
        log.error("mail server unavailable, round stopped: %s", exc)
        return
    try:
        outcomes.sent(claimed.id, now(), message["Message-ID"])
    except Exception:
        log.error("delivery %s to %s went out but could not be recorded: the next round"
                  " sends it again, with the same Message-ID", claimed.id, message["To"])
        raise
    result.sent += 1


def _give_up_spent(sessions, config: Config, period: str) -> None:
    """Deliveries at their limits (say, mail.max_attempts was lowered) are given up."""
    with transaction(sessions) as session:
        session.execute(update(Delivery).where(
            Delivery.period == period, Delivery.status.in_(("failed", "deferred")),
            or_(Delivery.attempts >= config.mail.max_attempts,
                Delivery.deferrals >= config.mail.max_deferrals)).values(status="given_up"))


def _finish(sessions, period: str, now, should_stop, result: RoundResult) -> None:
    """Count what the week still owes and has given up; a week that owes nothing is done."""
    with transaction(sessions) as session:
        counts = dict(session.execute(select(Delivery.status, func.count())
                                      .where(Delivery.period == period)
                                      .group_by(Delivery.status)).all())
        result.pending = sum(counts.get(status, 0) for status in OWED)
        result.given_up = counts.get("given_up", 0)
        if result.pending == 0 and not should_stop():
            session.get(DigestRound, period).completed_at = now()
    if result.given_up:
        log.error("round %s: %d deliveries given up (see `tracker digest status --week %s`)",
                  period, result.given_up, period)


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


def reset_week(sessions: sessionmaker[Session], period: str) -> int:
    """--force-resend: every delivery of the week back to pending; one that was sent goes
    again as a new mail (a new Message-ID)."""
    with transaction(sessions) as session:
        session.execute(update(DigestRound).where(DigestRound.period == period)
                        .values(completed_at=None))
        return session.execute(update(Delivery).where(Delivery.period == period).values(
            status="pending", attempts=0, deferrals=0, retry_after=None, sent_at=None,
            claimed_by=None, claimed_at=None, last_error=None, reported_in=None,
            resends=Delivery.resends + case((Delivery.status == "sent", 1), else_=0))).rowcount


def retry_given_up_week(sessions: sessionmaker[Session], period: str) -> int:
    """--retry-given-up: the week's given-up deliveries are owed again, with fresh limits."""
    with transaction(sessions) as session:
        count = session.execute(update(Delivery).where(
            Delivery.period == period, Delivery.status == "given_up").values(
            status="pending", attempts=0, deferrals=0, retry_after=None, reported_in=None,
            claimed_by=None, claimed_at=None)).rowcount
        if count:
            session.execute(update(DigestRound).where(DigestRound.period == period)
                            .values(completed_at=None))
        return count


def deliveries(session: Session, period: str) -> list[Delivery]:
    return list(session.scalars(select(Delivery).where(Delivery.period == period)
                                .order_by(Delivery.kind, Delivery.recipient)))
