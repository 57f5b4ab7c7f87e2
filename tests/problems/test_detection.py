"""Recurrence detection over stored tickets: the worker job, the command, dismissals, links."""

import pytest
import sqlalchemy as sa

from app.contracts.services import get_contract
from app.extensions import db, utcnow
from app.problems import detection
from app.problems.models import RecurrenceCandidate, RecurrenceDismissal
from app.worker import run_once
from tests.problems.helpers import incident, printers, problem, repeated, user


@pytest.fixture
def printer_tickets(app, users):
    """Three stripes tickets on PRN-0001, one on PRN-0002 (same model), one laptop ticket."""
    with app.app_context():
        printers("PRN-0001", "PRN-0002")
        printers("PRN-0009", model="Canon iR-ADV C5535")
        numbers = repeated("PRN-0001")
        numbers.append(incident(["PRN-0002"], days_ago=0.2).number)
        incident(["PRN-0009"], days_ago=0.1)
        incident(code="hw.laptop", title="Screen flickers", days_ago=40)  # outside the window
        get_contract().recurrence_item_incidents = 10  # the item is too broad in this test
        db.session.commit()
        yield numbers
        db.session.remove()


def stored() -> dict[tuple[str, str], list[str]]:
    rows = db.session.scalars(sa.select(RecurrenceCandidate)).all()
    return {(c.kind, c.value): [t.number for t in c.tickets] for c in rows}


def test_the_worker_job_keeps_candidates(app, printer_tickets):
    with app.app_context():
        assert run_once(["problem_detect"]) == {"problem_detect": 2}
        assert stored() == {
            ("asset", "PRN-0001"): printer_tickets[:3],
            ("model", "HP LaserJet Enterprise M507"): printer_tickets,
        }
        # a second run (another worker, later) changes nothing and adds nothing
        assert run_once(["problem_detect"], holder="other-worker") == {"problem_detect": 0}
        assert len(stored()) == 2


def test_the_command_lists_candidates(app, printer_tickets):
    result = app.test_cli_runner().invoke(args=["problems", "detect"])
    assert result.exit_code == 0, result.output
    assert "asset PRN-0001: " + " ".join(printer_tickets[:3]) in result.output
    assert "2 candidates, 2 new, 0 gone" in result.output


def test_linking_the_incidents_to_a_problem_ends_the_candidate(app, printer_tickets):
    with app.app_context():
        detection.refresh(utcnow(), get_contract())
        problem(incident_numbers=printer_tickets[:2])
        # PRN-0001 keeps one unlinked incident, the model two: neither repeats any more
        assert stored() == {}


def test_a_dismissed_candidate_stays_dismissed(app, printer_tickets):
    with app.app_context():
        detection.refresh(utcnow(), get_contract())
        candidate = db.session.scalar(
            sa.select(RecurrenceCandidate).where(RecurrenceCandidate.kind == "asset")
        )
        assert detection.dismiss(candidate, actor=user("manager"), now=utcnow(), note="toner") == 3
        detection.refresh(utcnow(), get_contract())
        assert list(stored()) == [("model", "HP LaserJet Enterprise M507")]
        assert db.session.scalar(sa.select(sa.func.count(RecurrenceDismissal.id))) == 3
        incident(["PRN-0001"], days_ago=0.05)
        detection.refresh(utcnow(), get_contract())
        assert ("asset", "PRN-0001") not in stored()


def test_the_window_and_minimum_are_contract_settings(app, printer_tickets):
    with app.app_context():
        contract = get_contract()
        contract.recurrence_model_incidents = 5
        contract.recurrence_asset_incidents = 0
        detection.refresh(utcnow(), contract)
        assert stored() == {}
        contract.recurrence_item_incidents = 3
        contract.recurrence_window_days = 60
        detection.refresh(utcnow(), contract)
        assert set(stored()) == {("catalog_item", "hw.printer")}
