"""Mail transport: the outbox and its delivery, IMAP, parsing and decoding of inbound mail.

What a mail means (a new ticket, a reply) is decided by the channels above, e.g. tickets.
"""

from flask import Flask


def init_app(app: Flask) -> None:
    from app.accounts import mailer
    from app.mail import delivery  # noqa: F401  (registers the mail_out job)
    from app.mail.outbox import external_url, queue

    mailer.set_mailer(queue, external_url)  # password reset links go out through the outbox
