"""The improvement log's pages: the list, a new item, changing one."""

import sqlalchemy as sa
from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.models import User
from app.accounts.roles import STAFF
from app.extensions import db, utcnow
from app.improvements import bp, forms, policy, rules, services
from app.improvements.labels import refusal_text
from app.improvements.models import Improvement
from app.web.access import allow
from app.web.forms import options
from app.web.i18n import SHANGHAI
from app.web.render import render


def owner_options():
    staff = db.session.scalars(
        sa.select(User).where(User.active, User.role.in_(sorted(STAFF))).order_by(User.name)
    )
    return options([(0, "—")] + [(u.id, u.name) for u in staff])


@bp.get("/improvements/")
@allow(policy.READERS)
def index():
    """Service improvements, open ones first."""
    items = db.session.scalars(services.listing()).all()
    return render(
        "improvements/index.html", items=items, today=utcnow().astimezone(SHANGHAI).date()
    )


def edit_page(item: Improvement | None):
    form = forms.ImprovementForm(obj=item)
    form.owner_id.choices = owner_options()
    if item is not None and not form.is_submitted():
        form.owner_id.data = item.owner_id or 0
    elif not form.is_submitted() and request.args.get("source") in rules.SOURCES:
        # "Log an improvement" on a meeting, complaint or problem names its source
        form.source.data = request.args["source"]
        form.source_reference.data = (request.args.get("ref") or "")[:40]
    if form.validate_on_submit():
        data = services.ImprovementInput(
            title=form.title.data or "",
            source=form.source.data,
            source_reference=form.source_reference.data or "",
            owner=db.session.get(User, form.owner_id.data) if form.owner_id.data else None,
            status=form.status.data,
            target_on=form.target_on.data,
            effect=form.effect.data or "",
        )
        try:
            services.save(item, data, actor=current_user, now=utcnow())
        except services.ImprovementError as error:
            for name, code in error.fields.items():
                getattr(form, name, form.title).errors.append(refusal_text(code))
        else:
            flash(_("The improvement is saved."), "success")
            return redirect(url_for("improvements.index"))
    status = 422 if form.errors else 200
    return render("improvements/edit.html", "form", status, form=form, item=item)


@bp.route("/improvements/new", methods=["GET", "POST"])
@allow(policy.MANAGE)
def new():
    """Log a service improvement."""
    return edit_page(None)


@bp.route("/improvements/<int:item_id>", methods=["GET", "POST"])
@allow(policy.MANAGE)
def edit(item_id: int):
    """Change an improvement: status, owner, target date, measured effect."""
    item = db.session.get(Improvement, item_id)
    if item is None:
        abort(404)
    return edit_page(item)
