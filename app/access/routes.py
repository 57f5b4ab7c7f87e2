"""Access register pages: every grant with its expiry flag, granting and revoking, one vendor
person's access (for off-boarding), and each department's agreed security measures."""

import sqlalchemy as sa
from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.access import bp, forms, policy, queries, services
from app.access.labels import refusal_text
from app.access.models import SecurityMeasure
from app.accounts.models import Department, User
from app.accounts.roles import CLIENT, STAFF
from app.assets.models import Asset
from app.documents.rules import local_day
from app.extensions import db, utcnow
from app.web.access import allow
from app.web.forms import options, record_id
from app.web.render import render
from app.web.unit_of_work import discard_writes


def today():
    return local_day(utcnow())


def people(roles) -> list[tuple[str, str]]:
    found = db.session.scalars(
        sa.select(User).where(User.role.in_(sorted(roles)), User.active).order_by(User.name)
    )
    return [(str(u.id), f"{u.name} <{u.email}>") for u in found]


def grant_form() -> forms.GrantForm:
    form = forms.GrantForm()
    form.person.choices = options([("", "—")] + people(STAFF))
    form.authorised_by.choices = options([("", "—")] + people(CLIENT))
    return form


def user_or_none(value: str) -> User | None:
    return db.session.get(User, found) if (found := record_id(value)) else None


def register_page(form=None, status: int = 200):
    person = request.args.get("person", "")[:254]
    asset = request.args.get("asset", "")[:40]
    grants = db.session.scalars(queries.grants(person, asset)).all()
    return render(
        "access/index.html",
        "results",
        status,
        grants=grants,
        person=person,
        asset=asset,
        today=today(),
        state_of=queries.state_of,
        form=form or grant_form(),
        revoke=forms.RevokeForm(),
        keep=policy.can_keep(current_user),
    )


@bp.get("/access/")
@allow(policy.READERS)
def index():
    """Every authorisation: who may reach what, by whose leave, until when; flags on expiry."""
    return register_page()


@bp.post("/access/grants")
@allow(policy.KEEPERS)
def grant():
    """Record a new authorisation given by the client."""
    form = grant_form()
    if not form.validate_on_submit():
        return register_page(form, 422)
    tag = form.asset.data.strip().replace("\x00", "")
    asset = db.session.scalar(sa.select(Asset).where(Asset.tag == tag)) if tag else None
    try:
        services.grant(
            user_or_none(form.person.data),
            asset,
            form.kind.data,
            user_or_none(form.authorised_by.data),
            form.until.data,
            form.note.data or "",
            actor=current_user,
            now=utcnow(),
            today=today(),
        )
    except services.AccessError as error:
        discard_writes()
        for name, code in error.fields.items():
            getattr(form, name, form.note).errors.append(refusal_text(code))
        return register_page(form, 422)
    flash(_("Access recorded."), "success")
    return redirect(url_for("access.index"))


@bp.post("/access/grants/<int:grant_id>/revoke")
@allow(policy.KEEPERS)
def revoke(grant_id: int):
    """Withdraw an authorisation now."""
    made = queries.grant(grant_id)
    if made is None:
        abort(404)
    if not forms.RevokeForm().validate_on_submit():
        abort(400)
    try:
        services.revoke(made, actor=current_user, now=utcnow())
    except services.AccessError:
        abort(409)
    flash(_("Access revoked."), "success")
    return redirect(request.referrer or url_for("access.index"))


@bp.get("/access/people/<int:user_id>")
@allow(policy.READERS)
def person(user_id: int):
    """All of one vendor person's access on one page, for off-boarding."""
    someone = db.session.get(User, user_id)
    if someone is None:
        abort(404)
    return render(
        "access/person.html",
        someone=someone,
        grants=queries.of_person(someone.id),
        today=today(),
        state_of=queries.state_of,
        revoke=forms.RevokeForm(),
        keep=policy.can_keep(current_user),
    )


@bp.post("/access/people/<int:user_id>/revoke-all")
@allow(policy.KEEPERS)
def revoke_all(user_id: int):
    """Off-boarding: withdraw every access the person still holds."""
    someone = db.session.get(User, user_id)
    if someone is None:
        abort(404)
    if not forms.RevokeForm().validate_on_submit():
        abort(400)
    count = services.revoke_all(someone, actor=current_user, now=utcnow())
    flash(_("%(n)d authorisations revoked.", n=count), "success")
    return redirect(url_for("access.person", user_id=someone.id))


def measure_form() -> forms.MeasureForm:
    form = forms.MeasureForm()
    departments = db.session.scalars(sa.select(Department).order_by(Department.code))
    form.department.choices = options([("", "—")] + [(str(d.id), d.code) for d in departments])
    form.owner.choices = options([("", "—")] + people(STAFF | CLIENT))
    return form


def needs_page(form=None, status: int = 200):
    context = dict(
        measures=queries.measures(), form=form or measure_form(), remove=forms.RevokeForm()
    )
    return render("access/security_needs.html", None, status, **context)


@bp.get("/access/security-needs")
@allow(policy.READERS)
def security_needs():
    """S14: each client department's agreed security measures, with owner and review date."""
    return needs_page()


@bp.post("/access/security-needs")
@allow(policy.KEEPERS)
def add_measure():
    """Add one agreed measure to a department."""
    form = measure_form()
    found = record_id(form.department.data)
    department = db.session.get(Department, found) if found else None
    if not form.validate_on_submit() or department is None:
        return needs_page(form, 422)
    try:
        services.add_measure(
            department, form.measure.data, user_or_none(form.owner.data), form.review_on.data,
            actor=current_user, now=utcnow(),
        )  # fmt: skip
    except services.AccessError as error:
        form.measure.errors.append(refusal_text(error.fields["measure"]))
        return needs_page(form, 422)
    return redirect(url_for("access.security_needs"))


@bp.post("/access/security-needs/<int:measure_id>/remove")
@allow(policy.KEEPERS)
def remove_measure(measure_id: int):
    """Drop a measure that is no longer agreed."""
    made = db.session.get(SecurityMeasure, measure_id)
    if made is None:
        abort(404)
    if not forms.RevokeForm().validate_on_submit():
        abort(400)
    services.remove_measure(made, actor=current_user, now=utcnow())
    return redirect(url_for("access.security_needs"))
