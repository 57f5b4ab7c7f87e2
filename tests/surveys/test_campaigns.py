"""Relationship campaigns (S18): audience, opening day, reminders, closing, anonymity."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.accounts.models import Department, User
from app.audit.models import AuditEvent
from app.contracts.services import get_contract
from app.extensions import db
from app.mail.models import OutboxMessage
from app.surveys import rules, services
from app.surveys.models import Answer, Campaign, Invitation, Response
from tests.conftest import ROLE_EMAILS, make_user
from tests.surveys.helpers import NOW, answer, links_in

TODAY = rules.local_date(NOW)


def plan(users, **fields) -> Campaign:
    values = {
        "title_zh": "2026 年度 IT 服务满意度调查",
        "title_en": "IT service survey 2026",
        "audience": "all",
        "opens_on": TODAY,
        "closes_on": TODAY + timedelta(days=13),
    }
    values.update(fields)
    campaign = services.create_campaign(
        services.NewCampaign(**values),
        actor=db.session.get(User, users["manager"]),
        now=NOW,
        contract=get_contract(),
    )
    db.session.commit()
    return campaign


def invitations(campaign) -> list[Invitation]:
    return db.session.scalars(
        sa.select(Invitation).where(Invitation.campaign_id == campaign.id).order_by(Invitation.id)
    ).all()


def test_a_campaign_to_all_employees_invites_every_active_client_user(req, users):
    make_user("employee", "left@client.test", active=False)
    db.session.commit()
    campaign = plan(users)
    invited = {i.user_id for i in invitations(campaign)}
    assert invited == {users["employee"], users["approver"]}
    assert campaign.opened_at == NOW
    mails = db.session.scalars(sa.select(OutboxMessage.recipient)).all()
    assert sorted(mails) == sorted([ROLE_EMAILS["employee"], ROLE_EMAILS["approver"]])
    assert all(i.expires_at == campaign.closes_at for i in invitations(campaign))
    # closes at the end of the last day, Shanghai time
    assert campaign.closes_at == rules.local_day_start(TODAY + timedelta(days=14))


def test_a_department_sample_is_random_reproducible_and_sized(req, users):
    finance = Department(code="FIN", name_zh="财务部", name_en="Finance")
    db.session.add(finance)
    db.session.flush()
    staff = [
        make_user("employee", f"f{i}@client.test", department_id=finance.id) for i in range(12)
    ]
    db.session.commit()
    campaign = plan(users, audience="sample", department_id=finance.id, sample_size=5)
    invited = [i.user_id for i in invitations(campaign)]
    assert len(invited) == 5
    assert set(invited) <= {u.id for u in staff}
    assert invited == rules.draw_sample([u.id for u in staff], 5, seed=campaign.id)


def test_a_scheduled_campaign_opens_and_reminds_from_the_worker(req, users):
    campaign = plan(users, opens_on=TODAY + timedelta(days=2), closes_on=TODAY + timedelta(days=9))
    assert invitations(campaign) == []
    assert services.run_campaigns(NOW) == {"invited": 0, "reminded": 0}
    opening = rules.local_day_start(TODAY + timedelta(days=2))
    assert services.run_campaigns(opening) == {"invited": 2, "reminded": 0}
    db.session.commit()
    answer(invitations(campaign)[0], {"overall": "5"}, now=opening + timedelta(hours=1))
    remind_at = campaign.closes_at - timedelta(days=3)
    assert services.run_campaigns(remind_at - timedelta(hours=1))["reminded"] == 0
    assert services.run_campaigns(remind_at) == {"invited": 0, "reminded": 1}
    assert services.run_campaigns(remind_at + timedelta(hours=1))["reminded"] == 0  # once
    db.session.commit()
    reminders = db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.subject.startswith("Reminder"))
    ).all()
    assert [m.recipient for m in reminders] == [ROLE_EMAILS["approver"]]


def test_answers_to_a_closed_campaign_are_refused_and_nothing_is_saved(req, users):
    campaign = plan(users)
    invitation = invitations(campaign)[0]
    services.close_campaign(
        campaign, now=NOW + timedelta(days=1), actor=db.session.get(User, users["manager"])
    )
    db.session.commit()
    with pytest.raises(services.SurveyClosed) as closed:
        answer(invitation, {"overall": "5"}, now=NOW + timedelta(days=2))
    assert closed.value.reason == "campaign_closed"
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count(Response.id))) == 0
    assert db.session.get(Invitation, invitation.id).answered is False


def test_the_mail_link_of_a_closed_campaign_says_so_and_saves_nothing(app, users, client):
    with app.test_request_context():
        campaign = plan(users)
        mail = db.session.scalars(
            sa.select(OutboxMessage).where(OutboxMessage.recipient == ROLE_EMAILS["employee"])
        ).one()
        path = links_in(mail.body_text)[0].split("127.0.0.1:5000", 1)[1]
        services.close_campaign(campaign, now=NOW, actor=db.session.get(User, users["manager"]))
        db.session.commit()
    page = client.get(path)
    assert page.status_code == 410
    assert "This survey is closed" in page.get_data(as_text=True)
    assert client.post(path, data={"csrf_token": client.csrf_token(), "q1": "5"}).status_code == 410
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Response.id))) == 0


def test_invalid_campaigns_are_refused(req, users):
    with pytest.raises(services.SurveyError) as error:
        plan(users, closes_on=TODAY - timedelta(days=1), opens_on=TODAY - timedelta(days=5))
    assert error.value.fields == {"closes_on": "past"}
    with pytest.raises(services.SurveyError) as error:
        plan(users, audience="sample")
    assert set(error.value.fields) == {"department_id", "sample_size"}


def test_anonymous_answers_are_never_linked_to_the_person(req, users):
    finance = Department(code="FIN", name_zh="财务部", name_en="Finance")
    db.session.add(finance)
    db.session.flush()
    db.session.get(User, users["employee"]).department_id = finance.id
    db.session.commit()
    campaign = plan(users, anonymous=True)
    invitation = next(i for i in invitations(campaign) if i.user_id == users["employee"])
    at = NOW + timedelta(hours=5, minutes=17)
    response = answer(invitation, {"overall": "2", "comment": "打印机总是坏"}, now=at)
    db.session.expire_all()
    row = db.session.get(Response, response.id)
    assert row.invitation_id is None
    assert row.respondent_id is None
    assert row.ticket_id is None
    assert row.department_id is None  # not the person's department either
    assert row.submitted_at == rules.local_day_start(rules.local_date(at))  # the day only
    assert row.sent_at == campaign.opened_at  # shared by every invitee
    # nothing else points from the answers to the person
    answers = db.session.scalars(sa.select(Answer).where(Answer.response_id == row.id)).all()
    assert {a.value_text for a in answers} >= {"打印机总是坏"}
    assert not db.session.scalar(
        sa.select(sa.func.count(AuditEvent.id)).where(
            AuditEvent.actor_id == users["employee"], AuditEvent.action.like("survey%")
        )
    )
    # the low rating still opens a complaint someone must act on, with no complainant
    complaint = row.complaint
    assert complaint is not None and complaint.complainant_id is None
    assert complaint.filed_by_id is None
    # the invitation only knows *that* the person answered (reminders skip them)
    assert db.session.get(Invitation, invitation.id).answered is True
    columns = {c.name for c in Response.__table__.columns}
    linking = {"invitation_id", "respondent_id"}
    assert linking <= columns  # the columns exist for named surveys, and stay empty here


def test_anonymous_results_show_from_three_answers(app, users, login_as):
    with app.test_request_context():
        campaign = plan(users, anonymous=True)
        answer(invitations(campaign)[0], {"overall": "5"}, now=NOW + timedelta(hours=1))
        campaign_id = campaign.id
    manager = login_as("manager")
    page = manager.get(f"/surveys/campaigns/{campaign_id}").get_data(as_text=True)
    assert 'data-testid="results-hidden"' in page
    assert "1 / 2" in page  # participation is shown, the answer is not
