"""The robot form."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget

from app.chat.labels import EVENT_LABELS, SERVICE_LABELS
from app.web.forms import Storable, options


class RobotForm(FlaskForm):
    name = StringField(_l("Group chat"), validators=[DataRequired(), Length(max=100), Storable()])
    service = SelectField(_l("Service"), choices=options(SERVICE_LABELS.items()))
    webhook_url = StringField(
        _l("Webhook address of the group's robot"),
        validators=[DataRequired(), Length(max=500), Storable()],
    )
    secret = PasswordField(
        _l("Signing secret (DingTalk, Feishu; leave empty to keep)"),
        validators=[Length(max=200), Storable()],
    )
    events = SelectMultipleField(
        _l("What goes to this group"),
        choices=options(EVENT_LABELS.items()),
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    active = BooleanField(_l("Active"), default=True)

    def values(self) -> dict:
        return {
            "name": self.name.data.strip(),
            "service": self.service.data,
            "webhook_url": self.webhook_url.data,
            "secret": self.secret.data or "",
            "events": list(self.events.data or []),
            "active": bool(self.active.data),
        }
