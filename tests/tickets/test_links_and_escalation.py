"""Links, merges, vendor coordination and escalation from the ticket page."""

import sqlalchemy as sa

from app.contracts.services import get_contract
from app.extensions import db
from app.tickets import actions
from app.tickets.models import Ticket, TicketEvent, TicketLink, VendorCase
from tests.factories import MONDAY_0912, open_ticket, person


def test_merge_duplicate_and_link_child(app, users, login_as):
    with app.app_context():
        first = open_ticket(users["employee"], title="Printer jam").number
        duplicate = open_ticket(users["employee"], title="Printer jam again").number
        child = open_ticket(users["employee"], title="Toner").number
    agent = login_as("agent")
    merged = agent.form(f"/tickets/{duplicate}/link", {"other": first, "kind": "merge"})
    assert merged.status_code == 302
    linked = agent.form(f"/tickets/{first}/link", {"other": child, "kind": "child"})
    assert linked.status_code == 302
    unknown = agent.form(f"/tickets/{first}/link", {"other": "INC-2099-999999", "kind": "related"})
    assert unknown.status_code == 422
    itself = agent.form(f"/tickets/{first}/link", {"other": first, "kind": "related"})
    assert itself.status_code == 422
    with app.app_context():
        dup = db.session.scalar(sa.select(Ticket).where(Ticket.number == duplicate))
        assert dup.status == "cancelled" and dup.merged_into.number == first
        kid = db.session.scalar(sa.select(Ticket).where(Ticket.number == child))
        assert kid.parent.number == first
        kinds = sorted(db.session.scalars(sa.select(TicketLink.kind)).all())
        assert kinds == ["child", "duplicate_of"]
    page = agent.get(f"/tickets/{duplicate}").get_data(as_text=True)
    assert "Duplicate of" in page and first in page


def test_vendor_case_is_in_history_and_hidden_from_the_requester(app, users, login_as):
    with app.app_context():
        number = open_ticket(users["employee"], code="hw.laptop").number
    engineer = login_as("engineer")
    assert (
        engineer.form(
            f"/tickets/{number}/vendor-case", {"vendor": "Dell", "case_number": "SR-778812"}
        ).status_code
        == 302
    )
    with app.app_context():
        assert db.session.scalar(sa.select(VendorCase.case_number)) == "SR-778812"
        actions = db.session.scalars(sa.select(TicketEvent.action)).all()
        assert "vendor_case" in actions
    # the requester does not see the internal coordination
    page = login_as("employee").get(f"/tickets/{number}").get_data(as_text=True)
    assert "SR-778812" not in page


def test_the_portals_note_on_a_merged_duplicate_is_worded_for_each_reader(app, client, users):
    from tests.tickets.test_api import bearer

    with app.app_context():
        first = open_ticket(users["employee"], title="Printer jam")
        duplicate = open_ticket(users["employee"], title="Printer jam again")
        actions.merge(
            duplicate, first, actor=person("agent"), now=MONDAY_0912, contract=get_contract()
        )
        db.session.commit()
        cancel = db.session.scalars(
            sa.select(TicketEvent).where(TicketEvent.action == "cancel")
        ).one()
        assert (cancel.note, cancel.note_code) == ("", "duplicate_of")
        assert cancel.note_params == {"number": first.number}
        person("employee").language = "zh"
        db.session.commit()
        numbers = first.number, duplicate.number
    history = client.get(f"/api/v1/tickets/{numbers[1]}", headers=bearer(app, "agent")).json
    assert history["history"][-1]["text"].endswith(f"Duplicate of {numbers[0]}")
    history = client.get(f"/api/v1/tickets/{numbers[1]}", headers=bearer(app, "employee")).json
    assert history["history"][-1]["text"].endswith(f"与 {numbers[0]} 重复")


def test_a_dispatched_ticket_is_not_merged_and_the_desk_is_told_why(app, users, login_as):
    from datetime import timedelta

    from tests.factories import MONDAY_0912, perform
    from tests.factories import person as someone

    with app.app_context():
        first = open_ticket(users["employee"], title="Printer jam").number
        dispatched = open_ticket(users["employee"], title="Printer jam, floor 3")
        perform(actions.accept, dispatched, "agent", MONDAY_0912 + timedelta(minutes=1))
        perform(
            actions.dispatch,
            dispatched,
            "agent",
            MONDAY_0912 + timedelta(minutes=2),
            someone("engineer"),
        )
        number = dispatched.number
    agent = login_as("agent")
    refused = agent.form(f"/tickets/{number}/link", {"other": first, "kind": "merge"})
    assert refused.status_code == 422
    assert "before merging it as a duplicate" in refused.get_data(as_text=True)
    with app.app_context():
        ticket = db.session.scalar(sa.select(Ticket).where(Ticket.number == number))
        assert ticket.status == "dispatched" and ticket.merged_into is None
        assert db.session.scalar(sa.select(sa.func.count(TicketLink.id))) == 0
