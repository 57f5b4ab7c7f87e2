"""Problem writes: opening, the guarded flow, links both ways, circles, escalation mail."""

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEvent
from app.changes import services as change_services
from app.contracts.services import get_contract
from app.extensions import db, utcnow
from app.mail.models import OutboxMessage
from app.problems import links, rules, services
from app.problems.errors import ClosedError, ProblemError
from app.problems.models import ProblemEvent
from tests.changes.helpers import data as change_data
from tests.problems.helpers import analysed, incident, printers, problem, repeated, user


@pytest.fixture
def desk(app, users):
    with app.app_context():
        printers("PRN-0001", "PRN-0002")
        db.session.commit()
        yield
        db.session.remove()


def test_a_problem_opens_with_its_incidents_assets_and_catalog_items(desk):
    numbers = repeated("PRN-0001")
    made = problem(incident_numbers=numbers, asset_tags=["prn-0001"], catalog_codes=["hw.printer"])
    assert made.number == f"PRB-{utcnow().year}-000001"
    assert made.status == "open" and made.owner.email == user("manager").email
    assert [t.number for t in links.incidents_of(made)] == numbers
    assert [a.tag for a in made.assets] == ["PRN-0001"]
    assert [i.code for i in made.catalog_items] == ["hw.printer"]
    assert problem(title="Another").number.endswith("-000002")
    actions = db.session.scalars(sa.select(AuditEvent.action)).all()
    assert "problem.open" in actions


@pytest.mark.parametrize(
    ("values", "field", "code"),
    [
        ({"title": " "}, "title", "required"),
        ({"severity": "urgent"}, "severity", "unknown_severity"),
        ({"incident_numbers": ["INC-2000-000001"]}, "incidents", "unknown_tickets"),
        ({"asset_tags": ["NOPE-1"]}, "assets", "unknown_assets"),
        ({"catalog_codes": ["hw.spaceship"]}, "catalog_items", "unknown_items"),
    ],
)
def test_bad_input_opens_nothing(desk, values, field, code):
    with pytest.raises(ProblemError) as refused:
        problem(**values)
    assert refused.value.fields[field].code == code


def test_an_incident_belongs_to_one_problem_and_requests_to_none(desk):
    first = repeated(count=1)
    problem(incident_numbers=first)
    with pytest.raises(ProblemError) as refused:
        problem(incident_numbers=first)
    assert refused.value.fields["incidents"].code == "taken"
    request = incident(code="onsite.engineer", title="Board room set-up")
    with pytest.raises(ProblemError) as refused:
        problem(incident_numbers=[request.number])
    assert refused.value.fields["incidents"].code == "not_incidents"


def test_the_flow_asks_for_each_part_of_the_analysis(desk):
    made = problem()
    manager = user("manager")
    services.act(made, "investigate", actor=manager, now=utcnow())
    with pytest.raises(ProblemError) as refused:
        services.act(made, "root_cause_known", actor=manager, now=utcnow())
    assert set(refused.value.fields) == {"what_happened", "whys"}
    analysed(made, parties=False)
    services.act(made, "root_cause_known", actor=manager, now=utcnow())
    with pytest.raises(ProblemError) as refused:
        services.act(made, "plan_fix", actor=manager, now=utcnow())
    assert set(refused.value.fields) == {"parties"}
    services.add_party(made, "Anna Müller", "client", actor=manager, now=utcnow())
    for action in ("plan_fix", "resolve", "close"):
        services.act(made, action, actor=manager, now=utcnow(), note=f"{action} done")
    assert made.status == "closed" and made.resolved_at and made.closed_at
    with pytest.raises(rules.TransitionError):
        services.act(made, "close", actor=manager, now=utcnow())
    with pytest.raises(ClosedError):
        services.save_analysis(made, {}, [], actor=manager, now=utcnow())
    with pytest.raises(ClosedError):
        links.link(made, "asset", ["PRN-0002"], actor=manager, now=utcnow(), contract=None)
    steps = db.session.scalars(
        sa.select(ProblemEvent.action).where(ProblemEvent.problem_id == made.id)
    ).all()
    assert steps[0] == "created" and steps[-1] == "close"
    assert [w.text for w in made.whys][0] == "Stripes appear"


def test_the_analysis_keeps_the_whys_in_order(desk):
    made = problem()
    whys = ["one", "", "two", "three"]
    edited = services.save_analysis(
        made, {"what_happened": "x"}, whys, actor=user("manager"), now=utcnow()
    )
    assert edited == ["what_happened", "whys"]
    assert [(w.position, w.text) for w in made.whys] == [(1, "one"), (2, "two"), (3, "three")]
    assert (
        services.save_analysis(
            made,
            {"what_happened": "x"},
            ["one", "two", "three"],
            actor=user("manager"),
            now=utcnow(),
        )
        == []
    )


def test_a_problem_cannot_come_from_itself_or_close_a_circle(desk):
    a, b, c = problem(title="A"), problem(title="B"), problem(title="C")
    manager, contract = user("manager"), get_contract()

    def set_cause(target, cause):
        values = {
            "title": target.title,
            "severity": target.severity,
            "owner_id": manager.id,
            "cause_number": cause.number,
        }
        return services.update_fields(
            target, values, actor=manager, now=utcnow(), contract=contract
        )

    with pytest.raises(ProblemError) as refused:
        set_cause(a, a)
    assert refused.value.fields["cause"].code == "self"
    set_cause(b, a)
    set_cause(c, b)
    with pytest.raises(ProblemError) as refused:
        set_cause(a, c)
    assert refused.value.fields["cause"].code == "loop"
    assert a.cause_id is None and c.cause.number == b.number


def test_critical_problems_mail_the_escalation_contacts(desk):
    contract = get_contract()
    contract.client_management_contact_id = user("approver").id
    contract.vendor_project_manager_id = user("admin").id
    contract.customer_service_manager_id = user("manager").id  # the one who opens it
    made = problem(severity="critical")
    recipients = db.session.scalars(sa.select(OutboxMessage.recipient)).all()
    assert sorted(recipients) == sorted([user("approver").email, user("admin").email])
    subject = db.session.scalar(sa.select(OutboxMessage.subject))
    assert subject.startswith(f"[{made.number}]")
    minor = problem(severity="minor")
    assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == 2
    services.update_fields(
        minor,
        {"title": minor.title, "severity": "critical", "owner_id": user("manager").id},
        actor=user("manager"),
        now=utcnow(),
        contract=contract,
    )
    assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == 4
    escalated = db.session.scalar(
        sa.select(ProblemEvent).where(
            ProblemEvent.problem_id == minor.id, ProblemEvent.action == "escalated"
        )
    )
    assert escalated.params["severity"] == "critical"


def test_the_change_form_numbers_become_links_both_ways(desk):
    made, other = problem(), problem(title="Other")
    agent = user("agent")
    change = change_services.create_change(
        change_data(problem_numbers=[made.number.lower()]),
        actor=agent,
        now=utcnow(),
        contract=get_contract(),
    )
    assert [c.number for c in links.changes_of(made)] == [change.number]
    with pytest.raises(change_services.ChangeError) as refused:
        change_services.create_change(
            change_data(problem_numbers=["PRB-1999-000001"]),
            actor=agent,
            now=utcnow(),
            contract=get_contract(),
        )
    assert "PRB-1999-000001" in refused.value.fields["problem_numbers"]
    change_services.update_change(
        change,
        change_data(problem_numbers=[other.number]),
        actor=agent,
        now=utcnow(),
        contract=get_contract(),
    )
    assert links.changes_of(made) == [] and links.changes_of(other) == [change]
    history = db.session.scalars(
        sa.select(ProblemEvent.action).where(ProblemEvent.problem_id == made.id)
    ).all()
    assert history[-2:] == ["change_linked", "change_unlinked"]


def test_linking_from_the_problem_side(desk):
    made = problem()
    numbers = repeated()
    manager, contract = user("manager"), get_contract()
    added = links.link(made, "incident", numbers, actor=manager, now=utcnow(), contract=contract)
    assert added == numbers
    assert (
        links.link(made, "incident", numbers[:1], actor=manager, now=utcnow(), contract=contract)
        == []
    )
    assert links.link(
        made, "asset", ["PRN-0002"], actor=manager, now=utcnow(), contract=contract
    ) == ["PRN-0002"]
    with pytest.raises(ProblemError) as refused:
        links.link(
            made, "change", ["CHG-1999-000001"], actor=manager, now=utcnow(), contract=contract
        )
    assert refused.value.fields["changes"].code == "unknown_changes"
    assert links.unlink(made, "incident", numbers[0], actor=manager, now=utcnow())
    assert not links.unlink(made, "incident", numbers[0], actor=manager, now=utcnow())
    assert [t.number for t in links.incidents_of(made)] == numbers[1:]
