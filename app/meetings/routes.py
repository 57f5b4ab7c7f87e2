"""Meeting pages: the list with the schedule's proposals, recording and editing a meeting,
and the meeting with its minutes, decisions and action items."""

from contextlib import suppress
from datetime import datetime

import sqlalchemy as sa
from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.models import User
from app.extensions import db, utcnow
from app.meetings import bp, forms, policy, queries, rules, services
from app.meetings.errors import MeetingError
from app.meetings.labels import refusal_text
from app.meetings.models import Meeting
from app.meetings.shelf import report_shelf
from app.web.access import allow
from app.web.forms import options
from app.web.i18n import SHANGHAI
from app.web.render import render


def visible_or_404(meeting_id: int) -> Meeting:
    meeting = queries.meeting(meeting_id)
    if not policy.can_view(current_user, meeting):
        abort(404)
    return meeting


def people_options(blank: bool = False):
    people = db.session.scalars(
        sa.select(User).where(User.active, User.role.in_(sorted(policy.OWNERS))).order_by(User.name)
    )
    pairs = [(u.id, u.name) for u in people]
    return options(([(0, "—")] if blank else []) + pairs)


def local(value: datetime | None) -> datetime | None:
    """A datetime-local value is Asia/Shanghai wall time."""
    return value.replace(tzinfo=SHANGHAI) if value else None


def show_refusals(form, error: MeetingError) -> None:
    for name, code in error.fields.items():
        field = getattr(form, name, None)
        (field if field is not None else next(iter(form))).errors.append(refusal_text(code))


def meeting_form(meeting: Meeting | None = None) -> forms.MeetingForm:
    form = forms.MeetingForm()
    form.attendee_ids.choices = people_options()
    form.report_id.choices = options([(0, "—"), *report_shelf().choices()])
    if meeting is not None and not form.is_submitted():
        form.process(obj=meeting)
        form.starts_at.data = meeting.starts_at.astimezone(SHANGHAI).replace(tzinfo=None)
        if meeting.ends_at:
            form.ends_at.data = meeting.ends_at.astimezone(SHANGHAI).replace(tzinfo=None)
        form.attendee_ids.data = [u.id for u in meeting.attendees]
        form.external.data = "\n".join(meeting.external_attendees or [])
        form.report_id.data = meeting.report_id or 0
        form.version.data = str(meeting.version)
    return form


def meeting_input(form) -> services.MeetingInput:
    wanted = form.attendee_ids.data or []
    people = db.session.scalars(sa.select(User).where(User.id.in_(wanted))).all() if wanted else []
    return services.MeetingInput(
        kind=form.kind.data,
        starts_at=local(form.starts_at.data),
        ends_at=local(form.ends_at.data),
        title=form.title.data or "",
        location=form.location.data or "",
        attendees=list(people),
        external=form.external.data or "",
        agenda=form.agenda.data or "",
        minutes_markdown=form.minutes_markdown.data or "",
        decisions=form.decisions.data or "",
        report_id=form.report_id.data or None,
    )


@bp.get("/meetings/")
@allow(policy.READERS)
def index():
    """Meetings the user may read, latest first; managers see the schedule's next dates."""
    meetings = db.paginate(
        queries.visible_meetings(current_user),
        page=max(request.args.get("page", 1, type=int), 1),
        per_page=30,
        error_out=False,
    )
    proposals = []
    if policy.can_manage(current_user):
        now = utcnow()
        for schedule in queries.schedules():
            if schedule.active:
                proposals += queries.proposals(schedule, now)
    today = queries.local_today(utcnow())
    return render(
        "meetings/index.html", "rows", meetings=meetings, proposals=proposals, today=today
    )


@bp.route("/meetings/new", methods=["GET", "POST"])
@allow(policy.MANAGE)
def new():
    """Record a meeting (prefilled from a proposed date of the schedule)."""
    form = meeting_form()
    if not form.is_submitted():
        form.attendee_ids.data = [current_user.id]
        if request.args.get("kind") in rules.KINDS:
            form.kind.data = request.args["kind"]
        for name in ("starts_at", "ends_at"):
            with suppress(ValueError):
                getattr(form, name).data = datetime.fromisoformat(request.args.get(name, ""))
        form.location.data = request.args.get("location", "")[:200]
    elif form.validate_on_submit():
        try:
            meeting = services.save_meeting(
                None, meeting_input(form), actor=current_user, now=utcnow()
            )
        except MeetingError as error:
            show_refusals(form, error)
        else:
            flash(_("The meeting is recorded."), "success")
            return redirect(url_for("meetings.detail", meeting_id=meeting.id))
    return render(
        "meetings/edit.html", "form", 422 if form.errors else 200, form=form, meeting=None
    )


@bp.route("/meetings/<int:meeting_id>/edit", methods=["GET", "POST"])
@allow(policy.MANAGE)
def edit(meeting_id: int):
    """Change a meeting: times, attendees, agenda, minutes, decisions, the report."""
    meeting = visible_or_404(meeting_id)
    form = meeting_form(meeting)
    if form.validate_on_submit():
        if form.version.data and form.version.data != str(meeting.version):
            abort(409)
        try:
            services.save_meeting(meeting, meeting_input(form), actor=current_user, now=utcnow())
        except MeetingError as error:
            show_refusals(form, error)
        else:
            flash(_("The meeting is saved."), "success")
            return redirect(url_for("meetings.detail", meeting_id=meeting.id))
    status = 422 if form.errors else 200
    return render("meetings/edit.html", "form", status, form=form, meeting=meeting)
