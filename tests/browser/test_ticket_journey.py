"""Monday's story (SCENARIOS 1–5): filed on a phone, handled by the desk, fixed on site,
confirmed by the employee."""

from tests.conftest import ROLE_EMAILS, sign_in


def test_request_from_filing_to_confirmation(new_page, users):
    employee = new_page(phone=True)
    sign_in(employee, ROLE_EMAILS["employee"])
    employee.goto("/tickets/new")
    employee.select_option("select[name=group]", "sys")
    employee.wait_for_function(
        "() => [...document.querySelectorAll('#catalog_code option')].every("
        "o => !o.value || o.value.startsWith('sys.'))"
    )
    employee.select_option("select[name=catalog_code]", "sys.network")
    employee.fill("input[name=title]", "Cannot join the Wi-Fi")
    employee.fill("textarea[name=description]", "Certificate warning since this morning")
    employee.click("button[type=submit].primary")
    employee.wait_for_url("**/tickets/INC-*")
    number = employee.url.rsplit("/", 1)[1]
    assert f"Ticket {number} opened" in employee.locator(".flash-success").inner_text()
    employee.screenshot(path="/tmp/journey-employee.png", full_page=True)

    agent = new_page()
    sign_in(agent, ROLE_EMAILS["agent"])
    agent.goto("/desk")
    agent.click(f"text={number}")
    agent.click("button[data-action=accept]")
    agent.wait_for_selector(".status-accepted")
    agent.click("button[data-action=start_remote]")
    agent.wait_for_selector("[data-testid=remote-limit]")
    agent.select_option("select[name=engineer]", ROLE_EMAILS["engineer"])
    agent.click("button[data-action=dispatch]")
    agent.wait_for_selector("text=Dispatched")
    agent.screenshot(path="/tmp/journey-agent.png", full_page=True)

    engineer = new_page(phone=True)
    sign_in(engineer, ROLE_EMAILS["engineer"])
    engineer.goto("/dispatches")
    engineer.click(f"text={number}")
    engineer.click("button[data-action=arrive]")
    engineer.wait_for_selector(".status-onsite")
    engineer.fill("input[name=note]", "Replaced the monitor cable")
    engineer.click("form[action$='/fixed'] button")
    engineer.wait_for_selector("text=Replaced the monitor cable")
    engineer.fill("#actions textarea[name=note]", "Renewed the Wi-Fi certificate")
    engineer.click("button[data-action=resolve]")
    engineer.wait_for_selector(".status-resolved")

    employee.goto(f"/tickets/{number}")
    employee.click("button[data-action=confirm]")
    employee.wait_for_selector(".status-closed")
    history = employee.locator("[data-testid=history]").inner_text()
    assert "Renewed the Wi-Fi certificate" in history
    employee.screenshot(path="/tmp/journey-closed.png", full_page=True)
