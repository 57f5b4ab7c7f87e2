"""The manager's contract settings page."""

import sqlalchemy as sa
from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.models import User
from app.accounts.roles import EMPLOYEE, MANAGERS
from app.contracts import bp, sections
from app.contracts.forms import ContractForm
from app.contracts.services import get_contract, update_contract
from app.extensions import db, utcnow
from app.web import limits
from app.web.access import allow
from app.web.forms import options
from app.web.render import render


def contact_choices():
    users = db.session.scalars(
        sa.select(User).where(User.active, User.role != EMPLOYEE).order_by(User.name)
    )
    return options([(0, "—")] + [(u.id, f"{u.name} <{u.email}>") for u in users])


@bp.route("/", methods=["GET", "POST"])
@allow(MANAGERS)
def edit():
    """Edit the contract's parties, contacts, service levels and settlement days."""
    contract = get_contract()
    form = ContractForm(obj=contract)
    fill_contacts(form)
    if form.validate_on_submit():
        update = update_contract(contract, form.values(), actor=current_user, now=utcnow())
        flash(_("Contract settings saved (%(count)d changed).", count=len(update.diff)), "success")
        for notice in update.notices:
            flash(notice, "info")
        return redirect(url_for("contracts.edit"))
    return edit_page(contract, form, 422 if form.errors else 200)


def edit_page(contract, form: ContractForm | None = None, status: int = 200, **submitted):
    """The contract page: its own form and every section other domains add (`submitted`
    gives one section's values back with their errors)."""
    if form is None:
        form = ContractForm(obj=contract, formdata=None)
        fill_contacts(form)
    return render(
        "contracts/edit.html",
        "form",
        status,
        form=form,
        contract=contract,
        sections=sections.rendered(contract, submitted),
        rate_defaults=limits.defaults_in_words(),
    )


def fill_contacts(form: ContractForm) -> None:
    choices = contact_choices()
    for name in ContractForm.CONTACT_FIELDS:
        getattr(form, name).choices = choices
        if getattr(form, name).data is None:
            getattr(form, name).data = 0
