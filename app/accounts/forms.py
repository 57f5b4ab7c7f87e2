"""Sign-in, password, profile and user administration forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Optional, Regexp

from app.accounts.roles import ROLES
from app.web.forms import options

ROLE_LABELS = {
    "employee": _l("Employee"),
    "approver": _l("Approver"),
    "agent": _l("Service desk agent"),
    "engineer": _l("Onsite engineer"),
    "manager": _l("Manager"),
    "admin": _l("Administrator"),
}
LANGUAGE_CHOICES = [("zh", "简体中文"), ("en", "English")]


EMAIL_SHAPE = Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message=_l("Not a valid email address."))


class LoginForm(FlaskForm):
    email = StringField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])


class PasswordForm(FlaskForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired()])
    new = PasswordField(
        _l("New password"),
        validators=[DataRequired(), Length(min=10, max=200, message=_l("At least 10 characters."))],
    )
    confirm = PasswordField(
        _l("Repeat new password"),
        validators=[EqualTo("new", message=_l("The two passwords differ."))],
    )


class TokenForm(FlaskForm):
    label = StringField(_l("What the token is for"), validators=[DataRequired(), Length(max=100)])


class UserForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), EMAIL_SHAPE, Length(max=254)])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=100)])
    role = SelectField(_l("Role"), choices=options((r, ROLE_LABELS[r]) for r in ROLES))
    department_id = SelectField(_l("Department"), coerce=int)
    location = StringField(_l("Location"), validators=[Length(max=100)])
    phone = StringField(_l("Phone"), validators=[Length(max=40)])
    vip = BooleanField(_l("VIP"))
    language = SelectField(_l("Language"), choices=options(LANGUAGE_CHOICES))
    active = BooleanField(_l("Active"), default=True)
    password = PasswordField(
        _l("Password (leave empty to keep)"),
        validators=[Optional(), Length(min=10, max=200, message=_l("At least 10 characters."))],
    )

    def values(self) -> dict:
        data = {
            name: field.data
            for name, field in self._fields.items()
            if name not in ("csrf_token", "password")
        }
        data["department_id"] = data["department_id"] or None
        return data
