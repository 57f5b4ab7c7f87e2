"""One meeting: its page, action items added and moved on, the minutes as PDF and by mail,
and the contract's meeting schedule."""

from flask import abort, flash, make_response, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.models import User
from app.extensions import db, utcnow
from app.meetings import bp, forms, notify, pdf, policy, queries, services
from app.meetings.errors import MeetingError
from app.meetings.labels import refusal_text
from app.meetings.models import ActionItem
from app.meetings.routes import people_options, show_refusals, visible_or_404
from app.meetings.shelf import report_shelf
from app.web.access import allow
from app.web.forms import require_csrf
from app.web.i18n import current_lang
from app.web.render import render, respond_after_write


def detail_context(meeting, item_form=None) -> dict:
    item_form = item_form or forms.ActionItemForm(formdata=None)
    item_form.owner_id.choices = people_options(blank=True)
    shelf = report_shelf()
    return {
        "meeting": meeting,
        "item_form": item_form,
        "status_form": forms.ItemStatusForm(formdata=None),
        "can_set_status": lambda item: policy.can_set_status(current_user, item),
        "today": queries.local_today(utcnow()),
        "report_label": shelf.label(meeting.report_id) if meeting.report_id else None,
        "report_url": shelf.url(meeting.report_id) if meeting.report_id else None,
        "can_manage": policy.can_manage(current_user),
    }


@bp.get("/meetings/<int:meeting_id>")
@allow(policy.READERS)
def detail(meeting_id: int):
    """The meeting: attendees, agenda, minutes, decisions and action items."""
    meeting = visible_or_404(meeting_id)
    return render("meetings/detail.html", **detail_context(meeting))


@bp.post("/meetings/<int:meeting_id>/items")
@allow(policy.MANAGE)
def add_item(meeting_id: int):
    """Add an action item with its owner and due date."""
    meeting = visible_or_404(meeting_id)
    form = forms.ActionItemForm()
    form.owner_id.choices = people_options(blank=True)
    if form.validate_on_submit():
        owner = db.session.get(User, form.owner_id.data) if form.owner_id.data else None
        try:
            services.add_action_item(
                meeting, form.title.data, owner, form.due_on.data, actor=current_user, now=utcnow()
            )
        except MeetingError as error:
            show_refusals(form, error)
    if form.errors:
        return render("meetings/detail.html", "items", 422, **detail_context(meeting, form))
    return respond_after_write(
        "meetings/detail.html",
        "items",
        url_for("meetings.detail", meeting_id=meeting.id),
        lambda: detail_context(meeting),
    )


@bp.post("/meetings/items/<int:item_id>/status")
@allow(policy.READERS)
def item_status(item_id: int):
    """Mark an action item open, done or dropped (a manager, or the item's owner)."""
    item = db.session.get(ActionItem, item_id)
    if item is None:
        abort(404)
    meeting = visible_or_404(item.meeting_id)
    if not policy.can_set_status(current_user, item):
        abort(403)
    form = forms.ItemStatusForm()
    if not form.validate_on_submit():
        flash(refusal_text("status"), "error")
        return render("meetings/detail.html", "items", 422, **detail_context(meeting))
    services.set_item_status(item, form.status.data, actor=current_user, now=utcnow())
    return respond_after_write(
        "meetings/detail.html",
        "items",
        url_for("meetings.detail", meeting_id=meeting.id),
        lambda: detail_context(meeting),
    )


@bp.post("/meetings/<int:meeting_id>/send-minutes")
@allow(policy.MANAGE)
def send_minutes(meeting_id: int):
    """Mail the minutes as PDF to every attendee with an account, each in their language."""
    meeting = visible_or_404(meeting_id)
    require_csrf()
    sent = notify.minutes(meeting, actor=current_user, now=utcnow())
    if sent:
        flash(_("The minutes are on their way to %(n)d attendees.", n=sent), "success")
    else:
        flash(_("No attendee has a mail address."), "error")
    return redirect(url_for("meetings.detail", meeting_id=meeting.id))


@bp.get("/meetings/<int:meeting_id>/minutes.pdf")
@allow(policy.READERS)
def minutes_pdf(meeting_id: int):
    """The minutes as PDF in the reader's language."""
    meeting = visible_or_404(meeting_id)
    lang = current_lang()
    response = make_response(pdf.render(meeting, lang))
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = f'inline; filename="{pdf.filename(meeting, lang)}"'
    return response


@bp.route("/meetings/schedule", methods=["GET", "POST"])
@allow(policy.MANAGE)
def schedule():
    """The contract's regular meetings: kind, cadence and usual day and time."""
    form = forms.ScheduleForm()
    if form.validate_on_submit():
        data = services.ScheduleInput(
            kind=form.kind.data,
            cadence=form.cadence.data,
            week=form.week.data,
            weekday=form.weekday.data,
            start_time=(form.start_time.data or "").strip(),
            duration_minutes=form.duration_minutes.data,
            location=form.location.data or "",
            active=form.active.data,
        )
        try:
            services.save_schedule(data, actor=current_user, now=utcnow())
        except MeetingError as error:
            show_refusals(form, error)
        else:
            flash(_("The meeting schedule is saved."), "success")
            return redirect(url_for("meetings.schedule"))
    status = 422 if form.errors else 200
    return render(
        "meetings/schedule.html", "form", status, form=form, schedules=queries.schedules()
    )
