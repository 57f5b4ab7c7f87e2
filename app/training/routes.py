"""Training pages: the plans, one plan with its sessions and attendance, a person's record."""

import sqlalchemy as sa
from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.models import User
from app.accounts.roles import STAFF
from app.documents import queries as documents
from app.documents.models import Document
from app.extensions import db, utcnow
from app.training import bp, forms, policy, queries, services
from app.training.labels import refusal_text
from app.web.access import allow
from app.web.forms import options, record_id
from app.web.render import render
from app.web.unit_of_work import discard_writes


def people(staff: bool | None = None) -> list[tuple[str, str]]:
    query = sa.select(User).where(User.active).order_by(User.name).limit(1000)
    if staff is not None:
        in_staff = User.role.in_(sorted(STAFF))
        query = query.where(in_staff if staff else sa.not_(in_staff))
    return [(str(u.id), u.name) for u in db.session.scalars(query)]


def plan_form() -> forms.PlanForm:
    form = forms.PlanForm()
    form.trainer.choices = options([("", "—"), *people(staff=True)])
    form.materials.choices = options((str(i), t) for i, t in documents.choices())
    return form


def user_or_none(value: str) -> User | None:
    return db.session.get(User, found) if (found := record_id(value)) else None


@bp.get("/training/")
@allow(policy.READERS)
def index():
    """Every training plan with its sessions and attendance."""
    return render("training/index.html", plans=queries.plans(), form=plan_form())


@bp.post("/training/plans")
@allow(policy.KEEPERS)
def new_plan():
    """Plan a training for the client's support staff or users."""
    form = plan_form()
    if not form.validate_on_submit():
        return render("training/index.html", None, 422, plans=queries.plans(), form=form)
    try:
        plan = services.create_plan(plan_input(form), actor=current_user, now=utcnow())
    except services.TrainingError as error:
        refused_on(form, error)
        return render("training/index.html", None, 422, plans=queries.plans(), form=form)
    return redirect(url_for("training.plan", plan_id=plan.id))


def plan_input(form: forms.PlanForm) -> services.PlanInput:
    chosen = [int(v) for v in form.materials.data or [] if v.isdigit()]
    materials = list(db.session.scalars(sa.select(Document).where(Document.id.in_(chosen))))
    return services.PlanInput(
        title=form.title.data,
        kind=form.kind.data,
        audience=form.audience.data or "",
        starts_on=form.starts_on.data,
        ends_on=form.ends_on.data,
        trainer_id=record_id(form.trainer.data),
        materials=materials,
    )


def refused_on(form, error: services.TrainingError) -> None:
    for name, code in error.fields.items():
        getattr(form, name, form.title).errors.append(refusal_text(code))


@bp.post("/training/plans/<int:plan_id>/edit")
@allow(policy.KEEPERS)
def edit_plan(plan_id: int):
    """Change the plan's title, kind, audience, dates, trainer or materials."""
    found = queries.plan(plan_id)
    if found is None:
        abort(404)
    form = plan_form()
    if form.validate_on_submit():
        try:
            services.update_plan(found, plan_input(form), actor=current_user, now=utcnow())
        except services.TrainingError as error:
            discard_writes()
            refused_on(form, error)
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("training.plan", plan_id=found.id))
    return plan_page(queries.plan(plan_id), 422, edit_form=form)


def filled_plan_form(plan) -> forms.PlanForm:
    form = plan_form()
    form.process(
        formdata=None,
        obj=plan,
        trainer=str(plan.trainer_id or ""),
        materials=[str(document.id) for document in plan.materials],
    )
    return form


def plan_page(
    plan, status=200, session_form=None, attendance_form=None, error=None, edit_form=None
):
    attendance_form = attendance_form or forms.AttendanceForm()
    attendance_form.person.choices = options([("", "—"), *people()])
    return render(
        "training/plan.html",
        None,
        status,
        plan=plan,
        session_form=session_form or forms.SessionForm(),
        attendance_form=attendance_form,
        error=error,
        edit_form=edit_form or (filled_plan_form(plan) if policy.can_keep(current_user) else None),
        editing=edit_form is not None,
    )


@bp.get("/training/plans/<int:plan_id>")
@allow(policy.READERS)
def plan(plan_id: int):
    """One plan: its materials, sessions, who attended each and their feedback."""
    found = queries.plan(plan_id)
    if found is None:
        abort(404)
    return plan_page(found)


@bp.post("/training/plans/<int:plan_id>/sessions")
@allow(policy.RECORDERS)
def add_session(plan_id: int):
    """Record a session held (or planned) on a day of the plan."""
    found = queries.plan(plan_id) or abort(404)
    form = forms.SessionForm()
    if not form.validate_on_submit():
        return plan_page(found, 422, session_form=form)
    try:
        services.add_session(
            found, form.held_on.data, form.topic.data or "", actor=current_user, now=utcnow()
        )
    except services.TrainingError as error:
        discard_writes()
        return plan_page(found, 422, error=refusal_text(next(iter(error.fields.values()))))
    return redirect(url_for("training.plan", plan_id=found.id))


@bp.post("/training/sessions/<int:session_id>/attendance")
@allow(policy.RECORDERS)
def attendance(session_id: int):
    """Record that a person attended a session, with their rating and feedback."""
    session = queries.session(session_id) or abort(404)
    form = forms.AttendanceForm()
    form.person.choices = options([("", "—"), *people()])
    person = user_or_none(form.person.data)
    if not form.validate_on_submit() or person is None:
        return plan_page(session.plan, 422, attendance_form=form)
    rating = int(form.rating.data) if (form.rating.data or "").isdigit() else None
    try:
        services.record_attendance(
            session, person, attended=form.attended.data, rating=rating,
            feedback=form.feedback.data or "", actor=current_user, now=utcnow(),
        )  # fmt: skip
    except services.TrainingError as error:
        discard_writes()
        return plan_page(session.plan, 422, error=refusal_text(next(iter(error.fields.values()))))
    flash(_("Attendance recorded."), "success")
    return redirect(url_for("training.plan", plan_id=session.plan_id))


@bp.get("/training/people/<int:user_id>")
@allow(policy.READERS)
def person(user_id: int):
    """One person's training record."""
    someone = db.session.get(User, user_id) or abort(404)
    return render("training/person.html", someone=someone, record=queries.record_of(someone.id))
