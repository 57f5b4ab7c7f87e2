"""Problem pages: the list, opening one (from queue tickets or a recurrence candidate), the
record with its investigation steps, and the manager's edits."""

import sqlalchemy as sa
from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.models import User
from app.accounts.roles import STAFF
from app.contracts.services import get_contract
from app.extensions import db, utcnow
from app.problems import bp, forms, links, policy, queries, rules, services, suggest
from app.problems.errors import ConflictError, ProblemError
from app.problems.labels import ACTION_LABELS, refusal_text, status_label
from app.problems.models import Problem
from app.tickets.models import CatalogItem
from app.web.access import allow
from app.web.forms import options
from app.web.i18n import current_lang
from app.web.render import render, respond_after_write
from app.web.unit_of_work import discard_writes

# the new-problem form's field for each field the service names
NEW_FIELDS = {"owner": "owner_id", "assets": "asset_tags", "incidents": "incident_numbers"}


def visible_or_404(number: str) -> Problem:
    problem = db.session.scalar(queries.get_by_number(number))
    if problem is None or not policy.can_view(current_user):
        abort(404)
    return problem


def owner_options():
    staff = db.session.scalars(
        sa.select(User).where(User.active, User.role.in_(sorted(STAFF))).order_by(User.name)
    )
    return options([(u.id, u.name) for u in staff])


def item_options():
    lang = current_lang()
    items = db.session.scalars(
        sa.select(CatalogItem)
        .where(CatalogItem.ticket_type == "incident")
        .order_by(CatalogItem.position)
    )
    return options([(i.code, f"{i.name(lang)} ({i.code})") for i in items])


def version_of(form) -> int | None:
    return int(form.version.data) if (form.version.data or "").isdigit() else None


@bp.get("/problems/")
@allow(policy.READERS)
def index():
    """Problem records, open ones first and most severe first."""
    filters = {name: request.args.get(name, "") for name in ("status", "severity", "q")}
    problems = db.paginate(
        queries.listing(filters),
        page=max(request.args.get("page", 1, type=int), 1),
        per_page=50,
        error_out=False,
    )
    return render(
        "problems/index.html",
        "rows",
        problems=problems,
        filters=filters,
        statuses=rules.STATUSES,
        severities=rules.SEVERITIES,
        candidates=queries.candidate_count() if policy.can_manage(current_user) else 0,
    )


@bp.route("/problems/new", methods=["GET", "POST"])
@allow(policy.MANAGE)
def new():
    """Open a problem, prefilled from tickets picked in the queue or a recurrence candidate."""
    form = forms.ProblemForm()
    form.owner_id.choices = owner_options()
    form.catalog_items.choices = item_options()
    if not form.is_submitted():
        suggest.prefill(form, request.args.getlist("ticket"), request.args.get("candidate"))
        form.owner_id.data = current_user.id
    elif form.validate_on_submit():
        data = services.NewProblem(
            title=form.title.data or "",
            description=form.description.data or "",
            severity=form.severity.data,
            owner=db.session.get(User, form.owner_id.data),
            catalog_codes=form.catalog_items.data or [],
            asset_tags=forms.split(form.asset_tags.data),
            incident_numbers=forms.split(form.incident_numbers.data),
        )
        try:
            problem = services.open_problem(
                data, actor=current_user, now=utcnow(), contract=get_contract()
            )
        except ProblemError as error:
            for name, refusal in error.fields.items():
                getattr(form, NEW_FIELDS.get(name, name), form.title).errors.append(
                    refusal_text(refusal)
                )
        else:
            flash(_("Problem %(number)s opened.", number=problem.number), "success")
            return redirect(url_for("problems.detail", number=problem.number))
    status = 422 if form.errors else 200
    return render("problems/new.html", "form", status, form=form)


def edit_form(problem: Problem) -> forms.EditForm:
    form = forms.EditForm(
        title=problem.title,
        description=problem.description,
        severity=problem.severity,
        owner_id=problem.owner_id or 0,
        catalog_items=[i.code for i in problem.catalog_items],
        cause_number=problem.cause.number if problem.cause else "",
        version=str(problem.version),
    )
    form.owner_id.choices = owner_options()
    form.catalog_items.choices = item_options()
    return form


def analysis_form(problem: Problem) -> forms.AnalysisForm:
    whys = [w.text for w in problem.whys]
    return forms.AnalysisForm(
        what_happened=problem.what_happened,
        whys=whys + [""] * max(forms.WHY_FIELDS - len(whys), 1 if len(whys) < 10 else 0),
        fix=problem.fix,
        workaround=problem.workaround,
        prevention=problem.prevention,
    )


def detail_context(problem: Problem, **overrides) -> dict:
    manage = policy.can_manage(current_user) and problem.status != "closed"
    allowed = rules.allowed_actions(problem.status) if policy.can_manage(current_user) else []
    facts = services.facts(problem)
    context = {
        "problem": problem,
        "history": db.session.scalars(queries.history(problem)).all(),
        "incidents": links.incidents_of(problem),
        "changes": links.changes_of(problem),
        "caused": db.session.scalars(
            sa.select(Problem).where(Problem.cause_id == problem.id).order_by(Problem.number)
        ).all(),
        "allowed": allowed,
        "lacking": {action: rules.missing(action, facts) for action in allowed},
        "manage": manage,
        "link_incidents": policy.can_link(current_user, "incident") and problem.status != "closed",
        "action_form": forms.ActionForm(version=str(problem.version)),
        "edit_form": edit_form(problem) if manage else None,
        "analysis_form": analysis_form(problem) if manage else None,
        "party_form": forms.PartyForm(),
        "link_form": forms.LinkForm(),
        "unlink_form": forms.UnlinkForm(),
    }
    context.update(overrides)
    return context


@bp.get("/problems/<number>")
@allow(policy.READERS)
def detail(number: str):
    """The problem: what is seen, the root-cause analysis, the agreed plan, links, history."""
    problem = visible_or_404(number)
    return render("problems/detail.html", "main", **detail_context(problem))


def failed(problem: Problem, messages: list[str], status: int):
    """Show what is stored again, with why the write was refused."""
    discard_writes()
    db.session.refresh(problem)
    for message in messages:
        flash(message, "error")
    return render("problems/detail.html", "main", status, **detail_context(problem))


def refused(problem: Problem, error: ProblemError):
    return failed(problem, [refusal_text(r) for r in error.fields.values()], 422)


def after_change(problem: Problem):
    """htmx gets the refreshed record; a plain post a redirect (no resubmits)."""
    return respond_after_write(
        "problems/detail.html",
        "main",
        url_for("problems.detail", number=problem.number),
        lambda: detail_context(problem),
    )


@bp.post("/problems/<number>/act")
@allow(policy.MANAGE)
def act(number: str):
    """One investigation step: investigate, root cause known, plan the fix, resolve, close."""
    problem = visible_or_404(number)
    form = forms.ActionForm()
    action = form.action.data or ""
    if not form.validate_on_submit() or action not in rules.ACTIONS:
        return failed(problem, [_("Choose a step.")], 422)
    try:
        services.act(
            problem,
            action,
            actor=current_user,
            now=utcnow(),
            note=form.note.data or "",
            expected_version=version_of(form),
        )
    except ConflictError:
        message = _("Someone else changed this problem meanwhile; nothing was saved.")
        return failed(problem, [message], 409)
    except rules.TransitionError:
        message = _(
            "This step is not possible while the problem is %(status)s.",
            status=status_label(problem.status),
        )
        return failed(problem, [message], 409)
    except ProblemError as error:
        return refused(problem, error)
    flash(_("Done: %(action)s.", action=ACTION_LABELS[action]), "success")
    return after_change(problem)


@bp.post("/problems/<number>/edit")
@allow(policy.MANAGE)
def edit(number: str):
    """The manager sets title, description, severity, owner, catalog items, the cause."""
    problem = visible_or_404(number)
    form = edit_form(problem)
    if not form.validate_on_submit():
        return failed(problem, [_("Please check the fields.")], 422)
    if version_of(form) not in (None, problem.version):
        return failed(problem, [_("Someone else changed this problem meanwhile.")], 409)
    values = {
        "title": form.title.data or "",
        "description": form.description.data or "",
        "severity": form.severity.data,
        "owner_id": form.owner_id.data,
        "catalog_codes": form.catalog_items.data or [],
        "cause_number": form.cause_number.data or "",
    }
    try:
        services.update_fields(
            problem, values, actor=current_user, now=utcnow(), contract=get_contract()
        )
    except ProblemError as error:
        return refused(problem, error)
    flash(_("Saved."), "success")
    return after_change(problem)
