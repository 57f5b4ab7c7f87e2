"""Language and time zone choice, and display helpers for times."""

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_request_context, request, session
from flask_babel import format_datetime, format_decimal
from flask_babel import gettext as _
from flask_login import current_user

SHANGHAI = ZoneInfo("Asia/Shanghai")


def select_locale() -> str:
    """The user's saved language, else the session's choice, else the browser's."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # the worker: mail picks its language with force_locale
        return languages[0]
    if current_user and current_user.is_authenticated and current_user.language in languages:
        return current_user.language
    if session.get("lang") in languages:
        return session["lang"]
    return request.accept_languages.best_match(languages) or languages[0]


def select_timezone() -> str:
    return "Asia/Shanghai"


def file_size(size: int | None) -> str:
    """A file's size as people read it: "312 bytes", "4.2 KB", "1.5 MB" (never "0.0 KB")."""
    size = size or 0
    if size < 1024:
        return _("%(count)s bytes", count=size)
    if size < 1024**2:
        value, unit = size / 1024, "KB"
    elif size < 1024**3:
        value, unit = size / 1024**2, "MB"
    else:
        value, unit = size / 1024**3, "GB"
    return f"{format_decimal(round(value, 1))} {unit}"


def local_time(value: datetime | None, fmt: str = "yyyy-MM-dd HH:mm") -> str:
    """A stored UTC instant as Asia/Shanghai wall time."""
    if value is None:
        return ""
    return format_datetime(value, fmt)


def iso(value: datetime | None) -> str | None:
    """ISO 8601 with the +08:00 offset, as the API promises."""
    return value.astimezone(SHANGHAI).isoformat() if value else None


def current_lang() -> str:
    """'zh' or 'en', for templates and services that pick a translated name."""
    from flask_babel import get_locale

    locale = get_locale()
    return locale.language if locale else "zh"
