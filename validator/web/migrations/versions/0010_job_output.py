"""job.output: the file a job produced (a document), with its name and media type

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07
"""
from alembic import op
import sqlalchemy as sa

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("job") as batch:
        batch.add_column(sa.Column("output", sa.LargeBinary, nullable=True))
        batch.add_column(sa.Column("output_name", sa.String(255), nullable=True))
        batch.add_column(sa.Column("output_type", sa.String(100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("job") as batch:
        batch.drop_column("output_type")
        batch.drop_column("output_name")
        batch.drop_column("output")
