"""Deadline proposals: an owner proposes a new deadline from the web page (`tracker serve`), the
coordinator accepts it (`tracker due` with its date) or refuses it. The history gains the two
events of a proposal: due_proposed and proposal_refused (accepting is a due_changed).

SQLite cannot alter a CHECK constraint in place: the events table is copied (batch mode), as
0006 did.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26
"""

import sqlalchemy as sa

from alembic import op
from tracker.core.models import UTCDateTime

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

OLD_KINDS = ("created", "assigned", "due_changed", "closed", "reopened", "dropped", "noted",
             "unassigned", "due_cleared", "edited", "retitled", "split", "merged", "revised",
             "reviewed")
NEW_KINDS = ("due_proposed", "proposal_refused")


def _kinds(kinds: tuple[str, ...]) -> str:
    return f"kind IN ({', '.join(repr(k) for k in kinds)})"


def upgrade() -> None:
    op.create_table(
        "due_proposals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("proposed_by", sa.String(254), nullable=False),
        sa.Column("proposed_at", UTCDateTime(), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("decided_by", sa.String(254), nullable=True),
        sa.Column("decided_at", UTCDateTime(), nullable=True),
        sa.CheckConstraint("status IN ('pending', 'accepted', 'refused', 'replaced')",
                           name="ck_due_proposals_status"),
        sa.ForeignKeyConstraint(["action_id"], ["actions.id"], ondelete="CASCADE",
                                name="fk_due_proposals_action_id_actions"),
        sa.PrimaryKeyConstraint("id", name="pk_due_proposals"),
    )
    op.create_index("ix_due_proposals_action_id_status", "due_proposals",
                    ["action_id", "status"])
    with op.batch_alter_table("events") as batch:
        batch.drop_constraint("ck_events_kind", type_="check")
        batch.create_check_constraint("ck_events_kind", _kinds(OLD_KINDS + NEW_KINDS))


def downgrade() -> None:
    # The old schema knows neither kind: they become notes that still say what happened.
    op.execute(f"UPDATE events SET kind = 'noted', note = kind || ' ' || coalesce(new_value,"
               f" old_value, '') || ': ' || coalesce(note, '') WHERE {_kinds(NEW_KINDS)}")
    with op.batch_alter_table("events") as batch:
        batch.drop_constraint("ck_events_kind", type_="check")
        batch.create_check_constraint("ck_events_kind", _kinds(OLD_KINDS))
    op.drop_index("ix_due_proposals_action_id_status", "due_proposals")
    op.drop_table("due_proposals")
