"""The contract's change set-up, kept by managers: approvers and standard-change templates."""

import sqlalchemy as sa
from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.models import Department, User
from app.accounts.roles import APPROVER, MANAGERS
from app.changes import approvers as approver_lists
from app.changes import bp, forms, services
from app.changes.models import ChangeApprover, ChangeTemplate
from app.changes.routes import department_options
from app.extensions import db, utcnow
from app.web.access import allow
from app.web.forms import options
from app.web.render import render


@bp.route("/changes/approvers", methods=["GET", "POST"])
@allow(MANAGERS)
def approvers():
    """Who approves changes and installations: per department or for all."""
    form = forms.ApproverForm()
    people = db.session.scalars(
        sa.select(User).where(User.role == APPROVER, User.active).order_by(User.name)
    )
    form.user_id.choices = options([(u.id, f"{u.name} <{u.email}>") for u in people])
    form.department_id.choices = department_options(_("All departments"))
    if form.validate_on_submit():
        user = db.session.get(User, form.user_id.data)
        department = db.session.get(Department, form.department_id.data or 0)
        try:
            approver_lists.add_approver(user, department, actor=current_user, now=utcnow())
        except services.ChangeError as error:
            form.user_id.errors = [str(error)]
        else:
            flash(_("Approver added."), "success")
            return redirect(url_for("changes.approvers"))
    rows = db.session.scalars(approver_lists.named_approvers().order_by(ChangeApprover.id)).all()
    return render(
        "changes/approvers.html", "list", 422 if form.errors else 200, form=form, rows=rows
    )


@bp.post("/changes/approvers/<int:row_id>/remove")
@allow(MANAGERS)
def remove_approver(row_id: int):
    """Take an approver off the list."""
    row = db.get_or_404(ChangeApprover, row_id)
    approver_lists.remove_approver(row, actor=current_user)
    flash(_("Approver removed."), "success")
    return redirect(url_for("changes.approvers"))


@bp.route("/changes/templates", methods=["GET", "POST"])
@allow(MANAGERS)
def templates():
    """Pre-approved standard changes (S15 routine): used as they are, without new approval."""
    form = forms.TemplateForm()
    if form.validate_on_submit():
        values = {name: getattr(form, name).data for name in TEMPLATE_FIELDS}
        try:
            services.save_template(values, actor=current_user, now=utcnow())
        except services.ChangeError as error:
            for name in error.fields:
                getattr(form, name).errors = [_("Even a routine change needs a way back.")]
        else:
            flash(_("Template saved."), "success")
            return redirect(url_for("changes.templates"))
    rows = db.session.scalars(sa.select(ChangeTemplate).order_by(ChangeTemplate.id)).all()
    return render(
        "changes/templates.html", "list", 422 if form.errors else 200, form=form, rows=rows
    )


TEMPLATE_FIELDS = (
    "name_zh",
    "name_en",
    "category",
    "description",
    "implementation_plan",
    "backout_plan",
    "test_plan",
    "risk_likelihood",
    "risk_impact",
)
