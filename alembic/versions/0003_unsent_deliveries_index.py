"""A partial index over the deliveries not sent yet, so that claiming the next batch of a round
reads only those: with (period, status) alone every claim scanned the week's sent rows too,
which made a round of 10,000 mails quadratic (bench/).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

import sqlalchemy as sa

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_deliveries_unsent", "deliveries", ["period", "id"],
                    sqlite_where=sa.text("status != 'sent'"),
                    postgresql_where=sa.text("status != 'sent'"))


def downgrade() -> None:
    op.drop_index("ix_deliveries_unsent", table_name="deliveries")
