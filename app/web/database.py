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


def insert_unless_present(connection, model):
    """INSERT … ON CONFLICT DO NOTHING for the connection's dialect (SQLite and PostgreSQL
    both have it): the row's unique key decides which of two racing writers wins."""
    from sqlalchemy.dialects import postgresql, sqlite

    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    return dialect.insert(model)
