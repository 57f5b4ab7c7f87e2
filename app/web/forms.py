"""Form helpers shared by every domain."""

from collections.abc import Iterable

from flask import abort, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import validate_csrf
from wtforms import SelectChoice, ValidationError

from app.extensions import CALENDAR_YEARS

MAX_RECORD_ID = 2**31 - 1  # PostgreSQL's integer; SQLite overflows past 2**63


def record_id(value) -> int | None:
    """A posted id as a number a record can have, or None (text, zero, or too big)."""
    text = str(value or "")
    number = int(text) if text.isascii() and text.isdigit() and len(text) <= 10 else 0
    return number if 0 < number <= MAX_RECORD_ID else None


class InCalendarYears:
    """A date or time within the years the calendars and reports know (1900–2100): 0001-01-01
    or 9999-12-31 is a typing slip, and would overflow the conversion to UTC."""

    def __call__(self, form, field) -> None:
        if field.data is not None and field.data.year not in CALENDAR_YEARS:
            raise ValidationError(_l("Give a date between the years 1900 and 2100."))


class Storable:
    """Text the databases can keep: PostgreSQL refuses a NUL byte, so it is refused here."""

    def __call__(self, form, field) -> None:
        if isinstance(field.data, str) and "\x00" in field.data:
            raise ValidationError(_l("This contains a character that cannot be stored."))


def options(pairs: Iterable[tuple]) -> list[SelectChoice]:
    """(value, label) pairs as WTForms select options."""
    return [SelectChoice(value, label) for value, label in pairs]


def require_csrf() -> None:
    """400 unless the posted form carries this session's CSRF token (pages without a WTForm,
    such as the one-click confirmations behind a signed mail link)."""
    try:
        validate_csrf(request.form.get("csrf_token"))
    except ValidationError:
        abort(400)
