"""The sheet opened from the settlement mail's signed link: the client's project lead reads it
and confirms or disputes it with a comment (S21), signed in or not."""

from flask import request

from app.accounts.models import User
from app.contracts.services import get_contract
from app.extensions import db, utcnow
from app.settlements import bp, labels, links, services
from app.web.access import public
from app.web.forms import require_csrf
from app.web.render import render
from app.web.unit_of_work import discard_writes

PAGE = "settlements/answer.html"


@bp.route("/s/settlement/<token>", methods=["GET", "POST"])
@public
def by_link(token: str):
    """S21: confirm or dispute from the mail; the link ends with the answer or a resend."""
    sheet, lead_id, valid = links.sheet_of(token)
    contract = get_contract()
    lead = db.session.get(User, lead_id) if lead_id else None
    if not valid or lead is None or lead.id != contract.client_project_lead_id:
        return render(PAGE, status=410, sheet=sheet, valid=False, done=None, error=None)
    if request.method == "GET":
        return render(PAGE, sheet=sheet, valid=True, done=None, error=None, token=token)
    require_csrf()
    action = request.form.get("action", "")
    try:
        if action not in ("confirm", "dispute"):
            raise services.SettlementError("action", 422)
        services.answer(
            sheet, action, request.form.get("note", ""), contract=contract, actor=lead, now=utcnow()
        )
    except services.SettlementError as error:
        discard_writes()
        sheet, _, _ = links.sheet_of(token)
        message = labels.refusal(error.code)
        return render(
            PAGE,
            status=error.status,
            sheet=sheet,
            valid=True,
            done=None,
            error=message,
            token=token,
        )
    return render(PAGE, sheet=sheet, valid=False, done=action, error=None)
