"""security: server-side sessions, login throttling, audit log, demo flags, job leases

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07
"""
from alembic import op
import sqlalchemy as sa

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("user_account") as batch:
        batch.add_column(sa.Column("demo_password", sa.Boolean, nullable=False,
                                   server_default=sa.false()))
        batch.add_column(sa.Column("password_changed_at", sa.DateTime(timezone=True)))
    op.create_table(
        "user_session",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("user_account.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("address", sa.String(64)),
    )
    op.create_index("ix_user_session_user_id", "user_session", ["user_id"])
    op.create_table(
        "login_failure",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String(80), nullable=False),
        sa.Column("address", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_login_failure_username", "login_failure", ["username"])
    op.create_index("ix_login_failure_address", "login_failure", ["address"])
    op.create_index("ix_login_failure_at", "login_failure", ["at"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("actor_id", sa.Integer, sa.ForeignKey("user_account.id")),
        sa.Column("actor", sa.String(80)),
        sa.Column("target", sa.String(200)),
        sa.Column("address", sa.String(64)),
        sa.Column("detail", sa.Text, nullable=False),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    op.create_index("ix_audit_log_kind", "audit_log", ["kind"])
    op.create_index("ix_audit_log_actor_id", "audit_log", ["actor_id"])
    with op.batch_alter_table("job") as batch:
        batch.add_column(sa.Column("lease_until", sa.DateTime(timezone=True)))
        batch.add_column(sa.Column("worker", sa.String(120)))
        batch.add_column(sa.Column("attempts", sa.Integer, nullable=False, server_default="0"))
        batch.add_column(sa.Column("cancel_requested", sa.Boolean, nullable=False,
                                   server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("job") as batch:
        for col in ("cancel_requested", "attempts", "worker", "lease_until"):
            batch.drop_column(col)
    op.drop_table("audit_log")
    op.drop_table("login_failure")
    op.drop_table("user_session")
    with op.batch_alter_table("user_account") as batch:
        batch.drop_column("password_changed_at")
        batch.drop_column("demo_password")
