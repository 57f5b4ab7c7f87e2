"""People copied on a ticket (watchers): the desk adds and removes them on the ticket page."""

from flask import abort, flash
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.roles import SERVICE_DESK
from app.extensions import utcnow
from app.tickets import bp, forms, policy, watching
from app.tickets.routes.ticket import action_failed, after_change, visible_or_404
from app.web.access import allow


@bp.post("/tickets/<number>/watchers")
@allow(SERVICE_DESK)
def add_watcher(number: str):
    """Copy someone with an account on the ticket; they hear of its public updates."""
    ticket = visible_or_404(number)
    if not policy.can_copy(current_user, ticket):
        abort(403)
    form = forms.WatcherForm()
    if not form.validate_on_submit():
        return action_failed(ticket, _("Give a mail address."), 422)
    people, refused = watching.people_to_copy([form.address.data])
    if refused or not people:
        address = ", ".join(refused) or form.address.data.strip()
        message = _("Nobody in the portal has the address %(address)s.", address=address)
        return action_failed(ticket, message, 422)
    added = watching.add_watchers(ticket, people, source="desk", actor=current_user, now=utcnow())
    if added:
        flash(_("%(name)s is copied on this ticket.", name=people[0].name), "success")
    else:
        flash(_("%(name)s is already told of this ticket.", name=people[0].name), "info")
    return after_change(ticket)


@bp.post("/tickets/<number>/watchers/<int:watcher_id>/remove")
@allow(SERVICE_DESK)
def remove_watcher(number: str, watcher_id: int):
    """Stop copying someone on the ticket."""
    ticket = visible_or_404(number)
    if not policy.can_copy(current_user, ticket):
        abort(403)
    try:
        watching.remove_watcher(ticket, watcher_id, actor=current_user, now=utcnow())
    except watching.WatcherError:
        abort(404)
    flash(_("No longer copied."), "success")
    return after_change(ticket)
