"""Sign-in, password, profile and user administration forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Optional, Regexp, ValidationError

from app.accounts import passwords
from app.accounts.roles import ROLES
from app.web.forms import Storable, options

ROLE_LABELS = {
    "employee": _l("Employee"),
    "approver": _l("Approver"),
    "agent": _l("Service desk agent"),
    "engineer": _l("Onsite engineer"),
    "manager": _l("Manager"),
    "admin": _l("Administrator"),
}
LANGUAGE_CHOICES = [("zh", "简体中文"), ("en", "English")]


PASSWORD_PROBLEMS = {
    passwords.TOO_SHORT: _l("At least %(count)d characters.", count=passwords.MIN_LENGTH),
    passwords.TOO_LONG: _l("At most %(count)d characters.", count=passwords.MAX_LENGTH),
    passwords.COMMON: _l("This password is too common; choose a longer phrase of your own."),
    passwords.PERSONAL: _l("A password must not be your name or email address."),
}


class StrongPassword:
    """The password rules; the person's name and address come from the form or its owner."""

    def __init__(self, owner=None) -> None:
        self.owner = owner

    def __call__(self, form, field) -> None:
        if not field.data:
            return
        owner = self.owner(form) if self.owner else None
        email = getattr(owner, "email", "") or getattr(getattr(form, "email", None), "data", "")
        name = getattr(owner, "name", "") or getattr(getattr(form, "name", None), "data", "")
        problems = passwords.password_problems(field.data, email=email or "", name=name or "")
        if problems:
            raise ValidationError(str(PASSWORD_PROBLEMS[problems[0]]))


def signed_in_user(form):
    return getattr(form, "owner", None)


EMAIL_SHAPE = Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message=_l("Not a valid email address."))


class LoginForm(FlaskForm):
    email = StringField(_l("Email"), validators=[DataRequired(), Length(max=254), Storable()])
    password = PasswordField(
        _l("Password"), validators=[DataRequired(), Length(max=200), Storable()]
    )


class NewPasswordForm(FlaskForm):
    """A new password, typed twice; `owner` is the account it is for."""

    owner = None
    new = PasswordField(
        _l("New password"), validators=[DataRequired(), StrongPassword(signed_in_user)]
    )
    confirm = PasswordField(
        _l("Repeat new password"),
        validators=[EqualTo("new", message=_l("The two passwords differ."))],
    )


class PasswordForm(NewPasswordForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired()])


TOKEN_LIFETIMES = {
    "30": _l("30 days"),
    "90": _l("90 days"),
    "365": _l("One year"),
    "": _l("Until revoked"),
}


class TokenForm(FlaskForm):
    label = StringField(_l("What the token is for"), validators=[DataRequired(), Length(max=100)])
    lifetime = SelectField(_l("Valid for"), choices=options(TOKEN_LIFETIMES.items()), default="90")


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
        validators=[Optional(), StrongPassword()],
    )

    def values(self) -> dict:
        data = {
            name: field.data
            for name, field in self._fields.items()
            if name not in ("csrf_token", "password")
        }
        data["department_id"] = data["department_id"] or None
        return data


class ForgotPasswordForm(FlaskForm):
    email = StringField(_l("Email"), validators=[DataRequired(), Length(max=254), Storable()])


class CodeForm(FlaskForm):
    """A six-digit code from the authenticator app, or a recovery code."""

    code = StringField(
        _l("Code from your authenticator app, or a recovery code"),
        validators=[DataRequired(), Length(max=40)],
    )


class AppCodeForm(FlaskForm):
    code = StringField(
        _l("Six-digit code from the app"), validators=[DataRequired(), Length(max=40)]
    )


class DisableTwoFactorForm(FlaskForm):
    password = PasswordField(_l("Your password"), validators=[DataRequired(), Length(max=200)])
