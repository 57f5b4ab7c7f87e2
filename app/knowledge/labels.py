"""Words shown to people about the knowledge base: statuses, audiences, actions, refusals."""

from flask import Flask
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.tickets.catalog import GROUPS
from app.web.i18n import current_lang

STATUS_LABELS = {"draft": _l("Draft"), "published": _l("Published"), "retired": _l("Retired")}
VISIBILITY_LABELS = {"employees": _l("Employees and staff"), "staff": _l("Staff only")}
LANGUAGE_LABELS = {"zh": "中文", "en": "English"}
ACTION_LABELS = {
    "publish": _l("Publish"),
    "retire": _l("Retire"),
    "unpublish": _l("Back to draft"),
}
PLACEHOLDER_LABELS = {
    "requester": _l("the requester's name"),
    "ticket": _l("the ticket number"),
    "title": _l("the ticket's title"),
    "agent": _l("your name"),
}


def category_label(code: str) -> str:
    names = GROUPS.get(code)
    if not names:
        return _("General")
    return names[1] if current_lang() == "zh" else names[2]


def category_options() -> list[tuple[str, str]]:
    return [("", _("General"))] + [(code, category_label(code)) for code in GROUPS]


def refusal_text(refusal: tuple[str, ...]) -> str:
    """Why a field was refused, in the reader's language."""
    code, values = refusal[0], refusal[1:]
    first = values[0] if values else ""
    texts = {
        "required": lambda: _("Please fill this in."),
        "too_long": lambda: _("At most %(n)s characters.", n=first),
        "control_character": lambda: _("The text holds a control character; remove it."),
        "unknown_language": lambda: _("Choose Chinese or English."),
        "unknown_visibility": lambda: _("Choose employees and staff, or staff only."),
        "unknown_category": lambda: _("Choose a catalog area."),
        "not_now": lambda: _(
            "Not possible while the article is %(status)s.", status=status_label(first)
        ),
        "empty_body": lambda: _("Write the article's text before publishing it."),
        "empty_workaround": lambda: _("Write the known workaround first."),
        "one_language": lambda: _("Write the response in at least one language."),
        "unknown_placeholder": lambda: _(
            "Unknown placeholder %(names)s; use {requester}, {ticket}, {title} or {agent}.",
            names=first,
        ),
    }
    return texts.get(code, lambda: _("This value is not accepted."))()


def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.globals.update(
        article_status_label=status_label,
        article_visibility_label=lambda v: str(VISIBILITY_LABELS.get(v, v)),
        article_category_label=category_label,
        article_language_label=lambda lang: LANGUAGE_LABELS.get(lang, lang),
        article_action_label=lambda a: str(ACTION_LABELS.get(a, a)),
    )
