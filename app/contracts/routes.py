"""The manager's contract settings page."""

import sqlalchemy as sa
from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.models import User
from app.accounts.roles import EMPLOYEE, MANAGERS
from app.contracts import bp
from app.contracts.forms import ContractForm
from app.contracts.services import get_contract, update_contract
from app.extensions import db, utcnow
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
    choices = contact_choices()
    for name in ContractForm.CONTACT_FIELDS:
        getattr(form, name).choices = choices
        if getattr(form, name).data is None:
            getattr(form, name).data = 0
    if form.validate_on_submit():
        update = update_contract(contract, form.values(), actor=current_user, now=utcnow())
        flash(_("Contract settings saved (%(count)d changed).", count=len(update.diff)), "success")
        for notice in update.notices:
            flash(notice, "info")
        return redirect(url_for("contracts.edit"))
    status = 422 if form.errors else 200
    return render("contracts/edit.html", "form", status, form=form, contract=contract)
