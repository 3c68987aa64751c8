"""initial schema: opd, user_account, api_token, submission

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""
from alembic import op
import sqlalchemy as sa

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "opd",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("singkatan", sa.String(40), nullable=False, unique=True),
        sa.Column("nama", sa.String(200), nullable=False),
        sa.Column("kode", sa.String(40)),
    )
    op.create_table(
        "user_account",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String(80), nullable=False, unique=True),
        sa.Column("nama", sa.String(200), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("opd_id", sa.Integer, sa.ForeignKey("opd.id")),
        sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "api_token",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("user_account.id"), nullable=False),
        sa.Column("label", sa.String(120), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True)),
        sa.Column("revoked", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.create_table(
        "submission",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("opd_id", sa.Integer, sa.ForeignKey("opd.id"), nullable=False),
        sa.Column("uploader_id", sa.Integer, sa.ForeignKey("user_account.id")),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("validator_version", sa.String(40), nullable=False),
        sa.Column("catalog_version", sa.String(40), nullable=False),
        sa.Column("profile", sa.String(40), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("errors", sa.Integer, nullable=False),
        sa.Column("warnings", sa.Integer, nullable=False),
        sa.Column("infos", sa.Integer, nullable=False),
        sa.Column("report_json", sa.Text, nullable=False),
        sa.UniqueConstraint("opd_id", "filename", "version"),
    )
    op.create_index("ix_submission_opd_id", "submission", ["opd_id"])
    op.create_index("ix_submission_sha256", "submission", ["sha256"])
    op.create_index("ix_submission_created_at", "submission", ["created_at"])


def downgrade() -> None:
    op.drop_table("submission")
    op.drop_table("api_token")
    op.drop_table("user_account")
    op.drop_table("opd")
