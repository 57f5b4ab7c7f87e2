"""Mail about changes, queued in the outbox inside the same transaction."""

from flask_babel import gettext as _

from app.changes import links
from app.mail.outbox import external_url, queue

THREAD_HEADER = "X-Deskpact-Change"


def queue_threaded(recipient, template: str, obj_number: str, title, **context):
    """Queue a mail whose subject and thread header carry the number it is about."""
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
        queue_threaded(
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
        queue_threaded(
            contact,
            "change_announce",
            change.number,
            lambda: _("Planned change: %(title)s", title=change.title),
            change=change,
            url=external_url("changes.detail", number=change.number),
        )


def decided(change, decision) -> None:
    if change.requested_by is not None:
        queue_threaded(
            change.requested_by,
            "change_decided",
            change.number,
            lambda: _("Decision on %(title)s", title=change.title),
            change=change,
            decision=decision,
            url=external_url("changes.detail", number=change.number),
        )
