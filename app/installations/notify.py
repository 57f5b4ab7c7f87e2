"""Mail about installations, queued in the outbox inside the same transaction (S4, S5)."""

from flask_babel import gettext as _

from app.changes.notify import queue_threaded
from app.installations import links
from app.mail.outbox import external_url


def signoff_requested(installation) -> None:
    """S5: the user may confirm the installation by mail instead of signing on screen."""
    if installation.user is not None:
        queue_threaded(
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
        )
