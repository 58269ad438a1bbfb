"""security hardening: maintenance schedule, encrypted TOTP secrets, no file digests
of withdrawn cases in the audit log

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 06:00:00
"""

import sqlalchemy as sa
from alembic import op

import bot.storage.types

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "maintenance_run",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("last_run_at", bot.storage.types.AwareDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    with op.batch_alter_table("portal_account", schema=None) as batch_op:
        batch_op.add_column(sa.Column("totp_secret_enc", sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column("totp_pending_enc", sa.LargeBinary(), nullable=True))
        batch_op.add_column(
            sa.Column("totp_last_step", sa.Integer(), nullable=False, server_default="0")
        )
    # Downloads were audited with a prefix of the file's SHA-256; for a withdrawn case
    # that digest outlived her files.
    op.execute(
        "UPDATE audit_entry SET detail = '' WHERE action = 'downloaded' AND case_id IN "
        "(SELECT id FROM \"case\" WHERE status = 'withdrawn')"
    )


def downgrade() -> None:
    with op.batch_alter_table("portal_account", schema=None) as batch_op:
        batch_op.drop_column("totp_last_step")
        batch_op.drop_column("totp_pending_enc")
        batch_op.drop_column("totp_secret_enc")
    op.drop_table("maintenance_run")
