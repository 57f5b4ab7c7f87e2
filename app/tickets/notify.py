"""Mail that ticket changes send, queued in the outbox inside the same transaction.

Who gets which mail, per event (the requester is the ticket's user, or the address an
account-less mail came from; a watcher is someone copied on the ticket: a person with an
account, or an outside address a mail copied; a watcher or assignee is never told of their
own step):
- opened (web, mail, phone, API): the requester, "we have your request" with the number;
- people copied (on the request form, by the mail's Cc at intake, by the desk on the ticket
  page): each new watcher, once, that they are copied, with the number;
- accepted, remote handling started, arrived, pended, resumed, fields changed: nobody;
- dispatched: the engineer, the dispatch with the user's desk and the arrival clock;
- resolved: the requester, "resolved — please confirm" with a one-click confirm link; the
  watchers, without it;
- confirmed by the requester themself (on the page or with the mail's link): nothing for the
  requester — they did it, and the closed ticket's survey follows (app/surveys/notify.py);
  the watchers, a status update;
- confirmed by someone else, closed automatically, reopened or cancelled (also by the
  requester: a reopen by mail is answered with the new status): the requester and the
  watchers, a status update;
- a public reply from the desk: the requester and every watcher; a reply from the
  requester's side (the requester, a watcher, or mail from the requester's address): the
  assignee and every watcher but its writer;
- an internal note: nobody;
- a step of another domain that moves the ticket on its own (an installation signed off,
  see app/installations/notify.py): nobody here — that domain writes the one mail due.
Every notice to an account also lands in that person's list in the portal, and goes by mail,
group chat or nowhere else as the person chose (app/chat/preferences.py).
"""

from flask_babel import gettext as _

from app.mail.outbox import external_url, queue
from app.tickets import links, policy

THREAD_HEADER = "X-Deskpact-Ticket"


def subject(ticket, text: str) -> str:
    """Subjects carry the number in brackets so replies thread back to the ticket."""
    return f"[{ticket.number}] {text}"


def _queue(recipient, template, ticket, title, **context):
    return queue(
        recipient,
        template,
        subject=lambda ctx: subject(ticket, title()),
        headers={THREAD_HEADER: ticket.number},
        ticket=ticket,
        url=external_url("tickets.detail", number=ticket.number),
        **context,
    )


def requester_address(ticket):
    contact = ticket.requester_contact if "@" in (ticket.requester_contact or "") else None
    return ticket.requester or contact


def acknowledge(ticket) -> None:
    """The requester learns the number at once (S5: response = acknowledgement)."""
    recipient = requester_address(ticket)
    if recipient:
        _queue(
            recipient,
            "acknowledge",
            ticket,
            lambda: _("We have your request: %(title)s", title=ticket.title),
        )


def copied(ticket, watchers) -> None:
    """Each new watcher learns the number of the ticket they are copied on."""
    for watcher in watchers:
        recipient = watcher_recipient(watcher)
        if recipient:
            _queue(
                recipient,
                "watch_copied",
                ticket,
                lambda: _("You are copied on: %(title)s", title=ticket.title),
            )


def watcher_recipient(watcher):
    """An account's person (if still active), or the outside address itself."""
    if watcher.user_id is None:
        return watcher.address
    return watcher.user if watcher.user is not None and watcher.user.active else None


def tell_watchers(ticket, event, actor) -> None:
    actor_id = getattr(actor, "id", None)
    for watcher in ticket.watchers:
        recipient = watcher_recipient(watcher)
        if recipient and (actor_id is None or watcher.user_id != actor_id):
            _queue(
                recipient,
                "watch_update",
                ticket,
                lambda: _("Update: %(title)s", title=ticket.title),
                event=event,
            )


def from_requester_side(ticket, event, actor) -> bool:
    """A public reply by the requester, a watcher, or mail from the requester's address."""
    if actor is None:
        return event.note_code == "wrote_by_mail"
    return not policy.is_staff(actor)


def tell_assignee(ticket, event, actor) -> None:
    assignee = ticket.assignee
    if assignee is None or not assignee.active or assignee.id == getattr(actor, "id", None):
        return
    _queue(
        assignee,
        "requester_reply",
        ticket,
        lambda: _("A reply on your ticket: %(title)s", title=ticket.title),
        event=event,
    )


WATCHED_ACTIONS = frozenset({"comment", "resolve", "reopen", "close", "confirm", "cancel"})


def after_action(
    ticket, action: str, event, engineer=None, actor=None, mail_requester=True, arrival=None
) -> None:
    """Notices for the requester, the watchers, the assignee and the dispatched engineer (with
    the arrival clock's reading, services.ClockReading)."""
    if action in WATCHED_ACTIONS and event.public:
        tell_watchers(ticket, event, actor)
    if action == "comment" and event.public and from_requester_side(ticket, event, actor):
        tell_assignee(ticket, event, actor)
    recipient = requester_address(ticket) if mail_requester else None
    requester_id = ticket.requester_id
    confirmed_by_requester = action == "confirm" and requester_id and event.actor_id == requester_id
    if action == "dispatch" and engineer is not None:
        _queue(
            engineer,
            "dispatch",
            ticket,
            lambda: _("Dispatch: %(title)s", title=ticket.title),
            event=event,
            arrival=arrival,
        )
    elif action == "resolve" and recipient:
        confirm = external_url("tickets.confirm_by_link", token=links.confirm_token(ticket))
        _queue(
            recipient,
            "resolved",
            ticket,
            lambda: _("Resolved — please confirm"),
            event=event,
            confirm_url=confirm,
        )
    elif (
        action in ("reopen", "close", "confirm", "cancel")
        and recipient
        and not confirmed_by_requester
    ):
        _queue(
            recipient,
            "status",
            ticket,
            lambda: _("Status update: %(title)s", title=ticket.title),
            event=event,
        )
    elif (
        action == "comment"
        and event.public
        and recipient
        and not from_requester_side(ticket, event, actor)
    ):
        _queue(
            recipient,
            "reply",
            ticket,
            lambda: _("New reply: %(title)s", title=ticket.title),
            event=event,
        )
