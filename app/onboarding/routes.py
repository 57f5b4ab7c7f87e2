"""Checklist pages: the start-up and exit checklists, each item's progress and evidence, the
client's sign-off, and the template new checklists start from."""

import sqlalchemy as sa
from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.models import User
from app.contracts.services import get_contract
from app.documents import queries as documents
from app.extensions import db, utcnow
from app.onboarding import bp, forms, policy, queries, rules, services
from app.onboarding.labels import refusal_text
from app.onboarding.models import Checklist
from app.web.access import allow
from app.web.forms import options, record_id
from app.web.render import render
from app.web.unit_of_work import discard_writes


def visible_or_404(checklist_id: int) -> Checklist:
    checklist = queries.checklist(checklist_id)
    if checklist is None or not policy.can_view(current_user, get_contract(), checklist):
        abort(404)
    return checklist


def people_choices() -> list[tuple[str, str]]:
    people = db.session.scalars(sa.select(User).where(User.active).order_by(User.name).limit(500))
    return [("", "—")] + [(str(u.id), u.name) for u in people]


def item_form(item=None) -> forms.ItemForm:
    if item is None:
        form = forms.ItemForm()
    else:
        form = forms.ItemForm(
            formdata=None,
            status=item.status,
            owner=str(item.owner_id or ""),
            due_on=item.due_on,
            evidence_document=str(item.evidence_document_id or ""),
            evidence_page=item.evidence_page,
            evidence_note=item.evidence_note,
        )
    form.owner.choices = options(people_choices())
    form.evidence_document.choices = options(
        [("", "—")]
        + [
            (str(i), title)
            for i, title in documents.choices(staff=policy.sees_staff_documents(current_user))
        ]
    )
    return form


def detail_page(checklist: Checklist, status: int = 200, **extra):
    contract = get_contract()
    keep = policy.can_keep(current_user)
    editable = {i.id for i in checklist.items if policy.can_update(current_user, i)}
    return render(
        "onboarding/detail.html",
        "main",
        status,
        checklist=checklist,
        forms={i.id: item_form(i) for i in checklist.items if i.id in editable},
        new_item=forms.NewItemForm(),
        sign_form=forms.SignOffForm(),
        keep=keep and not checklist.signed_off_at,
        signer=policy.is_signer(current_user, contract) and not checklist.signed_off_at,
        open_count=rules.open_items([i.status for i in checklist.items]),
        pages=rules.PAGES,
        planner=policy.can_plan(current_user),
        staff_documents=policy.sees_staff_documents(current_user),
        **extra,
    )


@bp.get("/onboarding/")
@allow(policy.AUDIENCE)
def index():
    """The start-up and exit checklists, newest first."""
    shown = queries.all_checklists() if policy.can_view(current_user, get_contract()) else []
    return render("onboarding/index.html", checklists=shown, form=forms.SignOffForm())


@bp.post("/onboarding/start/<kind>")
@allow(policy.KEEPERS)
def start(kind: str):
    """Start a checklist of this kind from the template."""
    if kind not in rules.KINDS or not forms.SignOffForm().validate_on_submit():
        abort(404 if kind not in rules.KINDS else 400)
    checklist = services.start(kind, actor=current_user, now=utcnow())
    return redirect(url_for("onboarding.detail", checklist_id=checklist.id))


@bp.get("/onboarding/<int:checklist_id>")
@allow(policy.AUDIENCE)
def detail(checklist_id: int):
    """One checklist: every item with owner, due date, status and evidence."""
    return detail_page(visible_or_404(checklist_id))


@bp.post("/onboarding/<int:checklist_id>/items/<int:item_id>")
@allow(policy.AUDIENCE)
def update_item(checklist_id: int, item_id: int):
    """Record an item's progress and evidence."""
    checklist = visible_or_404(checklist_id)
    item = queries.item(checklist.id, item_id)
    if item is None:
        abort(404)
    if not policy.can_update(current_user, item):
        abort(403)
    form = item_form()
    if not form.validate_on_submit():
        return detail_page(checklist, 422, error=_("Please check the item's fields."))
    planner = policy.can_plan(current_user)  # an owner changes progress, not who or when
    progress = services.Progress(
        status=form.status.data,
        owner_id=record_id(form.owner.data) if planner else item.owner_id,
        due_on=form.due_on.data if planner else item.due_on,
        evidence_document_id=record_id(form.evidence_document.data),
        evidence_page=form.evidence_page.data or "",
        evidence_note=form.evidence_note.data or "",
    )
    try:
        services.update_item(item, progress, actor=current_user, now=utcnow())
    except services.ChecklistError as error:
        discard_writes()
        return detail_page(checklist, 422, error=refusal_text(next(iter(error.fields.values()))))
    flash(_("Item saved."), "success")
    return redirect(url_for("onboarding.detail", checklist_id=checklist.id) + f"#item-{item.id}")


@bp.post("/onboarding/<int:checklist_id>/items")
@allow(policy.KEEPERS)
def add_item(checklist_id: int):
    """Add an item of the manager's own to this checklist."""
    checklist = visible_or_404(checklist_id)
    form = forms.NewItemForm()
    if not form.validate_on_submit():
        return detail_page(checklist, 422, error=_("Please name the item."))
    try:
        services.add_item(
            checklist, form.title.data, form.side.data, actor=current_user, now=utcnow()
        )
    except services.ChecklistError as error:
        return detail_page(checklist, 422, error=refusal_text(next(iter(error.fields.values()))))
    return redirect(url_for("onboarding.detail", checklist_id=checklist.id))


@bp.post("/onboarding/<int:checklist_id>/sign-off")
@allow(policy.AUDIENCE)
def sign_off(checklist_id: int):
    """S8: the client's project lead signs the whole checklist off."""
    checklist = visible_or_404(checklist_id)
    if not forms.SignOffForm().validate_on_submit():
        abort(400)
    signer = policy.is_signer(current_user, get_contract())
    if not signer and not checklist.signed_off_at:
        abort(403)
    try:
        services.sign_off(checklist, actor=current_user, signer_named=signer, now=utcnow())
    except services.ChecklistError as error:
        return detail_page(checklist, 422, error=refusal_text(error.fields["sign_off"]))
    flash(_("Checklist signed off."), "success")
    return redirect(url_for("onboarding.detail", checklist_id=checklist.id))


@bp.route("/onboarding/template/<kind>", methods=["GET", "POST"])
@allow(policy.KEEPERS)
def edit_template(kind: str):
    """The items a new checklist of this kind starts with; a manager adds and removes lines."""
    if kind not in rules.KINDS:
        abort(404)
    form = forms.NewItemForm()
    status = 200
    if form.is_submitted():
        status = 422
        if form.validate_on_submit():
            services.add_template_item(kind, form.title.data, form.side.data, actor=current_user)
            return redirect(url_for("onboarding.edit_template", kind=kind))
    context = dict(kind=kind, items=services.template(kind), form=form, remove=forms.SignOffForm())
    return render("onboarding/template.html", None, status, **context)


@bp.post("/onboarding/template/<kind>/<int:position>/remove")
@allow(policy.KEEPERS)
def remove_template_item(kind: str, position: int):
    """Remove one line of the template (checklists already started keep theirs)."""
    if kind not in rules.KINDS or not forms.SignOffForm().validate_on_submit():
        abort(404 if kind not in rules.KINDS else 400)
    try:
        services.remove_template_item(kind, position, actor=current_user)
    except services.ChecklistError:
        abort(404)
    return redirect(url_for("onboarding.edit_template", kind=kind))
