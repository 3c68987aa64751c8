"""map identity: submission.map_key (ppb:kode, else process id, else definitions id, else file name) and versions per map

Each stored version gets the key of the map it is (validator.web.identity), read from its
stored bytes (``berkas:<file name>`` when they cannot be read), and its map's title. The
versions of every (OPD, key) are then numbered again 1, 2, ... in upload order, so that
three different maps once numbered as versions of one file name become three maps, and
one map stored under several file names becomes one. The unique constraint moves from
(opd_id, filename, version) to (opd_id, map_key, version).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07
"""
from alembic import op
import sqlalchemy as sa

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

NEW_UNIQUE = "uq_submission_opd_map_version"
OLD_UNIQUE_PG = "submission_opd_id_filename_version_key"   # PostgreSQL's name for 0001's
# SQLite keeps 0001's constraint without a name: a reflected table gets one from this
# convention, and the batch copy of the table drops it by that name
CONVENTION = {"uq": "uq_%(table_name)s_%(column_0_N_name)s"}
OLD_UNIQUE_SQLITE = "uq_submission_opd_id_filename_version"

_submission = sa.table(
    "submission", sa.column("id", sa.Integer), sa.column("opd_id", sa.Integer),
    sa.column("filename", sa.String), sa.column("version", sa.Integer),
    sa.column("content", sa.LargeBinary), sa.column("map_key", sa.String),
    sa.column("map_title", sa.String))


def _batch(name: str, **kwargs):  # noqa: ANN202
    if op.get_bind().dialect.name == "sqlite":
        kwargs.setdefault("naming_convention", CONVENTION)
    return op.batch_alter_table(name, **kwargs)


def _unique_names(columns: set[str]) -> list[str]:
    insp = sa.inspect(op.get_bind())
    return [u["name"] for u in insp.get_unique_constraints("submission")
            if set(u["column_names"]) == columns and u.get("name")]


def _references() -> list[tuple[str, str]]:
    """(table, column) of every foreign key pointing at submission (job.submission_id)."""
    insp = sa.inspect(op.get_bind())
    out = []
    for table in insp.get_table_names():
        for fk in insp.get_foreign_keys(table):
            if fk.get("referred_table") == "submission" and table != "submission":
                out += [(table, col) for col in fk["constrained_columns"]]
    return out


def _detach() -> list[tuple[str, str, list]]:
    """SQLite copies a table to change its constraints and drops the old one; with foreign
    keys on (they cannot be switched off inside the migration's transaction) the drop would
    fail while rows point at it. Those references are set aside and put back after."""
    conn = op.get_bind()
    saved = []
    for table, col in _references():
        t = sa.table(table, sa.column("rowid", sa.Integer), sa.column(col, sa.Integer))
        rows = [tuple(r) for r in conn.execute(sa.select(t.c.rowid, t.c[col])
                                               .where(t.c[col].is_not(None)))]
        if rows:
            conn.execute(t.update().where(t.c[col].is_not(None)).values({col: None}))
            saved.append((table, col, rows))
    return saved


def _reattach(saved: list[tuple[str, str, list]]) -> None:
    conn = op.get_bind()
    for table, col, rows in saved:
        t = sa.table(table, sa.column("rowid", sa.Integer), sa.column(col, sa.Integer))
        for rowid, value in rows:
            conn.execute(t.update().where(t.c.rowid == rowid).values({col: value}))


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    saved = _detach() if sqlite else []
    with _batch("submission", recreate="always" if sqlite else "auto") as batch:
        if sqlite:
            batch.drop_constraint(OLD_UNIQUE_SQLITE, type_="unique")
        else:
            for name in _unique_names({"opd_id", "filename", "version"}) or [OLD_UNIQUE_PG]:
                batch.drop_constraint(name, type_="unique")
        batch.add_column(sa.Column("map_key", sa.String(255), nullable=True))
        batch.add_column(sa.Column("map_title", sa.String(255), nullable=True))
    _backfill()
    with _batch("submission") as batch:
        batch.alter_column("map_key", existing_type=sa.String(255), nullable=False)
        batch.create_index("ix_submission_map_key", ["map_key"])
        batch.create_unique_constraint(NEW_UNIQUE, ["opd_id", "map_key", "version"])
    _reattach(saved)


def _backfill() -> None:
    """Key and title of every stored version, read from its bytes one row at a time; then
    the versions of each map numbered in upload (id) order."""
    from validator.web.identity import identify

    conn = op.get_bind()
    ids = [row.id for row in conn.execute(sa.select(_submission.c.id).order_by(_submission.c.id))]
    versions: dict[tuple[int, str], int] = {}
    for sid in ids:
        row = conn.execute(sa.select(_submission.c.opd_id, _submission.c.filename,
                                     _submission.c.content)
                           .where(_submission.c.id == sid)).one()
        try:
            ident = identify(bytes(row.content or b""), row.filename or "")
            key, title = ident.key, ident.title
        except Exception:  # noqa: BLE001 - a stored row must not stop the upgrade
            key, title = f"berkas:{row.filename}"[:255], (row.filename or "")[:255] or None
        number = versions.get((row.opd_id, key), 0) + 1
        versions[(row.opd_id, key)] = number
        conn.execute(_submission.update().where(_submission.c.id == sid)
                     .values(map_key=key, map_title=title, version=number))


def downgrade() -> None:
    """Back to versions per file name (numbered again in upload order)."""
    conn = op.get_bind()
    sqlite = conn.dialect.name == "sqlite"
    saved = _detach() if sqlite else []
    with _batch("submission", recreate="always" if sqlite else "auto") as batch:
        batch.drop_constraint(NEW_UNIQUE, type_="unique")
        batch.drop_index("ix_submission_map_key")
        batch.drop_column("map_title")
        batch.drop_column("map_key")
    versions: dict[tuple[int, str], int] = {}
    for row in conn.execute(sa.select(_submission.c.id, _submission.c.opd_id,
                                      _submission.c.filename).order_by(_submission.c.id)).all():
        number = versions.get((row.opd_id, row.filename), 0) + 1
        versions[(row.opd_id, row.filename)] = number
        conn.execute(_submission.update().where(_submission.c.id == row.id).values(version=number))
    with _batch("submission") as batch:
        if sqlite:
            batch.create_unique_constraint(OLD_UNIQUE_SQLITE, ["opd_id", "filename", "version"])
        else:
            batch.create_unique_constraint(OLD_UNIQUE_PG, ["opd_id", "filename", "version"])
    _reattach(saved)
