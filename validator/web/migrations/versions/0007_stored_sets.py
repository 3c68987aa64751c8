"""stored sets: an upload of several maps is one set (submission_set + its members)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""
from alembic import op
import sqlalchemy as sa

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "submission_set",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("opd_id", sa.Integer, nullable=False),
        sa.Column("uploader_id", sa.Integer),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("profile", sa.String(40), nullable=False),
        sa.Column("report_json", sa.Text, nullable=False),
        sa.Column("rencana_id", sa.Integer),
        sa.Column("plan_note", sa.Text, nullable=False),
        sa.Column("maps", sa.Integer, nullable=False),
        sa.Column("errors", sa.Integer, nullable=False),
        sa.Column("warnings", sa.Integer, nullable=False),
        sa.Column("set_findings", sa.Integer, nullable=False),
        sa.Column("rechecked_from_id", sa.Integer),
        sa.PrimaryKeyConstraint("id", name="pk_submission_set"),
        sa.ForeignKeyConstraint(["opd_id"], ["opd.id"], name="fk_submission_set_opd_id"),
        sa.ForeignKeyConstraint(["uploader_id"], ["user_account.id"],
                                name="fk_submission_set_uploader_id"),
        sa.ForeignKeyConstraint(["rencana_id"], ["rencana.id"], name="fk_submission_set_rencana_id"),
        sa.ForeignKeyConstraint(["rechecked_from_id"], ["submission_set.id"],
                                name="fk_submission_set_rechecked_from_id"),
    )
    op.create_index("ix_submission_set_opd_id", "submission_set", ["opd_id"])
    op.create_index("ix_submission_set_created_at", "submission_set", ["created_at"])
    op.create_table(
        "submission_set_member",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("set_id", sa.Integer, nullable=False),
        sa.Column("submission_id", sa.Integer, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_submission_set_member"),
        sa.ForeignKeyConstraint(["set_id"], ["submission_set.id"],
                                name="fk_submission_set_member_set_id"),
        sa.ForeignKeyConstraint(["submission_id"], ["submission.id"],
                                name="fk_submission_set_member_submission_id"),
        sa.UniqueConstraint("set_id", "position", name="uq_submission_set_member_pos"),
    )
    op.create_index("ix_submission_set_member_set_id", "submission_set_member", ["set_id"])
    op.create_index("ix_submission_set_member_submission_id", "submission_set_member",
                    ["submission_id"])


def downgrade() -> None:
    op.drop_index("ix_submission_set_member_submission_id", table_name="submission_set_member")
    op.drop_index("ix_submission_set_member_set_id", table_name="submission_set_member")
    op.drop_table("submission_set_member")
    op.drop_index("ix_submission_set_created_at", table_name="submission_set")
    op.drop_index("ix_submission_set_opd_id", table_name="submission_set")
    op.drop_table("submission_set")
