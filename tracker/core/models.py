"""SQLAlchemy 2.0 typed models. The schema itself is owned by the Alembic migrations."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from tracker.core.database import SQLITE_TIMESTAMP

ACTION_STATUSES = ("open", "done", "dropped")
DUE_SOURCES = ("explicit", "event", "relative", "default", "manual")
ACTION_SOURCES = ("followup", "elsewhere", "manual")
EVENT_KINDS = ("created", "assigned", "due_changed", "closed", "reopened", "dropped", "noted",
               # Corrections (migration 0006): an owner or a deadline taken away, the text or
               # title changed, an action split or merged, moved to a revised report, and the
               # coordinator's review of an action that came in overdue.
               "unassigned", "due_cleared", "edited", "retitled", "split", "merged", "revised",
               "reviewed",
               # Deadline proposals (migration 0007): an owner proposes a new deadline on the
               # web page, the coordinator refuses it (accepting is a due_changed).
               "due_proposed", "proposal_refused")
# A deadline proposal waits (pending) until the coordinator accepts it (`tracker due` with its
# date), refuses it, or settles the deadline otherwise (replaced: another date, none, or a newer
# proposal).
PROPOSAL_STATUSES = ("pending", "accepted", "refused", "replaced")
DELIVERY_KINDS = ("owner_digest", "coordinator_summary")
DELIVERY_STATUSES = ("pending", "sent", "failed", "deferred", "given_up")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class UTCDateTime(TypeDecorator[datetime]):
    """Stored as naive UTC on every backend, returned timezone-aware. SQLite keeps it as the
    text tracker.core.database.SQLITE_TIMESTAMP, which the DB-API paths write too."""

    impl = DateTime
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name == "sqlite":
            from sqlalchemy.dialects.sqlite import DATETIME

            return dialect.type_descriptor(DATETIME(storage_format=SQLITE_TIMESTAMP))
        return dialect.type_descriptor(DateTime())

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given for a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    })


class Report(Base):
    __tablename__ = "reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_name: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    trip_start: Mapped[date | None] = mapped_column(Date)
    trip_end: Mapped[date | None] = mapped_column(Date)
    persons: Mapped[int | None] = mapped_column(Integer)
    raw_text: Mapped[str] = mapped_column(Text)
    ingested_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Shingle count and sketch of the text (tracker.core.similarity), to spot it coming again.
    fingerprint: Mapped[str | None] = mapped_column(Text)
    # Withdrawn (nothing is deleted): when, by whom, why; replaced_by names the revision that
    # replaced it (no foreign key: see migration 0006).
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_by: Mapped[str | None] = mapped_column(String(200))
    withdrawal_reason: Mapped[str | None] = mapped_column(Text)
    replaced_by: Mapped[int | None] = mapped_column(Integer)

    actions: Mapped[list[Action]] = relationship(back_populates="report",
                                                 order_by="Action.position")


class Owner(Base):
    __tablename__ = "owners"
    __table_args__ = (
        # Addresses are stored lower-cased, which makes the unique key case-insensitive.
        CheckConstraint("email = lower(email)", name="email_lower"),
        CheckConstraint("language IN ('nl', 'en')", name="language"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254), unique=True)
    language: Mapped[str] = mapped_column(String(2), default="nl")
    active: Mapped[bool] = mapped_column(default=True)


class Action(Base):
    __tablename__ = "actions"
    __table_args__ = (
        CheckConstraint(_in("status", ACTION_STATUSES), name="status"),
        CheckConstraint(_in("due_source", DUE_SOURCES), name="due_source"),
        CheckConstraint(_in("source", ACTION_SOURCES), name="source"),
        # The listing paths: one owner's open actions by deadline, and everyone's by deadline.
        Index("ix_actions_owner_status_due", "owner_id", "status", "due_date", "id"),
        Index("ix_actions_status_due", "status", "due_date", "id"),
        Index("ix_actions_report_id", "report_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)
    title: Mapped[str] = mapped_column(String(200))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("owners.id"))
    due_date: Mapped[date | None] = mapped_column(Date)
    original_due_date: Mapped[date | None] = mapped_column(Date)
    due_source: Mapped[str | None] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(10), default="open")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    source: Mapped[str] = mapped_column(String(10), default="followup")
    owner_hint: Mapped[str | None] = mapped_column(String(200))
    line: Mapped[int | None] = mapped_column(Integer)
    # Its deadline had passed when it was ingested: out of owner digests and escalations until
    # the coordinator has looked at it (tracker review).
    needs_review: Mapped[bool] = mapped_column(default=False, server_default=false())

    report: Mapped[Report | None] = relationship(back_populates="actions")
    owner: Mapped[Owner | None] = relationship()
    events: Mapped[list[Event]] = relationship(back_populates="action", order_by="Event.id")


class Event(Base):
    __tablename__ = "events"
    __table_args__ = (
        CheckConstraint(_in("kind", EVENT_KINDS), name="kind"),
        Index("ix_events_action_id_at", "action_id", "at"),
        Index("ix_events_at", "at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)

    action: Mapped[Action] = relationship(back_populates="events")


class DueProposal(Base):
    """A new deadline an owner proposed from the web page, for the coordinator to decide."""

    __tablename__ = "due_proposals"
    __table_args__ = (
        CheckConstraint(_in("status", PROPOSAL_STATUSES), name="status"),
        Index("ix_due_proposals_action_id_status", "action_id", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"))
    due_date: Mapped[date] = mapped_column(Date)
    reason: Mapped[str | None] = mapped_column(Text)
    proposed_by: Mapped[str] = mapped_column(String(254))
    proposed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    decided_by: Mapped[str | None] = mapped_column(String(254))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Delivery(Base):
    """The outbox: one row per (recipient, kind, period), written before anything is sent."""

    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("recipient", "kind", "period"),
        CheckConstraint(_in("kind", DELIVERY_KINDS), name="kind"),
        CheckConstraint(_in("status", DELIVERY_STATUSES), name="status"),
        Index("ix_deliveries_period_status", "period", "status"),
        # Claiming reads only what is not sent yet (migration 0003).
        Index("ix_deliveries_unsent", "period", "id", sqlite_where=text("status != 'sent'"),
              postgresql_where=text("status != 'sent'")),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    recipient: Mapped[str] = mapped_column(String(254))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("owners.id"))
    kind: Mapped[str] = mapped_column(String(20))
    period: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)  # sent or refused for good
    deferrals: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # 4xx
    retry_after: Mapped[datetime | None] = mapped_column(UTCDateTime)  # database clock
    resends: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    reported_in: Mapped[str | None] = mapped_column(String(8))  # summary that named it given up
    last_error: Mapped[str | None] = mapped_column(Text)
    message_id: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # A sender claims a delivery before sending; a claim older than the lease (by the
    # database's clock) is taken over.
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class DigestRound(Base):
    """A week's digest round: started when first planned, completed when nothing is pending."""

    __tablename__ = "digest_rounds"

    period: Mapped[str] = mapped_column(String(8), primary_key=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
