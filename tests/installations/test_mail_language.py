"""Installation mail speaks the user's language (S4, S5)."""

import pytest

from app.accounts.services import user_by_email
from app.extensions import db
from tests.conftest import ROLE_EMAILS
from tests.installations.helpers import installed
from tests.mail.language import assert_speaks, mails_to


@pytest.mark.parametrize(
    ("language", "phrases"),
    [
        (
            "zh",
            (
                "请确认您的设备安装",
                "您的设备已安装完毕",
                "请点击以下链接确认您已收到",
                "安装时间：",
            ),
        ),
        (
            "en",
            ("Please confirm your installation", "Your equipment was installed", "Installed at: "),
        ),
    ],
)
def test_the_installation_sign_off_mail_speaks_the_users_language(app, login_as, language, phrases):
    with app.app_context():
        user_by_email(ROLE_EMAILS["employee"]).language = language
        db.session.commit()
    number = installed(app, login_as)  # requested, approved and installed by English pages
    with app.app_context():
        (message,) = [m for m in mails_to(ROLE_EMAILS["employee"]) if "/i/confirm/" in m.body_text]
        assert (
            number in message.subject and "LT-0101 · ThinkPad T14 · PF3ABC01" in message.body_text
        )
        assert_speaks(message, "installation_confirm", language, *phrases)
