"""Survey writes: questionnaire versions, ticket surveys, campaigns (answers: answers.py).
Flush only."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa

from app.accounts.models import User
from app.accounts.roles import CLIENT
from app.audit.services import record
from app.contracts.models import Contract
from app.extensions import db
from app.surveys import defaults, notify, rules

# the answer writes and the errors, where the pages and the demo have always found them
from app.surveys.answers import check_open, submit  # noqa: F401
from app.surveys.errors import SurveyClosed, SurveyError  # noqa: F401
from app.surveys.models import Campaign, Invitation, Question, Questionnaire

# --- questionnaires -------------------------------------------------------------------------


def latest(purpose: str) -> Questionnaire | None:
    return db.session.scalar(
        sa.select(Questionnaire)
        .where(Questionnaire.purpose == purpose)
        .order_by(Questionnaire.version.desc())
        .limit(1)
    )


def current_questionnaire(purpose: str) -> Questionnaire:
    """The version new surveys use: the latest one, or version 1 from the defaults."""
    found = latest(purpose)
    if found is None:
        zh, en = defaults.TITLES[purpose]
        found = add_version(purpose, zh, en, defaults.QUESTIONS[purpose], actor=None, version=1)
    return found


def add_version(purpose, title_zh, title_en, specs, *, actor, version) -> Questionnaire:
    questionnaire = Questionnaire(
        purpose=purpose,
        version=version,
        title_zh=title_zh.strip(),
        title_en=title_en.strip(),
        created_by_id=getattr(actor, "id", None),
    )
    questionnaire.questions = [
        Question(
            position=position,
            code=spec.code,
            kind=spec.kind,
            text_zh=spec.text_zh.strip(),
            text_en=spec.text_en.strip(),
            choices=list(spec.choices) if spec.kind == "choice" else [],
            required=spec.required or position == 1,
        )
        for position, spec in enumerate(specs, start=1)
    ]
    db.session.add(questionnaire)
    db.session.flush()
    return questionnaire


def save_version(
    purpose: str, title_zh: str, title_en: str, specs: list, *, actor: User, now: datetime
) -> Questionnaire:
    """An edit never changes a version that may have answers: it adds the next version."""
    errors = rules.check_questionnaire(specs)
    if not title_zh.strip() or not title_en.strip():
        errors["title"] = "text"
    if errors:
        raise SurveyError("The questionnaire could not be saved.", errors)
    previous = current_questionnaire(purpose)
    questionnaire = add_version(
        purpose, title_zh, title_en, specs, actor=actor, version=previous.version + 1
    )
    questionnaire.created_at = now
    record(
        actor,
        "questionnaire.version",
        questionnaire,
        {"purpose": purpose, "version": questionnaire.version},
        now=now,
    )
    return questionnaire


# --- per-ticket surveys ---------------------------------------------------------------------


def last_asked(user_id: int) -> datetime | None:
    """When this person last got a ticket survey (campaigns do not count against the rule)."""
    return db.session.scalar(
        sa.select(sa.func.max(Invitation.sent_at)).where(
            Invitation.user_id == user_id, Invitation.ticket_id.is_not(None)
        )
    )


def start_ticket_survey(ticket, *, now: datetime, contract: Contract) -> Invitation | None:
    """S7: a closed ticket's requester is asked once, unless asked within the set interval."""
    requester = ticket.requester
    if requester is None or not requester.active or requester.role not in CLIENT:
        return None
    if db.session.scalar(sa.select(Invitation.id).where(Invitation.ticket_id == ticket.id)):
        return None  # one survey per ticket, also when it closes again after a reopen
    last = last_asked(requester.id)
    if not rules.may_ask(last, now, contract.survey_min_interval_days):
        return None
    invitation = Invitation(
        questionnaire=current_questionnaire("ticket"),
        ticket_id=ticket.id,
        user=requester,
        sent_at=now,
        expires_at=now + timedelta(days=contract.survey_link_days),
    )
    db.session.add(invitation)
    db.session.flush()
    notify.invite(invitation)
    return invitation


def on_ticket_action(ticket, action: str, event, now: datetime) -> None:
    """Listener on the service desk (app.web.hooks): a confirmed or closed ticket is surveyed."""
    if action in ("confirm", "close"):
        from app.contracts.services import get_contract

        start_ticket_survey(ticket, now=now, contract=get_contract())


# --- relationship campaigns (S18) -----------------------------------------------------------


@dataclass
class NewCampaign:
    title_zh: str
    title_en: str
    audience: str  # all | sample
    opens_on: date
    closes_on: date
    anonymous: bool = False
    department_id: int | None = None
    sample_size: int | None = None
    remind_days_before_close: int = 3


def check_campaign(data: NewCampaign, today: date) -> dict[str, str]:
    errors = {}
    if not data.title_zh.strip():
        errors["title_zh"] = "required"
    if not data.title_en.strip():
        errors["title_en"] = "required"
    if data.audience not in ("all", "sample"):
        errors["audience"] = "audience"
    elif data.audience == "sample":
        if not data.department_id:
            errors["department_id"] = "required"
        if not data.sample_size or data.sample_size < 1:
            errors["sample_size"] = "sample_size"
    if data.closes_on < data.opens_on:
        errors["closes_on"] = "order"
    elif data.closes_on < today:
        errors["closes_on"] = "past"
    return errors


def create_campaign(
    data: NewCampaign, *, actor: User, now: datetime, contract: Contract
) -> Campaign:
    """Plan a campaign; it opens (invitations go out) at once when its first day has come."""
    errors = check_campaign(data, rules.local_date(now))
    if errors:
        raise SurveyError("The campaign could not be saved.", errors)
    campaign = Campaign(
        title_zh=data.title_zh.strip(),
        title_en=data.title_en.strip(),
        questionnaire=current_questionnaire("relationship"),
        audience=data.audience,
        department_id=data.department_id if data.audience == "sample" else None,
        sample_size=data.sample_size if data.audience == "sample" else None,
        anonymous=data.anonymous,
        opens_at=rules.local_day_start(data.opens_on),
        closes_at=rules.local_day_start(data.closes_on + timedelta(days=1)),
        remind_days_before_close=data.remind_days_before_close,
        created_at=now,
        created_by_id=actor.id,
    )
    db.session.add(campaign)
    db.session.flush()
    record(actor, "campaign.create", campaign, {"anonymous": data.anonymous}, now=now)
    if campaign.opens_at <= now:
        open_campaign(campaign, now=now)
    return campaign


def audience(campaign: Campaign) -> list[int]:
    """Active client users (all, or a department's random sample, reproducible per campaign)."""
    query = sa.select(User.id).where(User.active, User.role.in_(sorted(CLIENT)))
    if campaign.audience == "sample":
        query = query.where(User.department_id == campaign.department_id)
    ids = list(db.session.scalars(query))
    return rules.draw_sample(ids, campaign.sample_size, seed=campaign.id)


def open_campaign(campaign: Campaign, *, now: datetime) -> int:
    """Send the invitations (each person once); returns how many went out."""
    if campaign.opened_at is not None:
        return 0
    campaign.opened_at = now
    invitations = [
        Invitation(
            questionnaire_id=campaign.questionnaire_id,
            campaign=campaign,
            user_id=user_id,
            sent_at=now,
            expires_at=campaign.closes_at,
        )
        for user_id in audience(campaign)
    ]
    db.session.add_all(invitations)
    db.session.flush()
    for invitation in invitations:
        notify.invite(invitation)
    return len(invitations)


def remind(campaign: Campaign, *, now: datetime, actor: User | None = None) -> int:
    """Remind everyone who has not answered yet; returns how many reminders went out."""
    pending = db.session.scalars(
        sa.select(Invitation).where(
            Invitation.campaign_id == campaign.id, Invitation.answered.is_(False)
        )
    ).all()
    for invitation in pending:
        invitation.reminded_at = now
        notify.invite(invitation, reminder=True)
    campaign.reminded_at = now
    if actor is not None:
        record(actor, "campaign.remind", campaign, {"count": len(pending)}, now=now)
    return len(pending)


def close_campaign(campaign: Campaign, *, now: datetime, actor: User) -> None:
    """Close early: the links stop working, answers are refused."""
    campaign.closed_at = now
    record(actor, "campaign.close", campaign, {}, now=now)


def run_campaigns(now: datetime) -> dict[str, int]:
    """Worker step: open campaigns whose day has come, send due reminders."""
    opened = reminded = 0
    live = db.session.scalars(
        sa.select(Campaign).where(Campaign.closed_at.is_(None), Campaign.closes_at > now)
    ).all()
    for campaign in live:
        if campaign.opened_at is None and campaign.opens_at <= now:
            opened += open_campaign(campaign, now=now)
        elif campaign.opened_at is not None and rules.reminder_due(
            campaign.closes_at, campaign.reminded_at, campaign.remind_days_before_close, now
        ):
            reminded += remind(campaign, now=now)
    return {"invited": opened, "reminded": reminded}
