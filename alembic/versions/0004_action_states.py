"""action_states: every action with the columns its state is read from, one definition for all
the SQL that lists, counts, exports, shows or mails actions (tracker.core.state reads it). A
deactivated owner's actions count as unassigned: owner_name, owner_email and owner_language are
NULL for them, while owner_id keeps the owner they were assigned to (filters use its index).
open_actions, which `tracker open` read until now, is replaced by this view's open rows.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

ACTION_STATES_VIEW = """
CREATE VIEW action_states AS
SELECT a.id, a.title, a.text, a.status, a.due_date, a.original_due_date, a.due_source,
       a.owner_id,
       CASE WHEN o.active THEN o.name END AS owner_name,
       CASE WHEN o.active THEN o.email END AS owner_email,
       CASE WHEN o.active THEN o.language END AS owner_language,
       a.owner_hint, a.report_id, r.title AS report_title, a.line, a.source,
       a.created_at, a.closed_at
FROM actions a
LEFT JOIN owners o ON o.id = a.owner_id
LEFT JOIN reports r ON r.id = a.report_id
"""

# 0001's view, for the way back.
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
    op.execute("DROP VIEW open_actions")
    op.execute(ACTION_STATES_VIEW)


def downgrade() -> None:
    op.execute("DROP VIEW action_states")
    op.execute(OPEN_ACTIONS_VIEW)
