"""case relay: messages she opens herself, paused at her wish

A caseworker's message reaches her first as a neutral notice; the copy sealed to
the bot stays in the outbox until she opens it (`notified_at` set when the notice
went out), and `read_at` records when she did (the quiet-period sweep may then
delete it from her chat). `messages_paused` holds the service's messages while
she wants none.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 08:00:00
"""

import sqlalchemy as sa
from alembic import op

import bot.storage.types

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reply_outbox", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "notified_at", bot.storage.types.AwareDateTime(timezone=True), nullable=True
            )
        )
    with op.batch_alter_table("case_message", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("read_at", bot.storage.types.AwareDateTime(timezone=True), nullable=True)
        )
    with op.batch_alter_table("survivor", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("messages_paused", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("survivor", schema=None) as batch_op:
        batch_op.drop_column("messages_paused")
    with op.batch_alter_table("case_message", schema=None) as batch_op:
        batch_op.drop_column("read_at")
    with op.batch_alter_table("reply_outbox", schema=None) as batch_op:
        batch_op.drop_column("notified_at")
