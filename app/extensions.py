"""Flask extensions, created unbound and initialised in the application factory."""

from datetime import UTC, datetime

import sqlalchemy as sa
from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from htmx_flask import Htmx
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(sa.types.TypeDecorator):
    """Stores naive UTC, returns aware UTC: SQLite keeps no offsets, PostgreSQL may."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


# The years the calendars, clocks and reports know: 0001 or 9999 is a typing slip, and would
# overflow the conversion to UTC.
CALENDAR_YEARS = range(1900, 2101)


def utcnow() -> datetime:
    """The current instant, aware, in UTC."""
    return datetime.now(UTC)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
htmx = Htmx()


def insert_unless_present(connection, model):
    """An INSERT that takes ON CONFLICT (do nothing, or update) for the connection's dialect
    (SQLite and PostgreSQL both have it): the row's unique key decides which of two racing
    writers wins."""
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    return dialect.insert(model)
