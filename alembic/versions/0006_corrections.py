"""Correcting what went in: reports can be withdrawn or replaced by a revision (nothing is
deleted), each report keeps a fingerprint of its text to spot it when it comes in again, actions
whose deadline had passed when they were ingested wait for the coordinator's review, and the
history gains the events of these corrections.

SQLite cannot alter a CHECK constraint in place: the events table is copied (batch mode). The
reports and actions tables only gain and lose columns in place (ALTER TABLE ADD/DROP COLUMN):
copying them would make SQLite's DROP TABLE cascade into the actions and events that reference
them. For the same reason reports.replaced_by has no foreign key (SQLite cannot drop a column
that has one).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25
"""

import sqlalchemy as sa

from alembic import op
from tracker.core.models import UTCDateTime

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

OLD_KINDS = ("created", "assigned", "due_changed", "closed", "reopened", "dropped", "noted")
NEW_KINDS = ("unassigned", "due_cleared", "edited", "retitled", "split", "merged", "revised",
             "reviewed")

ACTION_STATES_VIEW = """
CREATE VIEW action_states AS
SELECT a.id, a.title, a.text, a.status, a.due_date, a.original_due_date, a.due_source,
       a.owner_id,
       CASE WHEN o.active THEN o.name END AS owner_name,
       CASE WHEN o.active THEN o.email END AS owner_email,
       CASE WHEN o.active THEN o.language END AS owner_language,
       a.owner_hint, a.report_id, r.title AS report_title, a.line, a.source,
       a.created_at, a.closed_at, a.needs_review
FROM actions a
LEFT JOIN owners o ON o.id = a.owner_id
LEFT JOIN reports r ON r.id = a.report_id
"""

# 0004's view (0005 left it alone), for the way back.
OLD_ACTION_STATES_VIEW = ACTION_STATES_VIEW.replace(", a.needs_review", "")


def _kinds(kinds: tuple[str, ...]) -> str:
    return f"kind IN ({', '.join(repr(k) for k in kinds)})"


def _fingerprints() -> None:
    from tracker.core.similarity import fingerprint

    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, raw_text FROM reports")).fetchall()
    for report_id, raw_text in rows:
        bind.execute(sa.text("UPDATE reports SET fingerprint = :print WHERE id = :id"),
                     {"print": str(fingerprint(raw_text)), "id": report_id})


def upgrade() -> None:
    op.execute("DROP VIEW action_states")
    op.add_column("reports", sa.Column("fingerprint", sa.Text(), nullable=True))
    op.add_column("reports", sa.Column("withdrawn_at", UTCDateTime(), nullable=True))
    op.add_column("reports", sa.Column("withdrawn_by", sa.String(200), nullable=True))
    op.add_column("reports", sa.Column("withdrawal_reason", sa.Text(), nullable=True))
    op.add_column("reports", sa.Column("replaced_by", sa.Integer(), nullable=True))
    op.add_column("actions", sa.Column("needs_review", sa.Boolean(), nullable=False,
                                       server_default=sa.false()))
    with op.batch_alter_table("events") as batch:
        batch.drop_constraint("ck_events_kind", type_="check")
        batch.create_check_constraint("ck_events_kind", _kinds(OLD_KINDS + NEW_KINDS))
    op.execute(ACTION_STATES_VIEW)
    _fingerprints()


def downgrade() -> None:
    op.execute("DROP VIEW action_states")
    # The old schema knows none of the new kinds: they become notes that still say what happened.
    op.execute(f"UPDATE events SET kind = 'noted', note = kind || ': ' || coalesce(note, '')"
               f" WHERE {_kinds(NEW_KINDS)}")
    with op.batch_alter_table("events") as batch:
        batch.drop_constraint("ck_events_kind", type_="check")
        batch.create_check_constraint("ck_events_kind", _kinds(OLD_KINDS))
    op.drop_column("actions", "needs_review")
    for column in ("replaced_by", "withdrawal_reason", "withdrawn_by", "withdrawn_at",
                   "fingerprint"):
        op.drop_column("reports", column)
    op.execute(OLD_ACTION_STATES_VIEW)
