"""The manager's month end in Chromium: the dashboard's filters swap in place, a figure opens
its tickets, the report is generated, reviewed and sent (desktop and phone width)."""

import re

import pytest

from tests.conftest import ROLE_EMAILS, sign_in
from tests.jobs.helpers import running_worker

SHOTS = "/tmp/reports-{}.png"


def test_dashboard_filters_and_the_tickets_behind_a_figure(october, new_page):  # noqa: F811
    page = new_page(lang="zh")
    sign_in(page, ROLE_EMAILS["manager"])
    page.goto("/reports/dashboard?period=2026-10")
    assert "75.0 %" in page.locator("#figures").inner_text()
    page.screenshot(path=SHOTS.format("dashboard"), full_page=True)
    page.evaluate("window.__sameDocument = true")
    page.select_option("select[name=department]", "HR")
    page.wait_for_url("**department=HR**")
    assert page.evaluate("window.__sameDocument === true")  # htmx swap, no reload
    page.locator("[data-testid=kpi-breaches]").click()
    page.wait_for_url("**/reports/tickets**")
    text = page.locator("#rows").inner_text()
    assert october["T7"] in text and october["T1"] not in text
    page.screenshot(path=SHOTS.format("tickets"), full_page=True)


def test_month_end_generate_review_send(app, october, new_page):  # noqa: F811
    page = new_page()
    sign_in(page, ROLE_EMAILS["manager"])
    page.goto("/reports/")
    page.fill("input[name=period]", "2026-10")
    with running_worker(app):  # a worker computes the figures and both PDFs
        page.click(".report-generate button[type=submit]")
        page.locator("[data-testid=job-result]").wait_for(timeout=60_000)
    page.click("[data-testid=job-result]")
    page.wait_for_url(re.compile(r"/reports/\d+$"))
    page.screenshot(path=SHOTS.format("detail"), full_page=True)
    page.click("[data-testid=action-review] button")
    page.locator("[data-testid=action-send]").wait_for()
    page.click("[data-testid=action-send] button")
    page.locator("text=with the PDF attached").first.wait_for()
    assert "Sent to the client" in page.locator("[data-testid=report-status]").inner_text()
    page.goto("/reports/")
    page.screenshot(path=SHOTS.format("index"), full_page=True)


@pytest.mark.parametrize("path", ["/reports/dashboard?period=2026-10", "/reports/"])
def test_fits_a_phone(october, new_page, path):  # noqa: F811
    page = new_page(phone=True, lang="zh")
    sign_in(page, ROLE_EMAILS["manager"])
    page.goto(path)
    width = page.evaluate("document.documentElement.scrollWidth")
    name = "phone-dashboard" if "dashboard" in path else "phone-index"
    page.screenshot(path=SHOTS.format(name), full_page=True)
    assert width <= 390, f"{path} is {width}px wide on a 390px phone"
