"""Extension points one domain offers another without importing it (set at start-up)."""

from collections.abc import Callable

# the user's devices as (asset tag, what people recognise: "Laptop · ThinkPad T14 (LT-R2601)")
_owned_asset_tags: Callable[[object], list[tuple[str, str]]] = lambda user: []  # noqa: E731


def set_owned_asset_tags(function: Callable[[object], list[tuple[str, str]]]) -> None:
    """The asset register tells the request form which devices a user owns."""
    global _owned_asset_tags
    _owned_asset_tags = function


def owned_asset_tags(user) -> list[tuple[str, str]]:
    return _owned_asset_tags(user)


_refused_asset_tags: Callable[[object, list[str]], list[str]] = lambda user, tags: []  # noqa: E731


def set_refused_asset_tags(function: Callable[[object, list[str]], list[str]]) -> None:
    """The asset register says which tags on a request name no device `user` may name."""
    global _refused_asset_tags
    _refused_asset_tags = function


def refused_asset_tags(user, tags: list[str]) -> list[str]:
    return _refused_asset_tags(user, tags) if tags else []


_ticket_listeners: list[Callable] = []


def on_ticket_action(listener: Callable) -> Callable:
    """Register listener(ticket, action, event, now) called after every ticket action
    (inside the same transaction), e.g. surveys start when a ticket closes."""
    if listener not in _ticket_listeners:
        _ticket_listeners.append(listener)
    return listener


def ticket_action_done(ticket, action: str, event, now) -> None:
    for listener in _ticket_listeners:
        listener(ticket, action, event, now)


class ChangeProblems:
    """What the problem register tells the change form: which problems a change carries the
    fix of. Without the register no number names a problem and a change carries none."""

    def numbers(self, change) -> list[str]:
        return []

    def unknown(self, numbers: list[str]) -> list[str]:
        return list(numbers)

    def link(self, change, numbers: list[str], *, actor, now) -> None:
        """Make `numbers` the change's problems (flush only)."""


_change_problems = ChangeProblems()


def set_change_problems(register: ChangeProblems) -> None:
    global _change_problems
    _change_problems = register


def change_problems() -> ChangeProblems:
    return _change_problems


class TicketProblems:
    """What the problem register offers the queue's bulk form: linking an incident to a
    problem. Without the register there is no problem to link to."""

    available = False

    def link(self, number: str, ticket, *, actor, now, contract) -> str | None:
        """Link `ticket` to problem `number` (flush only); None when done, else the reason in
        the reader's words."""
        return None


_ticket_problems = TicketProblems()


def set_ticket_problems(register: TicketProblems) -> None:
    global _ticket_problems
    _ticket_problems = register


def ticket_problems() -> TicketProblems:
    return _ticket_problems
