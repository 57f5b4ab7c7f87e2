"""Translated names and messages of the survey pages and mail."""

from flask import Flask
from flask_babel import lazy_gettext as _l

RATING_LABELS = {
    1: _l("Very dissatisfied"),
    2: _l("Dissatisfied"),
    3: _l("Neutral"),
    4: _l("Satisfied"),
    5: _l("Very satisfied"),
}
KIND_LABELS = {
    "rating": _l("Rating 1–5"),
    "yes_no": _l("Yes / no"),
    "choice": _l("Choice"),
    "text": _l("Free text"),
}
PURPOSE_LABELS = {
    "ticket": _l("After each closed ticket"),
    "relationship": _l("Relationship survey (campaigns)"),
}
CAMPAIGN_STATE_LABELS = {
    "scheduled": _l("Scheduled"),
    "open": _l("Open"),
    "closed": _l("Closed"),
}
# why an invitation takes no answer
CLOSED_MESSAGES = {
    "answered": _l("This survey has already been answered. Thank you!"),
    "expired": _l("This survey link has expired."),
    "campaign_closed": _l("This survey is closed; answers are no longer accepted."),
    "campaign_scheduled": _l("This survey has not opened yet."),
    "invalid": _l("This link is not valid. Please use the link from your mail as it is."),
    "other_user": _l(
        "This survey was sent to someone else. Sign out, or open the link from your own mail."
    ),
}
ANSWER_ERRORS = {
    "required": _l("Please answer this question."),
    "rating_range": _l("Choose a rating from 1 to 5."),
    "yes_no": _l("Answer yes or no."),
    "choice": _l("Choose one of the options."),
    "too_long": _l("At most 2,000 characters."),
}
EDITOR_ERRORS = {
    "empty": _l("Add at least one question."),
    "too_many": _l("At most 20 questions."),
    "first_overall": _l("The first question must stay the overall rating (1–5)."),
    "kind": _l("Choose a kind of question."),
    "text": _l("Write the question in both languages."),
    "code": _l("Each question needs its own short code."),
    "choices": _l("A choice question needs at least two options."),
}
CAMPAIGN_ERRORS = {
    "required": _l("Required."),
    "audience": _l("Choose who is asked."),
    "sample_size": _l("A sample of at least one person."),
    "order": _l("The closing day comes after the opening day."),
    "past": _l("The closing day is already past."),
}


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.globals.update(
        rating_label=lambda rating: RATING_LABELS.get(rating, rating),
        question_kind_label=lambda kind: KIND_LABELS.get(kind, kind),
        purpose_label=lambda purpose: PURPOSE_LABELS.get(purpose, purpose),
        campaign_state_label=lambda state: CAMPAIGN_STATE_LABELS.get(state, state),
    )
