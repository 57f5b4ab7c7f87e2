"""Phone journeys of change management: an approver approves; a user signs an installation."""

import subprocess

import sqlalchemy as sa
from PIL import Image

from app.extensions import db
from tests.changes.helpers import new_change, step
from tests.conftest import ROLE_EMAILS, sign_in


def test_approver_approves_a_change_on_a_phone(app, users, new_page):
    with app.app_context():
        number = step(new_change(), "submit").number
        db.session.commit()
    page = new_page(phone=True)
    sign_in(page, ROLE_EMAILS["approver"])
    page.goto("/changes/approvals")
    page.click(f"text={'Update the print-server driver'}")
    page.wait_for_url(f"**/changes/{number}")
    assert page.locator("text=likelihood medium × impact high").first.is_visible()
    page.evaluate("window.__sameDocument = true")
    page.fill("textarea[name=comment]", "OK for Saturday night")
    page.click("[data-testid=approve]")
    page.locator("text=You approved").wait_for()
    assert page.evaluate("window.__sameDocument === true")  # HTMX swap, no reload
    assert page.locator("[data-testid=approve]").count() == 0
    assert "OK for Saturday night" in page.locator("#change").inner_text()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page is {width}px wide on a 390px phone"
    page.screenshot(path="/tmp/changes-approve-phone.png", full_page=True)


def test_user_draws_a_signature_and_the_sheet_carries_it(app, users, login_as, new_page, tmp_path):
    client = login_as("employee")
    response = client.form(
        "/tickets/new",
        {
            "group": "install",
            "catalog_code": "install.new",
            "title": "Laptop for a new hire",
            "urgency": "low",
            "impact": "low",
        },
    )
    number = response.headers["Location"].rsplit("/", 1)[-1]
    login_as("approver").form(f"/installations/{number}/approve")
    installed = login_as("engineer").form(
        f"/installations/{number}/install",
        {
            "items-0-tag": "LT-0201",
            "items-0-type": "laptop",
            "items-0-model": "ThinkPad T14",
            "items-0-serial": "PF3XYZ99",
            "items-1-tag": "DOCK-0201",
            "items-1-type": "other_device",
            "items-1-model": "USB-C Dock",
            "replaced_outcome": "retired",
        },
    )
    assert installed.status_code == 302
    page = new_page(phone=True)
    sign_in(page, ROLE_EMAILS["employee"])
    page.goto(f"/installations/{number}/sign")
    box = page.locator("[data-testid=signature-pad]").bounding_box()
    page.mouse.move(box["x"] + 30, box["y"] + 150)
    page.mouse.down()
    for x, y in ((90, 60), (150, 170), (220, 70), (300, 160), (340, 90)):
        page.mouse.move(box["x"] + x, box["y"] + y, steps=8)
    page.mouse.up()
    page.screenshot(path="/tmp/changes-sign-phone.png", full_page=True)
    page.click("[data-testid=submit-signature]")
    page.locator("[data-testid=signed]").wait_for()
    pdf = page.request.get(f"/installations/{number}/sheet.pdf")
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    (tmp_path / "sheet.pdf").write_bytes(pdf.body())
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", str(tmp_path / "sheet.pdf"), str(tmp_path / "sheet")],
        check=True,
    )
    rendered = next(tmp_path.glob("sheet*.png"))
    subprocess.run(["cp", str(rendered), "/tmp/changes-sheet.png"], check=True)
    with Image.open(rendered) as image:
        raw = image.convert("RGB").tobytes()
    pixels = zip(raw[0::3], raw[1::3], raw[2::3], strict=True)
    ink = sum(1 for r, _g, b in pixels if b > r + 40 and r < 80)  # the navy pen colour
    assert ink > 50, "the drawn signature is not on the sheet"
    with app.app_context():
        from app.installations.models import SignOff

        signoff = db.session.scalar(sa.select(SignOff))
        assert signoff.method == "signature" and signoff.ip == "127.0.0.1"
