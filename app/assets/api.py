"""Assets over the API (API.md, Assets): the same services and policy as the pages."""

from contextlib import contextmanager

from flask import jsonify, request
from flask_babel import force_locale

from app.accounts.roles import EVERYONE, STAFF
from app.api import bp, openapi
from app.api.common import ApiError, actor, json_body, paginate, validation_error
from app.assets import policy, queries, relations, rules, services
from app.assets.models import Asset
from app.assets.routes import today
from app.contracts.services import get_contract
from app.extensions import utcnow
from app.web.access import allow
from app.web.i18n import iso

STATUS_OF_PROBLEM = {"not_authorised": 422, "duplicate": 409, "reverse": 409}


def asset_summary(asset: Asset) -> dict:
    contract = get_contract()
    return {
        "tag": asset.tag,
        "type": asset.type.code,
        "model": asset.model,
        "serial": asset.serial,
        "manufacturer": asset.manufacturer,
        "status": asset.status,
        "owner": asset.owner.email if asset.owner else None,
        "department": asset.department.code if asset.department else None,
        "location": asset.location,
        "hostname": asset.hostname,
        "warranty_end": rules.display(asset.warranty_end),
        "warranty": rules.warranty_state(
            asset.warranty_end, today(), contract.warranty_warning_days
        ),
        "parameters": dict(asset.parameters or {}),
        "updated_at": iso(asset.updated_at),
        "version": asset.version,
    }


def asset_detail(asset: Asset, user) -> dict:
    """The CI as its page shows it to this user: an owner sees their device and its set;
    purchase, notes, security status, relations and history are for the vendor's staff."""
    body = asset_summary(asset)
    if not policy.can_edit(user):  # the documented keys stay, empty
        body.update(set=[member.tag for member in queries.equipment_set(asset)])
        return body | {"relations": [], "history": []}
    body.update(
        supplier=asset.supplier,
        purchase_date=rules.display(asset.purchase_date),
        purchase_cost=rules.display(asset.purchase_cost),
        notes=asset.notes,
        security={
            "default_password_changed": asset.default_password_changed,
            "password_rotated_on": rules.display(asset.password_rotated_on),
            "password_rotation_days": asset.password_rotation_days,
            "antivirus_date": rules.display(asset.antivirus_date),
            "patch_level": asset.patch_level,
            "patches_missing": asset.patches_missing,
        },
        relations=[
            {
                "kind": r.kind,
                "direction": "out" if r.asset_id == asset.id else "in",
                "target": (r.target if r.asset_id == asset.id else r.asset).tag,
            }
            for r in queries.relations(asset)
        ],
        set=[member.tag for member in queries.equipment_set(asset)],
    )
    body["history"] = [
        {
            "at": iso(line.at),
            "actor": line.actor.email if line.actor else None,
            "field": line.field,
            "old": line.old_value,
            "new": line.new_value,
            "authorized_by": line.authorized_by,
            "unauthorised": line.unauthorised,
        }
        for line in queries.history(asset)
    ]
    return body


def visible_asset_or_404(tag: str, user) -> Asset:
    asset = queries.get_by_tag(tag)
    if asset is None or not policy.can_view(user, asset):
        raise ApiError(404, "No such asset.", "not_found")
    return asset


@contextmanager
def written():
    """Run a write in English for the API; refusals become the API's errors, the rest commits.
    422 when no ticket or change authorises the change, 409 for duplicates and stale versions,
    400 for other bad input."""
    try:
        with force_locale("en"):
            yield
    except services.ConflictError:
        raise ApiError(409, "The asset was changed meanwhile; reload it.", "conflict") from None
    except services.AssetError as error:
        status = STATUS_OF_PROBLEM.get(error.code, 400)
        if status == 400:
            raise validation_error(error.fields, str(error)) from None
        code = {409: "conflict", 422: "not_authorised"}[status]
        raise ApiError(status, str(error), code, error.fields) from None


def string_or_none(body: dict, name: str) -> str | None:
    value = body.pop(name, None)
    if value is not None and not isinstance(value, str):
        raise validation_error({name: "Must be a string."})
    return value


@bp.post("/assets")
@allow(STAFF)
def create_asset():
    """Register a CI."""
    user = actor()
    body = json_body()
    authorized_by = string_or_none(body, "authorized_by")
    with written():
        asset = services.create_asset(body, actor=user, now=utcnow(), authorized_by=authorized_by)
    return jsonify(asset_detail(asset, user)), 201


@bp.get("/assets")
@allow(EVERYONE)
def list_assets():
    """CIs the caller may see (employees: their own), filtered."""
    user = actor()
    filters = {name: request.args.get(name, "") for name in ("q", "type", "status", "owner")}
    if filters["status"] and filters["status"] not in rules.STATUSES:
        raise validation_error({"status": f"One of {', '.join(rules.STATUSES)}."})
    query = queries.register(
        user, filters, today=today(), warning_days=get_contract().warranty_warning_days
    )
    return jsonify(paginate(query, asset_summary))


@bp.get("/assets/<tag>")
@allow(EVERYONE)
def get_asset(tag: str):
    """One CI with its relations, set of equipment and history."""
    user = actor()
    return jsonify(asset_detail(visible_asset_or_404(tag, user), user))


@bp.patch("/assets/<tag>")
@allow(STAFF)
def update_asset(tag: str):
    """Change a CI; without an authorising ticket or change that lists it → 422 (S13)."""
    user = actor()
    asset = visible_asset_or_404(tag, user)
    body = json_body()
    authorized_by = string_or_none(body, "authorized_by")
    note = string_or_none(body, "note") or ""
    version = body.pop("version", None)
    with written():
        services.update_asset(
            asset,
            body,
            actor=user,
            now=utcnow(),
            authorized_by=authorized_by,
            note=note,
            expected_version=version if isinstance(version, int) else None,
        )
    return jsonify(asset_detail(asset, user))


@bp.post("/assets/<tag>/relations")
@allow(STAFF)
def add_asset_relation(tag: str):
    """Relate two CIs: set_member, runs, licence, replaces."""
    user = actor()
    asset = visible_asset_or_404(tag, user)
    body = json_body()
    kind = string_or_none(body, "kind") or ""
    target = queries.get_by_tag(string_or_none(body, "target") or "")
    if target is None:
        raise validation_error({"target": "No asset has this tag."})
    authorized_by = string_or_none(body, "authorized_by")
    with written():
        relations.add_relation(
            asset, kind, target, actor=user, now=utcnow(), authorized_by=authorized_by
        )
    return jsonify(asset_detail(asset, user)), 201


TAG = openapi.path_param("tag")
ASSET_FIELDS = {
    "tag": {"type": "string", "maxLength": 40, "example": "LAP-000123"},
    "type": {"type": "string", "example": "laptop", "description": "An asset type code."},
    "model": {"type": "string"},
    "serial": {"type": "string"},
    "manufacturer": {"type": "string"},
    "supplier": {"type": "string"},
    "status": {"enum": list(rules.STATUSES)},
    "owner": {"type": ["string", "null"], "format": "email"},
    "department": {"type": ["string", "null"], "description": "A department code."},
    "location": {"type": "string"},
    "hostname": {"type": "string"},
    "purchase_date": {"type": ["string", "null"], "format": "date"},
    "purchase_cost": {"type": ["string", "number", "null"]},
    "warranty_end": {"type": ["string", "null"], "format": "date"},
    "notes": {"type": "string"},
    "default_password_changed": {"enum": list(rules.PASSWORD_STATES)},
    "password_rotated_on": {"type": ["string", "null"], "format": "date"},
    "password_rotation_days": {"type": ["integer", "null"]},
    "antivirus_date": {"type": ["string", "null"], "format": "date"},
    "patch_level": {"type": "string"},
    "patches_missing": {"type": "integer"},
    "parameters": {"type": "object", "description": "The type's parameters; null removes one."},
}
openapi.SCHEMAS["NewAsset"] = {
    "type": "object",
    "required": ["tag", "type"],
    "properties": {**ASSET_FIELDS, "authorized_by": {"type": "string"}},
}
openapi.SCHEMAS["AssetChange"] = {
    "type": "object",
    "required": ["authorized_by"],
    "properties": {
        **ASSET_FIELDS,
        "authorized_by": {
            "type": "string",
            "description": "The ticket or change number that lists this asset.",
        },
        "note": {"type": "string"},
        "version": {"type": "integer", "description": "Refuse with 409 if the asset changed."},
    },
}
openapi.SCHEMAS["AssetRelation"] = {
    "type": "object",
    "required": ["kind", "target"],
    "properties": {
        "kind": {"enum": list(rules.RELATION_KINDS)},
        "target": {"type": "string", "description": "The other asset's tag."},
        "authorized_by": {"type": "string"},
    },
}
openapi.add(
    "/api/v1/assets",
    post=openapi.op("Register an asset", body="NewAsset", ok=201, errors=(400, 403, 409, 422)),
    get=openapi.op(
        "List visible assets",
        params=(
            openapi.query("q", "Tag, serial, host name or owner"),
            openapi.query("type"),
            openapi.query("status"),
            openapi.query("owner", "The owner's email"),
            *openapi.PAGE_PARAMS,
        ),
        list_of=True,
        errors=(400,),
    ),
)
openapi.add(
    "/api/v1/assets/{tag}",
    get=openapi.op("One asset with relations and history", params=(TAG,), errors=(404,)),
    patch=openapi.op(
        "Change an asset (authorised by a ticket or change)",
        params=(TAG,),
        body="AssetChange",
        errors=(400, 403, 404, 409, 422),
    ),
)
openapi.add(
    "/api/v1/assets/{tag}/relations",
    post=openapi.op(
        "Relate two assets",
        params=(TAG,),
        body="AssetRelation",
        ok=201,
        errors=(400, 403, 404, 409),
    ),
)
