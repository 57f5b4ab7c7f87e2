"""The queue as a working tool: views, sorting, saved views, bulk actions, exports, home tiles."""

import csv
import io
from datetime import timedelta

import pytest
import sqlalchemy as sa
import time_machine
from hypothesis import given
from hypothesis import strategies as st

from app.audit.models import AuditEvent
from app.extensions import db
from app.tickets import actions, rules
from app.tickets.models import SavedView, Ticket, TicketEvent, TicketLink
from tests.conftest import make_user
from tests.factories import MONDAY_0912, open_ticket, perform, person

# Monday 16:00 in Shanghai: inside service hours, hours after the first ticket of the day
NOW = MONDAY_0912 + timedelta(hours=6, minutes=48)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def desk_day(app, users, frozen):
    """A breached new ticket, one due within minutes, one in the agent's hands, one waiting
    for its user, one with an engineer on the way, and one from another building."""
    with app.app_context():
        other = make_user("employee", email="wang.fang@client.test", location="Building 2")
        db.session.commit()
        numbers = {
            "breached": open_ticket(title="Breached VPN", now=NOW - timedelta(hours=1)).number,
            "soon": open_ticket(title="Soon mail", now=NOW - timedelta(minutes=2)).number,
            "far": open_ticket(other, title="Far printer", now=NOW - timedelta(minutes=1)).number,
        }
        mine = open_ticket(title="Mine accepted", now=NOW - timedelta(hours=2))
        perform(actions.accept, mine, "agent", NOW - timedelta(hours=2) + timedelta(minutes=1))
        waiting = open_ticket(title="Waiting user", now=NOW - timedelta(hours=2))
        perform(actions.accept, waiting, "agent", NOW - timedelta(minutes=110))
        perform(actions.pend, waiting, "agent", NOW - timedelta(minutes=100))
        sent = open_ticket(title="Engineer sent", code="hw.laptop", now=NOW - timedelta(hours=1))
        perform(actions.accept, sent, "agent", NOW - timedelta(minutes=59))
        perform(actions.dispatch, sent, "agent", NOW - timedelta(minutes=58), person("engineer"))
        numbers |= {"mine": mine.number, "waiting": waiting.number, "sent": sent.number}
    return numbers


def shown(page: str, numbers: dict) -> set[str]:
    return {name for name, number in numbers.items() if f'id="row-{number}"' in page}


def test_the_views_a_desk_uses_all_day(login_as, desk_day):
    agent = login_as("agent")

    def view(query: str) -> set[str]:
        response = agent.get(f"/desk?{query}")
        assert response.status_code == 200
        return shown(response.get_data(as_text=True), desk_day)

    assert view("") == set(desk_day)
    assert view("due=breached") >= {"breached"} and "soon" not in view("due=breached")
    assert "soon" in view("due=hour") and "breached" not in view("due=hour")
    assert view("assignee=waiting") == {"mine"}
    assert view("assignee=me") == {"mine", "waiting"}
    assert view("assignee=none") == {"breached", "soon", "far"}
    assert view("clock=response") == {"breached", "soon", "far"}
    assert view("clock=onsite_arrival") == {"sent"}
    assert view("clock=resolution") == {"mine", "sent"}
    assert view("location=Building+2") == {"far"}
    assert view("group=hw") == {"sent"}


def test_columns_sort_both_ways(login_as, desk_day):
    agent = login_as("agent")
    up = agent.get("/desk?sort=number").get_data(as_text=True)
    down = agent.get("/desk?sort=number&dir=desc").get_data(as_text=True)
    numbers = sorted(desk_day.values())
    assert up.index(numbers[0]) < up.index(numbers[-1])
    assert down.index(numbers[-1]) < down.index(numbers[0])
    assert 'aria-sort="descending"' in down
    assert agent.get("/desk?sort=nonsense&dir=sideways").status_code == 200


def test_saved_views_belong_to_their_person(app, login_as, desk_day):
    agent, manager = login_as("agent"), login_as("manager")
    saved = agent.form("/desk/views", {"name": "Breached", "filters": "due=breached&q="})
    assert saved.status_code == 303 and "due=breached" in saved.headers["Location"]
    assert agent.form("/desk/views", {"name": "", "filters": "due=hour"}).status_code == 303
    page = agent.get("/desk").get_data(as_text=True)
    assert ">Breached</a>" in page and "due=breached" in page
    assert ">Breached</a>" not in manager.get("/desk").get_data(as_text=True)
    with app.app_context():
        view = db.session.scalar(sa.select(SavedView))
        assert view.filters == {"due": "breached"}
        view_id = view.id
        assert db.session.scalar(sa.select(sa.func.count(SavedView.id))) == 1
    assert manager.form(f"/desk/views/{view_id}/delete").status_code == 404
    assert agent.form(f"/desk/views/{view_id}/delete").status_code == 303
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(SavedView.id))) == 0
        actions_logged = db.session.scalars(
            sa.select(AuditEvent.action).where(AuditEvent.action.like("queue_view.%"))
        ).all()
        assert sorted(actions_logged) == ["queue_view.delete", "queue_view.save"]


def test_bulk_assign_goes_through_the_service_and_names_the_ticket_it_could_not_change(
    app, users, login_as, desk_day
):
    agent = login_as("agent")
    picked = [desk_day["breached"], desk_day["soon"], desk_day["sent"]]
    response = agent.form(
        "/desk/bulk",
        {"ticket": picked, "action": "assign", "assignee": str(users["agent"]), "view": "due="},
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f"done for {desk_day['breached']}, {desk_day['soon']}" in page
    assert (
        f"{desk_day['sent']} was not changed: an engineer is on the way or on site; "
        "a new dispatch hands the visit over." in page
    )
    with app.app_context():
        tickets = {
            t.number: t
            for t in db.session.scalars(sa.select(Ticket).where(Ticket.number.in_(picked)))
        }
        assert tickets[desk_day["breached"]].assignee_id == users["agent"]
        assert tickets[desk_day["soon"]].assignee_id == users["agent"]
        assert tickets[desk_day["sent"]].assignee_id == users["engineer"]
        lines = db.session.scalars(sa.select(TicketEvent).where(TicketEvent.action == "assigned"))
        assert sorted(line.ticket.number for line in lines) == sorted(picked[:2])
        audited = db.session.scalar(
            sa.select(sa.func.count(AuditEvent.id)).where(AuditEvent.action == "ticket.assign")
        )
        assert audited == 2
    history = agent.get(f"/tickets/{desk_day['soon']}").get_data(as_text=True)
    assert "Now with Agent Tester." in history


def test_bulk_status_action_keeps_the_machine_and_a_refused_ticket_as_it_was(
    app, login_as, desk_day
):
    agent = login_as("agent")
    picked = [desk_day["soon"], desk_day["mine"]]
    page = agent.form(
        "/desk/bulk", {"ticket": picked, "action": "accept"}, follow_redirects=True
    ).get_data(as_text=True)
    assert f"Accept: done for {desk_day['soon']}" in page
    assert f"{desk_day['mine']} was not changed: this is not possible while the ticket is" in page
    with app.app_context():
        statuses = dict(
            db.session.execute(
                sa.select(Ticket.number, Ticket.status).where(Ticket.number.in_(picked))
            ).all()
        )
        assert statuses == {desk_day["soon"]: "accepted", desk_day["mine"]: "accepted"}
        accepts = db.session.scalar(
            sa.select(sa.func.count(TicketEvent.id))
            .join(Ticket)
            .where(Ticket.number == desk_day["mine"], TicketEvent.action == "accept")
        )
        assert accepts == 1, "the refused ticket got no second accept line"
    nothing = agent.form("/desk/bulk", {"action": "accept"}, follow_redirects=True)
    assert "Tick at least one ticket first." in nothing.get_data(as_text=True)
    unknown = agent.form("/desk/bulk", {"ticket": [desk_day["soon"]], "action": "explode"})
    assert unknown.status_code == 303


def test_bulk_actions_are_the_desks(login_as, desk_day):
    assert login_as("employee").form("/desk/bulk", {"ticket": [desk_day["soon"]]}).status_code in (
        403,
        404,
    )


def test_export_follows_the_views_filters(login_as, desk_day):
    from openpyxl import load_workbook

    agent = login_as("agent")
    response = agent.get("/desk?due=hour&format=csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][0] == "Number"
    exported = {row[0] for row in rows[1:]}
    assert desk_day["soon"] in exported and desk_day["breached"] not in exported
    book = agent.get("/desk?assignee=waiting&format=xlsx")
    assert book.status_code == 200
    sheet = load_workbook(io.BytesIO(book.data)).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [desk_day["mine"]]
    assert agent.get("/desk?format=pdf").status_code == 400
    assert login_as("employee").get("/desk?format=csv").status_code in (403, 404)


def test_a_title_like_a_formula_stays_text_in_the_export(app, users, login_as, frozen):
    with app.app_context():
        open_ticket(title='=HYPERLINK("http://evil.example")', now=NOW)
    text = login_as("agent").get("/desk?format=csv").get_data(as_text=True)
    assert "'=HYPERLINK" in text


def test_the_home_tile_opens_the_breached_view_with_the_same_count(login_as, desk_day):
    agent = login_as("agent")
    home = agent.get("/").get_data(as_text=True)
    tile = home.split('data-testid="tile-breached"')[0].rsplit("<a", 1)[1]
    assert "/desk?due=breached" in tile
    count = int(
        home.split('data-testid="tile-breached"')[1].split('class="value">')[1].split("<")[0]
    )
    breached = shown(agent.get("/desk?due=breached").get_data(as_text=True), desk_day)
    assert count == len(breached) and count >= 1


@pytest.mark.parametrize("after_dispatch", ["dispatched", "onsite", "pending_customer", "resolved"])
def test_merging_a_ticket_an_engineer_was_sent_to_never_fails(
    app, users, login_as, frozen, after_dispatch
):
    with app.app_context():
        first = open_ticket(title="Printer jam", now=NOW).number
        ticket = open_ticket(title="Printer jam, floor 3", now=NOW)
        perform(actions.accept, ticket, "agent", NOW)
        perform(actions.dispatch, ticket, "agent", NOW, person("engineer"))
        if after_dispatch != "dispatched":
            perform(actions.arrive, ticket, "engineer", NOW)
        if after_dispatch == "pending_customer":
            perform(actions.pend, ticket, "engineer", NOW)
        if after_dispatch == "resolved":
            perform(actions.resolve, ticket, "engineer", NOW)
        number = ticket.number
    response = login_as("agent").form(f"/tickets/{number}/link", {"other": first, "kind": "merge"})
    assert response.status_code in (302, 409, 422)
    with app.app_context():
        merged = db.session.scalar(sa.select(Ticket).where(Ticket.number == number))
        links = db.session.scalar(sa.select(sa.func.count(TicketLink.id)))
        if response.status_code == 302:
            assert merged.merged_into is not None and links == 1
        else:
            assert merged.merged_into is None and links == 0
            assert "flash-error" in response.get_data(as_text=True)


@given(st.sampled_from(rules.STATUSES))
def test_only_open_work_without_a_visit_under_way_changes_hands(status):
    assert rules.assignable(status) == (
        status in rules.OPEN_STATUSES and status not in ("dispatched", "onsite")
    )


def test_each_clock_view_names_statuses_of_the_machine():
    for statuses in rules.CLOCK_STATUSES.values():
        assert set(statuses) <= rules.OPEN_STATUSES
    assert set(rules.BULK_ACTIONS.values()) <= {
        (action, waiting)
        for action in [*rules.ACTIONS, "assign"]
        for waiting in (None, "customer", "vendor")
    }


def test_linked_tickets_show_on_both_tickets_with_their_status(app, users, login_as, frozen):
    with app.app_context():
        main = open_ticket(title="Printer jam", now=NOW).number
        duplicate = open_ticket(title="Printer jam again", now=NOW).number
        child = open_ticket(title="Toner order", now=NOW).number
        related = open_ticket(title="Paper tray", now=NOW).number
    agent = login_as("agent")
    assert (
        agent.form(f"/tickets/{duplicate}/link", {"other": main, "kind": "merge"}).status_code
        == 302
    )
    assert agent.form(f"/tickets/{main}/link", {"other": child, "kind": "child"}).status_code == 302
    assert (
        agent.form(f"/tickets/{related}/link", {"other": main, "kind": "related"}).status_code
        == 302
    )

    def links(number: str) -> str:
        page = agent.get(f"/tickets/{number}").get_data(as_text=True)
        return page.split('data-testid="linked-tickets"')[1].split("</ul>")[0]

    on_main = links(main)
    assert duplicate in on_main and "Duplicate merged into this one" in on_main
    assert "Cancelled" in on_main, "the duplicate's status is shown"
    assert child in on_main and "Child ticket" in on_main
    assert related in on_main and "Related" in on_main
    assert main in links(duplicate) and "Duplicate of" in links(duplicate)
    assert main in links(child) and "Parent ticket" in links(child)
    assert main in links(related)
    # the requester sees the links among their own tickets, without the desk's link form
    own = login_as("employee").get(f"/tickets/{child}").get_data(as_text=True)
    assert main in own.split('data-testid="linked-tickets"')[1] and "/link" not in own
