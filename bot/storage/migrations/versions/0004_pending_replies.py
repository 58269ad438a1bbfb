"""pending replies: answers kept until sent

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 06:00:00
"""

import sqlalchemy as sa
from alembic import op

import bot.storage.types

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pending_reply",
        sa.Column("update_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("survivor_id", sa.Uuid(), nullable=True),
        sa.Column("chat_id_enc", sa.LargeBinary(), nullable=False),
        sa.Column("actions_enc", sa.LargeBinary(), nullable=False),
        sa.Column("claimed_until", bot.storage.types.AwareDateTime(timezone=True), nullable=False),
        sa.Column("created_at", bot.storage.types.AwareDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["survivor_id"], ["survivor.id"]),
        sa.PrimaryKeyConstraint("update_id"),
    )
    with op.batch_alter_table("pending_reply", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_pending_reply_survivor_id"), ["survivor_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_pending_reply_claimed_until"), ["claimed_until"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("pending_reply", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pending_reply_claimed_until"))
        batch_op.drop_index(batch_op.f("ix_pending_reply_survivor_id"))
    op.drop_table("pending_reply")
