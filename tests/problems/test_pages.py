"""Problem pages: open from the queue or a candidate, work the record, links on both sides."""

import pytest
import sqlalchemy as sa

from app.contracts.services import get_contract
from app.extensions import db, utcnow
from app.problems import detection
from app.problems.models import Problem, RecurrenceCandidate
from tests.changes.helpers import new_change
from tests.problems.helpers import analysed, printers, problem, repeated

HTMX = {"HX-Request": "true"}


def text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def stripes(app, users):
    """Three stripes tickets on one printer, detected as a candidate."""
    with app.app_context():
        printers("PRN-0001")
        numbers = repeated("PRN-0001")
        get_contract().recurrence_item_incidents = 0
        detection.refresh(utcnow(), get_contract())
        db.session.commit()
        db.session.remove()
    return numbers


def stored_problem(number=None) -> Problem:
    query = sa.select(Problem).order_by(Problem.id.desc())
    if number:
        query = query.where(Problem.number == number)
    return db.session.scalar(query)


def test_the_queue_offers_a_problem_from_ticked_incidents(app, login_as, stripes):
    manager = login_as("manager")
    queue = text(manager.get("/desk"))
    assert 'data-testid="problem-from-tickets"' in queue and f'value="{stripes[0]}"' in queue
    assert "problem-from-tickets" not in text(login_as("agent").get("/desk"))
    # the button sends the ticked tickets of the queue's bulk form to the problem form
    sent = manager.form("/desk/bulk", {"ticket": stripes[:2], "to_problem": "1"})
    assert sent.status_code == 303 and "/problems/new?ticket=" in sent.headers["Location"]
    page = manager.get(sent.headers["Location"])
    assert page.status_code == 200
    assert " ".join(stripes[:2]) in text(page) and "PRN-0001" in text(page)


def test_a_manager_turns_a_candidate_into_a_problem(app, login_as, stripes):
    manager = login_as("manager")
    with app.app_context():
        candidate = db.session.scalar(
            sa.select(RecurrenceCandidate).where(RecurrenceCandidate.kind == "asset")
        )
        candidate_id = candidate.id
    listing = text(manager.get("/problems/candidates"))
    assert all(number in listing for number in stripes)
    form = text(manager.get(f"/problems/new?candidate={candidate_id}"))
    assert "3 incidents on PRN-0001" in form
    response = manager.form(
        "/problems/new",
        {
            "title": "Stripes on PRN-0001",
            "severity": "major",
            "owner_id": "0",
            "incident_numbers": " ".join(stripes),
            "asset_tags": "PRN-0001",
            "catalog_items": "hw.printer",
        },
    )
    assert response.status_code == 422  # no such owner
    with app.app_context():
        from tests.problems.helpers import user

        owner = user("manager").id
    response = manager.form(
        "/problems/new",
        {
            "title": "Stripes on PRN-0001",
            "severity": "major",
            "owner_id": str(owner),
            "incident_numbers": " ".join(stripes),
            "asset_tags": "PRN-0001",
            "catalog_items": "hw.printer",
        },
    )
    assert response.status_code == 302, text(response)[-1500:]
    number = response.headers["Location"].rsplit("/", 1)[-1]
    page = text(manager.get(f"/problems/{number}"))
    assert all(n in page for n in stripes)
    assert "no-candidates" in text(manager.get("/problems/candidates"))
    ticket_page = text(manager.get(f"/tickets/{stripes[0]}"))
    assert "ticket-problem" in ticket_page and number in ticket_page


def test_the_ticket_page_shows_the_recurrence_banner(app, login_as, stripes):
    page = text(login_as("manager").get(f"/tickets/{stripes[1]}"))
    assert "recurrence-banner" in page and "3 incidents on PRN-0001" in page
    assert "recurrence-banner" not in text(login_as("employee").get(f"/tickets/{stripes[1]}"))


def test_dismissing_a_candidate(app, login_as, stripes):
    manager = login_as("manager")
    with app.app_context():
        ids = db.session.scalars(sa.select(RecurrenceCandidate.id)).all()
    assert len(ids) == 2  # the printer and its model
    for candidate_id in ids:
        response = manager.form(
            f"/problems/candidates/{candidate_id}/dismiss", {"note": "Paper"}, headers=HTMX
        )
        assert response.status_code == 200 and "Dismissed: " in text(response)
    assert "no-candidates" in text(response)
    with app.app_context():
        detection.refresh(utcnow(), get_contract())
        db.session.commit()
    assert "no-candidates" in text(manager.get("/problems/candidates"))
    assert manager.form("/problems/candidates/999/dismiss").status_code == 404


def test_working_the_record_step_by_step(app, login_as, users):
    with app.app_context():
        number = problem().number
        change = new_change().number
        db.session.commit()
    manager = login_as("manager")
    url = f"/problems/{number}"
    step = manager.form(f"{url}/act", {"action": "investigate"}, headers=HTMX)
    assert step.status_code == 200 and "Under investigation" in text(step)
    refused = manager.form(f"{url}/act", {"action": "root_cause_known"}, headers=HTMX)
    assert refused.status_code == 422 and "Write what happened first." in text(refused)
    skipped = manager.form(f"{url}/act", {"action": "close"}, headers=HTMX)
    assert skipped.status_code == 409
    assert "This step is not possible while the problem is Under investigation." in text(skipped)
    analysis = {
        "what_happened": "The fuser is worn",
        "whys-0": "Stripes",
        "whys-1": "Worn fuser",
        "whys-2": "",
        "fix": "Replace the fuser",
        "workaround": "Use tray 2",
        "prevention": "Check fusers at each visit",
    }
    saved = manager.form(f"{url}/analysis", analysis, headers=HTMX)
    assert saved.status_code == 200 and "Root-cause analysis saved." in text(saved)
    party = manager.form(f"{url}/parties", {"name": "李娜", "side": "client"}, headers=HTMX)
    assert "李娜" in text(party)
    linked = manager.form(f"{url}/links", {"kind": "change", "values": change}, headers=HTMX)
    assert f"Changes linked: {change}." in text(linked)
    bad = manager.form(
        f"{url}/links", {"kind": "change", "values": "CHG-1999-000009"}, headers=HTMX
    )
    assert bad.status_code == 422 and "No such change: CHG-1999-000009." in text(bad)
    for action in ("root_cause_known", "plan_fix", "resolve", "close"):
        assert manager.form(f"{url}/act", {"action": action}).status_code == 302
    page = text(manager.get(url))
    assert "Closed" in page and "Save the analysis" not in page and "Use tray 2" in page
    change_page = text(manager.get(f"/changes/{change}"))
    assert f'href="/problems/{number}"' in change_page


def test_a_circle_of_problems_is_refused_clearly(app, login_as, users):
    with app.app_context():
        first, second = problem(title="First"), problem(title="Second")
        first_number, second_number, owner = first.number, second.number, first.owner_id
        db.session.commit()
    manager = login_as("manager")

    def edit(number, cause):
        return manager.form(
            f"/problems/{number}/edit",
            {"title": "T", "severity": "major", "owner_id": str(owner), "cause_number": cause},
            headers=HTMX,
        )

    assert "A problem cannot be its own underlying problem." in text(
        edit(first_number, first_number)
    )
    assert edit(second_number, first_number).status_code == 200
    looped = edit(first_number, second_number)
    assert looped.status_code == 422
    assert f"{second_number} already comes from this problem" in text(looped)


def test_the_desk_links_incidents_but_not_changes(app, login_as, users):
    with app.app_context():
        printers("PRN-0001")
        number, tickets = problem().number, repeated(count=1)
        change = new_change().number
        db.session.commit()
    agent = login_as("agent")
    url = f"/problems/{number}"
    assert "Start the investigation" not in text(agent.get(url))
    assert agent.form(f"{url}/links", {"kind": "incident", "values": tickets[0]}).status_code == 302
    assert agent.form(f"{url}/links", {"kind": "change", "values": change}).status_code == 403
    assert login_as("employee").get(url).status_code == 403
    assert login_as("engineer").form(f"{url}/act", {"action": "investigate"}).status_code == 403


def test_lists_and_fragments(app, login_as, users):
    with app.app_context():
        analysed(problem(title="Critical printer outage", severity="critical"))
        problem(title="Slow VPN", severity="minor")
        db.session.commit()
    manager = login_as("manager")
    full = manager.get("/problems/?severity=critical")
    assert "Critical printer outage" in text(full) and "Slow VPN" not in text(full)
    fragment = manager.get("/problems/?q=VPN", headers=HTMX)
    assert "<html" not in text(fragment) and "Slow VPN" in text(fragment)
    assert "HX-Request" in fragment.headers["Vary"]
    home = text(manager.get("/"))
    assert "critical-problems" in home and "Critical printer outage" in home
    assert "critical-problems" not in text(login_as("agent").get("/"))


def test_the_recurrence_limits_are_contract_settings(app, login_as, users):
    from tests.web.test_foundation import contract_form

    manager = login_as("manager")
    page = text(manager.get("/contract/"))
    assert 'name="recurrence_window_days"' in page and 'name="recurrence_item_incidents"' in page
    saved = manager.form(
        "/contract/",
        contract_form(
            recurrence_window_days="14",
            recurrence_asset_incidents="2",
            recurrence_model_incidents="4",
            recurrence_item_incidents="0",
        ),
    )
    assert saved.status_code == 302, text(saved)[-800:]
    with app.app_context():
        contract = get_contract()
        assert (
            contract.recurrence_window_days,
            contract.recurrence_asset_incidents,
            contract.recurrence_model_incidents,
            contract.recurrence_item_incidents,
        ) == (14, 2, 4, 0)
    refused = manager.form("/contract/", contract_form(recurrence_model_incidents="-1"))
    assert refused.status_code == 422
