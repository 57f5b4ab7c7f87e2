"""The contract's price list versions and staffing plan, kept by the manager (S21)."""

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.roles import MANAGERS
from app.extensions import utcnow
from app.settlements import bp, forms, labels, plan, policy, queries, services
from app.web.access import allow
from app.web.render import render
from app.web.unit_of_work import discard_writes


def page(status: int = 200, **overrides):
    context = {
        "price_lists": queries.price_lists(),
        "staffing": queries.staffing(),
        "price_form": forms.PriceListForm(),
        "staff_form": forms.AssignmentForm(),
        "error": None,
        **overrides,
    }
    return render("settlements/plan.html", status=status, **context)


def save(form, write, done_message: str, form_name: str):
    if not policy.can_prepare(current_user):
        abort(403)
    if not form.validate_on_submit():
        return page(422, error=_("Some fields are invalid."), **{form_name: form})
    try:
        write({name: field.data for name, field in form._fields.items()})
    except services.SettlementError as error:
        discard_writes()
        message = "; ".join(labels.field_errors(error.fields).values()) or labels.refusal(
            error.code
        )
        return page(error.status, error=message, **{form_name: form})
    flash(done_message, "success")
    return redirect(url_for("settlements.plan_page"))


@bp.get("/settlements/plan")
@allow(MANAGERS)
def plan_page():
    """Price list versions and the staffing plan."""
    return page()


@bp.post("/settlements/plan/prices")
@allow(MANAGERS)
def add_price_list():
    """A new price list version, valid from its date."""
    return save(
        forms.PriceListForm(),
        lambda values: plan.add_price_list(values, actor=current_user, now=utcnow()),
        _("Price list saved."),
        "price_form",
    )


@bp.post("/settlements/plan/staffing")
@allow(MANAGERS)
def add_assignment():
    """A named person joins the staffing plan, from a date (until a date)."""
    return save(
        forms.AssignmentForm(),
        lambda values: plan.add_assignment(values, actor=current_user, now=utcnow()),
        _("Staffing plan saved."),
        "staff_form",
    )
