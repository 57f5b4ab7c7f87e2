"""In the browser: a running SLA countdown counts down in the page; a paused one stands still
and says why."""

import re
from datetime import timedelta

from app.extensions import db, utcnow
from app.tickets import actions
from tests.conftest import ROLE_EMAILS, sign_in
from tests.factories import open_ticket, perform
from tests.sla.helpers import user


def test_my_dispatches_counts_a_running_arrival_clock_and_holds_a_waiting_one(app, users, new_page):
    now = utcnow()
    with app.test_request_context():
        # on the 7×24 calendar the arrival clock runs whatever the hour the test runs at
        from app.contracts.services import get_contract

        get_contract().sla_calendars = {"onsite_arrival": "extended"}
        db.session.commit()
        running = open_ticket(now=now - timedelta(minutes=5), title="Printer jam")
        perform(actions.accept, running, "agent", now - timedelta(minutes=4))
        perform(actions.dispatch, running, "agent", now - timedelta(minutes=3), user("engineer"))
        waiting = open_ticket(now=now - timedelta(minutes=5), title="Monitor flickers")
        perform(actions.accept, waiting, "agent", now - timedelta(minutes=4))
        perform(actions.dispatch, waiting, "agent", now - timedelta(minutes=3), user("engineer"))
        perform(
            actions.pend, waiting, "engineer", now - timedelta(minutes=1), waiting_for="customer"
        )
        numbers = running.number, waiting.number
    page = new_page(phone=True)
    sign_in(page, ROLE_EMAILS["engineer"])
    page.goto("/dispatches")
    cards = {n: page.locator("section.dispatch", has_text=n) for n in numbers}
    counting = cards[numbers[0]].locator("[data-left]")
    first = counting.inner_text()
    page.wait_for_timeout(2200)
    later = counting.inner_text()
    assert re.fullmatch(r"0\d:\d\d", later) and later < first  # "06:58" after "07:00"
    held = cards[numbers[1]].get_by_test_id("countdown")
    assert "paused while waiting for the user" in held.inner_text()
    assert held.locator("[data-left]").count() == 0
