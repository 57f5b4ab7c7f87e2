"""Mail about installations, queued in the outbox inside the same transaction (S4, S5).

Who gets which mail, per event:
- requested (an install.* ticket opened): each approver of the user's department, with a
  one-click approve/reject link; the requester gets the ticket's "we have your request"
  (app/tickets/notify.py);
- approved, scheduled: nobody;
- rejected: the requester, with the approver's reason (their ticket is cancelled quietly);
- installed: the user, the confirmation link — held back for a quarter of an hour, and
  withdrawn if the user signs on the engineer's tablet meanwhile; "send again" sends it at once;
- signed off (on screen, by the mail link, or by an approver's batch): the user, one
  "signed off, thank you" with the signed sheet attached; the ticket closes without its own
  resolved/closed mails, and the closed ticket's survey follows (app/surveys/notify.py).
"""

from datetime import datetime, timedelta
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _

from app.changes.notify import THREAD_HEADER, queue_threaded
from app.installations import links
from app.mail.outbox import external_url, withdraw

# time for the user to sign on the engineer's tablet before the confirmation link is mailed
CONFIRM_MAIL_DELAY = timedelta(minutes=15)


def signoff_requested(installation, *, send_at: datetime | None = None) -> None:
    """S5: the user may confirm the installation by mail instead of signing on screen."""
    if installation.user is None:
        return
    # "send again" replaces a confirmation mail still held back: one link goes out
    withdraw(installation.user, "installation_confirm", {THREAD_HEADER: installation.number})
    message = queue_threaded(
        installation.user,
        "installation_confirm",
        installation.number,
        lambda: _("Please confirm your installation %(number)s", number=installation.number),
        installation=installation,
        url=external_url("installations.detail", number=installation.number),
        confirm_url=external_url(
            "installations.confirm_by_link", token=links.signoff_token(installation)
        ),
    )
    if message is not None and send_at is not None:
        message.next_attempt_at = send_at


def approval_requested(installation, approvers) -> None:
    """S4: a new installation request waits for the approvers of its user's department."""
    for approver in approvers:
        queue_threaded(
            approver,
            "installation_approval",
            installation.number,
            lambda: _("Approval needed: %(title)s", title=installation.ticket.title),
            installation=installation,
            url=external_url("installations.detail", number=installation.number),
            decide_url=external_url(
                "installations.decide_by_link",
                token=links.approval_token(installation, approver),
            ),
        )


def rejected(installation, decided_by) -> None:
    """The requester learns why their request was turned down."""
    requester = installation.ticket.requester
    if requester is None or not requester.active:
        return
    queue_threaded(
        requester,
        "installation_rejected",
        installation.number,
        lambda: _("Installation request not approved: %(title)s", title=installation.ticket.title),
        installation=installation,
        decided_by=decided_by,
        url=external_url("installations.detail", number=installation.number),
    )


def signed_off(installation, sheet_path: str) -> None:
    """S5: one mail when the installation is complete, with the signed sheet; the
    confirmation mail still waiting to go out is withdrawn."""
    user = installation.user
    if user is None:
        return
    withdraw(user, "installation_confirm", {THREAD_HEADER: installation.number})
    message = queue_threaded(
        user,
        "installation_signed_off",
        installation.number,
        lambda: _("Signed off, thank you: %(number)s", number=installation.number),
        installation=installation,
        url=external_url("installations.detail", number=installation.number),
    )
    if message is not None:
        message.attachment_path = sheet_path


def store_sheet(installation, pdf: bytes) -> str:
    """Keep the signed sheet as mailed, under the upload folder; its absolute path."""
    folder = Path(current_app.config["UPLOAD_FOLDER"]) / "installations"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{installation.number}-signed.pdf"
    path.write_bytes(pdf)
    return str(path)
