"""case reported by: whether the person herself or someone else (a friend, a parent, a
teacher) made the report; no identity of either, only which

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-29 12:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("reported_by", sa.String(length=16), nullable=False, server_default="self")
        )


def downgrade() -> None:
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.drop_column("reported_by")
