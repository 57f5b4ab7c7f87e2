"""Signing off an installation (S5): on screen, by mail link, by an approver's batch; the
signature image and the sheet."""

import io

from flask import abort, flash, redirect, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.roles import APPROVERS, EVERYONE, STAFF
from app.contracts.services import get_contract
from app.extensions import utcnow
from app.installations import bp, forms, links, notify, policy, rules, signatures, workflow
from app.installations.routes import done, failed, installation_or_404
from app.installations.sheet import render_pdf
from app.web.access import allow, public
from app.web.forms import require_csrf
from app.web.render import render
from app.web.unit_of_work import discard_writes, on_rollback


@bp.route("/installations/<number>/sign", methods=["GET", "POST"])
@allow(EVERYONE)
def sign(number: str):
    """The user draws a signature on screen (their own, or the engineer's tablet)."""
    item = installation_or_404(number)
    if not policy.can_sign(current_user, item):
        abort(404 if item.status != "installed" else 403)
    form = forms.SignForm()
    if form.validate_on_submit():
        try:
            signoff = workflow.sign_on_screen(
                item,
                form.signature.data,
                signer_name=form.signer_name.data or "",
                recorded_by=current_user,
                ip=request.remote_addr or "",
                now=utcnow(),
                contract=get_contract(),
            )
        except rules.SignatureError as error:
            form.signature.errors = [signature_message(error)]
        else:
            on_rollback(lambda: signatures.discard(signoff.signature_file))
            flash(_("Thank you — the installation is signed off."), "success")
            return redirect(url_for("installations.detail", number=item.number))
    elif request.method == "POST":
        form.signature.errors = [_("Please sign in the box first.")]
    if not form.signer_name.data and item.user:
        form.signer_name.data = item.user.name
    status = 422 if form.errors else 200
    return render("installations/sign.html", status=status, installation=item, form=form)


def signature_message(error: rules.SignatureError) -> str:
    if "empty" in str(error):
        return _("Please sign in the box first.")
    return _("The signature could not be read; please clear it and sign again.")


@bp.post("/installations/<number>/request-confirmation")
@allow(STAFF)
def request_confirmation(number: str):
    """Send (again) the mail with the confirmation link to the user."""
    item = installation_or_404(number)
    if item.status != "installed" or item.user is None:
        return failed(item, _("Only an installed set waits for confirmation."), 409)
    notify.signoff_requested(item)
    return done(item, _("Confirmation mail sent to %(name)s.", name=item.user.name))


@bp.post("/installations/batch")
@allow(APPROVERS)
def batch_signoff():
    """An approver signs off several installed sets of their department at once."""
    numbers = request.form.getlist("number")
    chosen = [installation_or_404(n) for n in numbers]
    try:
        workflow.sign_off_batch(
            chosen,
            current_user,
            ip=request.remote_addr or "",
            now=utcnow(),
            contract=get_contract(),
        )
    except PermissionError:
        abort(403)
    except workflow.InstallationError:
        flash(_("Choose the installations to sign off."), "error")
        return redirect(url_for("installations.index"))
    flash(_("%(count)d installations signed off.", count=len(chosen)), "success")
    return redirect(url_for("installations.index"))


@bp.get("/installations/<number>/signature.png")
@allow(EVERYONE)
def signature(number: str):
    """The stored signature image."""
    item = installation_or_404(number)
    path = signatures.path_of(item.signoff) if item.signoff else None
    if path is None or not path.exists():
        abort(404)
    return send_file(io.BytesIO(path.read_bytes()), mimetype="image/png")


@bp.get("/installations/<number>/sheet.pdf")
@allow(EVERYONE)
def sheet(number: str):
    """The installation sheet as a PDF (signed once signed off)."""
    item = installation_or_404(number)
    lang = request.args.get("lang") if request.args.get("lang") in ("zh", "en") else None
    pdf = render_pdf(item, lang=lang)
    return send_file(
        io.BytesIO(pdf), mimetype="application/pdf", download_name=f"{item.number}.pdf"
    )


@bp.route("/i/confirm/<token>", methods=["GET", "POST"])
@public
def confirm_by_link(token: str):
    """S5: the user confirms the installation from the mail (one button, POST only)."""
    installation, valid = links.signoff_of(token)
    page = "installations/confirm.html"
    if not valid:
        return render(page, status=410, installation=installation, valid=False, done=False)
    if request.method == "POST":
        require_csrf()
        workflow.confirm_by_mail(
            installation, ip=request.remote_addr or "", now=utcnow(), contract=get_contract()
        )
        return render(page, installation=installation, valid=True, done=True)
    return render(page, installation=installation, valid=True, done=False)


@bp.route("/i/decide/<token>", methods=["GET", "POST"])
@public
def decide_by_link(token: str):
    """S4, from the approval mail: GET shows the request with Approve and Reject (a reason);
    only the POST with its CSRF token decides, once."""
    installation, approver = links.approval_of(token)
    page = "installations/decide_link.html"
    if installation is None or not policy.can_approve(approver, installation):
        return render(page, status=410, installation=None, problem="invalid")
    context = {"installation": installation, "approver": approver}
    if request.method == "GET":
        if installation.status != "requested":
            return render(page, status=410, problem="decided", **context)
        return render(page, problem=None, form=forms.RejectForm(), **context)
    require_csrf()
    decision = request.form.get("decision")
    form = forms.RejectForm()
    try:
        if decision == "approve":
            workflow.approve(installation, approver, now=utcnow(), via="mail")
        elif decision == "reject":
            workflow.reject(
                installation, approver, form.reason.data or "", now=utcnow(), via="mail"
            )
        else:
            return render(page, status=422, problem=None, form=form, **context)
    except workflow.InstallationError:
        discard_writes()
        form.reason.errors = [_("Please give the reason for rejecting.")]
        return render(page, status=422, problem=None, form=form, **context)
    except workflow.FlowError:  # another approver, or this one in another tab, was first
        discard_writes()  # the page shows the decision that was stored first
        return render(page, status=409, problem="lost_race", **context)
    return render(page, problem=None, done=decision, **context)
