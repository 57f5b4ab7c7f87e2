"""The engineer's phone at 390 × 844: arrive from *My dispatches*, then find every step of the
visit on the first screen of the ticket, in a bar that stays at the bottom."""

from datetime import timedelta

import sqlalchemy as sa

from app.accounts.models import User
from app.extensions import db, utcnow
from app.tickets import actions
from app.tickets.models import Ticket
from tests.conftest import ROLE_EMAILS, make_user, sign_in
from tests.factories import open_ticket, perform

PHONE_WIDTH, PHONE_HEIGHT = 390, 844
LONG_ADDRESS = "wang.xiaoming.finance.department.shanghai@client-company.example.com"


def dispatched_ticket(app, users) -> str:
    """A laptop ticket of a user with a long address and a phone, dispatched to the engineer."""
    with app.app_context():
        user = make_user("employee", LONG_ADDRESS, name="王小明", phone="+86 21 5555 0101")
        user.location = "B2-3F-017"
        db.session.commit()
        now = utcnow()
        ticket = open_ticket(user, code="hw.laptop", now=now - timedelta(minutes=4))
        engineer = db.session.get(User, users["engineer"])
        perform(actions.accept, ticket, users["agent"], now - timedelta(minutes=3))
        perform(actions.dispatch, ticket, users["agent"], now - timedelta(minutes=2), engineer)
        return ticket.number


def in_first_screen(locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= PHONE_HEIGHT


def page_width(page) -> int:
    return page.evaluate("() => document.documentElement.scrollWidth")


def test_the_engineer_arrives_from_my_dispatches_and_resolves_without_scrolling(
    app, users, new_page
):
    number = dispatched_ticket(app, users)
    page = new_page(phone=True)
    sign_in(page, ROLE_EMAILS["engineer"])
    page.goto("/dispatches")
    arrive = page.locator("[data-testid=arrive]")
    assert in_first_screen(arrive) and page_width(page) <= PHONE_WIDTH
    page.screenshot(path="/tmp/engineer-phone-dispatches.png", caret="initial")
    arrive.click()
    page.wait_for_url(f"**/tickets/{number}")
    page.wait_for_selector("[data-testid=arrived-at]")

    # the visit first: the user to call, the desk, when the engineer arrived
    visit = page.locator("[data-testid=visit]")
    assert in_first_screen(visit)
    call = visit.locator("a[href^='tel:']")
    assert call.get_attribute("href") == "tel:+862155550101"
    assert "B2-3F-017" in visit.inner_text()
    assert page_width(page) <= PHONE_WIDTH  # the long address wraps
    bar = page.locator("[data-testid=action-bar]")
    labels = bar.locator("[data-bar-action]")
    assert [labels.nth(i).get_attribute("data-bar-action") for i in range(labels.count())] == [
        "fixed_in_passing",
        "resolve",
        "pend",
    ]
    for index in range(labels.count()):
        assert in_first_screen(labels.nth(index))
    assert page.evaluate("() => window.scrollY") == 0
    # caret="initial": hiding the caret would inject a style the page's CSP refuses
    page.screenshot(path="/tmp/engineer-phone-ticket.png", caret="initial")

    # the bar stays at the bottom of the screen while reading the history
    page.evaluate("() => window.scrollBy(0, 1500)")
    assert page.evaluate("() => window.scrollY") > 0
    assert in_first_screen(bar.locator("[data-bar-action=resolve]"))
    bar.locator("[data-bar-action=fixed_in_passing]").click()
    page.fill("#onsite-work input[name=note], #onsite-work textarea[name=note]", "Mouse swapped")
    page.click("#onsite-work button[type=submit]")
    page.wait_for_selector("text=Recorded on this ticket.")

    page.evaluate("() => window.scrollTo(0, 0)")
    page.fill("#ticket-actions textarea[name=note]", "Certificate renewed")
    page.locator("[data-testid=action-bar] [data-bar-action=resolve]").click()
    page.wait_for_selector(".status-resolved")
    assert page.locator("[data-testid=action-bar]").count() == 0  # nothing left to do on site
    with app.app_context():
        ticket = db.session.scalar(sa.select(Ticket).where(Ticket.number == number))
        assert ticket.status == "resolved" and ticket.arrived_at is not None
        notes = [event.note for event in ticket.events]
        assert "Mouse swapped" in notes and "Certificate renewed" in notes


def test_the_arrival_clock_counts_down_at_the_top_before_arriving(app, users, new_page):
    number = dispatched_ticket(app, users)
    with app.app_context():
        db.session.get(User, users["engineer"]).language = "zh"
        db.session.commit()
    page = new_page(phone=True, lang="zh")
    sign_in(page, ROLE_EMAILS["engineer"])
    page.goto(f"/tickets/{number}")
    clock = page.locator("[data-testid=arrival-clock]")
    page.wait_for_function(
        "() => document.querySelector('[data-testid=arrival-clock]').textContent !== ''"
    )
    assert in_first_screen(clock)
    bar = page.locator("[data-testid=action-bar] [data-bar-action]")
    assert bar.first.get_attribute("data-bar-action") == "arrive"
    assert bar.first.inner_text() == "已到达现场"
    page.screenshot(path="/tmp/engineer-phone-ticket-zh.png", caret="initial")
