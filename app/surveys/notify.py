"""Survey mail: the first question as five one-click links, queued in the same transaction.

Who gets which mail, per event:
- a ticket closes (confirmed, closed automatically, an installation signed off): its
  requester, once per ticket and at most once per the contract's survey interval, if they
  are the client's user; the mail's five links open the survey page, which records the
  clicked rating itself (a prefetch records nothing);
- a campaign opens: each invitee; a reminder before it closes: those who have not answered;
- an answer is recorded: nobody, unless a low rating opens a complaint (app/complaints/notify.py:
  the owner, and the person who rated).
"""

from flask_babel import gettext as _

from app.contracts.services import get_contract
from app.mail.outbox import external_url, queue
from app.surveys import links, rules
from app.web.i18n import current_lang


def rating_links(invitation) -> list[tuple[int, str]]:
    """(rating, absolute URL) for the first question, 5 first (the usual answer on top)."""
    first = invitation.questionnaire.questions[0]
    return [
        (
            rating,
            external_url(
                "surveys.answer_by_link", token=links.answer_token(invitation, first.id, rating)
            ),
        )
        for rating in reversed(rules.RATINGS)
    ]


def subject(invitation, reminder: bool) -> str:
    """The subject in the current locale (queue evaluates it in the invitee's language)."""
    if invitation.ticket is not None:
        return _("How did we do? %(number)s", number=invitation.ticket.number)
    title = invitation.campaign.title(current_lang())
    return _("Reminder: %(title)s", title=title) if reminder else title


def invite(invitation, *, reminder: bool = False) -> None:
    """Mail the invitee (a ticket survey, a campaign invitation or its reminder)."""
    template = "survey" if invitation.ticket is not None else "survey_campaign"
    queue(
        invitation.user,
        template,
        subject=lambda ctx: subject(invitation, reminder),
        invitation=invitation,
        question=invitation.questionnaire.questions[0],
        links=rating_links(invitation),
        url=external_url("surveys.answer_by_link", token=links.answer_token(invitation)),
        reminder=reminder,
        contract=get_contract(),
    )
