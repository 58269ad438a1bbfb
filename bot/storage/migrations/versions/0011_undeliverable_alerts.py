"""undeliverable alerts: a new-case alert Telegram will never deliver to the service's
chat (the bot was removed from the group, the chat is gone) is marked, not retried
forever; a keyed hash of the chat that refused it lets the bot send it again once the
deployment names another chat

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-29 15:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("case_alert", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("undeliverable", sa.String(length=32), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("refused_chat", sa.String(length=16), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("case_alert", schema=None) as batch_op:
        batch_op.drop_column("refused_chat")
        batch_op.drop_column("undeliverable")
