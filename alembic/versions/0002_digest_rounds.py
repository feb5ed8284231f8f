"""digest_rounds: when a week's round started and completed, so that a restarted scheduler
knows whether it still owes that week its mails.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

import sqlalchemy as sa

from alembic import op
from tracker.core.models import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "digest_rounds",
        sa.Column("period", sa.String(8), nullable=False),
        sa.Column("started_at", UTCDateTime(), nullable=False),
        sa.Column("completed_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("period", name="pk_digest_rounds"),
    )


def downgrade() -> None:
    op.drop_table("digest_rounds")
