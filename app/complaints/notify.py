"""Mail that complaint changes send, queued in the outbox inside the same transaction."""

from flask_babel import gettext as _

from app.mail.outbox import external_url, queue


def _queue(recipient, complaint, headline) -> None:
    if recipient is None or not getattr(recipient, "active", True):
        return
    queue(
        recipient,
        "complaint",
        subject=lambda ctx: f"[{complaint.number}] {headline()}",
        complaint=complaint,
        headline=headline,
        url=external_url("complaints.detail", number=complaint.number),
    )


def filed(complaint) -> None:
    """The owner learns of every new complaint or major incident at once."""
    _queue(complaint.owner, complaint, lambda: _("New complaint: %(title)s", title=complaint.title))


def after_action(complaint, action: str, actor) -> None:
    """The client is asked to acknowledge the outcome; the owner hears the client's answer."""
    if action == "resolve":
        _queue(
            complaint.complainant or acknowledging_contact(),
            complaint,
            lambda: _("Please confirm the outcome: %(title)s", title=complaint.title),
        )
    elif action in ("acknowledge", "dispute") and complaint.owner_id != actor.id:
        _queue(
            complaint.owner,
            complaint,
            lambda: (
                _("Outcome accepted: %(title)s", title=complaint.title)
                if action == "acknowledge"
                else _("Outcome disputed: %(title)s", title=complaint.title)
            ),
        )


def acknowledging_contact():
    """Without a complainant (anonymous survey, major incident) the client's project lead."""
    from app.contracts.services import get_contract

    return get_contract().client_project_lead
