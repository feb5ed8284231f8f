"""Initial schema: reports, owners, actions, events, deliveries, and the open_actions view.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

import sqlalchemy as sa

from alembic import op
from tracker.core.models import UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# What `tracker open` listed until 0004 replaced it with action_states.
OPEN_ACTIONS_VIEW = """
CREATE VIEW open_actions AS
SELECT a.id, a.due_date, a.due_source, a.title, a.text, a.owner_hint, a.report_id,
       a.owner_id, o.name AS owner_name, o.email AS owner_email, o.active AS owner_active,
       r.title AS report_title, a.created_at
FROM actions a
LEFT JOIN owners o ON o.id = a.owner_id
LEFT JOIN reports r ON r.id = a.report_id
WHERE a.status = 'open'
"""


def upgrade() -> None:
    op.create_table(
        "reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_name", sa.String(500), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("trip_start", sa.Date(), nullable=True),
        sa.Column("trip_end", sa.Date(), nullable=True),
        sa.Column("persons", sa.Integer(), nullable=True),
        sa.Column("raw_text", sa.Text(), nullable=False),
        sa.Column("ingested_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_reports"),
        sa.UniqueConstraint("sha256", name="uq_reports_sha256"),
    )
    op.create_table(
        "owners",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.CheckConstraint("email = lower(email)", name="ck_owners_email_lower"),
        sa.CheckConstraint("language IN ('nl', 'en')", name="ck_owners_language"),
        sa.PrimaryKeyConstraint("id", name="pk_owners"),
        sa.UniqueConstraint("email", name="uq_owners_email"),
    )
    op.create_table(
        "actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("original_due_date", sa.Date(), nullable=True),
        sa.Column("due_source", sa.String(10), nullable=True),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("closed_at", UTCDateTime(), nullable=True),
        sa.Column("source", sa.String(10), nullable=False),
        sa.Column("owner_hint", sa.String(200), nullable=True),
        sa.Column("line", sa.Integer(), nullable=True),
        sa.CheckConstraint("status IN ('open', 'done', 'dropped')", name="ck_actions_status"),
        sa.CheckConstraint(
            "due_source IN ('explicit', 'event', 'relative', 'default', 'manual')",
            name="ck_actions_due_source"),
        sa.CheckConstraint("source IN ('followup', 'elsewhere', 'manual')",
                           name="ck_actions_source"),
        sa.ForeignKeyConstraint(["owner_id"], ["owners.id"], name="fk_actions_owner_id_owners"),
        sa.ForeignKeyConstraint(["report_id"], ["reports.id"], ondelete="CASCADE",
                                name="fk_actions_report_id_reports"),
        sa.PrimaryKeyConstraint("id", name="pk_actions"),
    )
    op.create_index("ix_actions_owner_status_due", "actions",
                    ["owner_id", "status", "due_date", "id"])
    op.create_index("ix_actions_status_due", "actions", ["status", "due_date", "id"])
    op.create_index("ix_actions_report_id", "actions", ["report_id"])
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("old_value", sa.Text(), nullable=True),
        sa.Column("new_value", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('created', 'assigned', 'due_changed', 'closed', 'reopened', 'dropped',"
            " 'noted')", name="ck_events_kind"),
        sa.ForeignKeyConstraint(["action_id"], ["actions.id"], ondelete="CASCADE",
                                name="fk_events_action_id_actions"),
        sa.PrimaryKeyConstraint("id", name="pk_events"),
    )
    op.create_index("ix_events_action_id_at", "events", ["action_id", "at"])
    op.create_index("ix_events_at", "events", ["at"])
    op.create_table(
        "deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recipient", sa.String(254), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("period", sa.String(8), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("message_id", sa.String(300), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("claimed_by", sa.String(100), nullable=True),
        sa.Column("claimed_at", UTCDateTime(), nullable=True),
        sa.Column("sent_at", UTCDateTime(), nullable=True),
        sa.CheckConstraint("kind IN ('owner_digest', 'coordinator_summary')",
                           name="ck_deliveries_kind"),
        sa.CheckConstraint("status IN ('pending', 'sent', 'failed')", name="ck_deliveries_status"),
        sa.ForeignKeyConstraint(["owner_id"], ["owners.id"], name="fk_deliveries_owner_id_owners"),
        sa.PrimaryKeyConstraint("id", name="pk_deliveries"),
        sa.UniqueConstraint("recipient", "kind", "period",
                            name="uq_deliveries_recipient_kind_period"),
    )
    op.create_index("ix_deliveries_period_status", "deliveries", ["period", "status"])
    op.execute(OPEN_ACTIONS_VIEW)


def downgrade() -> None:
    op.execute("DROP VIEW open_actions")
    op.drop_table("deliveries")
    op.drop_table("events")
    op.drop_table("actions")
    op.drop_table("owners")
    op.drop_table("reports")
