"""The manager's survey pages: questionnaire versions (edit, preview) and campaigns (S18)."""

from datetime import timedelta

import sqlalchemy as sa
from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.models import Department
from app.accounts.roles import MANAGERS
from app.contracts.services import get_contract
from app.extensions import db, utcnow
from app.surveys import bp, charts, forms, queries, rules, services
from app.surveys.labels import CAMPAIGN_ERRORS, EDITOR_ERRORS
from app.surveys.models import Campaign, Questionnaire
from app.web.access import allow
from app.web.forms import options
from app.web.i18n import current_lang
from app.web.render import render


@bp.get("/surveys/questionnaires")
@allow(MANAGERS)
def questionnaires():
    """Both questionnaires with every version; the latest is the one sent."""
    current = {purpose: services.current_questionnaire(purpose) for purpose in rules.PURPOSES}
    history = {p: db.session.scalars(queries.versions(p)).all() for p in rules.PURPOSES}
    return render("surveys/questionnaires.html", current=current, history=history)


@bp.get("/surveys/questionnaires/<int:questionnaire_id>")
@allow(MANAGERS)
def preview(questionnaire_id: int):
    """A version as respondents see it, in either language (?lang=zh|en)."""
    questionnaire = db.get_or_404(Questionnaire, questionnaire_id)
    lang = request.args.get("lang") if request.args.get("lang") in ("zh", "en") else current_lang()
    return render(
        "surveys/preview.html",
        questionnaire=questionnaire,
        lang=lang,
        values={},
        errors={},
        form=forms.AnswerForm(),
        preview=True,
    )


def editor_data(questionnaire: Questionnaire) -> dict:
    return {
        "title_zh": questionnaire.title_zh,
        "title_en": questionnaire.title_en,
        "questions": [
            {
                "code": q.code,
                "kind": q.kind,
                "text_zh": q.text_zh,
                "text_en": q.text_en,
                "required": q.required,
                "choices": rules.format_choices(q.choices or []),
            }
            for q in questionnaire.questions
        ],
    }


def specs_from(form: forms.QuestionnaireForm) -> list[rules.QuestionSpec]:
    specs = []
    for number, entry in enumerate(form.questions.entries, start=1):
        data = entry.form
        if data.remove.data:
            continue
        specs.append(
            rules.QuestionSpec(
                code=(data.code.data or "").strip() or f"q{number}",
                kind=data.kind.data,
                text_zh=data.text_zh.data or "",
                text_en=data.text_en.data or "",
                required=bool(data.required.data),
                choices=rules.parse_choices(data.choices.data or ""),
            )
        )
    return specs


@bp.route("/surveys/questionnaires/<purpose>/edit", methods=["GET", "POST"])
@allow(MANAGERS)
def edit_questionnaire(purpose: str):
    """Edit the questions; saving makes a new version (old answers keep theirs)."""
    if purpose not in rules.PURPOSES:
        abort(404)
    current = services.current_questionnaire(purpose)
    if request.method == "GET":
        form = forms.QuestionnaireForm(data=editor_data(current))
    else:
        form = forms.QuestionnaireForm()
    status = 200
    if form.is_submitted() and form.add_question.data:
        if len(form.questions.entries) < rules.MAX_QUESTIONS:
            form.questions.append_entry({"kind": "rating"})
    elif form.validate_on_submit():
        specs = specs_from(form)
        try:
            saved = services.save_version(
                purpose,
                form.title_zh.data,
                form.title_en.data,
                specs,
                actor=current_user,
                now=utcnow(),
            )
        except services.SurveyError as error:
            status = 422
            flash_editor_errors(error.fields, specs)
        else:
            flash(_("Saved as version %(version)d.", version=saved.version), "success")
            return redirect(url_for("surveys.preview", questionnaire_id=saved.id))
    elif form.errors:
        status = 422
    return render("surveys/edit_questionnaire.html", "editor", status, form=form, current=current)


def flash_editor_errors(errors: dict, specs: list) -> None:
    for index, code in sorted(errors.items(), key=lambda item: str(item[0])):
        if index == "title":
            flash(_("Write the title in both languages."), "error")
            continue
        which = specs[index].text_en if isinstance(index, int) and index < len(specs) else ""
        flash(
            _(
                "Question %(number)d %(text)s: %(message)s",
                number=index + 1,
                text=which,
                message=EDITOR_ERRORS[code],
            ),
            "error",
        )


@bp.get("/surveys/campaigns")
@allow(MANAGERS)
def campaigns():
    """Relationship campaigns with their state and answers so far."""
    now = utcnow()
    rows = [
        (
            campaign,
            rules.campaign_state(campaign.opens_at, campaign.closes_at, campaign.closed_at, now),
            *queries.campaign_counts(campaign.id),
        )
        for campaign in db.session.scalars(queries.campaigns().limit(100))
    ]
    return render("surveys/campaigns.html", rows=rows)


def department_options():
    departments = db.session.scalars(sa.select(Department).order_by(Department.code))
    lang = current_lang()
    return options([(0, "—")] + [(d.id, d.name(lang)) for d in departments])


@bp.route("/surveys/campaigns/new", methods=["GET", "POST"])
@allow(MANAGERS)
def new_campaign():
    """Plan a campaign: who, when, anonymous or not; it opens on its first day."""
    form = forms.CampaignForm()
    form.department_id.choices = department_options()
    if not form.is_submitted():
        today = rules.local_date(utcnow())
        form.opens_on.data = today
        form.closes_on.data = today + timedelta(days=14)
    if form.validate_on_submit():
        data = services.NewCampaign(
            title_zh=form.title_zh.data,
            title_en=form.title_en.data,
            audience=form.audience.data,
            opens_on=form.opens_on.data,
            closes_on=form.closes_on.data,
            anonymous=bool(form.anonymous.data),
            department_id=form.department_id.data or None,
            sample_size=form.sample_size.data,
            remind_days_before_close=form.remind_days_before_close.data,
        )
        try:
            campaign = services.create_campaign(
                data, actor=current_user, now=utcnow(), contract=get_contract()
            )
        except services.SurveyError as error:
            for name, code in error.fields.items():
                getattr(form, name).errors.append(CAMPAIGN_ERRORS[code])
        else:
            flash(_("Campaign saved."), "success")
            return redirect(url_for("surveys.campaign", campaign_id=campaign.id))
    status = 422 if form.errors else 200
    return render("surveys/new_campaign.html", "form", status, form=form)


def campaign_or_404(campaign_id: int) -> Campaign:
    return db.session.get(Campaign, campaign_id) or abort(404)


@bp.get("/surveys/campaigns/<int:campaign_id>")
@allow(MANAGERS)
def campaign(campaign_id: int):
    """One campaign: invitations, answers, and (anonymous: from a few answers on) results."""
    campaign = campaign_or_404(campaign_id)
    now = utcnow()
    invited, answered = queries.campaign_counts(campaign.id)
    ratings = queries.campaign_ratings(campaign.id)
    answers = sum(ratings.values())
    hidden = campaign.anonymous and answers < rules.MIN_ANONYMOUS_RESULTS
    contract = get_contract()
    return render(
        "surveys/campaign.html",
        campaign=campaign,
        state=rules.campaign_state(campaign.opens_at, campaign.closes_at, campaign.closed_at, now),
        invited=invited,
        answered=answered,
        hidden=hidden,
        minimum=rules.MIN_ANONYMOUS_RESULTS,
        satisfaction=rules.satisfaction_from_counts(ratings, contract.satisfaction_good_rating),
        rate=rules.response_rate(answered, invited),
        chart=None if hidden else charts.ratings_svg(ratings, title=_("Overall ratings")),
        target=contract.satisfaction_target_percent,
    )


@bp.post("/surveys/campaigns/<int:campaign_id>/remind")
@allow(MANAGERS)
def remind_campaign(campaign_id: int):
    """Send a reminder now to everyone who has not answered."""
    campaign = campaign_or_404(campaign_id)
    now = utcnow()
    if (
        rules.campaign_state(campaign.opens_at, campaign.closes_at, campaign.closed_at, now)
        != "open"
    ):
        flash(_("Only an open campaign can send reminders."), "error")
    else:
        count = services.remind(campaign, now=now, actor=current_user)
        flash(_("%(count)d reminders queued.", count=count), "success")
    return redirect(url_for("surveys.campaign", campaign_id=campaign.id))


@bp.post("/surveys/campaigns/<int:campaign_id>/close")
@allow(MANAGERS)
def close_campaign(campaign_id: int):
    """Close early: links stop working and no more answers are taken."""
    campaign = campaign_or_404(campaign_id)
    if campaign.closed_at is None:
        services.close_campaign(campaign, now=utcnow(), actor=current_user)
        flash(_("Campaign closed."), "success")
    return redirect(url_for("surveys.campaign", campaign_id=campaign.id))
