"""Group chats: webhook robots for WeCom, DingTalk and Feishu/Lark, their outbox and delivery.

What is announced, and when, is decided by the domains above (see app/announcements).
"""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

bp = Blueprint("chat", __name__, url_prefix="/group-chats")
# each person's own choices, beside their profile
notifications_bp = Blueprint("notifications", __name__, url_prefix="/profile/notifications")


def init_app(app: Flask) -> None:
    from app.accounts.roles import MANAGERS
    from app.chat import delivery, inbox, preferences, routes, routes_preferences  # noqa: F401
    from app.mail import outbox
    from app.web import navigation

    outbox.set_router(preferences.route)  # a person's mail may go to their group chat instead
    app.jinja_env.globals["unread_notices"] = unread_notices
    app.jinja_env.globals["notice_text"] = inbox.text
    navigation.register("chat.robots", _l("Group chats"), MANAGERS, order=93)
    app.register_blueprint(bp)
    app.register_blueprint(notifications_bp)


def unread_notices() -> int:
    """How many notices the signed-in person has not read (the header's count)."""
    from flask_login import current_user

    from app.chat import inbox

    return inbox.unread_count(current_user) if current_user.is_authenticated else 0
