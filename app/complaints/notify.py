"""Mail that complaint changes send, queued in the outbox inside the same transaction.

Who gets which mail, per event:
- filed (by the desk, an employee, a manager, or a low survey rating): the owner (the
  customer service manager) at once; when a person's own low rating opened it, that person
  too, with the number and how it will be handled (owner, due date, the outcome to accept);
- started, steps added or completed, comments: nobody by mail (the complaint page shows them);
- resolved: the complainant (no complainant: the client's project lead), to accept the
  outcome or dispute it;
- accepted or disputed: the owner, unless the owner recorded it.
"""

from flask_babel import gettext as _

from app.complaints.labels import title_of
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
    _queue(
        complaint.owner, complaint, lambda: _("New complaint: %(title)s", title=title_of(complaint))
    )


def opened_from_rating(complaint, rating: int) -> None:
    """S10: the person whose low rating opened a complaint hears of it and of what comes next."""
    person = complaint.complainant
    if person is None or not person.active:
        return
    queue(
        person,
        "complaint_opened",
        subject=lambda ctx: (
            f"[{complaint.number}] " + _("We are sorry: your rating opened a complaint")
        ),
        complaint=complaint,
        rating=rating,
        url=external_url("complaints.detail", number=complaint.number),
    )


def after_action(complaint, action: str, actor) -> None:
    """The client is asked to acknowledge the outcome; the owner hears the client's answer."""
    if action == "resolve":
        _queue(
            complaint.complainant or acknowledging_contact(),
            complaint,
            lambda: _("Please confirm the outcome: %(title)s", title=title_of(complaint)),
        )
    elif action in ("acknowledge", "dispute") and complaint.owner_id != actor.id:
        _queue(
            complaint.owner,
            complaint,
            lambda: (
                _("Outcome accepted: %(title)s", title=title_of(complaint))
                if action == "acknowledge"
                else _("Outcome disputed: %(title)s", title=title_of(complaint))
            ),
        )


def acknowledging_contact():
    """Without a complainant (anonymous survey, major incident) the client's project lead."""
    from app.contracts.services import get_contract

    return get_contract().client_project_lead
