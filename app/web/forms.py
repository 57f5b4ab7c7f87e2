"""Form helpers shared by every domain."""

from collections.abc import Iterable

from wtforms import SelectChoice


def options(pairs: Iterable[tuple]) -> list[SelectChoice]:
    """(value, label) pairs as WTForms select options."""
    return [SelectChoice(value, label) for value, label in pairs]
