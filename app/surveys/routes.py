"""Survey pages: answering (signed in or from the mail link), waiting surveys, scores."""

from flask import abort, flash, request, session
from flask_babel import gettext as _
from flask_babel import refresh
from flask_login import current_user

from app.accounts.roles import CLIENT, MANAGERS
from app.contracts.services import get_contract
from app.extensions import db, utcnow
from app.surveys import bp, charts, forms, links, policy, queries, rules, services
from app.surveys.labels import ANSWER_ERRORS, CLOSED_MESSAGES
from app.surveys.models import Invitation
from app.web.access import allow, public
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
    """The mail's one-click link: GET shows the form with the clicked rating chosen (mail
    scanners that follow links change nothing); Send saves. No sign-in needed."""
    now = utcnow()
    try:
        link = links.read_token(token, now=now, days=get_contract().survey_link_days)
    except links.LinkError as error:
        return closed_page(error.reason)
    invitation = db.session.get(Invitation, link.invitation_id)
    if invitation is None:
        return closed_page("invalid")
    if current_user.is_authenticated and current_user.id != invitation.user_id:
        return closed_page("other_user")
    if not current_user.is_authenticated and "lang" not in session:
        session["lang"] = invitation.user.language
        refresh()
    first = invitation.questionnaire.questions[0]
    preselect = link.rating if link.question_id == first.id else None
    return answer_page(invitation, preselect=preselect)


def closed_page(reason: str):
    return render(
        "surveys/closed.html",
        status=CLOSED_STATUS[reason],
        message=CLOSED_MESSAGES[reason],
        reason=reason,
    )


def answer_page(invitation: Invitation, *, preselect: int | None):
    """Shared by both routes: check the invitation, show or save the answers."""
    now = utcnow()
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
            services.submit(invitation, values, now=now, contract=get_contract())
        except services.SurveyError as error:
            errors = {qid: str(ANSWER_ERRORS[code]) for qid, code in error.fields.items()}
        except services.SurveyClosed as closed:
            return closed_page(closed.reason)
        else:
            return render("surveys/thanks.html", invitation=invitation)
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
    )


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
