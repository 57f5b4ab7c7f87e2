"""Register fixtures: CIs and tickets that list them, made through the services."""

from contextlib import contextmanager
from datetime import UTC, datetime

import pytest

from app.assets import relations, services
from app.extensions import db
from tests.conftest import ROLE_EMAILS
from tests.factories import open_ticket, person

NOW = datetime(2026, 5, 15, 2, 0, tzinfo=UTC)
# a ticket about broken hardware, opened by the employee (tests.factories.open_ticket)
LAPTOP_TICKET = {"title": "Laptop broken", "code": "hw.laptop", "urgency": "low", "impact": "low"}


def make_asset(tag: str, asset_type: str = "laptop", **values):
    values = {"tag": tag, "type": asset_type, "model": "ThinkPad T14", **values}
    return services.create_asset(values, actor=None, now=NOW)


@pytest.fixture
def register(app, users):
    """A laptop (owned by the employee) and a monitor in one set, and a ticket listing both.

    Made in an app context of its own: a test client's requests must not share one with the
    test (they would share `g`, and with it the signed-in user)."""
    with app.app_context():
        laptop = make_asset(
            "LAP-000001", owner=ROLE_EMAILS["employee"], serial="SN1", hostname="sh-fin-0001"
        )
        monitor = make_asset("MON-000001", "monitor", model="Dell P2422H")
        relations.add_relation(laptop, "set_member", monitor, actor=person("engineer"), now=NOW)
        # the desk names the monitor too: it is in the employee's set, not in their name
        ticket = open_ticket(
            assets=["LAP-000001", "MON-000001"],
            actor="agent",
            now=NOW,
            commit=False,
            **LAPTOP_TICKET,
        )
        db.session.commit()
        data = {"laptop": laptop.tag, "monitor": monitor.tag, "ticket": ticket.number}
        db.session.remove()
    return data


@pytest.fixture
def in_app(app):
    """`with in_app():` — look at the database between requests, in a context of its own."""

    @contextmanager
    def context():
        with app.app_context():
            yield
            db.session.remove()

    return context
