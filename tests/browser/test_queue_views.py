"""The desk's afternoon at 1366 px: from the home tile to the breached view, two tickets
assigned at once, the view exported as CSV and Excel."""

import csv
import io
from datetime import timedelta

import time_machine
from openpyxl import load_workbook

from tests.conftest import ROLE_EMAILS, sign_in
from tests.factories import MONDAY_0912, open_ticket

# Monday 16:00 in Shanghai, the clock running on from there for the whole test (server too)
NOW = MONDAY_0912 + timedelta(hours=6, minutes=48)


def test_agent_works_the_breached_view_from_the_home_tile(app, users, new_page):
    with time_machine.travel(NOW, tick=True):
        with app.app_context():
            breached = [
                open_ticket(title=f"Breached {n}", now=NOW - timedelta(hours=1, minutes=n)).number
                for n in range(3)
            ]
            fresh = open_ticket(title="Just filed", now=NOW).number
        page = new_page()
        page.set_viewport_size({"width": 1366, "height": 900})
        sign_in(page, ROLE_EMAILS["agent"])
        tile = page.locator("[data-testid=tile-breached]")
        assert tile.locator(".value").inner_text() == "3"
        tile.click()
        page.wait_for_url("**/desk?due=breached")
        rows = page.locator("table.queue tbody tr")
        assert rows.count() == 3
        assert fresh not in page.locator("table.queue").inner_text()

        page.check(f"#pick-{breached[0]}")
        page.check(f"#pick-{breached[1]}")
        page.select_option("#bulk select[name=action]", "assign")
        page.select_option("#bulk select[name=assignee]", label="Agent Tester")
        page.click("[data-testid=bulk-apply]")
        page.wait_for_selector(".flash-success")
        done = page.locator(".flash-success").inner_text()
        assert "Assign to: done for" in done
        assert breached[0] in done and breached[1] in done and breached[2] not in done
        assert "due=breached" in page.url, "back on the same view"
        for number in breached[:2]:
            assert "Agent Tester" in page.locator(f"#row-{number}").inner_text()
        assert "Agent Tester" not in page.locator(f"#row-{breached[2]}").inner_text()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 1366, width
        page.screenshot(path="/tmp/queue-breached-1366.png", full_page=True)

        with page.expect_download() as download:
            page.click("[data-testid=export-csv]")
        with open(download.value.path(), encoding="utf-8-sig") as file:
            text = file.read()
        exported = [row[0] for row in csv.reader(io.StringIO(text))][1:]
        assert sorted(exported) == sorted(breached)
        with page.expect_download() as download:
            page.click("[data-testid=export-xlsx]")
        assert download.value.suggested_filename.endswith(".xlsx")
        with open(download.value.path(), "rb") as file:
            sheet = load_workbook(io.BytesIO(file.read())).active
        numbers = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
        assert sorted(numbers) == sorted(breached)
        assignees = {row[0]: row[5] for row in sheet.iter_rows(min_row=2, values_only=True)}
        assert assignees[breached[0]] == "Agent Tester" and not assignees[breached[2]]
