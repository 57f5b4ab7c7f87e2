"""Working on a problem record: the root-cause analysis, the parties who agreed the plan,
and its links to incidents, changes and assets."""

from flask import abort, flash
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.roles import SERVICE_DESK
from app.contracts.services import get_contract
from app.extensions import utcnow
from app.problems import bp, forms, links, policy, services
from app.problems.errors import ProblemError
from app.problems.routes import after_change, failed, refused, visible_or_404
from app.web.access import allow

LINKED = {
    "incident": lambda numbers: _("Incidents linked: %(numbers)s.", numbers=numbers),
    "change": lambda numbers: _("Changes linked: %(numbers)s.", numbers=numbers),
    "asset": lambda numbers: _("Assets linked: %(numbers)s.", numbers=numbers),
}


@bp.post("/problems/<number>/analysis")
@allow(policy.MANAGE)
def analysis(number: str):
    """Save the root-cause analysis: what happened, the whys, fix, workaround, prevention."""
    problem = visible_or_404(number)
    form = forms.AnalysisForm()
    if not form.validate_on_submit():
        return failed(problem, [_("Please check the fields.")], 422)
    values = {name: getattr(form, name).data or "" for name in services.ANALYSIS_FIELDS}
    whys = [entry.data or "" for entry in form.whys.entries]
    try:
        services.save_analysis(problem, values, whys, actor=current_user, now=utcnow())
    except ProblemError as error:
        return refused(problem, error)
    flash(_("Root-cause analysis saved."), "success")
    return after_change(problem)


@bp.post("/problems/<number>/parties")
@allow(policy.MANAGE)
def add_party(number: str):
    """Record a party who agreed the solution plan (S16)."""
    problem = visible_or_404(number)
    form = forms.PartyForm()
    if not form.validate_on_submit():
        return failed(problem, [_("Say who agreed the plan.")], 422)
    try:
        services.add_party(
            problem, form.name.data or "", form.side.data, actor=current_user, now=utcnow()
        )
    except ProblemError as error:
        return refused(problem, error)
    flash(_("Agreement recorded."), "success")
    return after_change(problem)


@bp.post("/problems/<number>/parties/<int:party_id>/remove")
@allow(policy.MANAGE)
def remove_party(number: str, party_id: int):
    """Take back a recorded agreement (recorded by mistake)."""
    problem = visible_or_404(number)
    try:
        removed = services.remove_party(problem, party_id, actor=current_user, now=utcnow())
    except ProblemError as error:
        return refused(problem, error)
    if not removed:
        return failed(problem, [_("That agreement is no longer recorded.")], 404)
    return after_change(problem)


@bp.post("/problems/<number>/links")
@allow(SERVICE_DESK)
def link(number: str):
    """Link incidents (the desk too), or changes carrying the fix and related assets."""
    problem = visible_or_404(number)
    form = forms.LinkForm()
    kind = form.kind.data or ""
    if not form.validate_on_submit() or kind not in links.LINK_KINDS:
        return failed(problem, [_("Give the numbers or tags to link.")], 422)
    if not policy.can_link(current_user, kind):
        abort(403)
    try:
        added = links.link(
            problem,
            kind,
            forms.split(form.values.data),
            actor=current_user,
            now=utcnow(),
            contract=get_contract(),
        )
    except ProblemError as error:
        return refused(problem, error)
    if added:
        flash(LINKED[kind](", ".join(added)), "success")
    else:
        flash(_("Already linked; nothing changed."), "info")
    return after_change(problem)


@bp.post("/problems/<number>/links/remove")
@allow(SERVICE_DESK)
def unlink(number: str):
    """Take one incident, change or asset off the problem."""
    problem = visible_or_404(number)
    form = forms.UnlinkForm()
    kind = form.kind.data or ""
    if not form.validate_on_submit() or kind not in links.LINK_KINDS:
        return failed(problem, [_("Choose what to unlink.")], 422)
    if not policy.can_link(current_user, kind):
        abort(403)
    try:
        links.unlink(problem, kind, form.value.data or "", actor=current_user, now=utcnow())
    except ProblemError as error:
        return refused(problem, error)
    flash(_("Unlinked: %(value)s.", value=form.value.data), "success")
    return after_change(problem)
