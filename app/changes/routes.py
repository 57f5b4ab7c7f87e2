"""Change pages: list, form, the change page with its actions and decisions, approvers' queue."""

import sqlalchemy as sa
from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.models import Department
from app.accounts.roles import APPROVERS, STAFF
from app.changes import approvers, bp, forms, labels, policy, queries, rules, services
from app.changes.cmdb import asset_error_type
from app.changes.models import Change, ChangeTemplate
from app.contracts.services import get_contract
from app.extensions import db, utcnow
from app.web.access import allow
from app.web.forms import options
from app.web.hooks import change_problems
from app.web.i18n import current_lang
from app.web.render import render, respond_after_write
from app.web.unit_of_work import discard_writes

READERS = STAFF | APPROVERS


def visible_or_404(number: str) -> Change:
    change = db.session.scalar(queries.get_by_number(number))
    if change is None or not policy.can_view(current_user, change):
        abort(404)
    return change


def department_options(blank: str):
    lang = current_lang()
    rows = db.session.scalars(sa.select(Department).order_by(Department.code))
    return options([(0, blank)] + [(d.id, d.name(lang)) for d in rows])


def prepare(form: forms.ChangeForm) -> forms.ChangeForm:
    lang = current_lang()
    templates = db.session.scalars(
        sa.select(ChangeTemplate).where(ChangeTemplate.active).order_by(ChangeTemplate.id)
    )
    form.template_id.choices = options([(0, "—")] + [(t.id, t.name(lang)) for t in templates])
    form.department_id.choices = department_options(_("All / not one department"))
    return form


def data_from(form: forms.ChangeForm) -> services.ChangeData:
    """The form's values as service input; asset-update syntax errors become field errors."""
    try:
        updates = rules.parse_asset_updates(form.asset_updates.data or "")
    except rules.UpdateSyntaxError as error:
        raise services.ChangeError(str(error), {"asset_updates": str(error)}) from None
    return services.ChangeData(
        title=form.title.data or "",
        kind=form.kind.data,
        category=form.category.data,
        risk_likelihood=form.risk_likelihood.data,
        risk_impact=form.risk_impact.data,
        description=form.description.data or "",
        reason=form.reason.data or "",
        initiator=form.initiator.data,
        implementation_plan=form.implementation_plan.data or "",
        backout_plan=form.backout_plan.data or "",
        test_plan=form.test_plan.data or "",
        planned_start=forms.local(form.planned_start.data),
        planned_end=forms.local(form.planned_end.data),
        urgency=form.urgency.data,
        department_id=form.department_id.data or None,
        template_id=form.template_id.data or None,
        asset_tags=forms.split(form.asset_tags.data),
        asset_updates=updates,
        ticket_numbers=forms.split(form.ticket_numbers.data),
        problem_numbers=forms.split(form.problem_numbers.data),
    )


def listed(message: str) -> str:
    """The names after the colon of a service message ('Unknown asset: A, B.' → 'A, B')."""
    return message.split(":", 1)[-1].strip(" .")


FIELD_MESSAGES = {
    "backout_plan": lambda m: _("A backout plan is required for normal and emergency changes."),
    "planned_end": lambda m: _("The window must end after it starts (give both times)."),
    "template_id": lambda m: _("A standard change uses a pre-approved template."),
    "title": lambda m: _("A title is required."),
    "assets": lambda m: _("Not in the asset register: %(tags)s.", tags=listed(m)),
    "ticket_numbers": lambda m: _("No such ticket: %(numbers)s.", numbers=listed(m)),
    "problem_numbers": lambda m: _("No such problem: %(numbers)s.", numbers=listed(m)),
    "asset_updates": lambda m: _("Asset updates: %(problem)s", problem=m),
}


def show_errors(form, error: services.ChangeError) -> None:
    """Service field errors on the form, in the user's language where we know the words."""
    for name, message in error.fields.items():
        target = getattr(form, {"assets": "asset_tags"}.get(name, name), None) or form.title
        text = FIELD_MESSAGES[name](message) if name in FIELD_MESSAGES else message
        target.errors = [*target.errors, text]


@bp.get("/changes/")
@allow(READERS)
def index():
    """Change requests, open ones first, filtered by status and kind."""
    filters = {key: request.args.get(key, "") for key in ("status", "kind", "q")}
    changes = db.paginate(
        queries.listing(filters), page=request.args.get("page", 1, type=int), per_page=50
    )
    return render(
        "changes/index.html", "rows", changes=changes, filters=filters, statuses=rules.STATUSES
    )


@bp.route("/changes/new", methods=["GET", "POST"])
@allow(STAFF)
def new():
    """Request a change: kind, risk, plans, window, assets."""
    form = prepare(forms.ChangeForm())
    if form.validate_on_submit():
        try:
            change = services.create_change(
                data_from(form), actor=current_user, now=utcnow(), contract=get_contract()
            )
        except services.ChangeError as error:
            show_errors(form, error)
        else:
            flash(_("Change %(number)s saved as a draft.", number=change.number), "success")
            return redirect(url_for("changes.detail", number=change.number))
    return render("changes/form.html", "form", 422 if form.errors else 200, form=form, change=None)


@bp.route("/changes/<number>/edit", methods=["GET", "POST"])
@allow(STAFF)
def edit(number: str):
    """Edit a draft change."""
    change = visible_or_404(number)
    if not policy.can_edit(current_user, change):
        abort(409)
    form = prepare(forms.ChangeForm(obj=change if request.method == "GET" else None))
    if request.method == "GET":
        fill_form(form, change)
    elif form.validate_on_submit():
        version = int(form.version.data) if (form.version.data or "").isdigit() else None
        try:
            services.update_change(
                change,
                data_from(form),
                actor=current_user,
                now=utcnow(),
                contract=get_contract(),
                expected_version=version,
            )
        except services.ConflictError:
            flash(_("Someone else changed this change meanwhile; nothing was saved."), "error")
            return redirect(url_for("changes.detail", number=number))
        except services.ChangeError as error:
            show_errors(form, error)
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("changes.detail", number=change.number))
    return render(
        "changes/form.html", "form", 422 if form.errors else 200, form=form, change=change
    )


def fill_form(form: forms.ChangeForm, change: Change) -> None:
    shanghai = forms.SHANGHAI
    form.planned_start.data = (
        change.planned_start.astimezone(shanghai).replace(tzinfo=None)
        if change.planned_start
        else None
    )
    form.planned_end.data = (
        change.planned_end.astimezone(shanghai).replace(tzinfo=None) if change.planned_end else None
    )
    form.asset_tags.data = ", ".join(change.asset_tags or [])
    form.asset_updates.data = rules.format_asset_updates(change.asset_updates or {})
    form.ticket_numbers.data = ", ".join(change.ticket_numbers or [])
    form.problem_numbers.data = ", ".join(change_problems().numbers(change))
    form.department_id.data = change.department_id or 0
    form.template_id.data = change.template_id or 0
    form.version.data = str(change.version)


@bp.get("/changes/<number>")
@allow(READERS)
def detail(number: str):
    """The change: facts, risk, plans, window, decisions, history and the next steps."""
    change = visible_or_404(number)
    return render("changes/detail.html", "main", **detail_context(change))


def detail_context(change: Change, **overrides) -> dict:
    now = utcnow()
    contract = get_contract()
    allowed = [
        a for a in services.allowed_actions(change) if policy.can_act(current_user, change, a)
    ]
    decisions = [a for a in allowed if a in rules.DECISIONS]
    context = {
        "change": change,
        "history": db.session.scalars(queries.history(change)).all(),
        "status_actions": [a for a in allowed if a not in rules.DECISIONS],
        "can_decide": bool(decisions),
        "action_form": forms.ActionForm(version=change.version) if allowed else None,
        "decision_form": forms.DecisionForm(),
        "can_edit": policy.can_edit(current_user, change),
        "approval_due": rules.approval_due(change.submitted_at, contract.emergency_approval_hours)
        if change.kind == "emergency" and change.approval == "pending"
        else None,
        "approval_overdue": rules.approval_overdue(
            change.kind,
            change.approval,
            change.submitted_at,
            contract.emergency_approval_hours,
            now,
        ),
        "approval_hours": contract.emergency_approval_hours,
        "clashing": clashing_with(change),
        "approvers": approvers.approvers_for(change) if change.approval == "pending" else [],
    }
    context.update(overrides)
    return context


def clashing_with(change: Change) -> list[Change]:
    """Other changes planned on the same assets in an overlapping window."""
    if not (change.planned_start and change.planned_end and change.asset_tags):
        return []
    others = queries.in_window(change.planned_start, change.planned_end)
    windows = [
        rules.Window(c.id, c.planned_start, c.planned_end, frozenset(c.asset_tags or []))
        for c in {c.id: c for c in [*others, change]}.values()
    ]
    ids = rules.clashes(windows).get(change.id, set())
    return [c for c in others if c.id in ids]


def failed(change: Change, message: str, status: int):
    discard_writes()
    db.session.refresh(change)
    flash(message, "error")
    return render("changes/detail.html", "main", status, **detail_context(change))


def after_change(change: Change):
    return respond_after_write(
        "changes/detail.html",
        "main",
        url_for("changes.detail", number=change.number),
        lambda: detail_context(change),
    )


def refusal(change: Change, error: Exception) -> tuple[str, int]:
    """What a refused status step tells the person, and its status code."""
    if isinstance(error, services.ConflictError):
        return _("Someone else changed this change meanwhile. Nothing was saved."), 409
    if isinstance(error, rules.TransitionError):
        status = labels.STATUS_LABELS[change.status]
        return _("This step is not possible while the change is %(status)s.", status=status), 409
    if "planned_start" in error.fields:
        return _("Plan the window before scheduling."), 422
    return _("Write what happened in the note."), 422


@bp.post("/changes/<number>/act")
@allow(STAFF)
def act(number: str):
    """A status step: submit, schedule, start, complete, fail, back out, close."""
    change = visible_or_404(number)
    form = forms.ActionForm()
    action = form.action.data or ""
    if not form.validate_on_submit() or action not in rules.ACTIONS:
        return failed(change, _("Choose an action."), 422)
    if not policy.can_act(current_user, change, action) or action in rules.DECISIONS:
        abort(403)
    version = int(form.version.data) if (form.version.data or "").isdigit() else None
    try:
        services.act(
            change,
            action,
            actor=current_user,
            now=utcnow(),
            contract=get_contract(),
            note=(form.note.data or "").strip(),
            expected_version=version,
        )
    except (services.ConflictError, rules.TransitionError, services.ChangeError) as error:
        return failed(change, *refusal(change, error))
    except asset_error_type() as error:
        return failed(change, _("The asset register refused the update: %(e)s", e=str(error)), 422)
    flash(_("Done: %(action)s.", action=labels.ACTION_LABELS[action]), "success")
    return after_change(change)


@bp.post("/changes/<number>/decide")
@allow(APPROVERS)
def decide(number: str):
    """An approver approves or rejects with a comment (HTMX: the page region refreshes)."""
    change = visible_or_404(number)
    if not policy.can_decide(current_user, change):
        abort(403)
    form = forms.DecisionForm()
    decision = form.decision.data or ""
    if not form.validate_on_submit() or decision not in rules.DECISIONS:
        return failed(change, _("Approve or reject."), 422)
    try:
        row = services.decide(
            change,
            current_user,
            decision,
            now=utcnow(),
            comment=form.comment.data or "",
            via="portal",
            ip=request.remote_addr or "",
        )
    except services.ChangeError:
        return failed(change, _("Please give the reason for rejecting."), 422)
    except rules.TransitionError:
        return failed(change, _("This change no longer waits for a decision."), 409)
    if row is None:
        flash(_("Already decided; nothing changed."), "success")
    elif decision == "approve":
        flash(_("You approved %(number)s.", number=change.number), "success")
    else:
        flash(_("You rejected %(number)s.", number=change.number), "success")
    return after_change(change)


@bp.get("/changes/approvals")
@allow(APPROVERS)
def approvals():
    """Waiting for my approval: emergency changes first, then the oldest."""
    return render("changes/approvals.html", changes=queries.waiting_for(current_user))
