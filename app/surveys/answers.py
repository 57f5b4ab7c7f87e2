"""Survey answers: the whole form, the one-click rating and the optional answers after it,
and the complaint a low rating opens (S7, S10). Flush only."""

from datetime import datetime

import sqlalchemy as sa

from app.audit.services import record
from app.complaints import notify as complaint_notify
from app.complaints import services as complaints
from app.complaints.rules import severity_for_rating
from app.contracts.models import Contract
from app.extensions import db
from app.surveys import rules
from app.surveys.errors import SurveyClosed, SurveyError
from app.surveys.models import Answer, Invitation, Response

# --- answers --------------------------------------------------------------------------------


def check_open(invitation: Invitation, now: datetime) -> None:
    """SurveyClosed unless this invitation may be answered now."""
    if invitation.answered:
        raise SurveyClosed("answered")
    campaign = invitation.campaign
    if campaign is not None:
        state = rules.campaign_state(campaign.opens_at, campaign.closes_at, campaign.closed_at, now)
        if state != "open":
            raise SurveyClosed(f"campaign_{state}")
    if now >= invitation.expires_at:
        raise SurveyClosed("expired")


def submit(
    invitation: Invitation, raw: dict[int, str], *, now: datetime, contract: Contract
) -> Response:
    """Save one whole response from the form; an anonymous campaign's response keeps no link
    to the person."""
    check_open(invitation, now)
    questions = invitation.questionnaire.questions
    checked = rules.check_answers(questions, raw)
    if checked.errors:
        raise SurveyError("Some answers need a look.", checked.errors)
    response = new_response(invitation, checked.values, now=now)
    response.details_at = now
    low = rules.low_ratings(questions, checked.values, contract.survey_complaint_rating)
    if low:
        response.complaint = complaint_from_answers(
            invitation, questions, checked.values, low, now=now, contract=contract
        )
    return response


def record_rating(
    invitation: Invitation, rating: int, *, now: datetime, contract: Contract
) -> Response:
    """The one-click rating from the mail, saved when the page that opened sends it: the
    overall answer alone; the optional answers may follow (add_details)."""
    check_open(invitation, now)
    first = invitation.questionnaire.questions[0]
    checked = rules.check_answers([first], {first.id: str(rating)})
    if checked.errors:
        raise SurveyError("Choose a rating from 1 to 5.", checked.errors)
    response = new_response(invitation, checked.values, now=now)
    low = rules.low_ratings([first], checked.values, contract.survey_complaint_rating)
    if low:
        response.complaint = complaint_from_answers(
            invitation, [first], checked.values, low, now=now, contract=contract
        )
    return response


def add_details(
    invitation: Invitation, response: Response, raw: dict[int, str], *, now, contract
) -> Response:
    """The optional answers after a one-click rating, once; SurveyClosed when they were sent
    already or the survey closed meanwhile."""
    if response.details_at is not None or now >= invitation.expires_at:
        raise SurveyClosed("answered" if response.details_at else "expired")
    questions = invitation.questionnaire.questions
    rest = [q for q in questions[1:]]
    checked = rules.check_answers(rest, raw)
    if checked.errors:
        raise SurveyError("Some answers need a look.", checked.errors)
    claimed = db.session.execute(
        sa.update(Response)
        .where(Response.id == response.id, Response.details_at.is_(None))
        .values(details_at=now)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        raise SurveyClosed("answered")
    response.details_at = now
    db.session.add_all(
        Answer(response=response, question_id=question_id, value_int=number, value_text=text)
        for question_id, (number, text) in checked.values.items()
    )
    db.session.flush()
    low = rules.low_ratings(rest, checked.values, contract.survey_complaint_rating)
    if low and response.complaint is None:
        values = {a.question_id: (a.value_int, a.value_text) for a in response.answers}
        response.complaint = complaint_from_answers(
            invitation, questions, values | checked.values, low, now=now, contract=contract
        )
    return response


def new_response(invitation: Invitation, values: dict, *, now: datetime) -> Response:
    """Claim the invitation (two tabs or a double click save one response) and store the
    answers given so far."""
    claimed = db.session.execute(
        sa.update(Invitation)
        .where(Invitation.id == invitation.id, Invitation.answered.is_(False))
        .values(answered=True)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        raise SurveyClosed("answered")
    invitation.answered = True
    campaign, ticket = invitation.campaign, invitation.ticket
    anonymous = bool(campaign and campaign.anonymous)
    first = invitation.questionnaire.questions[0]
    overall = values.get(first.id, (None, None))[0]
    response = Response(
        questionnaire_id=invitation.questionnaire_id,
        campaign_id=invitation.campaign_id,
        ticket_id=invitation.ticket_id,
        sent_at=invitation.sent_at,
        overall_rating=overall,
        engineer_id=ticket.assignee_id if ticket else None,
        catalog_group=ticket.catalog_item.group if ticket else None,
    )
    if anonymous:
        # never linked to the person: no invitation, no respondent, no department of theirs,
        # and only the day of answering (all invitations of a campaign share sent_at)
        response.submitted_at = rules.local_day_start(rules.local_date(now))
        response.department_id = campaign.department_id
    else:
        response.invitation_id = invitation.id
        response.respondent_id = invitation.user_id
        response.submitted_at = now
        response.department_id = invitation.user.department_id
    response.answers = [
        Answer(question_id=question_id, value_int=number, value_text=text)
        for question_id, (number, text) in values.items()
    ]
    db.session.add(response)
    db.session.flush()
    if not anonymous:
        record(invitation.user, "survey.answer", invitation, {"overall": overall}, now=now)
    return response


def response_of(invitation: Invitation, remembered: int | None = None) -> Response | None:
    """The response an answered invitation got: linked to it, or (anonymous) the one this
    browser sent, as it remembered it."""
    if invitation.campaign is not None and invitation.campaign.anonymous:
        found = db.session.get(Response, remembered) if remembered else None
        return found if found is not None and found.campaign_id == invitation.campaign_id else None
    return db.session.scalar(sa.select(Response).where(Response.invitation_id == invitation.id))


def complaint_from_answers(invitation, questions, values, low, *, now, contract):
    """S10: a rating at or below the setting opens a complaint someone must act on."""
    lowest = min(values[q.id][0] for q in low)
    ticket = invitation.ticket
    subject = ticket.number if ticket else invitation.campaign.title_zh
    anonymous = bool(invitation.campaign and invitation.campaign.anonymous)
    # worded for each reader from these (complaints.labels); stored once in Chinese as well
    params = {
        "lowest": lowest,
        "subject": subject,
        "ratings": [[q.text_zh, q.text_en, values[q.id][0]] for q in low],
        "comments": [
            [q.text_zh, q.text_en, values[q.id][1]]
            for q in questions
            if q.kind == "text" and q.id in values
        ],
    }
    lines = [f"{q_zh}: {score}/5" for q_zh, _, score in params["ratings"]]
    lines += [f"{q_zh}: {text}" for q_zh, _, text in params["comments"]]
    data = complaints.NewComplaint(
        title=f"满意度低分（{lowest}/5）：{subject}",
        description="\n".join(lines),
        words_code="low_rating",
        words_params=params,
        severity=severity_for_rating(lowest),
        source="survey",
        complainant=None if anonymous else invitation.user,
        ticket=ticket,
    )
    complaint = complaints.file_complaint(data, actor=None, now=now, contract=contract)
    complaint_notify.opened_from_rating(complaint, lowest)
    return complaint
