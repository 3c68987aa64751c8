"""job.submission_id: a simulation started from a stored map version keeps that version

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""
from alembic import op
import sqlalchemy as sa

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("job") as batch:
        batch.add_column(sa.Column("submission_id", sa.Integer,
                                   sa.ForeignKey("submission.id", name="fk_job_submission_id")))
        batch.create_index("ix_job_submission_id", ["submission_id"])


def downgrade() -> None:
    with op.batch_alter_table("job") as batch:
        batch.drop_index("ix_job_submission_id")
        batch.drop_column("submission_id")
