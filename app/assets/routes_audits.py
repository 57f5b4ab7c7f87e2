"""Audit pages: open a campaign, walk it on a phone (search or scan), reconcile, raise tickets."""

from dataclasses import dataclass

import sqlalchemy as sa
from flask import abort, flash, redirect, request, url_for
from flask_login import current_user

from app.accounts.models import Department
from app.accounts.roles import MANAGERS, STAFF
from app.assets import audits, bp, forms, policy, queries, rules, services
from app.assets.labels import _
from app.assets.models import Asset, AuditCampaign, AuditItem
from app.assets.routes import department_options
from app.contracts.services import get_contract
from app.extensions import db, utcnow
from app.web.access import allow
from app.web.render import render


@dataclass(frozen=True)
class Match:
    """A search hit on the walk: an item of this audit (result set) or a register CI (None)."""

    tag: str
    asset: Asset | None
    location: str
    result: str | None


def audit_or_404(number: str) -> AuditCampaign:
    audit = db.session.scalar(
        sa.select(AuditCampaign).where(AuditCampaign.number == number.upper())
    )
    if audit is None:
        abort(404)
    return audit


def audits_page(form, status: int = 200):
    campaigns = db.session.scalars(
        sa.select(AuditCampaign)
        .order_by(AuditCampaign.status.desc(), AuditCampaign.id.desc())
        .limit(100)
    ).all()
    locations = db.session.scalars(
        sa.select(Asset.location)
        .where(Asset.location != "")
        .distinct()
        .order_by(Asset.location)
        .limit(300)
    ).all()
    counts = dict(
        db.session.execute(
            sa.select(AuditItem.audit_id, sa.func.count())
            .where(AuditItem.result != "pending")
            .group_by(AuditItem.audit_id)
        ).all()
    )
    totals = dict(
        db.session.execute(
            sa.select(AuditItem.audit_id, sa.func.count()).group_by(AuditItem.audit_id)
        ).all()
    )
    return render(
        "assets/audits.html",
        "main",
        status,
        campaigns=campaigns,
        form=form,
        locations=locations,
        checked=counts,
        totals=totals,
        can_manage=policy.can_manage(current_user),
    )


def audit_form():
    form = forms.AuditForm()
    form.department.choices = department_options("—")
    return form


@bp.get("/audits")
@allow(STAFF)
def audit_list():
    """Audit campaigns: open ones to walk, closed ones to reconcile."""
    return audits_page(audit_form())


@bp.post("/audits")
@allow(MANAGERS)
def open_audit():
    """Open an audit of a location or a department; its CIs are expected."""
    form = audit_form()
    if not form.validate_on_submit():
        return audits_page(form, 422)
    department = None
    if form.department.data:
        department = db.session.scalar(
            sa.select(Department).where(Department.code == form.department.data)
        )
    try:
        audit = audits.open_audit(
            form.title.data,
            location=form.location.data,
            department=department,
            actor=current_user,
            now=utcnow(),
        )
    except services.AssetError as error:
        form.location.errors = [str(error)]
        return audits_page(form, 422)
    flash(_("Audit %(number)s opened.", number=audit.number), "success")
    return redirect(url_for("assets.audit_walk", number=audit.number))


def walk_context(audit: AuditCampaign, **overrides) -> dict:
    lines = audits.items(audit)
    context = {
        "audit": audit,
        "pending": [i for i in lines if i.result == "pending"],
        "done": sorted(
            (i for i in lines if i.result != "pending"), key=lambda i: i.checked_at, reverse=True
        ),
        "form": forms.CheckForm(formdata=None),  # a fresh form after each answer
        "matches": [],
        "q": "",
        "last": None,
    }
    context.update(overrides)
    return context


@bp.get("/audits/<number>")
@allow(STAFF)
def audit_walk(number: str):
    """The engineer's walk, made for a phone: find a tag, confirm present, moved or absent."""
    audit = audit_or_404(number)
    tag = rules.normalise_tag(request.args.get("tag", ""))
    context = walk_context(audit)
    if tag:
        context["form"].tag.data = tag
        context["q"] = tag
    return render("assets/audit.html", "walk", **context)


@bp.get("/audits/<number>/find")
@allow(STAFF)
def audit_find(number: str):
    """Search as you type (or a scanned QR code's link): items of this audit, then the register."""
    audit = audit_or_404(number)
    text = (request.args.get("q") or request.args.get("tag") or "").strip()
    if "/assets/" in text:  # a scanned label holds the asset's page address
        text = text.rstrip("/").rsplit("/", 1)[-1]
    matches = []
    if text:
        items = db.session.scalars(
            sa.select(AuditItem)
            .where(AuditItem.audit_id == audit.id, queries.contains(AuditItem.tag, text))
            .order_by(AuditItem.tag)
            .limit(8)
        ).all()
        matches = [Match(i.tag, i.asset, i.expected_location, i.result) for i in items]
        if not matches:
            found = db.session.scalars(
                sa.select(Asset).where(queries.search_clause(text)).order_by(Asset.tag).limit(8)
            ).all()
            matches = [Match(a.tag, a, a.location, None) for a in found]
    return render("assets/_partials/audit_matches.html", audit=audit, matches=matches, q=text)


@bp.post("/audits/<number>/check")
@allow(STAFF)
def audit_check(number: str):
    """Record what the engineer saw for one tag."""
    audit = audit_or_404(number)
    form = forms.CheckForm()
    present = request.form.get("seen") != "absent"
    if not form.validate_on_submit():
        flash(_("Give the asset tag."), "error")
        return render("assets/audit.html", "walk", 422, **walk_context(audit, form=form))
    try:
        item = audits.check(
            audit,
            form.tag.data,
            present=present,
            found_location=form.found_location.data or "",
            note=form.note.data or "",
            actor=current_user,
            now=utcnow(),
        )
    except services.AssetError as error:
        flash(str(error), "error")
        return render(
            "assets/audit.html", "walk", 422, **walk_context(audit_or_404(number), form=form)
        )
    return render("assets/audit.html", "walk", **walk_context(audit, last=item))


@bp.get("/audits/<number>/report")
@allow(STAFF)
def audit_report(number: str):
    """Reconciliation: missing, unexpected and changed items, each with its ticket."""
    audit = audit_or_404(number)
    groups, total = audits.report(audit)
    return render(
        "assets/audit_report.html",
        "main",
        audit=audit,
        groups=groups,
        total=total,
        can_manage=policy.can_manage(current_user),
    )


@bp.post("/audits/<number>/close")
@allow(MANAGERS)
def audit_close(number: str):
    """Close the walk; what was never seen counts as missing."""
    audit = audit_or_404(number)
    try:
        audits.close_audit(audit, actor=current_user, now=utcnow())
    except services.AssetError as error:
        flash(str(error), "error")
        return redirect(url_for("assets.audit_report", number=audit.number))
    flash(_("Audit %(number)s closed.", number=audit.number), "success")
    return redirect(url_for("assets.audit_report", number=audit.number))


@bp.post("/audits/<number>/tickets")
@allow(MANAGERS)
def audit_tickets(number: str):
    """Turn every finding without a ticket into an asset.inventory ticket."""
    audit = audit_or_404(number)
    raised = audits.raise_tickets(audit, actor=current_user, now=utcnow(), contract=get_contract())
    flash(_("%(count)d tickets opened.", count=len(raised)), "success")
    return redirect(url_for("assets.audit_report", number=audit.number))
