"""On a 390 × 844 phone: every menu entry in sight, the survey's Send on the first screen, the
employee's confirmation first, the engineer's on-site work before the SLA panel, and
countdowns in the page's language."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.accounts.models import User
from app.extensions import db, utcnow
from app.tickets import actions
from tests.conftest import ROLE_EMAILS, sign_in
from tests.factories import closed_ticket, open_ticket, perform
from tests.surveys.helpers import links_in, survey_mails

PHONE_WIDTH, PHONE_HEIGHT = 390, 844


def set_language(app, role: str, lang: str) -> None:
    with app.app_context():
        db.session.scalar(sa.select(User).where(User.email == ROLE_EMAILS[role])).language = lang
        db.session.commit()


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("role", ["approver", "employee"])
def test_every_menu_entry_is_in_sight_on_a_phone(app, users, new_page, role, lang):
    set_language(app, role, lang)
    page = new_page(phone=True, lang=lang)
    sign_in(page, ROLE_EMAILS[role])
    links = page.locator("nav.mainnav a")
    assert links.count() >= 3
    for index in range(links.count()):
        link = links.nth(index)
        assert link.is_visible()
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE_WIDTH, link.inner_text()
    overflow = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.querySelector('nav.mainnav')"
        ".scrollWidth - document.querySelector('nav.mainnav').clientWidth]"
    )
    assert overflow[0] <= PHONE_WIDTH and overflow[1] == 0  # nothing scrolls sideways
    page.screenshot(path=f"/tmp/phone-nav-{role}-{lang}.png")


def test_the_survey_rating_is_recorded_on_the_first_screen(app, users, new_page):
    set_language(app, "employee", "zh")
    with app.test_request_context():
        closed_ticket(users["employee"], users["agent"], now=utcnow())
        (mail,) = survey_mails(ROLE_EMAILS["employee"])
        four = links_in(mail.body_text)[1].split("127.0.0.1:5000", 1)[1]
        db.session.remove()
    page = new_page(phone=True, lang="zh")
    page.goto(four)
    recorded = page.locator("[data-testid=rating-recorded]")
    recorded.wait_for()
    assert "已记录" in recorded.inner_text() and "★★★★☆ 4" in recorded.inner_text()
    box = recorded.bounding_box()
    assert box["y"] + box["height"] <= PHONE_HEIGHT, box
    page.screenshot(path="/tmp/survey-phone-first-screen.png")
    page.click("[data-testid=send-details]")
    page.wait_for_selector("[data-testid=survey-thanks]")


def test_the_employee_reads_the_confirmation_first(app, users, new_page):
    set_language(app, "employee", "zh")
    page = new_page(phone=True, lang="zh")
    sign_in(page, ROLE_EMAILS["employee"])
    page.goto("/tickets/new")
    page.select_option("select[name=group]", "sys")
    page.wait_for_function(
        "() => [...document.querySelectorAll('#catalog_code option')].every("
        "o => !o.value || o.value.startsWith('sys.'))"
    )
    page.select_option("select[name=catalog_code]", "sys.network")
    page.fill("input[name=title]", "无法连接无线网络")
    page.click("button[type=submit].primary")
    page.wait_for_url("**/tickets/INC-*")
    confirmation = page.locator("[data-testid=request-received]")
    box = confirmation.bounding_box()
    assert box["y"] < PHONE_HEIGHT / 2
    assert page.locator("button.danger").count() == 0
    assert not page.locator("[data-testid=withdraw] button").is_visible()  # folded away
    page.screenshot(path="/tmp/ticket-employee-phone.png", full_page=True)
    page.click("[data-testid=withdraw] summary")
    page.click("[data-testid=withdraw] button")
    page.wait_for_selector(".status-cancelled")


def test_the_engineer_finds_onsite_work_above_the_sla_panel(app, users, new_page):
    with app.app_context():
        now = utcnow()
        ticket = open_ticket(users["employee"], code="hw.laptop", now=now - timedelta(minutes=9))
        engineer = db.session.get(User, users["engineer"])
        perform(actions.accept, ticket, users["agent"], now - timedelta(minutes=8))
        perform(
            actions.dispatch, ticket, users["agent"], now - timedelta(minutes=7), engineer=engineer
        )
        perform(actions.arrive, ticket, users["engineer"], now - timedelta(minutes=2))
        number = ticket.number
    page = new_page(phone=True)
    sign_in(page, ROLE_EMAILS["engineer"])
    page.goto(f"/tickets/{number}")
    page.wait_for_selector("#sla-timeline .sla-clock")
    resolve = page.locator("button[data-action=resolve]").bounding_box()
    fixed = page.locator("form[action$='/fixed']").bounding_box()
    sla = page.locator("#sla-timeline").bounding_box()
    assert resolve["y"] < fixed["y"] < sla["y"]
    page.screenshot(path="/tmp/ticket-engineer-phone.png", full_page=True)


@pytest.mark.parametrize(
    ("lang", "hours", "days"),
    [("zh", "3 小时 28 分钟", "−5 天 13 小时"), ("en", "3h 28m", "−5d 13h")],
)
def test_countdowns_speak_the_page_language(users, new_page, lang, hours, days):
    page = new_page(lang=lang)
    page.goto("/login")
    page.evaluate(
        """() => {
          const later = new Date(Date.now() + (3 * 3600 + 28 * 60 + 30) * 1000).toISOString();
          const ago = new Date(Date.now() - (5 * 86400 + 13 * 3600 + 600) * 1000).toISOString();
          document.body.insertAdjacentHTML("beforeend", `<span id="later" data-until="${later}">`
            + `</span><span id="ago" data-until="${ago}"></span>`);
        }"""
    )
    page.wait_for_function("() => document.getElementById('ago').textContent !== ''")
    assert page.locator("#later").inner_text() == hours
    assert page.locator("#ago").inner_text() == days
