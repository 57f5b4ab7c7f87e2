"""The client's notices of business and organisation changes (S18): recorded by the client,
acknowledged by the vendor's manager with the follow-up."""

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.contracts.services import get_contract
from app.extensions import db, utcnow
from app.notices import bp, forms, policy, queries, services
from app.notices.errors import AlreadyAcknowledged, NoticeError
from app.notices.labels import refusal_text
from app.notices.models import ClientNotice
from app.web.access import allow
from app.web.render import render


def page(form=None, status: int = 200, failed_id: int | None = None, ack_form=None):
    notices = db.paginate(
        queries.client_notices(),
        page=max(request.args.get("page", 1, type=int), 1),
        per_page=30,
        error_out=False,
    )
    return render(
        "notices/client.html",
        "form",
        status,
        notices=notices,
        form=form or forms.ClientNoticeForm(formdata=None),
        ack_form=ack_form or forms.AcknowledgeForm(formdata=None),
        failed_id=failed_id,
    )


@bp.get("/client-notices/")
@allow(policy.CLIENT_READERS)
def client_notices():
    """The client's notices, unacknowledged first."""
    return page()


@bp.post("/client-notices/")
@allow(policy.CLIENT_REPORTERS)
def record_client_notice():
    """Record a business or organisation change of the client."""
    if not policy.can_report(current_user, get_contract()):
        abort(403)
    form = forms.ClientNoticeForm()
    if form.validate_on_submit():
        data = services.ClientNoticeInput(
            kind=form.kind.data,
            effective_on=form.effective_on.data,
            description=form.description.data or "",
        )
        try:
            services.record_client_notice(data, actor=current_user, now=utcnow())
        except NoticeError as error:
            for name, code in error.fields.items():
                getattr(form, name, form.description).errors.append(refusal_text(code))
        else:
            flash(_("The notice is recorded; the vendor's manager is told."), "success")
            return redirect(url_for("notices.client_notices"))
    return page(form, 422)


@bp.post("/client-notices/<int:notice_id>/acknowledge")
@allow(policy.ACKNOWLEDGE)
def acknowledge_client_notice(notice_id: int):
    """The vendor's manager acknowledges a client notice and names the follow-up."""
    notice = db.session.get(ClientNotice, notice_id)
    if notice is None:
        abort(404)
    form = forms.AcknowledgeForm()
    if not form.validate_on_submit():
        return page(status=422, failed_id=notice.id, ack_form=form)
    try:
        services.acknowledge(notice, form.follow_up.data or "", actor=current_user, now=utcnow())
    except NoticeError as error:
        form.follow_up.errors.append(refusal_text(error.fields["follow_up"]))
        return page(status=422, failed_id=notice.id, ack_form=form)
    except AlreadyAcknowledged:
        abort(409)
    flash(_("The notice is acknowledged."), "success")
    return redirect(url_for("notices.client_notices"))
