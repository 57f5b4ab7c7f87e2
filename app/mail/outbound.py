"""Build and send outgoing mail over SMTP; no database, no Flask."""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Iterable, Mapping, Sequence
from email import policy
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr

from app.mail.inbound import Attachment

# 7-bit transfer encodings (base64 / quoted-printable) so any relay accepts Chinese bodies,
# CRLF line endings as SMTP expects; headers with non-ASCII text get RFC 2047 words.
SMTP_POLICY = policy.SMTP.clone(cte_type="7bit")
_FALLBACK_DOMAIN = "deskpact.invalid"


class SendError(RuntimeError):
    """The SMTP server could not be reached or refused the message."""


def build_message(
    *,
    sender: str,
    to: str | Sequence[str],
    subject: str,
    text: str,
    html: str | None = None,
    headers: Mapping[str, str] | None = None,
    attachments: Iterable[Attachment] = (),
) -> EmailMessage:
    """Build a UTF-8 message marked as auto-generated and looped to the sender."""
    sender_address = parseaddr(sender)[1] or sender
    msg = EmailMessage(policy=SMTP_POLICY)
    msg["From"] = sender
    msg["To"] = to if isinstance(to, str) else ", ".join(to)
    msg["Subject"] = subject
    msg["Date"] = formatdate(usegmt=True)
    msg["Message-ID"] = make_msgid(domain=_domain(sender_address))
    # RFC 3834 and X-Loop keep auto-responders, and our own fetcher, from answering us.
    msg["Auto-Submitted"] = "auto-generated"
    msg["X-Loop"] = sender_address
    msg["X-Auto-Response-Suppress"] = "OOF, AutoReply"
    for name, value in (headers or {}).items():
        del msg[name]
        msg[name] = value
    msg.set_content(text, charset="utf-8")
    if html is not None:
        msg.add_alternative(html, subtype="html", charset="utf-8")
    for attachment in attachments:
        maintype, _, subtype = attachment.content_type.partition("/")
        msg.add_attachment(
            attachment.data,
            maintype=maintype or "application",
            subtype=subtype or "octet-stream",
            filename=attachment.filename,
        )
    return msg


def send_message(
    msg: EmailMessage,
    *,
    host: str,
    port: int,
    username: str | None = None,
    password: str | None = None,
    starttls: bool = False,
    timeout: float = 10,
) -> dict[str, tuple[int, bytes]]:
    """Send one message; raise SendError on failure, return recipients refused among others."""
    try:
        with smtplib.SMTP(host, port, timeout=timeout) as smtp:
            if starttls:
                smtp.starttls(context=ssl.create_default_context())
            if username:
                smtp.login(username, password or "")
            return smtp.send_message(msg)
    except (smtplib.SMTPException, OSError) as exc:
        raise SendError(f"sending to {host}:{port} failed: {exc}") from exc


def _domain(address: str) -> str:
    domain = address.rpartition("@")[2].strip().strip(">")
    return domain if "@" in address and domain else _FALLBACK_DOMAIN
