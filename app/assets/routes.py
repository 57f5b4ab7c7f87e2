"""Register pages: search the register, my devices, an asset's page, register and change CIs."""

from collections.abc import Callable
from datetime import date

import sqlalchemy as sa
from flask import abort, flash, redirect, request, url_for
from flask_login import current_user

from app.accounts.models import Department
from app.accounts.roles import EVERYONE, STAFF
from app.assets import bp, forms, policy, queries, relations, rules, security, services
from app.assets.labels import _
from app.assets.models import Asset, AssetRelation
from app.contracts.services import get_contract
from app.extensions import db, utcnow
from app.web.access import allow
from app.web.forms import options
from app.web.i18n import SHANGHAI, current_lang
from app.web.render import render, respond_after_write
from app.web.unit_of_work import discard_writes

PER_PAGE = 50


def today() -> date:
    """The client's calendar day (Asia/Shanghai)."""
    return utcnow().astimezone(SHANGHAI).date()


def visible_or_404(tag: str) -> Asset:
    """A CI the current user may see; 404 (not 403) so tags do not leak."""
    asset = queries.get_by_tag(tag)
    if asset is None or not policy.can_view(current_user, asset):
        abort(404)
    return asset


def editable_or_404(tag: str) -> Asset:
    asset = visible_or_404(tag)
    if not policy.can_edit(current_user):
        abort(403)
    return asset


def warranty_of(contract, day: date):
    return lambda asset: rules.warranty_state(
        asset.warranty_end, day, contract.warranty_warning_days
    )


def type_options(blank: str | None = None):
    lang = current_lang()
    pairs = [(t.code, t.name(lang)) for t in services.asset_types()]
    return options(([("", blank)] if blank is not None else []) + pairs)


def department_options(blank: str):
    lang = current_lang()
    departments = db.session.scalars(sa.select(Department).order_by(Department.code))
    return options([("", blank)] + [(d.code, d.name(lang)) for d in departments])


@bp.get("/")
@allow(STAFF)
def index():
    """The register: search as you type over tag, serial, owner and host name; filter; page."""
    filters = {name: request.args.get(name, "").strip() for name in queries.FILTERS}
    page = max(request.args.get("page", 1, type=int), 1)
    contract, day = get_contract(), today()
    query = queries.register(
        current_user, filters, today=day, warning_days=contract.warranty_warning_days
    )
    assets, has_next = queries.page_of(query, page, PER_PAGE)
    return render(
        "assets/index.html",
        "rows",
        assets=assets,
        page=page,
        has_next=has_next,
        filters=filters,
        active_filters={k: v for k, v in filters.items() if v},
        types=type_options(_("Any type")),
        departments=department_options(_("Any department")),
        warranty=warranty_of(contract, day),
        can_manage=policy.can_manage(current_user),
    )


@bp.get("/mine")
@allow(EVERYONE)
def mine():
    """My devices: what I hold, its warranty, and a quick way to report a problem with it."""
    query = (
        sa.select(Asset)
        .where(Asset.owner_id == current_user.id, Asset.status.in_(rules.ACTIVE_STATUSES))
        .order_by(Asset.tag)
    )
    contract = get_contract()
    return render(
        "assets/mine.html",
        assets=db.session.scalars(query).all(),
        warranty=warranty_of(contract, today()),
    )


@bp.get("/<tag>")
@allow(EVERYONE)
def detail(tag: str):
    """An asset's page: facts, set of equipment, relations, RMAs, tickets, history."""
    asset = visible_or_404(tag)
    return render("assets/detail.html", "main", **detail_context(asset))


def detail_context(asset: Asset, **overrides) -> dict:
    from app.tickets import policy as ticket_policy

    contract, day = get_contract(), today()
    staff = policy.can_edit(current_user)
    tickets = [t for t in queries.tickets_for(asset.tag) if ticket_policy.can_view(current_user, t)]
    context = {
        "asset": asset,
        "staff": staff,
        "warranty": rules.warranty_state(asset.warranty_end, day, contract.warranty_warning_days),
        # only devices this person may open: an employee's set may hold shared equipment
        "equipment_set": [
            member
            for member in queries.equipment_set(asset)
            if policy.can_view(current_user, member)
        ],
        "relations": queries.relations(asset),
        "tickets": tickets,
        "records": [(n, services.record_link(n)) for n in queries.authorising_records(asset)]
        if staff
        else [],
        "rmas": queries.rmas_for(asset) if staff else [],
        "history": queries.history(asset, limit=300) if staff else [],
        "findings": security.findings_of(asset, day, contract) if staff else [],
        "audits": queries.open_audits_for(asset) if staff else [],
        "relation_form": forms.RelationForm(),
        "remove_form": forms.RemoveRelationForm(),
        "rma_form": forms.RmaForm(),
        "return_form": forms.RmaReturnForm(status="in_use"),
        "parameter_defs": asset.type.parameters,
    }
    context.update(overrides)
    return context


def form_for(asset: Asset | None) -> forms.AssetForm:
    """The asset form, filled from the CI (or empty for a new one)."""
    form = forms.AssetForm()
    if asset is not None and request.method == "GET":
        for name in forms.AssetForm.FIELDS:
            value = services.shown(name, getattr(asset, name))
            getattr(form, name).data = value or ""
        form.version.data = asset.version
    form.type.choices = type_options()
    form.department.choices = department_options("—")
    return form


def submitted_values(form: forms.AssetForm, asset_type_code: str) -> dict:
    """The form's fields and the chosen type's parameters (inputs named param:<key>)."""
    values = {name: getattr(form, name).data for name in forms.AssetForm.FIELDS}
    asset_type = next((t for t in services.asset_types() if t.code == asset_type_code), None)
    if asset_type is not None:
        values["parameters"] = {
            d["key"]: request.form.get(f"param:{d['key']}", "") for d in asset_type.parameters
        }
    return values


def show_errors(form, error: services.AssetError) -> None:
    """The message on top, each field's reason beside it (parameters: beside their input)."""
    flash(str(error), "error")
    form.parameter_errors = {}
    for name, message in error.fields.items():
        if name.startswith("parameters."):
            form.parameter_errors[name[11:]] = message
        elif name in form:
            form[name].errors = [*form[name].errors, message]
        else:
            flash(message, "error")


def parameter_values(asset: Asset | None) -> dict:
    if request.method == "POST":
        return {k[6:]: v for k, v in request.form.items() if k.startswith("param:")}
    return dict(asset.parameters) if asset else {}


def form_page(form, asset: Asset | None, status: int = 200):
    type_code = form.type.data or (asset.type.code if asset else "")
    asset_type = next((t for t in services.asset_types(False) if t.code == type_code), None)
    return render(
        "assets/form.html",
        "form",
        status,
        form=form,
        asset=asset,
        parameter_defs=asset_type.parameters if asset_type else [],
        parameters=parameter_values(asset),
        parameter_errors=getattr(form, "parameter_errors", {}),
        may_record_unauthorised=policy.can_record_unauthorised(current_user),
    )


@bp.route("/new", methods=["GET", "POST"])
@allow(STAFF)
def new():
    """Register a CI."""
    form = form_for(None)
    if request.method == "GET":
        form.type.data = request.args.get("type", form.type.data)
        form.status.data = "in_stock"
        form.default_password_changed.data = "unknown"
    if form.validate_on_submit():
        values = submitted_values(form, form.type.data)
        try:
            asset = services.create_asset(
                values,
                actor=current_user,
                now=utcnow(),
                authorized_by=form.authorized_by.data or None,
                note=form.note.data or "",
            )
        except services.AssetError as error:
            show_errors(form, error)
        else:
            flash(_("%(tag)s registered.", tag=asset.tag), "success")
            return redirect(url_for("assets.detail", tag=asset.tag))
    return form_page(form, None, 422 if request.method == "POST" else 200)


@bp.get("/parameter-fields")
@allow(STAFF)
def parameter_fields():
    """The chosen type's parameter inputs, swapped into the asset form."""
    code = request.args.get("type", "")
    asset_type = next((t for t in services.asset_types(False) if t.code == code), None)
    return render(
        "assets/_partials/parameters.html",
        parameter_defs=asset_type.parameters if asset_type else [],
        parameters={},
    )


@bp.route("/<tag>/edit", methods=["GET", "POST"])
@allow(STAFF)
def edit(tag: str):
    """Change a CI: only with the ticket or change that authorises it (S13)."""
    asset = editable_or_404(tag)
    form = form_for(asset)
    if form.validate_on_submit():
        version = int(form.version.data) if str(form.version.data).isdigit() else None
        found = bool(form.found_in_audit.data) and policy.can_record_unauthorised(current_user)
        try:
            diff = services.update_asset(
                asset,
                submitted_values(form, form.type.data),
                actor=current_user,
                now=utcnow(),
                authorized_by=form.authorized_by.data or None,
                unauthorised_found_in_audit=found,
                note=form.note.data or "",
                expected_version=version,
            )
        except services.ConflictError:
            flash(_("Someone else changed %(tag)s meanwhile. Nothing was saved.", tag=tag), "error")
            return form_page(form, visible_or_404(tag), 409)
        except services.AssetError as error:
            show_errors(form, error)
            return form_page(form, visible_or_404(tag), 422)
        flash(_("%(tag)s saved (%(count)d changes).", tag=asset.tag, count=len(diff)), "success")
        return redirect(url_for("assets.detail", tag=asset.tag))
    return form_page(form, asset, 422 if request.method == "POST" else 200)


def detail_failed(asset_tag: str, error: services.AssetError, **overrides):
    discard_writes()
    flash(str(error), "error")
    asset = visible_or_404(asset_tag)
    return render("assets/detail.html", "main", 422, **detail_context(asset, **overrides))


@bp.post("/<tag>/relations")
@allow(STAFF)
def add_relation(tag: str):
    """Relate this CI to another: same set, runs, licence, replaces."""
    asset = editable_or_404(tag)
    form = forms.RelationForm()
    if not form.validate_on_submit():
        return detail_failed(tag, services.AssetError(_("Give the other asset's tag.")))
    target = queries.get_by_tag(form.target.data)
    if target is None:
        message = _("No asset has the tag %(tag)s.", tag=rules.normalise_tag(form.target.data))
        return detail_failed(tag, services.AssetError(message), relation_form=form)
    return detail_action(
        asset,
        lambda: relations.add_relation(
            asset,
            form.kind.data,
            target,
            actor=current_user,
            now=utcnow(),
            authorized_by=form.authorized_by.data or None,
        ),
        _("Related to %(tag)s.", tag=target.tag),
        relation_form=form,
    )


@bp.post("/<tag>/relations/<int:relation_id>/remove")
@allow(STAFF)
def remove_relation(tag: str, relation_id: int):
    """Remove a relation of this CI (both CIs' histories keep it)."""
    asset = editable_or_404(tag)
    relation = db.session.get(AssetRelation, relation_id)
    if relation is None or asset.id not in (relation.asset_id, relation.target_id):
        abort(404)
    form = forms.RemoveRelationForm()
    if not form.validate_on_submit():
        abort(400)
    return detail_action(
        asset,
        lambda: relations.remove_relation(
            relation, actor=current_user, now=utcnow(), authorized_by=form.authorized_by.data
        ),
        _("Relation removed."),
    )


def detail_action(asset: Asset, write: Callable[[], object], done: str, **overrides):
    """One write from the asset page: commit and confirm, or the page again with the reason."""
    try:
        write()
    except services.AssetError as error:
        return detail_failed(asset.tag, error, **overrides)
    flash(done, "success")
    return after_change(asset)


def after_change(asset: Asset):
    """htmx requests get the refreshed page region; plain posts a redirect."""
    return respond_after_write(
        "assets/detail.html",
        "main",
        url_for("assets.detail", tag=asset.tag),
        lambda: detail_context(asset),
    )
