"""Mail about changes and installations, queued in the outbox inside the same transaction."""

from flask_babel import gettext as _

from app.changes import links
from app.mail.outbox import external_url, queue

THREAD_HEADER = "X-Deskpact-Change"


def _queue(recipient, template: str, obj_number: str, title, **context):
    return queue(
        recipient,
        template,
        subject=lambda ctx: f"[{obj_number}] {title()}",
        headers={THREAD_HEADER: obj_number},
        **context,
    )


def approval_requested(change, approvers) -> None:
    """Each approver gets their own signed link (S15: every change authorised)."""
    for approver in approvers:
        _queue(
            approver,
            "change_approval",
            change.number,
            lambda: _("Approval needed: %(title)s", title=change.title),
            change=change,
            url=external_url("changes.detail", number=change.number),
            approve_url=external_url(
                "changes.decide_by_link", token=links.approval_token(change, approver)
            ),
        )


def announce(change, contacts) -> None:
    """S15: planned vendor changes are announced to the client."""
    for contact in contacts:
        _queue(
            contact,
            "change_announce",
            change.number,
            lambda: _("Planned change: %(title)s", title=change.title),
            change=change,
            url=external_url("changes.detail", number=change.number),
        )


def decided(change, decision) -> None:
    if change.requested_by is not None:
        _queue(
            change.requested_by,
            "change_decided",
            change.number,
            lambda: _("Decision on %(title)s", title=change.title),
            change=change,
            decision=decision,
            url=external_url("changes.detail", number=change.number),
        )


def signoff_requested(installation) -> None:
    """S5: the user may confirm the installation by mail instead of signing on screen."""
    if installation.user is not None:
        _queue(
            installation.user,
            "installation_confirm",
            installation.number,
            lambda: _("Please confirm your installation %(number)s", number=installation.number),
            installation=installation,
            url=external_url("changes.installation", number=installation.number),
            confirm_url=external_url(
                "changes.confirm_installation_by_link", token=links.signoff_token(installation)
            ),
        )


def installation_approval_requested(installation, approvers) -> None:
    """S4: a new installation request waits for the approvers of its user's department."""
    for approver in approvers:
        _queue(
            approver,
            "installation_approval",
            installation.number,
            lambda: _("Approval needed: %(title)s", title=installation.ticket.title),
            installation=installation,
            url=external_url("changes.installation", number=installation.number),
        )
