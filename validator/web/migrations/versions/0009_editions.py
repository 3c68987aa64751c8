"""editions: the Peta Proses Bisnis a Pemda enacts (edisi) and its verified map versions

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""
from alembic import op
import sqlalchemy as sa

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "edisi",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("nama", sa.String(200), nullable=False),
        sa.Column("tahun", sa.Integer, nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("nomor", sa.String(120)),
        sa.Column("tanggal", sa.String(10)),
        sa.Column("members_sha256", sa.String(64)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Integer, sa.ForeignKey("user_account.id", name="fk_edisi_created_by")),
        sa.Column("enacted_at", sa.DateTime(timezone=True)),
        sa.Column("enacted_by", sa.Integer, sa.ForeignKey("user_account.id", name="fk_edisi_enacted_by")),
        sa.Column("copied_from_id", sa.Integer, sa.ForeignKey("edisi.id", name="fk_edisi_copied_from")),
        sa.Column("revision", sa.Integer, nullable=False),
    )
    op.create_index("ix_edisi_created_at", "edisi", ["created_at"])
    op.create_table(
        "edisi_peta",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("edition_id", sa.Integer,
                  sa.ForeignKey("edisi.id", name="fk_edisi_peta_edition", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("submission_id", sa.Integer,
                  sa.ForeignKey("submission.id", name="fk_edisi_peta_submission"), nullable=False),
        sa.Column("opd_id", sa.Integer, sa.ForeignKey("opd.id", name="fk_edisi_peta_opd"),
                  nullable=False),
        sa.Column("map_key", sa.String(255), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("added_by", sa.Integer, sa.ForeignKey("user_account.id", name="fk_edisi_peta_added_by")),
        sa.UniqueConstraint("edition_id", "opd_id", "map_key", name="uq_edisi_peta_map"),
    )
    op.create_index("ix_edisi_peta_edition_id", "edisi_peta", ["edition_id"])
    op.create_index("ix_edisi_peta_submission_id", "edisi_peta", ["submission_id"])


def downgrade() -> None:
    op.drop_index("ix_edisi_peta_submission_id", table_name="edisi_peta")
    op.drop_index("ix_edisi_peta_edition_id", table_name="edisi_peta")
    op.drop_table("edisi_peta")
    op.drop_index("ix_edisi_created_at", table_name="edisi")
    op.drop_table("edisi")
