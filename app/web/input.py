"""The one screen every request passes: input that no database could store, or no view could
use, is refused with a 400 in the reader's language (the API answers in its JSON error
shape), never a server error.

Unstorable text is a NUL byte (PostgreSQL cannot store it, so SQLite data holding one would
not survive a move) or a lone surrogate (not Unicode; only a JSON escape can make one).
- Query arguments are screened before any view: a search reads them without writing.
- Form fields and JSON bodies go to the view first, whose form says which field is wrong
  (422, the input kept on the page); whatever a view lets through is stopped before it is
  flushed (`guard_writes`), so it never reaches a database either way.
- Integer arguments beyond what a column holds and JSON nested deeper than any body of the
  API (which would exhaust the parser) are refused at once."""

import sqlalchemy as sa
from flask import Request, has_request_context
from flask_babel import gettext as _
from sqlalchemy.orm import Session
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.exceptions import BadRequest

# the largest integer a query argument may carry: PostgreSQL's `integer`
MAX_INTEGER = 2**31 - 1
# no API body nests deeper than a few levels; a few dozen leaves room for clients' extras
MAX_JSON_DEPTH = 32


def unstorable(text: str) -> bool:
    """A NUL byte or a lone surrogate: text no database stores as it is."""
    return "\x00" in text or any("\ud800" <= char <= "\udfff" for char in text)


def refuse_text() -> BadRequest:
    return BadRequest(_("The request contains characters that cannot be stored."))


class CheckedArguments(ImmutableMultiDict):
    """Query arguments and form fields whose `get(…, type=int)` refuses a number no column
    holds (e.g. page=99999999999999999999), instead of overflowing in the database."""

    def get(self, key, default=None, type=None):  # noqa: A002 — werkzeug's own signature
        if type is not int:
            return super().get(key, default, type)
        value = super().get(key)
        if value is None:
            return default
        try:
            number = int(value)
        except ValueError:
            return default
        if not -MAX_INTEGER <= number <= MAX_INTEGER:
            raise BadRequest(_("A number in the request is too large."))
        return number


class CheckedRequest(Request):
    """Mixed in before the request class the app has (htmx-flask's): see checked()."""

    parameter_storage_class = CheckedArguments

    def get_json(self, force=False, silent=False, cache=True):
        try:
            body = super().get_json(force=force, silent=silent, cache=cache)
        except RecursionError:
            raise BadRequest(_("The request body is nested too deeply.")) from None
        if body is not None:
            check_json(body)
        return body


def checked(request_class: type[Request]) -> type[Request]:
    """The app's request class with this screen in front of it."""
    return type("CheckedRequest", (CheckedRequest, request_class), {})


def check_json(body) -> None:
    """Walk the parsed body (without recursion, whatever its depth); its text is the view's."""
    pending = [(body, 1)]
    while pending:
        value, depth = pending.pop()
        if depth > MAX_JSON_DEPTH:
            raise BadRequest(_("The request body is nested too deeply."))
        if isinstance(value, dict):
            pending.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            pending.extend((item, depth + 1) for item in value)
        elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > 2**63 - 1:
            raise BadRequest(_("A number in the request is too large."))


def check_arguments(request: Request) -> None:
    """Before any view: every query argument."""
    for key, values in request.args.lists():
        if unstorable(key) or any(unstorable(value) for value in values):
            raise refuse_text()


def holds_unstorable(value) -> bool:
    """Text, or a JSON column's value, with unstorable text anywhere in it."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if unstorable(item):
                return True
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list | tuple):
            pending.extend(item)
    return False


@sa.event.listens_for(Session, "before_flush")
def guard_writes(session, flush_context, instances) -> None:
    """The last screen of a request's writes: what its view let through is refused here,
    before any row is written (the request's unit of work then rolls everything back).
    Mail intake and other work outside requests keep their own rules."""
    if not has_request_context():
        return
    for record in (*session.new, *session.dirty):
        state = sa.inspect(record)
        for attribute in state.mapper.column_attrs:
            added = state.attrs[attribute.key].history.added
            if any(holds_unstorable(value) for value in added):
                raise refuse_text()
