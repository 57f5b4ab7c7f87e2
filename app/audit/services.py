"""Writing to the audit trail (flush only; the request commits)."""

from collections.abc import Callable
from datetime import datetime

from flask import has_request_context, request

from app.audit.models import AuditEvent
from app.extensions import db, utcnow

# Listeners above (e.g. group-chat announcements) hear of recorded actions in the same
# transaction: listener(actor, action, obj, details, now).
_listeners: list[Callable] = []


def on_record(listener: Callable) -> Callable:
    """Register a listener called after every audit event is added."""
    if listener not in _listeners:
        _listeners.append(listener)
    return listener


def record(actor, action: str, obj, details: dict | None = None, *, now: datetime | None = None):
    """Append one audit event for `obj` (any model with an id); in a request, with the
    address it came from."""
    details = dict(details or {})
    if has_request_context() and request.remote_addr:
        details.setdefault("source", request.remote_addr)
    event = AuditEvent(
        at=now or utcnow(),
        actor_id=getattr(actor, "id", None),
        action=action,
        object_type=obj.__tablename__,
        object_key=str(getattr(obj, "number", None) or obj.id),
        details=details,
    )
    db.session.add(event)
    for listener in _listeners:
        listener(actor, action, obj, event.details, event.at)
    return event


def record_export(actor, what: str, fmt: str, **details) -> None:
    """A download of many records (a register, a ticket list, a sheet) is audited: who took
    which data, when and from where. Kept although the request only reads."""
    from app.web.unit_of_work import keep_writes

    record(actor, "data.export", actor, {"what": what, "format": fmt, **details})
    keep_writes()


def changes(obj, fields: dict) -> dict:
    """{field: [old, new]} for the fields whose value differs, as JSON-safe strings."""
    diff = {}
    for name, new in fields.items():
        old = getattr(obj, name)
        if old != new:
            diff[name] = [None if old is None else str(old), None if new is None else str(new)]
    return diff
