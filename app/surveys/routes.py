"""Survey pages: answering (signed in or from the mail link), waiting surveys, scores."""

from flask import abort, flash, request, session, url_for
from flask_babel import gettext as _
from flask_babel import refresh
from flask_login import current_user

from app.accounts.roles import CLIENT, MANAGERS
from app.contracts.services import get_contract
from app.extensions import db, utcnow
from app.surveys import answers, bp, charts, forms, links, policy, queries, rules, services
from app.surveys.labels import ANSWER_ERRORS, CLOSED_MESSAGES
from app.surveys.models import Invitation
from app.web.access import allow, public
from app.web.forms import require_csrf
from app.web.i18n import current_lang
from app.web.render import render

CLOSED_STATUS = {
    "answered": 409,
    "expired": 410,
    "campaign_closed": 410,
    "campaign_scheduled": 409,
    "invalid": 404,
    "other_user": 403,
}


@bp.get("/surveys")
@allow(CLIENT)
def mine():
    """Surveys waiting for me, and the ones I answered."""
    now = utcnow()
    waiting = db.session.scalars(queries.waiting_for(current_user, now).limit(50)).all()
    answered = db.session.scalars(queries.answered_by(current_user).limit(20)).all()
    return render("surveys/mine.html", waiting=waiting, answered=answered)


@bp.route("/surveys/<int:invitation_id>", methods=["GET", "POST"])
@allow(CLIENT)
def answer(invitation_id: int):
    """Answer a survey while signed in (from "Surveys" or the home page)."""
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or not policy.can_answer(current_user, invitation):
        abort(404)
    return answer_page(invitation, preselect=None)


@bp.route("/s/<token>", methods=["GET", "POST"])
@public
def answer_by_link(token: str):
    """The mail's one-click link: GET shows the form with the clicked rating chosen and saves
    nothing (a mail scanner's prefetch does not vote); the page itself then records the
    rating (record_by_link). No sign-in needed."""
    invitation, link = linked_invitation(token)
    if invitation is None:
        return link
    first = invitation.questionnaire.questions[0]
    preselect = link.rating if link.question_id == first.id else None
    return answer_page(invitation, preselect=preselect, token=token)


@bp.post("/s/<token>/rate")
@public
def record_by_link(token: str):
    """S7: the rating of the clicked link, recorded by the page that opened (sent on load, or
    by its button when scripts are off); the same request twice records it once."""
    invitation, link = linked_invitation(token)
    if invitation is None:
        return link
    if (
        link.rating not in rules.RATINGS
        or link.question_id != invitation.questionnaire.questions[0].id
    ):
        return closed_page("invalid")
    require_csrf()
    try:
        response = answers.record_rating(
            invitation, link.rating, now=utcnow(), contract=get_contract()
        )
    except services.SurveyClosed as closed:
        if closed.reason != "answered":
            return closed_page(closed.reason)
        return recorded_page(invitation, token, already=True)
    remember(invitation, response)
    return recorded_page(invitation, token, already=False, response=response)


def linked_invitation(token: str):
    """(invitation, link) of a mail link, or (None, the page that refuses it)."""
    now = utcnow()
    try:
        link = links.read_token(token, now=now, days=get_contract().survey_link_days)
    except links.LinkError as error:
        return None, closed_page(error.reason)
    invitation = db.session.get(Invitation, link.invitation_id)
    if invitation is None:
        return None, closed_page("invalid")
    if current_user.is_authenticated and current_user.id != invitation.user_id:
        return None, closed_page("other_user")
    if not current_user.is_authenticated and "lang" not in session:
        session["lang"] = invitation.user.language
        refresh()
    return invitation, link


def remember(invitation: Invitation, response) -> None:
    """An anonymous response has no link to its invitation: this browser keeps which one it
    sent, so that its optional answers can follow."""
    if invitation.campaign is not None and invitation.campaign.anonymous:
        kept = dict(session.get("survey_responses", {}))
        kept[str(invitation.id)] = response.id
        session["survey_responses"] = kept


def remembered(invitation: Invitation):
    return answers.response_of(
        invitation, session.get("survey_responses", {}).get(str(invitation.id))
    )


def closed_page(reason: str):
    return render(
        "surveys/closed.html",
        status=CLOSED_STATUS[reason],
        message=CLOSED_MESSAGES[reason],
        reason=reason,
    )


def recorded_page(
    invitation: Invitation,
    token: str | None,
    *,
    already: bool,
    response=None,
    errors: dict | None = None,
    values: dict | None = None,
):
    """The rating is recorded (just now, or earlier: "already recorded — thank you"), with
    the optional questions while they have not been sent."""
    response = response or remembered(invitation)
    questions = invitation.questionnaire.questions
    open_details = (
        response is not None
        and response.details_at is None
        and len(questions) > 1
        and utcnow() < invitation.expires_at
    )
    action = (
        url_for("surveys.answer_by_link", token=token)
        if token
        else url_for("surveys.answer", invitation_id=invitation.id)
    )
    return render(
        "surveys/recorded.html",
        "form",
        422 if errors else 200,
        invitation=invitation,
        questionnaire=invitation.questionnaire,
        response=response,
        already=already,
        details=open_details,
        action=action,
        values=values or {},
        errors=errors or {},
        form=forms.AnswerForm(),
    )


def answer_page(invitation: Invitation, *, preselect: int | None, token: str | None = None):
    """Shared by both routes: check the invitation, show or save the answers."""
    now = utcnow()
    if invitation.answered:
        if request.method == "POST":
            return details_sent(invitation, token)
        return recorded_page(invitation, token, already=True)
    try:
        services.check_open(invitation, now)
    except services.SurveyClosed as closed:
        return closed_page(closed.reason)
    questions = invitation.questionnaire.questions
    form = forms.AnswerForm()
    values = {questions[0].id: str(preselect)} if preselect in rules.RATINGS else {}
    errors: dict[int, str] = {}
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        values = {q.id: request.form.get(f"q{q.id}", "") for q in questions}
        try:
            response = services.submit(invitation, values, now=now, contract=get_contract())
        except services.SurveyError as error:
            errors = {qid: str(ANSWER_ERRORS[code]) for qid, code in error.fields.items()}
        except services.SurveyClosed as closed:
            return closed_page(closed.reason)
        else:
            remember(invitation, response)
            return render("surveys/thanks.html", invitation=invitation)
    record_url = (
        url_for("surveys.record_by_link", token=token)
        if token and preselect in rules.RATINGS
        else None
    )
    return render(
        "surveys/answer.html",
        "form",
        422 if errors else 200,
        invitation=invitation,
        questionnaire=invitation.questionnaire,
        values=values,
        errors=errors,
        form=form,
        preview=False,
        record_url=record_url,
        preselect=preselect,
    )


def details_sent(invitation: Invitation, token: str | None):
    """The optional answers after the recorded rating; once."""
    response = remembered(invitation)
    if response is None or response.details_at is not None:
        return closed_page("answered")
    if not forms.AnswerForm().validate_on_submit():
        abort(400)
    rest = invitation.questionnaire.questions[1:]
    values = {q.id: request.form.get(f"q{q.id}", "") for q in rest}
    try:
        answers.add_details(invitation, response, values, now=utcnow(), contract=get_contract())
    except services.SurveyError as error:
        errors = {qid: str(ANSWER_ERRORS[code]) for qid, code in error.fields.items()}
        return recorded_page(
            invitation, token, already=True, response=response, errors=errors, values=values
        )
    except services.SurveyClosed as closed:
        return closed_page(closed.reason)
    return render("surveys/thanks.html", invitation=invitation)


@bp.get("/surveys/results")
@allow(MANAGERS)
def results():
    """Scores for a period: the S7 figure against target, response rate, trend, breakdowns."""
    now = utcnow()
    contract = get_contract()
    source = request.args.get("source") if request.args.get("source") in queries.SOURCES else "all"
    try:
        first, last = rules.parse_period(
            request.args.get("from"), request.args.get("to"), rules.local_date(now)
        )
    except rules.PeriodError:
        flash(_("Use dates like 2026-01-31, the first before the last, at most 3 years."), "error")
        first, last = rules.parse_period(None, None, rules.local_date(now))
    lang = current_lang()
    months = queries.monthly(first, last, contract=contract, source=source)
    context = {
        "first": first,
        "last": last,
        "source": source,
        "sources": queries.SOURCES,
        "scores": queries.scores(first, last, contract=contract, source=source),
        "months": months,
        "chart": charts.trend_svg(months, target=contract.satisfaction_target_percent),
        "breakdowns": {
            dimension: queries.breakdown(
                first, last, dimension, lang=lang, contract=contract, source=source
            )
            for dimension in queries.DIMENSIONS
        },
        "questions": queries.question_averages(first, last, lang=lang, source=source),
        "comments": queries.recent_comments(first, last, source=source),
    }
    return render("surveys/results.html", "results", **context)
