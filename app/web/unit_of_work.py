"""One unit of work per request, the way Indico's request handlers do it: a write request
answered below 400 commits, anything else rolls back, in this one place. Routes never commit.
"""

import random
import time
from collections.abc import Callable
from typing import TypeVar

import sqlalchemy as sa
from flask import Flask, g, request
from sqlalchemy.orm.exc import StaleDataError

from app.extensions import db

T = TypeVar("T")

READS = frozenset({"GET", "HEAD", "OPTIONS"})


class UnitOfWorkFlask(Flask):
    """Flask whose views end the request's unit of work before the response leaves; a failed
    commit (a lost race, a broken constraint) reaches the error handlers like a view's error."""

    def dispatch_request(self):
        response = self.make_response(super().dispatch_request())
        finish(response.status_code)
        return response


def keep_writes() -> None:
    """Keep this request's writes although it answers with a refusal, e.g. a failed sign-in is
    counted (401), or an import keeps the rows that passed beside those refused (422)."""
    g.keep_writes = True


def on_rollback(callback: Callable[[], object]) -> None:
    """Run `callback` if the request's writes are not kept, e.g. remove files stored for them."""
    g.setdefault("rollback_callbacks", []).append(callback)


def discard_writes() -> None:
    """Drop the request's unsaved changes now, before re-rendering a page after a refusal,
    so that it shows what is stored."""
    db.session.rollback()
    _run_rollback_callbacks()


def repeat_after_lost_race(record, work: Callable[[], T], attempts: int = 8) -> T:
    """Do `work` on `record` again on fresh rows when another request changed it first. Only
    for work that is safe to repeat (adding a comment) and that is the request's first write:
    the retry starts from an empty unit of work. PostgreSQL locks the row first, so writers
    queue instead of losing; SQLite's writers take turns on its one write lock."""
    for attempt in range(1, attempts + 1):
        try:
            lock_row(record)
            result = work()
            db.session.flush()
            return result
        except StaleDataError:
            if attempt == attempts:
                raise
            discard_writes()
            # the winners commit meanwhile; a little jitter keeps the losers from meeting again
            time.sleep(random.uniform(0.005, 0.03) * attempt)
    raise AssertionError("unreachable")


def lock_row(record) -> None:
    """Hold the record's row until this transaction ends (PostgreSQL; SQLite ignores FOR
    UPDATE) and read its latest values."""
    state = sa.inspect(record)
    key = state.mapper.primary_key[0]
    db.session.execute(sa.select(key).where(key == state.identity[0]).with_for_update())
    db.session.refresh(record)


def finish(status: int) -> None:
    keep = g.pop("keep_writes", False)
    if keep or (status < 400 and request.method not in READS):
        try:
            db.session.commit()
        except Exception:
            db.session.rollback()
            _run_rollback_callbacks()
            raise
        g.pop("rollback_callbacks", None)
    else:
        db.session.rollback()
        _run_rollback_callbacks()


def _run_rollback_callbacks() -> None:
    for callback in g.pop("rollback_callbacks", []):
        callback()
