"""Document pages: the library with search, a document with its versions, writing a new
version or uploading one, downloading any version, confirming a review."""

import sqlalchemy as sa
from flask import abort, flash, redirect, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.models import User
from app.accounts.roles import STAFF
from app.contracts.services import get_contract
from app.documents import bp, forms, policy, queries, rules, services
from app.documents.labels import KIND_LABELS, refusal_text
from app.documents.models import Document
from app.extensions import db, utcnow
from app.tickets import attachments
from app.tickets.models import CatalogItem
from app.web.access import allow
from app.web.forms import options
from app.web.i18n import current_lang
from app.web.render import render
from app.web.unit_of_work import discard_writes

PER_PAGE = 25


def local_today():
    return rules.local_day(utcnow())


def readable_or_404(document_id: int) -> Document:
    document = queries.document(document_id)
    if not policy.can_read(current_user, document):
        abort(404)
    return document


def owner_choices() -> list[tuple[str, str]]:
    staff = db.session.scalars(
        sa.select(User).where(User.role.in_(sorted(STAFF))).order_by(User.name)
    )
    return [("", "—")] + [(str(u.id), u.name) for u in staff]


@bp.get("/documents/")
@allow(policy.READERS)
def index():
    """The documents this reader may read; search over titles and texts."""
    q = request.args.get("q", "")[:200]
    kind = request.args.get("kind", "")
    found = queries.matching(q, staff=policy.is_staff(current_user), kind=kind)
    page = db.paginate(
        found,
        page=min(max(request.args.get("page", 1, type=int), 1), 10_000),
        per_page=PER_PAGE,
        error_out=False,
    )
    return render(
        "documents/index.html",
        "results",
        page=page,
        q=q,
        kind=kind,
        kinds=KIND_LABELS,
        today=local_today(),
        review_state=rules.review_state,
        overdue=len(queries.review_overdue(local_today())) if policy.is_staff(current_user) else 0,
    )


def document_form(document: Document | None = None) -> forms.DocumentForm:
    if document is None or request.method == "POST":
        form = forms.DocumentForm()
    else:
        form = forms.DocumentForm(
            title=document.title,
            kind=document.kind,
            visibility=document.visibility,
            owner=str(document.owner_id or ""),
            review_months=document.review_months,
            assets=", ".join(link.asset.tag for link in document.links if link.asset),
            catalog_items=[link.catalog_item.code for link in document.links if link.catalog_item],
            problems=", ".join(link.problem.number for link in document.links if link.problem),
        )
    form.owner.choices = options(owner_choices())
    lang = current_lang()
    items = db.session.scalars(sa.select(CatalogItem).order_by(CatalogItem.position))
    form.catalog_items.choices = options((item.code, item.name(lang)) for item in items)
    return form


def document_input(form: forms.DocumentForm) -> services.DocumentInput:
    return services.DocumentInput(
        title=form.title.data,
        kind=form.kind.data,
        visibility=form.visibility.data,
        owner_id=int(form.owner.data) if (form.owner.data or "").isdigit() else None,
        review_months=form.review_months.data,
        asset_tags=tuple((form.assets.data or "").split(",")),
        catalog_codes=tuple(form.catalog_items.data or ()),
        problem_numbers=tuple((form.problems.data or "").split(",")),
    )


def refused(form: forms.DocumentForm, error: services.DocumentError, document=None):
    discard_writes()
    for name, code in error.fields.items():
        getattr(form, name, form.title).errors.append(refusal_text(code))
    return render("documents/new.html", "form", 422, form=form, document=document)


@bp.route("/documents/new", methods=["GET", "POST"])
@allow(policy.KEEPERS)
def new():
    """Start a document: its kind, audience, owner, review interval and what it describes."""
    form = document_form()
    if not form.validate_on_submit():
        return render("documents/new.html", "form", 422 if form.is_submitted() else 200, form=form)
    try:
        document = services.create(
            document_input(form), actor=current_user, now=utcnow(), today=local_today()
        )
    except services.DocumentError as error:
        return refused(form, error)
    flash(_("Document created."), "success")
    return redirect(url_for("documents.detail", document_id=document.id))


@bp.route("/documents/<int:document_id>/edit", methods=["GET", "POST"])
@allow(policy.KEEPERS)
def edit(document_id: int):
    """Change a document's title, kind, audience, owner, review interval or links."""
    document = readable_or_404(document_id)
    form = document_form(document)
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render("documents/new.html", "form", status, form=form, document=document)
    try:
        services.update(document, document_input(form), actor=current_user, now=utcnow())
    except services.DocumentError as error:
        return refused(form, error, document)
    flash(_("Document saved."), "success")
    return redirect(url_for("documents.detail", document_id=document.id))


def detail_page(document: Document, form=None, status: int = 200):
    return render(
        "documents/detail.html",
        "main",
        status,
        document=document,
        form=form or forms.VersionForm(),
        review_form=forms.ReviewForm(),
        state=rules.review_state(document.next_review_on, local_today()),
        live=document.kind in rules.LIVE_KINDS,
        can_write=policy.can_write(current_user),
        can_review=policy.can_review(current_user, document),
    )


@bp.get("/documents/<int:document_id>")
@allow(policy.READERS)
def detail(document_id: int):
    """A document: its current version, every older one, its links and review date."""
    return detail_page(readable_or_404(document_id))


def read_upload(form, max_bytes: int) -> tuple[str, bytes] | None:
    upload = form.file.data
    if not getattr(upload, "filename", ""):
        return None
    with upload.stream:
        return upload.filename, upload.read(max_bytes + 1)


@bp.post("/documents/<int:document_id>/versions")
@allow(policy.EDITORS)
def add_version(document_id: int):
    """Save a new version (text or file); the older versions stay."""
    document = readable_or_404(document_id)
    form = forms.VersionForm()
    if not form.validate_on_submit():
        return detail_page(document, form, 422)
    max_bytes = get_contract().max_attachment_bytes
    try:
        services.add_version(
            document,
            note=form.note.data,
            body_markdown=form.body_markdown.data or "",
            upload=read_upload(form, max_bytes),
            max_bytes=max_bytes,
            actor=current_user,
            now=utcnow(),
        )
    except services.UploadError as error:
        discard_writes()
        form.file.errors.append(str(error))
        return detail_page(document, form, 422)
    except services.DocumentError as error:
        discard_writes()
        for name, code in error.fields.items():
            getattr(form, name, form.note).errors.append(refusal_text(code))
        return detail_page(document, form, 422)
    flash(_("New version saved."), "success")
    return redirect(url_for("documents.detail", document_id=document.id))


@bp.get("/documents/<int:document_id>/versions/<int:number>")
@allow(policy.READERS)
def version(document_id: int, number: int):
    """One version: its file to download, or its text."""
    document = readable_or_404(document_id)
    found = queries.version(document.id, number)
    if found is None:
        abort(404)
    if found.stored_name:
        return send_file(
            attachments.folder() / found.stored_name,
            mimetype=found.content_type,
            as_attachment=True,
            download_name=found.filename,
        )
    return render("documents/version.html", document=document, version=found)


@bp.post("/documents/<int:document_id>/review")
@allow(policy.EDITORS)
def review(document_id: int):
    """The owner confirms the document is still right; the next review date moves on."""
    document = readable_or_404(document_id)
    if not policy.can_review(current_user, document):
        abort(403)
    form = forms.ReviewForm()
    if not form.validate_on_submit():
        abort(400)
    services.mark_reviewed(
        document, actor=current_user, now=utcnow(), today=local_today(), note=form.note.data or ""
    )
    flash(_("Review recorded."), "success")
    return redirect(url_for("documents.detail", document_id=document.id))
