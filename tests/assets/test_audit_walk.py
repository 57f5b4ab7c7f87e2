"""An engineer walks an audit on a phone: search, confirm present, moved, absent, unexpected."""

from playwright.sync_api import expect

from app.assets import audits, queries, services
from app.extensions import db
from tests.assets.conftest import NOW, make_asset, person
from tests.conftest import ROLE_EMAILS, sign_in


def test_engineer_walks_an_audit_on_a_phone(app, new_page, register):
    with app.app_context():
        services.update_asset(
            queries.get_by_tag("LAP-000001"), {"location": "B座 2F"}, actor=person("engineer"),
            now=NOW, authorized_by=register["ticket"],
        )  # fmt: skip
        for n in (2, 3, 4):
            make_asset(f"LAP-00000{n}", location="B座 2F", owner=ROLE_EMAILS["approver"])
        audit = audits.open_audit(
            "销售部盘点", location="B座 2F", department=None, actor=person("manager"), now=NOW
        )
        number = audit.number
        db.session.commit()
        db.session.remove()

    page = new_page(phone=True)
    sign_in(page, ROLE_EMAILS["engineer"])
    page.goto(f"/assets/audits/{number}")
    expect(page.locator("[data-testid=progress]")).to_have_text("0 of 4 checked")

    page.fill("[data-testid=walk-tag]", "lap-000002")
    page.locator("[data-testid=match]", has_text="LAP-000002").click()
    page.click("[data-testid=present]")
    expect(page.locator("[data-testid=last-check]")).to_contain_text("LAP-000002: Present")

    page.locator("[data-testid=pending-item]", has_text="LAP-000003").click()
    page.wait_for_function("() => document.querySelector('#tag').value === 'LAP-000003'")
    # htmx focuses the swapped form's autofocus field once it settles: typing earlier would
    # land there
    expect(page.locator("#tag")).to_be_focused()
    page.fill("input[name=found_location]", "B座 3F 会议室")
    page.fill("input[name=note]", "在会议室使用")
    page.click("[data-testid=present]")
    expect(page.locator("[data-testid=last-check]")).to_contain_text("LAP-000003: Moved")
    expect(page.locator("input[name=note]")).to_have_value("")  # the next answer starts blank

    page.fill("[data-testid=walk-tag]", "LAP-000004")
    page.click("[data-testid=absent]")
    expect(page.locator("[data-testid=last-check]")).to_contain_text("LAP-000004: Absent")

    page.fill("[data-testid=walk-tag]", "NEW-0001")
    page.click("[data-testid=present]")
    expect(page.locator("[data-testid=last-check]")).to_contain_text("not expected here")
    expect(page.locator("[data-testid=progress]")).to_have_text("4 of 5 checked")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    page.screenshot(path="/tmp/assets_audit_walk_phone.png", full_page=True)

    page.goto(f"/assets/audits/{number}/report")
    counts = {
        key: page.locator(f"[data-testid={key}-count]").inner_text()
        for key in ("missing", "unexpected", "changed")
    }
    assert counts == {"missing": "1", "unexpected": "1", "changed": "1"}
