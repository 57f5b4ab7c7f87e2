"""Group chats: webhook robots for WeCom, DingTalk and Feishu/Lark, their outbox and delivery.

What is announced, and when, is decided by the domains above (see app/announcements).
"""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

bp = Blueprint("chat", __name__, url_prefix="/group-chats")


def init_app(app: Flask) -> None:
    from app.accounts.roles import MANAGERS
    from app.chat import delivery, routes  # noqa: F401  (delivery registers chat_out)
    from app.web import navigation

    navigation.register("chat.robots", _l("Group chats"), MANAGERS, order=93)
    app.register_blueprint(bp)
