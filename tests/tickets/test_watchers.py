"""People copied on a request (watchers) hear of its updates through the real SMTP server; the
assignee hears when the requester replies; each notice is in the person's list in the portal."""

import email
from email import policy as email_policy

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.chat.models import Notification, NotificationPreference
from app.extensions import db, utcnow
from app.mail import delivery
from app.mail.models import OutboxMessage
from app.tickets import rules
from app.tickets.models import Ticket, TicketWatcher
from tests.conftest import ROLE_EMAILS, make_user
from tests.mailservers import SmtpServer

COLLEAGUE = "li.colleague@client.test"
REQUEST = {
    "group": "sys",
    "catalog_code": "sys.network",
    "title": "Cannot join the Wi-Fi",
    "urgency": "medium",
    "impact": "low",
}


@pytest.fixture
def smtp(app, monkeypatch, smtp_server: SmtpServer):
    """The app sends through the test SMTP sink."""
    values = {
        "SMTP_HOST": smtp_server.host,
        "SMTP_PORT": smtp_server.port,
        "SMTP_USERNAME": None,
        "SMTP_STARTTLS": False,
        "SMTP_TIMEOUT": 5,
    }
    for name, value in values.items():
        monkeypatch.setitem(app.config, name, value)
    yield smtp_server


@pytest.fixture
def colleague(app, users):
    with app.app_context():
        person = make_user("employee", COLLEAGUE, name="Li Colleague")
        db.session.commit()
        return person.id


def delivered(app, smtp: SmtpServer, count: int) -> dict[str, list[email.message.Message]]:
    """Send the outbox through SMTP; the messages received, by recipient."""
    with app.app_context():
        assert delivery.deliver_pending(utcnow()) == count
    received = smtp.wait_for(count)
    assert len(received) == count, [r[1] for r in received]
    smtp.clear()
    by_recipient: dict[str, list] = {}
    for _sender, recipients, raw in received:
        message = email.message_from_bytes(raw, policy=email_policy.default)
        for recipient in recipients:
            by_recipient.setdefault(recipient, []).append(message)
    return by_recipient


def body(message) -> str:
    return message.get_body(("plain",)).get_content()


def file_copying(client, copy_to: str, **fields):
    return client.form("/tickets/new", {**REQUEST, "copy_to": copy_to, **fields})


def test_the_sequence_of_notices_per_event(app, users, colleague, login_as, smtp):
    employee, agent = login_as("employee"), login_as("agent")
    response = file_copying(employee, COLLEAGUE.upper())
    assert response.status_code == 302
    number = response.headers["Location"].rsplit("/", 1)[1]
    # opened: the requester gets the number, the colleague hears they are copied
    mails = delivered(app, smtp, 2)
    assert set(mails) == {ROLE_EMAILS["employee"], COLLEAGUE}
    (copied,) = mails[COLLEAGUE]
    assert number in copied["Subject"] and "You are copied on ticket" in body(copied)

    # accept and an internal note: nobody
    agent.form(f"/tickets/{number}/act", {"action": "accept"})
    agent.form(f"/tickets/{number}/reply", {"note": "Checking the AP logs", "internal": "y"})
    with app.app_context():
        assert delivery.deliver_pending(utcnow()) == 0

    # a public reply from the desk: the requester and the colleague
    agent.form(f"/tickets/{number}/reply", {"note": "Please forget the network and rejoin."})
    mails = delivered(app, smtp, 2)
    assert set(mails) == {ROLE_EMAILS["employee"], COLLEAGUE}
    assert "Please forget the network" in body(mails[COLLEAGUE][0])
    assert "Checking the AP logs" not in body(mails[COLLEAGUE][0])

    # the requester replies: the assigned agent and the colleague, not the requester
    employee.form(f"/tickets/{number}/reply", {"note": "Still no connection."})
    mails = delivered(app, smtp, 2)
    assert set(mails) == {ROLE_EMAILS["agent"], COLLEAGUE}
    (told,) = mails[ROLE_EMAILS["agent"]]
    assert "A reply on your ticket" in told["Subject"] and "Still no connection." in body(told)

    # the colleague replies: the agent, not the colleague themself
    watcher = app.test_client()
    watcher.login(COLLEAGUE)
    assert watcher.get(f"/tickets/{number}").status_code == 200
    assert watcher.form(f"/tickets/{number}/reply", {"note": "Same here."}).status_code == 302
    mails = delivered(app, smtp, 1)
    assert set(mails) == {ROLE_EMAILS["agent"]}

    # resolved: the requester with the one-click link, the colleague without it
    agent.form(f"/tickets/{number}/act", {"action": "resolve", "note": "New certificate."})
    mails = delivered(app, smtp, 2)
    assert "/t/confirm/" in body(mails[ROLE_EMAILS["employee"]][0])
    assert "/t/confirm/" not in body(mails[COLLEAGUE][0])
    assert "New certificate." in body(mails[COLLEAGUE][0])

    # confirmed by the requester: they closed it themselves, so only the survey for them;
    # the colleague learns it closed
    employee.form(f"/tickets/{number}/act", {"action": "confirm"})
    mails = delivered(app, smtp, 2)
    assert set(mails) == {ROLE_EMAILS["employee"], COLLEAGUE}
    assert len(mails[ROLE_EMAILS["employee"]]) == 1
    assert len(mails[COLLEAGUE]) == 1 and "Closed" in body(mails[COLLEAGUE][0])


def test_a_watcher_sees_the_public_side_and_may_only_reply(app, users, colleague, login_as):
    employee, agent = login_as("employee"), login_as("agent")
    number = file_copying(employee, COLLEAGUE).headers["Location"].rsplit("/", 1)[1]
    agent.form(f"/tickets/{number}/act", {"action": "accept"})
    agent.form(f"/tickets/{number}/reply", {"note": "Internal: AP7 is flaky", "internal": "y"})
    agent.form(f"/tickets/{number}/act", {"action": "resolve", "note": "Done"})
    watcher = app.test_client()
    watcher.login(COLLEAGUE)
    page = watcher.get(f"/tickets/{number}").get_data(as_text=True)
    assert "Cannot join the Wi-Fi" in page and "AP7 is flaky" not in page
    assert 'data-action="confirm"' not in page
    assert watcher.form(f"/tickets/{number}/act", {"action": "confirm"}).status_code == 403
    assert (
        watcher.form(f"/tickets/{number}/act", {"action": "reopen", "note": "x"}).status_code == 403
    )
    # someone not copied still gets a 404
    stranger = app.test_client()
    with app.app_context():
        make_user("employee", "stranger@client.test")
        db.session.commit()
    stranger.login("stranger@client.test")
    assert stranger.get(f"/tickets/{number}").status_code == 404


def test_the_form_refuses_an_address_without_an_account(app, users, colleague, login_as):
    with app.app_context():
        make_user("employee", "gone@client.test", active=False)
        db.session.commit()
    employee = login_as("employee")
    for typed in ("nobody@client.test", "gone@client.test", f"{COLLEAGUE}, nobody@client.test"):
        response = file_copying(employee, typed)
        assert response.status_code == 422, typed
        assert "Nobody in the portal has the address" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Ticket.id))) == 0


def test_the_agent_copies_and_uncopies_someone_on_the_ticket_page(app, users, colleague, login_as):
    employee, agent = login_as("employee"), login_as("agent")
    number = employee.form("/tickets/new", REQUEST).headers["Location"].rsplit("/", 1)[1]
    assert 'id="watchers"' not in employee.get(f"/tickets/{number}").get_data(as_text=True)
    refused = agent.form(f"/tickets/{number}/watchers", {"address": "outside@example.com"})
    assert refused.status_code == 422
    assert employee.form(f"/tickets/{number}/watchers", {"address": COLLEAGUE}).status_code == 403
    assert agent.form(f"/tickets/{number}/watchers", {"address": COLLEAGUE}).status_code == 302
    again = agent.form(f"/tickets/{number}/watchers", {"address": COLLEAGUE}, follow_redirects=True)
    assert "already told" in again.get_data(as_text=True)
    with app.app_context():
        (watcher,) = db.session.scalars(sa.select(TicketWatcher)).all()
        assert (watcher.user_id, watcher.source) == (colleague, "desk")
        subjects = db.session.scalars(
            sa.select(OutboxMessage.subject).where(OutboxMessage.recipient == COLLEAGUE)
        ).all()
        assert len(subjects) == 1 and number in subjects[0]
        watcher_id = watcher.id
    page = agent.get(f"/tickets/{number}").get_data(as_text=True)
    assert "Li Colleague" in page
    remove = f"/tickets/{number}/watchers/{watcher_id}/remove"
    assert agent.form(remove).status_code == 302
    assert agent.form(remove).status_code == 404
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(TicketWatcher.id))) == 0


def test_my_notifications_list_with_the_unread_count(app, users, colleague, login_as):
    employee, agent = login_as("employee"), login_as("agent")
    number = file_copying(employee, COLLEAGUE).headers["Location"].rsplit("/", 1)[1]
    with app.app_context():  # the colleague keeps these notices in the portal only
        db.session.add(
            NotificationPreference(user_id=colleague, topic="watching", channel="portal")
        )
        db.session.commit()
    agent.form(f"/tickets/{number}/act", {"action": "accept"})
    agent.form(f"/tickets/{number}/reply", {"note": "Rejoin please"})
    watcher = app.test_client()
    watcher.login(COLLEAGUE)
    home = watcher.get("/").get_data(as_text=True)
    assert 'data-testid="notice-count"' in home and '<span class="count">2</span>' in home
    page = watcher.get("/profile/notifications/list").get_data(as_text=True)
    assert f"You are copied on {number}: Cannot join the Wi-Fi" in page
    assert f"News on {number}, which you are copied on" in page
    with app.app_context():
        mailed = db.session.scalars(
            sa.select(OutboxMessage.subject).where(OutboxMessage.recipient == COLLEAGUE)
        ).all()
        assert len(mailed) == 1  # the first notice came by mail, the second only here
        newest = db.session.scalar(
            sa.select(Notification)
            .where(Notification.user_id == colleague)
            .order_by(Notification.id.desc())
        )
        notice_id = newest.id
    opened = watcher.form(f"/profile/notifications/list/{notice_id}/open")
    assert opened.status_code == 302 and opened.headers["Location"] == f"/tickets/{number}"
    assert '<span class="count">1</span>' in watcher.get("/").get_data(as_text=True)
    # another person's notice is not theirs to open
    assert employee.form(f"/profile/notifications/list/{notice_id}/open").status_code == 404
    watcher.form("/profile/notifications/list/read")
    assert 'class="count"' not in watcher.get("/").get_data(as_text=True)
    # the list speaks the reader's language
    watcher.form("/language/zh", {"next": "/"})
    chinese = watcher.get("/profile/notifications/list").get_data(as_text=True)
    assert number in chinese and "You are copied" not in chinese


@pytest.mark.parametrize(
    ("typed", "exclude", "expected"),
    [
        (["A@X.CN", "a@x.cn", " b@y.com "], [], ["a@x.cn", "b@y.com"]),
        (["desk@deskpact.test", "c@z.org"], ["DESK@deskpact.test"], ["c@z.org"]),
        (["not-an-address", "x@localhost", "名字@例子.中国", "a b@c.d", "<e@f.g>"], [], []),
        ([f"p{n}@q.cn" for n in range(30)], [], [f"p{n}@q.cn" for n in range(20)]),
    ],
)
def test_watcher_addresses(typed, exclude, expected):
    assert rules.watcher_addresses(typed, exclude=exclude) == expected


ADDRESSES = st.builds(
    "{}@{}.cn".format, st.text("abXY.-", min_size=1, max_size=5), st.text("ab", min_size=1)
)


@settings(deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(ADDRESSES | st.text(" @a.B<>,", max_size=12), max_size=40),
    st.lists(ADDRESSES, max_size=5),
)
def test_watcher_addresses_are_unique_lower_case_and_never_excluded(typed, exclude):
    out = rules.watcher_addresses(typed, exclude=exclude)
    assert len(out) == len(set(out)) <= rules.MAX_WATCHERS
    assert all(address == address.lower() and "@" in address for address in out)
    assert not {a.strip().lower() for a in exclude} & set(out)
    assert set(out) <= {a.strip().lower() for a in typed}
