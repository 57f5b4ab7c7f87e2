"""Story 9 in the browser: the manager turns repeated printer incidents into a problem record
and links the change that carries the fix — in Chinese, as the demo client's manager works."""

from app.contracts.services import get_contract
from app.extensions import db, utcnow
from app.problems import detection
from tests.changes.helpers import new_change
from tests.conftest import ROLE_EMAILS, sign_in
from tests.problems.helpers import MODEL, incident, printers, user


def test_manager_turns_a_candidate_into_a_problem_and_links_a_change(app, users, new_page):
    with app.app_context():
        user("manager").language = "zh"
        printers("PRN-0001", "PRN-0002")
        stripes = [
            incident(["PRN-0001"], days_ago=19).number,
            incident(["PRN-0002"], days_ago=8).number,
            incident(["PRN-0001"], days_ago=1).number,
        ]
        get_contract().recurrence_item_incidents = 0
        detection.refresh(utcnow(), get_contract())
        change = new_change(title="更换打印机定影器 / Replace the printers' fusers").number
        db.session.commit()
    page = new_page(lang="zh")
    sign_in(page, ROLE_EMAILS["manager"])
    page.goto("/")
    page.click("text=1 组重复故障待处理")
    page.wait_for_url("**/problems/candidates")
    candidate = page.locator("[data-testid=candidate]")
    assert candidate.count() == 1 and MODEL in candidate.inner_text()
    assert all(number in candidate.inner_text() for number in stripes)
    page.screenshot(path="/tmp/problems-candidates-zh.png", full_page=True)

    candidate.locator("[data-testid=candidate-open]").click()
    page.wait_for_url("**/problems/new?candidate=*")
    assert page.input_value("input[name=title]") == f"{MODEL} 上的 3 个故障"
    assert page.input_value("textarea[name=incident_numbers]") == " ".join(stripes)
    page.fill("input[name=title]", "打印出来有条纹（HP M507）")
    page.select_option("select[name=severity]", "major")
    page.click("[data-testid=open-problem]")
    page.wait_for_url("**/problems/PRB-*")
    number = page.url.rsplit("/", 1)[-1]
    page.locator("text=已创建。").first.wait_for()
    incidents = page.locator("#incidents").inner_text()
    assert (
        all(n in incidents for n in stripes) and "PRN-0001" in page.locator("#assets").inner_text()
    )

    page.evaluate("window.__sameDocument = true")
    page.fill("[data-testid=link-change]", change)
    page.click("[data-testid=link-change-submit]")
    page.locator(f"text=已关联变更：{change}。").wait_for()
    assert page.evaluate("window.__sameDocument === true")  # HTMX swap, no reload
    assert change in page.locator("#changes").inner_text()
    assert (
        f"实施解决方案的变更：{change}"
        in page.locator("[data-testid=problem-history]").inner_text()
    )
    page.screenshot(path="/tmp/problems-detail-zh.png", full_page=True)

    page.goto(f"/changes/{change}")
    assert number in page.locator("[data-testid=change-problems]").inner_text()
    page.goto(f"/tickets/{stripes[0]}")
    assert number in page.locator("[data-testid=ticket-problem]").inner_text()
    page.goto("/problems/candidates")
    assert page.locator("[data-testid=no-candidates]").is_visible()
