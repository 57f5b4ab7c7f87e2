"""The navigation bar: each domain registers its entries with the roles that see them."""

from dataclasses import dataclass

from flask_babel import LazyString


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    label: LazyString
    roles: frozenset[str]
    order: int


_items: dict[str, NavItem] = {}


def register(endpoint: str, label: LazyString, roles, order: int = 50) -> None:
    """Add an entry (once per endpoint) shown to the given roles."""
    _items[endpoint] = NavItem(endpoint, label, frozenset(roles), order)


def items_for(user) -> list[NavItem]:
    """The entries this user's role sees, in order."""
    if not getattr(user, "is_authenticated", False):
        return []
    return sorted((i for i in _items.values() if user.role in i.roles), key=lambda i: i.order)
