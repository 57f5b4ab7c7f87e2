"""Form helpers shared by every domain."""

from collections.abc import Iterable

from flask import abort, request
from flask_wtf.csrf import validate_csrf
from wtforms import SelectChoice, ValidationError


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
