"""Connection settings for the embedded SQLite database."""

import sqlalchemy as sa
from flask import Flask

from app.extensions import db


def configure_sqlite(app: Flask) -> None:
    """WAL, foreign keys and a busy timeout on every SQLite connection."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return
    with app.app_context():
        engine = db.engine

    @sa.event.listens_for(engine, "connect")
    def set_pragmas(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def due_rows(model, now):
    """The conditions of an outbox row (mail, chat) that is due and nobody holds: pending,
    its next attempt reached, and any earlier claim run out."""
    return (
        model.status == "pending",
        model.next_attempt_at <= now,
        sa.or_(model.claimed_until.is_(None), model.claimed_until < now),
    )


def claim_due(model, row_id: int, holder: str, now, until):
    """Take the outbox row for `holder` until `until` if it is still due and unclaimed; the
    UPDATE's WHERE lets only one of two workers win. Commits; the row, or None."""
    claimed = db.session.execute(
        sa.update(model)
        .where(model.id == row_id, *due_rows(model, now))
        .values(claimed_by=holder, claimed_until=until)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return db.session.get(model, row_id) if claimed.rowcount == 1 else None
