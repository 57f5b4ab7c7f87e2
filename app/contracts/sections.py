"""Sections other domains add to the contract page: each is its own form, posted to its own
route, in its own template partial (the SLA's service levels, for example)."""

from collections.abc import Callable
from dataclasses import dataclass

from app.contracts.models import Contract


@dataclass(frozen=True)
class Section:
    key: str
    template: str
    context: Callable[[Contract], dict]
    order: int


_sections: dict[str, Section] = {}


def register(key: str, template: str, context: Callable[[Contract], dict], order: int = 50) -> None:
    """Add a section to the contract page; `context(contract)` gives its template's values."""
    _sections[key] = Section(key, template, context, order)


def rendered(contract: Contract, submitted: dict[str, dict] | None = None) -> list[tuple]:
    """(template, values) of every section in order; `submitted` replaces one section's values
    (a form sent back with its errors)."""
    submitted = submitted or {}
    return [
        (section.template, submitted.get(section.key) or section.context(contract))
        for section in sorted(_sections.values(), key=lambda s: (s.order, s.key))
    ]
