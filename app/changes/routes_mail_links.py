"""One-click links from mail: approve a change. A GET never changes state: it shows the
record and one button; the POST (with its CSRF token) acts, once."""

from flask import request

from app.accounts.models import User
from app.changes import approvers, bp, links, queries, services
from app.extensions import db, utcnow
from app.web.access import public
from app.web.forms import require_csrf
from app.web.render import render


def approval_state(payload: dict | None):
    """(change, approver, problem) where problem is None, 'invalid' or 'decided'."""
    if payload is None:
        return None, None, "invalid"
    change = db.session.scalar(queries.get_by_number(payload.get("c", "")))
    approver = db.session.get(User, payload.get("u", 0))
    if change is None or approver is None or not approvers.is_approver(approver, change):
        return change, approver, "invalid"
    if change.approval != "pending":
        return change, approver, "decided"
    if links.stamp(change.submitted_at) != payload.get("s"):
        return change, approver, "invalid"
    return change, approver, None


@bp.route("/c/approve/<token>", methods=["GET", "POST"])
@public
def decide_by_link(token: str):
    """From the approval mail: GET shows the change and one button; only POST approves."""
    change, approver, problem = approval_state(links.read(token, links.APPROVAL_SALT))
    if problem:
        return render(
            "changes/approve_link.html", status=410, change=change, problem=problem, done=False
        )
    if request.method == "POST":
        require_csrf()
        services.decide(
            change,
            approver,
            "approve",
            now=utcnow(),
            comment=(request.form.get("comment") or "").strip(),
            via="mail",
            ip=request.remote_addr or "",
        )
        return render("changes/approve_link.html", change=change, problem=None, done=True)
    return render("changes/approve_link.html", change=change, problem=None, done=False)
