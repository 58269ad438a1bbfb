"""quiet-period sweep: her chat id (encrypted) and the sweep's lease on the survivor;
which remembered messages are a service's notices, and which she chose to keep

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29 12:30:00
"""

import sqlalchemy as sa
from alembic import op

import bot.storage.types

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("survivor", schema=None) as batch_op:
        batch_op.add_column(sa.Column("chat_enc", sa.LargeBinary(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "sweep_claimed_until",
                bot.storage.types.AwareDateTime(timezone=True),
                nullable=True,
            )
        )
    with op.batch_alter_table("chat_message", schema=None) as batch_op:
        batch_op.add_column(sa.Column("notice_for", sa.Uuid(), nullable=True))
        batch_op.add_column(
            sa.Column("kept", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.create_index(batch_op.f("ix_chat_message_notice_for"), ["notice_for"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("chat_message", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_chat_message_notice_for"))
        batch_op.drop_column("kept")
        batch_op.drop_column("notice_for")
    with op.batch_alter_table("survivor", schema=None) as batch_op:
        batch_op.drop_column("sweep_claimed_until")
        batch_op.drop_column("chat_enc")
