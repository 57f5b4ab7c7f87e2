"""A closed ticket starts one survey (mail with five signed links), within the frequency rule."""

from datetime import timedelta

import sqlalchemy as sa

from app.accounts.models import User
from app.contracts.services import get_contract
from app.extensions import db
from app.surveys.models import Invitation
from app.tickets import actions
from tests.conftest import ROLE_EMAILS, make_user
from tests.factories import closed_ticket, perform
from tests.surveys.helpers import NOW, invitation_of, links_in, survey_mails


def test_a_confirmed_ticket_mails_its_requester_five_one_click_links(req, users):
    ticket = closed_ticket(users["employee"], users["agent"])
    invitation = invitation_of(ticket)
    assert invitation is not None
    assert invitation.user_id == users["employee"]
    assert invitation.sent_at == NOW
    assert invitation.expires_at == NOW + timedelta(days=14)  # contract survey_link_days
    (mail,) = survey_mails(ROLE_EMAILS["employee"])
    assert ticket.number in mail.subject
    found = links_in(mail.body_text)
    assert len(found) == 6  # ratings 5…1, then the plain form link
    assert len(set(found)) == 6
    assert "Very satisfied" in mail.body_text and "Overall, how satisfied" in mail.body_text


def test_the_mail_speaks_the_requesters_language(req, users):
    zh = make_user("employee", "zh@client.test", name="张伟", language="zh")
    db.session.commit()
    closed_ticket(zh.id, users["agent"])
    (mail,) = survey_mails("zh@client.test")
    assert "您对本次服务的总体满意度如何" in mail.body_text


def test_one_survey_per_ticket_even_after_a_reopen(req, users):
    ticket = closed_ticket(users["employee"], users["agent"])
    later = NOW + timedelta(days=10)  # past the 7-day rule: only "one per ticket" stops it
    perform(actions.reopen, ticket, users["employee"], later, "Broke again")
    perform(
        actions.resolve, ticket, users["agent"], later + timedelta(minutes=5), note="Fixed again"
    )
    perform(actions.confirm, ticket, users["employee"], later + timedelta(minutes=6))
    count = db.session.scalar(
        sa.select(sa.func.count(Invitation.id)).where(Invitation.ticket_id == ticket.id)
    )
    assert count == 1
    assert len(survey_mails(ROLE_EMAILS["employee"])) == 1


def test_frequency_rule_asks_one_person_at_most_once_per_interval(req, users):
    first = closed_ticket(users["employee"], users["agent"], now=NOW)
    second = closed_ticket(users["employee"], users["agent"], now=NOW + timedelta(days=6))
    third = closed_ticket(users["employee"], users["agent"], now=NOW + timedelta(days=7))
    assert invitation_of(first) is not None
    assert invitation_of(second) is None  # asked 6 days ago
    assert invitation_of(third) is not None  # 7 days: allowed again
    # another person is not affected by the first one's surveys
    assert invitation_of(closed_ticket(users["approver"], users["agent"], now=NOW)) is not None


def test_frequency_is_a_contract_setting(req, users):
    get_contract().survey_min_interval_days = 0
    db.session.commit()
    tickets = [
        closed_ticket(users["employee"], users["agent"], now=NOW + timedelta(hours=i))
        for i in range(3)
    ]
    assert all(invitation_of(t) for t in tickets)


def test_auto_close_also_starts_the_survey(req, users):
    from app.tickets.actions import auto_close_due
    from tests.factories import open_ticket

    ticket = open_ticket(users["employee"], now=NOW - timedelta(days=5))
    perform(actions.accept, ticket, users["agent"], NOW - timedelta(days=5))
    perform(actions.resolve, ticket, users["agent"], NOW - timedelta(days=4), note="Fixed")
    auto_close_due(NOW, NOW - timedelta(days=3), get_contract())
    db.session.commit()
    assert invitation_of(ticket).sent_at == NOW


def test_no_survey_for_vendor_staff_or_inactive_requesters(req, users):
    assert invitation_of(closed_ticket(users["agent"], users["manager"])) is None
    db.session.get(User, users["employee"]).active = False
    db.session.commit()
    assert invitation_of(closed_ticket(users["employee"], users["agent"])) is None


def test_cancelled_tickets_are_not_surveyed(req, users):
    from tests.factories import open_ticket

    ticket = open_ticket(users["employee"], now=NOW)
    perform(actions.cancel, ticket, users["employee"], NOW + timedelta(minutes=1))
    assert invitation_of(ticket) is None
