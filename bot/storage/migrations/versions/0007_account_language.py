"""the portal's language for each account

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29 08:00:00

Written beside another branch's 0006 (the case relay); it follows 0006 since the
two were merged.
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("portal_account", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("language", sa.String(length=16), nullable=False, server_default="en")
        )


def downgrade() -> None:
    with op.batch_alter_table("portal_account", schema=None) as batch_op:
        batch_op.drop_column("language")
