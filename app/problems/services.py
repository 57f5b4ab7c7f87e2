"""Problem writes: open, move along the investigation, edit, write the root-cause analysis,
record the parties who agreed the plan. Flush, never commit."""

from dataclasses import dataclass, field
from datetime import datetime

from app.accounts.models import User
from app.accounts.roles import STAFF
from app.audit.services import changes, record
from app.contracts.models import Contract
from app.extensions import db
from app.problems import detection, links, notify, rules, signals
from app.problems.errors import ClosedError, ConflictError, ProblemError, Refusal
from app.problems.history import add_event
from app.problems.models import Problem, ProblemParty, ProblemWhy
from app.sequences import next_value

TEXT_LIMIT = 20000
WHY_LIMIT = 500
MAX_WHYS = 10
SIDES = ("vendor", "client", "third_party")
ANALYSIS_FIELDS = ("what_happened", "fix", "workaround", "prevention")

__all__ = ["ClosedError", "ConflictError", "ProblemError", "Refusal"]


@dataclass
class NewProblem:
    title: str
    description: str = ""
    severity: str = "major"
    owner: User | None = None
    catalog_codes: list[str] = field(default_factory=list)
    asset_tags: list[str] = field(default_factory=list)
    incident_numbers: list[str] = field(default_factory=list)


def next_number(year: int) -> str:
    """PRB-YYYY-NNNNNN; the counter row serialises concurrent writers."""
    return rules.problem_number(year, next_value(f"{rules.PREFIX}-{year}"))


def field_refusals(title: str, description: str, severity: str, owner) -> dict[str, Refusal]:
    errors = {}
    if not title.strip():
        errors["title"] = Refusal("required")
    elif len(title.strip()) > 200:
        errors["title"] = Refusal("too_long", ("200",))
    if len(description) > TEXT_LIMIT:
        errors["description"] = Refusal("too_long", (str(TEXT_LIMIT),))
    if severity not in rules.SEVERITIES:
        errors["severity"] = Refusal("unknown_severity", (severity,))
    if owner is not None and (owner.role not in STAFF or not owner.active):
        errors["owner"] = Refusal("unknown_owner", (owner.email,))
    return errors


def escalate(problem, contract, *, actor, now) -> None:
    """S16/S17: a receiver (the escalation matrix) may take the escalation on; otherwise the
    severity's contacts are mailed here."""
    answers = signals.severity_raised.send(problem, now=now, actor=actor, contract=contract)
    if not any(handled for _receiver, handled in answers):
        notify.escalate(problem, contract, actor=actor, now=now)


def open_problem(data: NewProblem, *, actor, now: datetime, contract: Contract) -> Problem:
    """A problem record with its incidents, assets and catalog items; escalated by severity."""
    errors = field_refusals(data.title, data.description, data.severity, data.owner)
    items, refusal = links.find_items(data.catalog_codes)
    if refusal:
        errors["catalog_items"] = refusal
    assets, refusal = links.find_assets(data.asset_tags)
    if refusal:
        errors["assets"] = refusal
    tickets, refusal = links.find_incidents(data.incident_numbers)
    if refusal:
        errors["incidents"] = refusal
    if errors:
        raise ProblemError(errors)
    problem = Problem(
        number=next_number(now.year),
        title=data.title.strip(),
        description=data.description.strip(),
        severity=data.severity,
        status="open",
        owner_id=(data.owner or actor).id if (data.owner or actor) else None,
        created_by_id=getattr(actor, "id", None),
        created_at=now,
        updated_at=now,
    )
    problem.catalog_items = items
    problem.assets = assets
    db.session.add(problem)
    db.session.flush()
    add_event(problem, actor, now, "created", to_status="open", params={"severity": data.severity})
    linked = links.attach_incidents(problem, tickets, actor=actor, now=now)
    if linked:
        add_event(problem, actor, now, "incident_linked", params={"numbers": linked})
        db.session.flush()
        detection.refresh(now, contract)
    db.session.flush()
    record(actor, "problem.open", problem, {"severity": problem.severity}, now=now)
    escalate(problem, contract, actor=actor, now=now)
    return problem


def facts(problem: Problem) -> rules.Facts:
    return rules.Facts(
        what_happened=bool(problem.what_happened.strip()),
        whys=len(problem.whys),
        fix=bool(problem.fix.strip()),
        workaround=bool(problem.workaround.strip()),
        prevention=bool(problem.prevention.strip()),
        parties=len(problem.parties),
    )


def check_version(problem: Problem, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != problem.version:
        raise ConflictError(problem.number)


def act(
    problem: Problem,
    action: str,
    *,
    actor,
    now: datetime,
    note: str = "",
    expected_version: int | None = None,
):
    """One step of the investigation flow (S16); TransitionError when the status forbids it,
    ProblemError naming what the analysis still lacks."""
    check_version(problem, expected_version)
    before = problem.status
    after = rules.next_status(before, action)
    lacking = rules.missing(action, facts(problem))
    if lacking:
        raise ProblemError({name: Refusal(f"needs_{name}") for name in lacking})
    if len(note) > 5000:
        raise ProblemError({"note": Refusal("too_long", ("5000",))})
    problem.status = after
    problem.updated_at = now
    if action == "resolve":
        problem.resolved_at = now
    elif action == "close":
        problem.closed_at = now
    event = add_event(
        problem, actor, now, action, from_status=before, to_status=after, note=note.strip()
    )
    db.session.flush()
    record(actor, f"problem.{action}", problem, {"status": [before, after]}, now=now)
    return event


def update_fields(problem: Problem, values: dict, *, actor, now: datetime, contract: Contract):
    """The manager edits title, description, severity, owner, catalog items and the
    underlying problem; a severity raised escalates again."""
    if problem.status == "closed":
        raise ClosedError()
    owner = db.session.get(User, values.get("owner_id") or 0)
    errors = field_refusals(
        values.get("title", ""), values.get("description", ""), values.get("severity", ""), owner
    )
    if owner is None:
        errors["owner"] = Refusal("unknown_owner", ("",))
    items, refusal = links.find_items(values.get("catalog_codes", []))
    if refusal:
        errors["catalog_items"] = refusal
    cause = None
    if number := (values.get("cause_number") or "").strip():
        cause = links.problem_by_number(number)
        refusal = (
            Refusal("unknown_problems", (number.upper(),))
            if cause is None
            else links.cause_refusal(problem, cause)
        )
        if refusal:
            errors["cause"] = refusal
    if errors:
        raise ProblemError(errors)
    own = {
        "title": values["title"].strip(),
        "description": values.get("description", "").strip(),
        "severity": values["severity"],
        "owner_id": owner.id,
        "cause_id": cause.id if cause else None,
    }
    diff = changes(problem, own)
    old_items = [i.code for i in problem.catalog_items]
    if old_items != [i.code for i in items]:
        diff["catalog_items"] = [", ".join(old_items), ", ".join(i.code for i in items)]
    if not diff:
        return diff
    before = problem.severity
    for name, value in own.items():
        setattr(problem, name, value)
    problem.catalog_items = items
    problem.updated_at = now
    add_event(problem, actor, now, "edited", params={"fields": sorted(diff)})
    db.session.flush()
    record(actor, "problem.edit", problem, diff, now=now)
    if rules.raises_escalation(before, problem.severity):
        escalate(problem, contract, actor=actor, now=now)
    return diff


def save_analysis(problem: Problem, values: dict, whys: list[str], *, actor, now: datetime):
    """The root-cause analysis: what happened, the five whys in order, the fix, the known
    workaround and how recurrence is prevented."""
    if problem.status == "closed":
        raise ClosedError()
    whys = [w.strip() for w in whys if w and w.strip()]
    errors = {
        name: Refusal("too_long", (str(TEXT_LIMIT),))
        for name in ANALYSIS_FIELDS
        if len(values.get(name) or "") > TEXT_LIMIT
    }
    if len(whys) > MAX_WHYS or any(len(w) > WHY_LIMIT for w in whys):
        errors["whys"] = Refusal("too_many_whys", (str(MAX_WHYS), str(WHY_LIMIT)))
    if errors:
        raise ProblemError(errors)
    edited = [
        name
        for name in ANALYSIS_FIELDS
        if (values.get(name) or "").strip() != getattr(problem, name)
    ]
    if [w.text for w in problem.whys] != whys:
        edited.append("whys")
        problem.whys = [ProblemWhy(position=n, text=text) for n, text in enumerate(whys, 1)]
    for name in ANALYSIS_FIELDS:
        setattr(problem, name, (values.get(name) or "").strip())
    if edited:
        problem.updated_at = now
        add_event(problem, actor, now, "analysis", params={"fields": edited})
        db.session.flush()
        record(actor, "problem.analysis", problem, {"fields": edited}, now=now)
    return edited


def add_party(problem: Problem, name: str, side: str, *, actor, now: datetime) -> ProblemParty:
    """S16: a party who agreed the solution plan, recorded with the moment it was said."""
    if problem.status == "closed":
        raise ClosedError()
    name = name.strip()
    if not name or len(name) > 120:
        raise ProblemError({"name": Refusal("required" if not name else "too_long", ("120",))})
    if side not in SIDES:
        raise ProblemError({"side": Refusal("unknown_side", (side,))})
    party = ProblemParty(
        name=name, side=side, agreed_at=now, recorded_by_id=getattr(actor, "id", None)
    )
    problem.parties.append(party)
    problem.updated_at = now
    add_event(problem, actor, now, "party_agreed", params={"name": name, "side": side})
    db.session.flush()
    record(actor, "problem.party", problem, {"name": name, "side": side}, now=now)
    return party


def remove_party(problem: Problem, party_id: int, *, actor, now: datetime) -> bool:
    if problem.status == "closed":
        raise ClosedError()
    party = next((p for p in problem.parties if p.id == party_id), None)
    if party is None:
        return False
    problem.parties.remove(party)
    problem.updated_at = now
    add_event(problem, actor, now, "party_removed", params={"name": party.name})
    db.session.flush()
    return True
