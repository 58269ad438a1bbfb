"""undeliverable replies: a caseworker's reply Telegram will never deliver (she blocked
the bot, or Telegram refuses its text) is marked, not retried forever

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29 09:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reply_outbox", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("undeliverable", sa.String(length=32), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("reply_outbox", schema=None) as batch_op:
        batch_op.drop_column("undeliverable")
