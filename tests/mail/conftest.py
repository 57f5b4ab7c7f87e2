"""The app reading the test Dovecot's INBOX."""

import pytest

from tests.mail.helpers import DESK
from tests.mailservers import ImapServer


@pytest.fixture
def mailbox(app, monkeypatch, imap_server: ImapServer):
    """The app reads the test Dovecot's INBOX; monkeypatch restores the session-wide config."""
    values = {
        "IMAP_HOST": imap_server.host,
        "IMAP_PORT": imap_server.port,
        "IMAP_USERNAME": imap_server.user,
        "IMAP_PASSWORD": imap_server.password,
        "IMAP_SSL": False,
        "MAIL_SENDER": f"Deskpact 服务台 <{DESK}>",
    }
    for name, value in values.items():
        monkeypatch.setitem(app.config, name, value)
    yield imap_server
