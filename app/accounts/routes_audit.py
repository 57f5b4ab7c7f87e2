"""The audit trail page for managers: who changed what, and when."""

import sqlalchemy as sa
from flask import Blueprint, request

from app.accounts.roles import MANAGERS
from app.audit.models import AuditEvent
from app.extensions import db
from app.web.access import allow
from app.web.render import render

bp = Blueprint("audit", __name__, url_prefix="/audit")


@bp.get("/")
@allow(MANAGERS)
def index():
    """The latest audit events, filterable by object type."""
    query = sa.select(AuditEvent).order_by(AuditEvent.id.desc())
    if object_type := request.args.get("type"):
        query = query.where(AuditEvent.object_type == object_type)
    events = db.session.scalars(query.limit(200)).all()
    return render("audit/index.html", "rows", events=events, object_type=object_type)
