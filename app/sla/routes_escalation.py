"""Escalation levels: who hears of a clock at the warning, the breach and further levels."""

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.accounts.roles import MANAGERS
from app.audit.services import record
from app.contracts.services import get_contract
from app.extensions import db, utcnow
from app.sla import bp
from app.sla.forms import RECIPIENT_LABELS, EscalationForm
from app.sla.models import EscalationLevel
from app.sla.scan import levels, touch_open
from app.tickets.labels import METRIC_LABELS
from app.web.access import allow
from app.web.forms import options
from app.web.render import render


@bp.route("/sla/escalations", methods=["GET", "POST"])
@allow(MANAGERS)
def escalations():
    """Who hears of a clock at the warning, at the breach and at the manager's further levels."""
    contract = get_contract()
    form = EscalationForm()
    form.metric.choices = options([("*", _l("Every metric")), *METRIC_LABELS.items()])
    if form.validate_on_submit():
        row = EscalationLevel(
            metric=form.metric.data,
            percent=form.percent.data,
            recipients=list(form.recipients.data),
            any_time=form.any_time.data,
        )
        db.session.add(row)
        db.session.flush()
        record(current_user, "sla.level_added", row, _level_details(row))
        touch_open(utcnow())
        flash(_("Escalation level added."), "success")
        return redirect(url_for("sla.escalations"))
    return render(
        "sla/escalations.html",
        "levels",
        422 if form.errors else 200,
        form=form,
        levels=levels(contract),
        contract=contract,
        recipient_labels=RECIPIENT_LABELS,
        metric_labels=METRIC_LABELS,
    )


def _level_details(row: EscalationLevel) -> dict:
    return {
        "metric": row.metric,
        "percent": row.percent,
        "recipients": row.recipients,
        "any_time": row.any_time,
    }


@bp.post("/sla/escalations/<int:level_id>/delete")
@allow(MANAGERS)
def delete_escalation(level_id: int):
    """Remove a further escalation level."""
    row = db.get_or_404(EscalationLevel, level_id)
    record(current_user, "sla.level_removed", row, _level_details(row))
    db.session.delete(row)
    flash(_("Escalation level removed."), "success")
    return redirect(url_for("sla.escalations"))
