"""An installation ticket's flow and sign-off status over the API (API.md)."""

from flask import jsonify

from app.accounts.roles import EVERYONE
from app.api import bp, openapi
from app.api.common import ApiError, actor
from app.extensions import db
from app.installations import policy, workflow
from app.installations.models import Installation
from app.tickets import queries as ticket_queries
from app.tickets.api import visible_ticket_or_404
from app.web.access import allow
from app.web.i18n import iso


def visible_installation_or_404(number: str, user) -> Installation:
    """The installation (or an older ticket's, not prepared yet) if `user` may see it."""
    ticket = db.session.scalar(ticket_queries.get_by_number(number))
    installation = workflow.to_show(ticket) if ticket else None
    if installation is not None and policy.can_view(user, installation):
        return installation
    visible_ticket_or_404(number, user)  # hides tickets the caller may not see
    raise ApiError(404, "This ticket is not a device installation.", "not_found")


def installation_body(installation: Installation) -> dict:
    signoff = installation.signoff
    return {
        "ticket": installation.number,
        "kind": installation.kind,
        "status": installation.status,
        "prepared": installation.prepared,
        "user": installation.user.email if installation.user else None,
        "engineer": installation.engineer.email if installation.engineer else None,
        "approved_at": iso(installation.approved_at),
        "scheduled_for": iso(installation.scheduled_for),
        "installed_at": iso(installation.installed_at),
        "items": [
            {"tag": i.tag, "type": i.type, "model": i.model, "serial": i.serial}
            for i in installation.items
        ],
        "replaced": {"tag": installation.replaced_tag, "outcome": installation.replaced_outcome}
        if installation.replaced_tag
        else None,
        "signed_off": signoff is not None,
        "signoff": {
            "method": signoff.method,
            "signer": signoff.signer_name,
            "signed_at": iso(signoff.signed_at),
            "ip": signoff.ip,
        }
        if signoff
        else None,
    }


@bp.get("/tickets/<number>/installation")
@allow(EVERYONE)
def ticket_installation(number: str):
    """An installation ticket's flow and sign-off status (S5: complete only when signed)."""
    return jsonify(installation_body(visible_installation_or_404(number, actor())))


NUMBER = openapi.path_param("number")
openapi.add(
    "/api/v1/tickets/{number}/installation",
    get=openapi.op("Installation sign-off status of a ticket", params=(NUMBER,), errors=(404,)),
)
