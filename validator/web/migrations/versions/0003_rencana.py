"""rencana: stored plan files (RPJMD, Renstra, organisation master)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rencana",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("fmt", sa.String(10), nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("rpjmd_id", sa.String(120), nullable=False),
        sa.Column("summary_json", sa.Text, nullable=False),
        sa.Column("uploader_id", sa.Integer, sa.ForeignKey("user_account.id")),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
    )
    op.create_index("ix_rencana_sha256", "rencana", ["sha256"])
    op.create_index("ix_rencana_created_at", "rencana", ["created_at"])


def downgrade() -> None:
    op.drop_table("rencana")
