"""The access register over the API (API.md: /api/v1/access-grants)."""

from flask import jsonify, request

from app.access import policy, queries, rules
from app.api import bp, openapi
from app.api.common import paginate, validation_error
from app.documents.rules import local_day
from app.extensions import utcnow
from app.web.access import allow
from app.web.i18n import iso


def serializer(today):
    def serialize(made) -> dict:
        return {
            "id": made.id,
            "person": made.person.email,
            "asset": made.asset.tag,
            "kind": made.kind,
            "authorised_by": made.authorised_by.email if made.authorised_by else None,
            "until": made.until.isoformat(),
            "state": rules.grant_state(made.until, today, revoked=made.revoked_at is not None),
            "granted_at": iso(made.granted_at),
            "revoked_at": iso(made.revoked_at),
        }

    return serialize


@bp.get("/access-grants")
@allow(policy.READERS)
def list_access_grants():
    """Authorisations; ?person= an email, ?asset= a tag."""
    person = request.args.get("person", "")
    asset = request.args.get("asset", "")
    if len(person) > 254 or len(asset) > 40:
        raise validation_error({"person": "Too long."})
    found = queries.grants(person, asset)
    return jsonify(paginate(found, serializer(local_day(utcnow()))))


openapi.add(
    "/api/v1/access-grants",
    get=openapi.op(
        "Who of the vendor may access which client system or machine",
        params=(
            openapi.query("person", "A vendor person's email"),
            openapi.query("asset", "An asset tag"),
            *openapi.PAGE_PARAMS,
        ),
        list_of=True,
        errors=(400,),
    ),
)
