"""review cycle: stages of a map version, their history, comments on elements, notices

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""
from alembic import op
import sqlalchemy as sa

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def _when(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    # a version without a row here is a draf: stored versions need no data change
    op.create_table(
        "submission_stage",
        sa.Column("id", sa.Integer),
        sa.Column("submission_id", sa.Integer, nullable=False),
        sa.Column("tahap", sa.String(20), nullable=False),
        _when("updated_at"),
        sa.Column("revision", sa.Integer, nullable=False, server_default="1"),
        sa.PrimaryKeyConstraint("id", name="pk_submission_stage"),
        sa.ForeignKeyConstraint(["submission_id"], ["submission.id"], ondelete="CASCADE",
                                name="fk_submission_stage_submission_id"),
        sa.UniqueConstraint("submission_id", name="uq_submission_stage_submission_id"),
        sa.CheckConstraint("tahap IN ('draf', 'diajukan', 'perlu-revisi', 'diverifikasi', "
                           "'ditetapkan')", name="ck_submission_stage_tahap"),
    )
    op.create_table(
        "stage_event",
        sa.Column("id", sa.Integer),
        sa.Column("submission_id", sa.Integer, nullable=False),
        sa.Column("dari", sa.String(20), nullable=False),
        sa.Column("ke", sa.String(20), nullable=False),
        sa.Column("actor_id", sa.Integer),
        sa.Column("actor", sa.String(80)),
        _when("at"),
        sa.Column("catatan", sa.Text, nullable=False, server_default=""),
        sa.PrimaryKeyConstraint("id", name="pk_stage_event"),
        sa.ForeignKeyConstraint(["submission_id"], ["submission.id"], ondelete="CASCADE",
                                name="fk_stage_event_submission_id"),
        sa.ForeignKeyConstraint(["actor_id"], ["user_account.id"], name="fk_stage_event_actor_id"),
    )
    op.create_index("ix_stage_event_submission_id", "stage_event", ["submission_id"])
    op.create_index("ix_stage_event_at", "stage_event", ["at"])
    op.create_table(
        "comment",
        sa.Column("id", sa.Integer),
        sa.Column("submission_id", sa.Integer, nullable=False),
        sa.Column("element_id", sa.String(255)),
        sa.Column("parent_id", sa.Integer),
        sa.Column("author_id", sa.Integer),
        sa.Column("teks", sa.Text, nullable=False),
        _when("created_at"),
        _when("resolved_at", nullable=True),
        sa.Column("resolved_by", sa.Integer),
        sa.PrimaryKeyConstraint("id", name="pk_comment"),
        sa.ForeignKeyConstraint(["submission_id"], ["submission.id"], ondelete="CASCADE",
                                name="fk_comment_submission_id"),
        sa.ForeignKeyConstraint(["parent_id"], ["comment.id"], ondelete="CASCADE",
                                name="fk_comment_parent_id"),
        sa.ForeignKeyConstraint(["author_id"], ["user_account.id"], name="fk_comment_author_id"),
        sa.ForeignKeyConstraint(["resolved_by"], ["user_account.id"],
                                name="fk_comment_resolved_by"),
    )
    op.create_index("ix_comment_submission_id", "comment", ["submission_id"])
    op.create_index("ix_comment_parent_id", "comment", ["parent_id"])
    op.create_index("ix_comment_author_id", "comment", ["author_id"])
    op.create_index("ix_comment_created_at", "comment", ["created_at"])
    op.create_table(
        "notice",
        sa.Column("id", sa.Integer),
        sa.Column("user_id", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("link", sa.String(300), nullable=False, server_default=""),
        _when("created_at"),
        _when("read_at", nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_notice"),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"], ondelete="CASCADE",
                                name="fk_notice_user_id"),
    )
    op.create_index("ix_notice_user_id", "notice", ["user_id"])
    op.create_index("ix_notice_created_at", "notice", ["created_at"])
    op.create_table(
        "notice_address",
        sa.Column("user_id", sa.Integer),
        sa.Column("email", sa.String(254), nullable=False),
        _when("updated_at"),
        sa.PrimaryKeyConstraint("user_id", name="pk_notice_address"),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"], ondelete="CASCADE",
                                name="fk_notice_address_user_id"),
    )


def downgrade() -> None:
    op.drop_table("notice_address")
    op.drop_index("ix_notice_created_at", table_name="notice")
    op.drop_index("ix_notice_user_id", table_name="notice")
    op.drop_table("notice")
    for name in ("ix_comment_created_at", "ix_comment_author_id", "ix_comment_parent_id",
                 "ix_comment_submission_id"):
        op.drop_index(name, table_name="comment")
    op.drop_table("comment")
    op.drop_index("ix_stage_event_at", table_name="stage_event")
    op.drop_index("ix_stage_event_submission_id", table_name="stage_event")
    op.drop_table("stage_event")
    op.drop_table("submission_stage")
