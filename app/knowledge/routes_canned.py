"""Canned responses: the staff member's own reply snippets and those shared with the desk."""

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.extensions import utcnow
from app.knowledge import bp, forms, policy, queries, services
from app.knowledge.labels import PLACEHOLDER_LABELS, refusal_text
from app.web.access import allow
from app.web.forms import require_csrf
from app.web.render import render


@bp.get("/knowledge/canned/")
@allow(policy.EDITORS)
def canned_index():
    return render(
        "knowledge/canned.html",
        responses=queries.canned_for(current_user),
        placeholders=PLACEHOLDER_LABELS,
        can_change=lambda canned: policy.can_change_canned(current_user, canned),
    )


def changeable_or_404(canned_id: int):
    canned = queries.canned(canned_id)
    if canned is None or not policy.can_change_canned(current_user, canned):
        abort(404)
    return canned


@bp.route("/knowledge/canned/new", methods=["GET", "POST"], defaults={"canned_id": None})
@bp.route("/knowledge/canned/<int:canned_id>/edit", methods=["GET", "POST"])
@allow(policy.EDITORS)
def canned_edit(canned_id: int | None):
    canned = changeable_or_404(canned_id) if canned_id else None
    form = forms.CannedForm(obj=canned, version=str(canned.version) if canned else "")
    status = 422 if form.is_submitted() else 200
    if form.validate_on_submit():
        version = int(form.version.data) if (form.version.data or "").isdigit() else None
        try:
            services.save_canned(
                canned,
                title=form.title.data or "",
                body_zh=form.body_zh.data or "",
                body_en=form.body_en.data or "",
                shared=bool(form.shared.data),
                actor=current_user,
                now=utcnow(),
                version=version,
            )
        except services.KnowledgeError as error:
            for name, refusal in error.fields.items():
                getattr(form, name).errors.append(refusal_text(refusal))
        except services.ConflictError:
            form.title.errors.append(_("Someone saved this response meanwhile. Reload to see it."))
            status = 409
        else:
            flash(_("Canned response saved."), "success")
            return redirect(url_for("knowledge.canned_index"))
    context = dict(form=form, canned=canned, placeholders=PLACEHOLDER_LABELS)
    return render("knowledge/canned_edit.html", "form", status, **context)


@bp.post("/knowledge/canned/<int:canned_id>/delete")
@allow(policy.EDITORS)
def canned_delete(canned_id: int):
    canned = changeable_or_404(canned_id)
    require_csrf()
    services.delete_canned(canned, actor=current_user, now=utcnow())
    flash(_("Canned response deleted."), "success")
    return redirect(url_for("knowledge.canned_index"))
