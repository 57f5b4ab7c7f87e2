"""Each domain adds its demo data here, after the people exist."""

from collections.abc import Callable

SEEDERS: list[Callable] = []


def seeder(function: Callable) -> Callable:
    """Register a function(people, departments, rng) that adds a domain's demo data."""
    SEEDERS.append(function)
    return function


def run_all(**context) -> None:
    for function in SEEDERS:
        function(**context)
