"""The service desk through its pages: visibility, actions, conflicts, attachments, S6."""

import io
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
import time_machine
from werkzeug.test import EnvironBuilder

from app.contracts.services import get_contract
from app.extensions import db
from app.mail.models import OutboxMessage
from app.tickets import actions, services
from app.tickets.models import Attachment, Ticket, TicketEvent
from tests.conftest import ROLE_EMAILS, make_user
from tests.factories import MONDAY_0912, open_ticket, perform, person

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_employee_files_request_and_gets_number_and_mail(app, login_as):
    client = login_as("employee")
    page = client.get("/tickets/new").get_data(as_text=True)
    assert "sys.network" in page
    response = client.form(
        "/tickets/new",
        {
            "group": "sys",
            "catalog_code": "sys.network",
            "title": "Wi-Fi <script>x</script>",
            "description": "since 9:00",
            "urgency": "medium",
            "impact": "low",
            "files": (io.BytesIO(PNG), "screen.png"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    number = response.headers["Location"].rsplit("/", 1)[1]
    assert number.startswith("INC-") and number.endswith("000001")
    detail = client.get(f"/tickets/{number}").get_data(as_text=True)
    assert "Wi-Fi &lt;script&gt;" in detail and "<script>x" not in detail
    assert "screen.png" in detail
    assert f"({len(PNG)} bytes)" in detail  # a small file's real size, not "0.0 KB"
    with app.app_context():
        mail = db.session.scalar(sa.select(OutboxMessage))
        assert mail.recipient == ROLE_EMAILS["employee"] and number in mail.subject


def test_catalog_group_narrows_items(login_as):
    client = login_as("employee")
    options = client.get("/tickets/catalog-options?group=hw").get_data(as_text=True)
    assert "hw.printer" in options and "sys.network" not in options


def test_bad_request_input_gets_messages_and_saves_nothing(app, login_as):
    client = login_as("employee")
    empty = client.form(
        "/tickets/new", {"catalog_code": "", "title": "", "urgency": "medium", "impact": "low"}
    )
    assert empty.status_code == 422
    unknown = client.form(
        "/tickets/new",
        {"catalog_code": "hw.toaster", "title": "x", "urgency": "medium", "impact": "low"},
    )
    assert unknown.status_code == 422
    too_long = client.form(
        "/tickets/new",
        {"catalog_code": "hw.laptop", "title": "x" * 201, "urgency": "medium", "impact": "low"},
    )
    assert too_long.status_code == 422
    invalid = client.form(
        "/tickets/new",
        {"catalog_code": "hw.laptop", "title": "x", "urgency": "extreme", "impact": "low"},
    )
    assert invalid.status_code == 422
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Ticket.id))) == 0


def post_upload(client, url: str, data: dict):
    """A multipart post whose spooled body file is closed afterwards (large uploads)."""
    builder = EnvironBuilder(
        path=url, method="POST", data={**data, "csrf_token": client.csrf_token()}
    )
    environ = builder.get_environ()  # encodes the body into a temporary file we must close
    try:
        return client.open(environ)
    finally:
        environ["wsgi.input"].close()
        builder.close()


def test_disguised_executable_and_oversized_attachment_are_refused(app, login_as):
    client = login_as("employee")
    base = {"catalog_code": "hw.laptop", "title": "screen", "urgency": "medium", "impact": "low"}
    exe = post_upload(
        client,
        "/tickets/new",
        {**base, "files": (io.BytesIO(b"MZ\x90\x00" + b"\0" * 100), "photo.png")},
    )
    assert exe.status_code == 422
    assert "programs cannot be attached" in exe.get_data(as_text=True)
    big = post_upload(
        client, "/tickets/new", {**base, "files": (io.BytesIO(PNG + b"\0" * (30 << 20)), "big.png")}
    )
    assert big.status_code == 413
    assert "larger than allowed" in big.get_data(as_text=True)
    eleven = post_upload(
        client, "/tickets/new", {**base, "files": (io.BytesIO(PNG + b"\0" * (11 << 20)), "b.png")}
    )
    assert eleven.status_code == 422
    assert "larger than the 10 MB allowed" in eleven.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Ticket.id))) == 0
        assert db.session.scalar(sa.select(sa.func.count(Attachment.id))) == 0


def test_employee_cannot_see_or_touch_anothers_ticket(app, users, login_as):
    with app.app_context():
        other = make_user("employee", "other@client.test")
        db.session.commit()
        ticket = open_ticket(other.id)
        number = ticket.number
        from app.tickets.attachments import store

        attachment = store(ticket, "s.png", PNG, actor=other, public=True, max_bytes=1 << 20)
        db.session.commit()
        attachment_id = attachment.id
    client = login_as("employee")
    assert client.get(f"/tickets/{number}").status_code == 404
    assert client.get(f"/tickets/{number}/attachments/{attachment_id}").status_code == 404
    assert client.form(f"/tickets/{number}/act", {"action": "cancel"}).status_code == 404
    assert client.form(f"/tickets/{number}/reply", {"note": "hi"}).status_code == 404
    assert number not in client.get("/tickets/mine").get_data(as_text=True)
    staff = login_as("agent")
    with staff.get(f"/tickets/{number}/attachments/{attachment_id}") as download:
        assert download.status_code == 200 and download.data == PNG


def test_internal_notes_are_hidden_from_the_requester(app, users, login_as):
    with app.app_context():
        number = open_ticket(users["employee"]).number
    agent = login_as("agent")
    agent.form(f"/tickets/{number}/reply", {"note": "caller sounded annoyed", "internal": "y"})
    agent.form(f"/tickets/{number}/reply", {"note": "We are on it."})
    page = login_as("employee").get(f"/tickets/{number}").get_data(as_text=True)
    assert "We are on it." in page and "caller sounded annoyed" not in page


def test_whole_flow_through_pages_with_fixed_in_passing(app, users, login_as):
    with app.app_context():
        number = open_ticket(users["employee"]).number
    agent = login_as("agent")
    assert agent.form(f"/tickets/{number}/act", {"action": "accept"}).status_code == 302
    assert agent.form(f"/tickets/{number}/act", {"action": "start_remote"}).status_code == 302
    dispatched = agent.form(
        f"/tickets/{number}/act", {"action": "dispatch", "engineer": ROLE_EMAILS["engineer"]}
    )
    assert dispatched.status_code == 302
    engineer = login_as("engineer")
    mine = engineer.get("/dispatches").get_data(as_text=True)
    # the arrival clock's service time, counting or paused outside service hours
    assert number in mine and 'data-testid="arrival-clock"' in mine
    assert "10 min</strong> of service time left" in mine
    engineer.form(f"/tickets/{number}/act", {"action": "arrive"})
    engineer.form(f"/tickets/{number}/fixed", {"note": "replaced the monitor cable"})
    engineer.form(f"/tickets/{number}/act", {"action": "resolve", "note": "certificate renewed"})
    employee = login_as("employee")
    refused = employee.form(f"/tickets/{number}/act", {"action": "reopen"})
    assert refused.status_code == 422, "reopen needs a reason"
    assert employee.form(f"/tickets/{number}/act", {"action": "confirm"}).status_code == 302
    with app.app_context():
        ticket = db.session.scalar(sa.select(Ticket))
        assert ticket.status == "closed"
        actions = db.session.scalars(
            sa.select(TicketEvent.action)
            .where(TicketEvent.ticket_id == ticket.id)
            .order_by(TicketEvent.id)
        ).all()
        assert actions == [
            "created",
            "accept",
            "start_remote",
            "dispatch",
            "arrive",
            "fixed_in_passing",
            "resolve",
            "confirm",
        ]
        subjects = db.session.scalars(sa.select(OutboxMessage.subject)).all()
        assert any("Dispatch" in s for s in subjects) and any("Resolved" in s for s in subjects)


def test_illegal_action_gets_a_message_not_a_change(app, users, login_as):
    with app.app_context():
        number = open_ticket(users["employee"]).number
    agent = login_as("agent")
    response = agent.form(f"/tickets/{number}/act", {"action": "arrive"})
    assert response.status_code == 409
    assert "not possible while the ticket is" in response.get_data(as_text=True)
    employee = login_as("employee")
    assert employee.form(f"/tickets/{number}/act", {"action": "dispatch"}).status_code == 403


def test_two_agents_editing_at_once_second_gets_conflict(app, users, login_as):
    with app.app_context():
        ticket = open_ticket(users["employee"])
        number, version = ticket.number, ticket.version
    first, second = login_as("agent"), login_as("manager")
    ok = first.form(
        f"/tickets/{number}/fields",
        {"catalog_code": "sys.network", "urgency": "high", "impact": "high", "version": version},
    )
    assert ok.status_code == 302
    late = second.form(
        f"/tickets/{number}/fields",
        {"catalog_code": "sys.network", "urgency": "low", "impact": "low", "version": version},
    )
    assert late.status_code == 409
    assert "changed this ticket meanwhile" in late.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(Ticket.priority)) == "P1"


def test_phone_intake_and_the_s6_dispatch_demand(app, users, login_as):
    with time_machine.travel(MONDAY_0912, tick=False) as traveller:
        phone_intake_and_dispatch_demand(app, users, login_as, traveller)


def phone_intake_and_dispatch_demand(app, users, login_as, traveller):
    with app.app_context():
        from app.accounts.models import User

        cfo = db.session.get(User, users["employee"])
        cfo.vip, cfo.phone = True, "13800000002"
        db.session.commit()
    agent = login_as("agent")
    found = agent.get("/desk/callers?caller_query=138000").get_data(as_text=True)
    assert f'data-choose-caller="{users["employee"]}"' in found
    response = agent.form(
        "/desk/phone",
        {
            "requester_id": str(users["employee"]),
            "rings": "3",
            "group": "hw",
            "catalog_code": "hw.printer",
            "title": "Printer down before board meeting",
            "urgency": "high",
            "impact": "medium",
            "call_started_at": (MONDAY_0912 - timedelta(minutes=1)).isoformat(),
        },
    )
    assert response.status_code == 302
    number = response.headers["Location"].rsplit("/", 1)[1]
    with app.app_context():
        ticket = db.session.scalar(sa.select(Ticket))
        assert (ticket.priority, ticket.status, ticket.rings, ticket.channel) == (
            "P1",
            "remote",
            3,
            "phone",
        )
    # remote handling from Monday 09:12; the page and the dispatch see 09:15, then 09:18
    traveller.move_to(MONDAY_0912 + timedelta(minutes=3))
    page = agent.get(f"/tickets/{number}").get_data(as_text=True)
    assert 'data-testid="dispatch-demand"' not in page
    # 5 min (hardware, S6), 2 left, counting until 18:00
    assert 'data-left="120" data-counts-for="31500">2 min</strong>' in page
    assert "of service time left · running (due 09:17)" in page
    traveller.move_to(MONDAY_0912 + timedelta(minutes=6))
    page = agent.get(f"/tickets/{number}").get_data(as_text=True)
    assert 'data-testid="dispatch-demand"' in page
    agent.form(
        f"/tickets/{number}/act", {"action": "dispatch", "engineer": ROLE_EMAILS["engineer"]}
    )
    with app.app_context():
        assert db.session.scalar(sa.select(Ticket.dispatch_rule_kept)) is False


def test_the_s6_limit_counts_service_time_like_the_sla_clock(app, users):
    friday_1757 = datetime(2026, 11, 20, 9, 57, tzinfo=UTC)
    with app.test_request_context():
        contract = get_contract()
        ticket = open_ticket(
            users["employee"],
            title="Printer down",
            code="hw.printer",
            now=friday_1757 - timedelta(minutes=5),
        )
        perform(actions.start_remote, ticket, "agent", friday_1757)
        friday_evening = datetime(2026, 11, 20, 10, 30, tzinfo=UTC)  # 18:30
        assert services.remote_minutes(ticket, friday_evening, contract) == 3
        rule = services.remote_rule(ticket, contract)
        assert not rule.overdue(services.remote_minutes(ticket, friday_evening, contract))
        # the other 2 minutes run on Monday morning
        found = services.sla_readings(ticket, now=friday_evening, contract=contract)
        remote = services.current(found, "remote_limit").countdown
        assert (remote.left_seconds, remote.running, remote.paused_for) == (120, False, "off_hours")
        assert remote.resumes_at == datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
        assert remote.due_at == datetime(2026, 11, 23, 1, 2, tzinfo=UTC)
        # dispatched at 17:58: 2 of the 10 arrival minutes on Friday, 8 on Monday morning
        friday_1758 = friday_1757 + timedelta(minutes=1)
        perform(actions.dispatch, ticket, "agent", friday_1758, engineer=person("engineer"))
        found = services.sla_readings(ticket, now=friday_evening, contract=contract)
        arrival = services.current(found, "onsite_arrival").countdown
        assert arrival.due_at == datetime(2026, 11, 23, 1, 8, tzinfo=UTC)
        assert ticket.dispatch_rule_kept is True  # 4 of the 5 hardware minutes used


def test_queue_filters_search_and_unchanged_poll(app, users, login_as):
    with app.app_context():
        open_ticket(users["employee"], title="Printer jam", code="hw.printer")
        open_ticket(
            users["employee"],
            title="Virus warning",
            code="sys.virus",
            urgency="high",
            impact="high",
        )
    agent = login_as("agent")
    page = agent.get("/desk").get_data(as_text=True)
    assert page.index("Virus warning") < page.index("Printer jam"), "P1 first"
    filtered = agent.get("/desk?group=hw", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "Printer jam" in filtered and "Virus warning" not in filtered and "<html" not in filtered
    assert "Virus" in agent.get("/desk?q=virus").get_data(as_text=True)
    stamp = filtered.split("stamp=")[1].split("&")[0].split('"')[0]
    unchanged = agent.get(f"/desk?group=hw&stamp={stamp}", headers={"HX-Request": "true"})
    assert unchanged.status_code == 204


def test_queue_page_query_count_does_not_grow_with_rows(app, users, login_as):
    with app.app_context():
        for n in range(3):
            open_ticket(users["employee"], title=f"t{n}")
    agent = login_as("agent")
    few = count_queries(app, lambda: agent.get("/desk"))
    with app.app_context():
        for n in range(30):
            open_ticket(users["employee"], title=f"more {n}")
    many = count_queries(app, lambda: agent.get("/desk"))
    assert many == few, (few, many)


def count_queries(app, call) -> int:
    seen = []

    def listener(*_args):
        seen.append(1)

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", listener)
    try:
        assert call().status_code == 200
    finally:
        sa.event.remove(engine, "before_cursor_execute", listener)
    return len(seen)


def test_confirm_link_shows_page_and_only_post_confirms(app, users, client):
    with app.app_context():
        ticket = open_ticket(users["employee"])
        perform(actions.accept, ticket, users["agent"], MONDAY_0912)
        perform(actions.resolve, ticket, users["agent"], MONDAY_0912 + timedelta(minutes=20))
        from app.tickets.links import confirm_token

        token = confirm_token(ticket)
    page = client.get(f"/t/confirm/{token}")
    assert page.status_code == 200
    with app.app_context():
        assert db.session.scalar(sa.select(Ticket.status)) == "resolved"
    assert client.form(f"/t/confirm/{token}").status_code == 200
    with app.app_context():
        assert db.session.scalar(sa.select(Ticket.status)) == "closed"
    replay = client.get(f"/t/confirm/{token}")
    assert replay.status_code == 410
    assert client.get(f"/t/confirm/{token[:-3]}abc").status_code == 410


@pytest.mark.parametrize(
    ("lang", "size", "words"),
    [
        ("en", 72, "72 bytes"),
        ("zh", 72, "72 字节"),
        ("en", 4300, "4.2 KB"),
        ("en", 1_572_864, "1.5 MB"),
        ("en", 3 * 1024**3, "3 GB"),
    ],
)
def test_file_sizes_read_as_people_write_them(app, lang, size, words):
    from flask_babel import force_locale

    from app.web.i18n import file_size

    with app.test_request_context(), force_locale(lang):
        assert file_size(size) == words
