"""Extension points one domain offers another without importing it (set at start-up)."""

from collections.abc import Callable

_owned_asset_tags: Callable[[object], list[str]] = lambda user: []  # noqa: E731


def set_owned_asset_tags(function: Callable[[object], list[str]]) -> None:
    """The asset register tells the request form which devices a user owns."""
    global _owned_asset_tags
    _owned_asset_tags = function


def owned_asset_tags(user) -> list[str]:
    return _owned_asset_tags(user)


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
