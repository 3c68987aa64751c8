"""Alembic environment: runs on the connection handed over by validator.web.db.upgrade."""
from alembic import context

from validator.web.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only through db.upgrade
    raise RuntimeError("run migrations through validator.web.db.upgrade(engine)")
context.configure(connection=connection, target_metadata=Base.metadata,
                  render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
