"""Words shown about training: kinds of training, refusals."""

from flask import Flask
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

KIND_LABELS = {
    "classroom": _l("Classroom"),
    "mentoring": _l("Mentoring"),
    "on_the_job": _l("On the job"),
    "joint_project": _l("Joint project team"),
    "workshop": _l("Workshop"),
    "security_awareness": _l("Security awareness"),
}
REFUSALS = {
    "required": _l("Please fill in this field."),
    "before_start": _l("The end is before the start."),
    "choice": _l("Please choose one of the options."),
    "nul": _l("The text contains characters that cannot be stored."),
    "outside": _l("The session lies outside the plan's dates."),
}


def refusal_text(code: str) -> str:
    label = REFUSALS.get(code)
    return str(label) if label else _("This value is not accepted.")


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.globals.update(training_kind_label=lambda code: KIND_LABELS.get(code, code))
