"""One unit of work per request, the way Indico's request handlers do it: a write request
answered below 400 commits, anything else rolls back, in this one place. Routes never commit.
"""

from collections.abc import Callable

from flask import Flask, g, request

from app.extensions import db

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
