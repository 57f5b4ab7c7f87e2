"""Role dashboards are assembled from panels that each domain registers."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    template: str
    roles: frozenset[str]
    context: Callable[[object], dict]
    order: int = 50


_panels: dict[str, Panel] = {}


def register(template: str, roles: frozenset[str], context: Callable[[object], dict], order=50):
    """A domain adds a dashboard panel shown to the given roles (once per template)."""
    _panels[template] = Panel(template, frozenset(roles), context, order)


def panels_for(user) -> list[tuple[str, dict]]:
    """The panels this user's role sees, each with its context."""
    ordered = sorted(_panels.values(), key=lambda panel: panel.order)
    return [(p.template, p.context(user)) for p in ordered if user.role in p.roles]
