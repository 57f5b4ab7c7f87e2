"""The navigation bar: each domain registers its entries with the roles that see them."""

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import LazyString


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    label: LazyString
    roles: frozenset[str]
    order: int
    # a domain's policy may narrow the roles further (e.g. one person named on the contract)
    visible: Callable[[object], bool] | None = None


_items: dict[str, NavItem] = {}


def register(
    endpoint: str,
    label: LazyString,
    roles,
    order: int = 50,
    visible: Callable[[object], bool] | None = None,
) -> None:
    """Add an entry (once per endpoint) shown to the given roles (and to whom `visible` says)."""
    _items[endpoint] = NavItem(endpoint, label, frozenset(roles), order, visible)


def items_for(user) -> list[NavItem]:
    """The entries this user's role sees, in order."""
    if not getattr(user, "is_authenticated", False):
        return []
    shown = (
        i
        for i in _items.values()
        if user.role in i.roles and (i.visible is None or i.visible(user))
    )
    return sorted(shown, key=lambda i: i.order)
