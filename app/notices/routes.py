"""Notice pages: the list, publishing and changing a notice, mailing it, closing a banner."""

from datetime import datetime

import sqlalchemy as sa
from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.models import Department
from app.extensions import db, utcnow
from app.notices import bp, forms, policy, queries, services
from app.notices.errors import NoticeError
from app.notices.labels import refusal_text
from app.notices.models import Notice
from app.web.access import allow
from app.web.forms import options, require_csrf
from app.web.i18n import SHANGHAI, current_lang
from app.web.redirects import local_path
from app.web.render import render, wants_fragment


def local(value: datetime | None) -> datetime | None:
    return value.replace(tzinfo=SHANGHAI) if value else None


def wall(value: datetime) -> datetime:
    return value.astimezone(SHANGHAI).replace(tzinfo=None)


def notice_or_404(notice_id: int) -> Notice:
    notice = db.session.get(Notice, notice_id)
    if notice is None:
        abort(404)
    return notice


def notice_form(notice: Notice | None = None) -> forms.NoticeForm:
    form = forms.NoticeForm()
    lang = current_lang()
    departments = db.session.scalars(sa.select(Department).order_by(Department.code))
    form.department_ids.choices = options([(d.id, d.name(lang)) for d in departments])
    if notice is not None and not form.is_submitted():
        form.process(obj=notice)
        form.starts_at.data, form.ends_at.data = wall(notice.starts_at), wall(notice.ends_at)
        form.locations.data = "\n".join(notice.locations or [])
    return form


def saved(form, notice: Notice | None):
    data = services.NoticeInput(
        kind=form.kind.data,
        title=form.title.data or "",
        starts_at=local(form.starts_at.data),
        ends_at=local(form.ends_at.data),
        body=form.body.data or "",
        department_ids=form.department_ids.data or [],
        locations=form.locations.data or "",
    )
    try:
        return services.save_notice(notice, data, actor=current_user, now=utcnow())
    except NoticeError as error:
        for name, code in error.fields.items():
            getattr(form, name, form.title).errors.append(refusal_text(code))
        return None


@bp.get("/notices/")
@allow(policy.LIST)
def index():
    """Notices to users, the latest first."""
    notices = db.paginate(
        queries.listing(),
        page=max(request.args.get("page", 1, type=int), 1),
        per_page=30,
        error_out=False,
    )
    return render("notices/index.html", notices=notices, now=utcnow())


@bp.route("/notices/new", methods=["GET", "POST"])
@allow(policy.PUBLISH)
def new():
    """Publish a notice to all employees or some departments or locations."""
    form = notice_form()
    if form.validate_on_submit() and saved(form, None):
        flash(_("The notice is published."), "success")
        return redirect(url_for("notices.index"))
    status = 422 if form.errors else 200
    return render("notices/edit.html", "form", status, form=form, notice=None)


@bp.route("/notices/<int:notice_id>/edit", methods=["GET", "POST"])
@allow(policy.PUBLISH)
def edit(notice_id: int):
    """Change a notice: its text, validity or audience."""
    notice = notice_or_404(notice_id)
    form = notice_form(notice)
    if form.validate_on_submit() and saved(form, notice):
        flash(_("The notice is saved."), "success")
        return redirect(url_for("notices.index"))
    status = 422 if form.errors else 200
    return render("notices/edit.html", "form", status, form=form, notice=notice)


@bp.post("/notices/<int:notice_id>/mail")
@allow(policy.PUBLISH)
def mail(notice_id: int):
    """Mail the notice to its audience, once."""
    require_csrf()
    notice = notice_or_404(notice_id)
    sent = services.request_mail(notice, actor=current_user, now=utcnow())
    if sent is None:
        flash(_("The notice will be mailed to its audience in a few minutes."), "success")
    elif sent:
        flash(_("The notice is mailed to %(n)d people.", n=sent), "success")
    else:
        flash(_("This notice was mailed already, or nobody is in its audience."), "error")
    return redirect(url_for("notices.index"))


@bp.post("/notices/<int:notice_id>/dismiss")
@allow(policy.BANNER)
def dismiss(notice_id: int):
    """Close a notice's banner for the signed-in user."""
    require_csrf()
    services.dismiss(notice_or_404(notice_id), current_user, now=utcnow())
    if wants_fragment():
        return ""
    return redirect(local_path(request.form.get("next")) or url_for("web.home"))
