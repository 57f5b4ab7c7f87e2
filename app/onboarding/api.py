"""The start-up checklist over the API (API.md: /api/v1/onboarding)."""

from flask import jsonify, request

from app.api import bp, openapi
from app.api.common import ApiError, actor, validation_error
from app.contracts.services import get_contract
from app.onboarding import policy, queries, rules
from app.onboarding.labels import item_title
from app.web.access import allow
from app.web.i18n import iso


def evidence(item) -> dict | None:
    if item.evidence_document_id:
        return {"document": item.evidence_document_id}
    if item.evidence_page:
        return {"page": item.evidence_page}
    if item.evidence_note:
        return {"note": item.evidence_note}
    return None


@bp.get("/onboarding")
@allow(policy.AUDIENCE)
def get_onboarding():
    """The latest checklist of ?kind= (onboarding by default), its items with their status."""
    if not policy.can_view(actor(), get_contract()):
        # the client's people other than the named contacts do not learn of the checklist
        raise ApiError(404, "No checklist.", "not_found")
    kind = request.args.get("kind", "onboarding")
    if kind not in rules.KINDS:
        raise validation_error({"kind": "onboarding or exit."})
    checklist = queries.latest(kind)
    items = checklist.items if checklist else []
    return jsonify(
        {
            "kind": kind,
            "id": checklist.id if checklist else None,
            "signed_off_at": iso(checklist.signed_off_at) if checklist else None,
            "signed_off_by": checklist.signed_off_by.email
            if checklist and checklist.signed_off_by
            else None,
            "items": [
                {
                    "title": item_title(item),
                    "code": item.code or None,
                    "side": item.side,
                    "owner": item.owner.email if item.owner else None,
                    "due": item.due_on.isoformat() if item.due_on else None,
                    "status": item.status,
                    "evidence": evidence(item),
                }
                for item in items
            ],
        }
    )


openapi.add(
    "/api/v1/onboarding",
    get=openapi.op(
        "The start-up (or exit) checklist and its items",
        params=(openapi.query("kind", "onboarding or exit"),),
        errors=(400, 403),
    ),
)
