"""Deliveries that a round may not retry yet, or not any more, and resends that are new mails.

- status 'deferred': the server refused this recipient for now (4xx); retried after retry_after,
  with a backoff, counted in deferrals (apart from the permanent refusals in attempts).
- status 'given_up': no round sends it any more (too many refusals, or a message the mail
  library cannot build); `digest send` reports it as an error until it is retried by hand, and
  the next coordinator summary names it (reported_in: the week of the summary that did).
- resends: how often `digest send --force-resend` sent the week again; part of the Message-ID,
  so that a deliberate resend is a new mail, while a retry after a crash keeps the old one.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""

import sqlalchemy as sa

from alembic import op
from tracker.core.models import UTCDateTime

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

OLD_STATUSES = "status IN ('pending', 'sent', 'failed')"
# 0001 named it through the models' naming convention once too often; the new one is named as
# the models name it.
OLD_NAME = "ck_deliveries_ck_deliveries_status"
NEW_NAME = "ck_deliveries_status"
NEW_STATUSES = "status IN ('pending', 'sent', 'failed', 'deferred', 'given_up')"


def upgrade() -> None:
    with op.batch_alter_table("deliveries") as batch:
        batch.add_column(sa.Column("deferrals", sa.Integer(), nullable=False,
                                   server_default="0"))
        batch.add_column(sa.Column("retry_after", UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("resends", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("reported_in", sa.String(8), nullable=True))
        batch.drop_constraint(op.f(OLD_NAME), type_="check")
        batch.create_check_constraint(op.f(NEW_NAME), NEW_STATUSES)


def downgrade() -> None:
    # A deferred delivery is still owed; a given-up one stays failed (0004's rounds retry a
    # failed delivery until mail.max_attempts).
    op.execute("UPDATE deliveries SET status = 'pending' WHERE status = 'deferred'")
    op.execute("UPDATE deliveries SET status = 'failed' WHERE status = 'given_up'")
    with op.batch_alter_table("deliveries") as batch:
        batch.drop_constraint(op.f(NEW_NAME), type_="check")
        batch.create_check_constraint(op.f(OLD_NAME), OLD_STATUSES)
        batch.drop_column("reported_in")
        batch.drop_column("resends")
        batch.drop_column("retry_after")
        batch.drop_column("deferrals")
