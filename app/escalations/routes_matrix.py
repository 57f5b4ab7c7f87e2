"""The escalation matrix page (S17): levels per kind and the triggers, kept by managers."""

from decimal import Decimal

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.escalations import bp, forms, labels, matrix, policy, rules
from app.escalations.models import MatrixLevel
from app.escalations.routes import people_options
from app.extensions import db, utcnow
from app.web.access import allow
from app.web.render import render
from app.web.unit_of_work import discard_writes


def level_form() -> forms.LevelForm:
    form = forms.LevelForm()
    form.contact_id.choices = people_options(policy.CONTACT_ROLES)
    return form


def triggers_form() -> forms.TriggersForm:
    return forms.TriggersForm(formdata=None, data=matrix.triggers())


def page(status: int = 200, **overrides):
    context = {
        "by_kind": matrix.by_kind(),
        "level_form": overrides.pop("level_form", None) or blank_level_form(),
        "triggers_form": overrides.pop("triggers_form", None) or triggers_form(),
        "errors": overrides.pop("errors", {}),
    }
    return render("escalations/matrix.html", status=status, **context)


def blank_level_form() -> forms.LevelForm:
    form = forms.LevelForm(formdata=None)
    form.contact_id.choices = people_options(policy.CONTACT_ROLES)
    return form


@bp.get("/escalations/matrix")
@allow(policy.MATRIX_EDITORS)
def matrix_page():
    return page()


def climb_minutes(hours: Decimal | None) -> int | None:
    return None if hours is None else max(1, round(hours * 60))


@bp.post("/escalations/matrix/levels")
@allow(policy.MATRIX_EDITORS)
def save_level():
    """Add a level to a kind, or replace the person and timing of an existing one."""
    form = level_form()
    if not form.validate_on_submit():
        errors = {name: " ".join(map(str, messages)) for name, messages in form.errors.items()}
        if "contact_id" in errors:
            errors["contact_id"] = str(labels.FIELD_MESSAGES["contact"])
        return page(422, level_form=form, errors=errors)
    values = {
        "kind": form.kind.data,
        "level": form.level.data,
        "title": form.title.data,
        "contact_id": form.contact_id.data,
        "climb": climb_minutes(form.climb_after_hours.data),
    }
    try:
        matrix.save_level(values, actor=current_user, now=utcnow())
    except rules.EscalationError as error:
        discard_writes()
        renamed = {"contact": "contact_id", "climb_after": "climb_after_hours"}
        messages = labels.field_messages(error.fields)
        return page(
            422, level_form=form, errors={renamed.get(k, k): v for k, v in messages.items()}
        )
    flash(_("Level saved."), "success")
    return redirect(url_for("escalations.matrix_page"))


@bp.post("/escalations/matrix/levels/<int:level_id>/delete")
@allow(policy.MATRIX_EDITORS)
def delete_level(level_id: int):
    row = db.session.get(MatrixLevel, level_id)
    if row is None:
        abort(404)
    matrix.delete_level(row, actor=current_user, now=utcnow())
    flash(_("Level removed."), "success")
    return redirect(url_for("escalations.matrix_page"))


@bp.post("/escalations/matrix/triggers")
@allow(policy.MATRIX_EDITORS)
def save_triggers():
    form = forms.TriggersForm()
    if not form.validate_on_submit():
        return page(422, triggers_form=form)
    chosen = {trigger: getattr(form, trigger).data for trigger in rules.TRIGGERS}
    matrix.set_triggers(chosen, actor=current_user, now=utcnow())
    flash(_("Triggers saved."), "success")
    return redirect(url_for("escalations.matrix_page"))
