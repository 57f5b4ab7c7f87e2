"""Writing to the audit trail (flush only; the request commits)."""

from datetime import datetime

from app.audit.models import AuditEvent
from app.extensions import db, utcnow


def record(actor, action: str, obj, details: dict | None = None, *, now: datetime | None = None):
    """Append one audit event for `obj` (any model with an id)."""
    event = AuditEvent(
        at=now or utcnow(),
        actor_id=getattr(actor, "id", None),
        action=action,
        object_type=obj.__tablename__,
        object_key=str(getattr(obj, "number", None) or obj.id),
        details=details or {},
    )
    db.session.add(event)
    return event


def changes(obj, fields: dict) -> dict:
    """{field: [old, new]} for the fields whose value differs, as JSON-safe strings."""
    diff = {}
    for name, new in fields.items():
        old = getattr(obj, name)
        if old != new:
            diff[name] = [None if old is None else str(old), None if new is None else str(new)]
    return diff
