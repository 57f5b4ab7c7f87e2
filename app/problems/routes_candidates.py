"""Recurrence candidates for the manager: repeated incidents, turned into a problem or
dismissed (and the dismissal remembered)."""

from flask import abort, flash, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.contracts.services import get_contract
from app.extensions import db, utcnow
from app.problems import bp, detection, forms, policy
from app.problems.models import RecurrenceCandidate
from app.problems.queries import problem_numbers_of
from app.web.access import allow
from app.web.i18n import current_lang
from app.web.render import render, respond_after_write


def candidates_context() -> dict:
    contract = get_contract()
    rows = db.session.scalars(detection.listing()).all()
    return {
        "candidates": rows,
        "dismiss_form": forms.DismissForm(),
        "window_days": contract.recurrence_window_days,
        "minimum": detection.minimum(contract),
        "problems_of": problem_numbers_of([t.id for c in rows for t in c.tickets]),
    }


@bp.get("/problems/candidates")
@allow(policy.MANAGE)
def candidates():
    """Incidents repeating on one asset, model or catalog item, with their incidents."""
    return render("problems/candidates.html", "list", **candidates_context())


@bp.post("/problems/candidates/<int:candidate_id>/dismiss")
@allow(policy.MANAGE)
def dismiss(candidate_id: int):
    """Not a problem: these incidents stop counting for this group, for good."""
    candidate = db.get_or_404(RecurrenceCandidate, candidate_id)
    form = forms.DismissForm()
    if not form.validate_on_submit():
        abort(400)
    name = detection.display_name(candidate, current_lang())
    detection.dismiss(candidate, actor=current_user, now=utcnow(), note=form.note.data or "")
    flash(
        _("Dismissed: %(name)s. These incidents will not be suggested again.", name=name), "success"
    )
    return respond_after_write(
        "problems/candidates.html",
        "list",
        url_for("problems.candidates"),
        candidates_context,
    )
