"""What the ticket pages say and in which order: the queue's catalog areas, the "created" action,
the requester's confirmation and withdrawal, and the engineer's on-site work before the SLA."""

import re

import pytest
import sqlalchemy as sa

from app.accounts.models import User
from app.extensions import db
from app.tickets import actions
from app.tickets.models import Ticket
from tests.conftest import ROLE_EMAILS
from tests.factories import MONDAY_0912, open_ticket, perform

GROUP_OPTIONS = re.compile(r'<select name="group"[^>]*>(.*?)</select>', re.S)
HISTORY_ACTIONS = re.compile(r"· <strong>([^<]*)</strong>")


def speaks_chinese(app, role: str) -> None:
    with app.app_context():
        db.session.scalar(sa.select(User).where(User.email == ROLE_EMAILS[role])).language = "zh"
        db.session.commit()


def filed(app, users, **fields) -> str:
    with app.app_context():
        return open_ticket(users["employee"], **fields).number


@pytest.mark.parametrize(
    ("lang", "names"),
    [("en", ["Hardware", "System", "Client software"]), ("zh", ["硬件", "系统", "客户端软件"])],
)
def test_the_queue_filters_by_catalog_area_names(app, login_as, lang, names):
    if lang == "zh":
        speaks_chinese(app, "agent")
    page = login_as("agent").get("/desk").get_data(as_text=True)
    options = GROUP_OPTIONS.search(page).group(1)
    shown = dict(re.findall(r'<option value="(\w*)"[^>]*>([^<]*)</option>', options))
    assert [shown["hw"], shown["sys"], shown["sw"]] == names
    assert "install" in shown and "asset" in shown  # every S1 group, codes kept as values


def test_the_history_and_the_sla_say_created_as_an_action(app, users, login_as):
    number = filed(app, users)
    with app.app_context():
        ticket = db.session.scalar(sa.select(Ticket).where(Ticket.number == number))
        perform(actions.accept, ticket, users["agent"], MONDAY_0912.replace(minute=14))
    agent = login_as("agent")
    page = agent.get(f"/tickets/{number}").get_data(as_text=True)
    assert HISTORY_ACTIONS.findall(page)[0] == "Ticket created"
    assert "Opened</dt>" in page  # the time column keeps its word
    timeline = agent.get(f"/tickets/{number}/sla").get_data(as_text=True)
    assert "Running: Ticket created" in timeline
    speaks_chinese(app, "agent")
    chinese = login_as("agent").get(f"/tickets/{number}/sla").get_data(as_text=True)
    assert "创建时间" not in chinese  # "time created" is not what started the clock
    history = HISTORY_ACTIONS.findall(
        login_as("agent").get(f"/tickets/{number}").get_data(as_text=True)
    )
    assert "创建时间" not in history


def test_the_requester_first_reads_what_happens_next(app, users, login_as):
    employee = login_as("employee")
    response = employee.form(
        "/tickets/new",
        {
            "group": "sys",
            "catalog_code": "sys.network",
            "title": "Cannot join the Wi-Fi",
            "urgency": "medium",
            "impact": "low",
        },
    )
    number = response.headers["Location"].rsplit("/", 1)[1]
    page = employee.get(f"/tickets/{number}").get_data(as_text=True)
    confirmation = page.index('data-testid="request-received"')
    assert confirmation < page.index('class="facts"')
    assert f"We have your request {number}" in page
    assert "within 5 minutes of service hours" in page  # the contract's web response target
    # withdrawing is there, worded for the requester, asks nothing, and is not the red button
    assert "Withdraw request</summary>" in page
    assert 'class=" danger"' not in page and 'data-action="cancel">Withdraw request' in page
    assert 'id="actions"' not in page  # no other step yet, so no note box
    assert "required to reopen" not in page
    assert employee.form(f"/tickets/{number}/act", {"action": "cancel"}).status_code == 302
    with app.app_context():
        ticket = db.session.scalar(sa.select(Ticket).where(Ticket.number == number))
        assert ticket.status == "cancelled"


def test_the_reopen_note_is_asked_for_only_when_reopen_is_possible(app, users, login_as):
    number = filed(app, users)
    agent_page = login_as("agent").get(f"/tickets/{number}").get_data(as_text=True)
    assert 'data-action="cancel">Cancel' in agent_page  # the desk's own word stays
    assert "required to reopen" not in agent_page and "request-received" not in agent_page
    with app.app_context():
        ticket = db.session.scalar(sa.select(Ticket).where(Ticket.number == number))
        perform(actions.accept, ticket, users["agent"], MONDAY_0912.replace(minute=14))
        perform(
            actions.resolve, ticket, users["agent"], MONDAY_0912.replace(minute=30), note="Fixed"
        )
    page = login_as("employee").get(f"/tickets/{number}").get_data(as_text=True)
    assert "Note (required to reopen)" in page and 'data-action="reopen"' in page
    assert "request-received" not in page


def test_the_engineers_onsite_work_comes_before_the_sla_panel(app, users, login_as):
    number = filed(app, users, code="hw.laptop")
    with app.app_context():
        ticket = db.session.scalar(sa.select(Ticket).where(Ticket.number == number))
        engineer = db.session.get(User, users["engineer"])
        perform(actions.accept, ticket, users["agent"], MONDAY_0912.replace(minute=13))
        perform(
            actions.dispatch,
            ticket,
            users["agent"],
            MONDAY_0912.replace(minute=14),
            engineer=engineer,
        )
    page = login_as("engineer").get(f"/tickets/{number}").get_data(as_text=True)
    order = [
        page.index('data-action="arrive"'),
        page.index('id="onsite-work"'),
        page.index("/fixed"),
        page.index('id="sla-timeline"'),
    ]
    assert order == sorted(order)
