"""Tickets for every test package, opened and moved through the real services."""

from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta

from app.accounts.models import User
from app.accounts.services import user_by_email
from app.contracts.services import get_contract
from app.extensions import db
from app.tickets import actions, services
from app.tickets.models import Ticket, TicketEvent
from tests.conftest import ROLE_EMAILS

MONDAY_0912 = datetime(2026, 11, 23, 1, 12, tzinfo=UTC)  # 09:12 in Shanghai
MONDAY_0940 = datetime(2026, 11, 23, 1, 40, tzinfo=UTC)

Person = User | int | str | None


def person(who: Person) -> User | None:
    """A user given as itself, by id, or by role name (that role's test account)."""
    if who is None or isinstance(who, User):
        return who
    if isinstance(who, int):
        return db.session.get(User, who)
    return user_by_email(ROLE_EMAILS[who])


def open_ticket(
    requester: Person = "employee",
    *,
    now: datetime = MONDAY_0912,
    title: str = "Cannot join the Wi-Fi",
    code: str = "sys.network",
    channel: str = "web",
    urgency: str = "medium",
    impact: str = "low",
    assets: Iterable[str] = (),
    actor: Person = None,
    commit: bool = True,
) -> Ticket:
    """A ticket the requester filed (or `actor` for them); committed unless told otherwise."""
    requester = person(requester)
    ticket = services.open_ticket(
        services.NewTicket(
            title=title,
            catalog_code=code,
            channel=channel,
            requester=requester,
            urgency=urgency,
            impact=impact,
            asset_tags=list(assets),
        ),
        actor=person(actor) if actor is not None else requester,
        now=now,
        contract=get_contract(),
    )
    if commit:
        db.session.commit()
    return ticket


def perform(
    action: Callable[..., TicketEvent], ticket: Ticket, who: Person, now: datetime, *args, **kwargs
) -> TicketEvent:
    """One service of app.tickets.actions, by `who` at `now`, committed."""
    event = action(ticket, *args, actor=person(who), now=now, contract=get_contract(), **kwargs)
    db.session.commit()
    return event


def closed_ticket(
    requester: Person,
    agent: Person,
    *,
    now: datetime = MONDAY_0940,
    engineer: Person = None,
    **fields,
) -> Ticket:
    """A ticket opened, handled and confirmed by its requester at `now` (its survey starts)."""
    ticket = open_ticket(requester, now=now - timedelta(minutes=30), **fields)
    perform(actions.accept, ticket, agent, now - timedelta(minutes=28))
    if engineer is not None:
        perform(actions.dispatch, ticket, agent, now - timedelta(minutes=25), person(engineer))
        perform(actions.arrive, ticket, engineer, now - timedelta(minutes=20))
    resolver = engineer if engineer is not None else agent
    perform(actions.resolve, ticket, resolver, now - timedelta(minutes=5), note="Fixed")
    perform(actions.confirm, ticket, requester, now)
    return ticket
