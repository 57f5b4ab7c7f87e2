"""Every link and button a page shows is one its reader may use: a crawl of the demo client
per role, checking each link, form and htmx address against the endpoint's access rule, and
opening the pages it finds."""

import re
from collections import deque
from urllib.parse import urljoin, urlsplit

from werkzeug.exceptions import MethodNotAllowed, NotFound

from app.web.access import PUBLIC, SIGNED_IN

DEMO_LOGINS = {
    "employee": "zhang.wei@client.example",
    "approver": "li.na@client.example",
    "agent": "agent1@vendor.example",
    "engineer": "engineer1@vendor.example",
    "manager": "manager@vendor.example",
    "admin": "admin@vendor.example",
}
ADDRESS = re.compile(
    r"<(a|form|button|span|div|tr|input|select)\b([^>]*?)>", re.IGNORECASE | re.DOTALL
)
ATTRIBUTE = re.compile(r'\b(href|action|hx-get|hx-post|formaction)="([^"]*)"', re.IGNORECASE)
METHOD = re.compile(r'\bmethod="(get|post)"', re.IGNORECASE)
PAGES_PER_ENDPOINT = 1
# downloads and pages that only send people elsewhere: checked against the rule, not opened
NOT_OPENED = ("/logout", ".pdf", "format=", "/export", ".csv", ".xlsx", "/language/")


def addresses(page: str):
    """(method, address) of every link, form and htmx request on the page."""
    for tag, attributes in ADDRESS.findall(page):
        method = METHOD.search(attributes)
        for name, value in ATTRIBUTE.findall(attributes):
            if not value or value.startswith(("#", "mailto:", "tel:", "javascript:")):
                continue
            if name.lower() == "hx-post" or (
                tag.lower() == "form" and method and method.group(1).lower() == "post"
            ):
                yield "POST", value.replace("&amp;", "&")
            elif name.lower() in ("href", "hx-get") or tag.lower() == "form":
                yield "GET", value.replace("&amp;", "&")


def rule_of(app, method: str, path: str):
    adapter = app.url_map.bind("localhost")
    try:
        endpoint, _ = adapter.match(path, method=method)
    except (NotFound, MethodNotAllowed):
        return None, None
    return endpoint, getattr(app.view_functions[endpoint], "access_roles", None)


def test_no_page_offers_what_its_reader_may_not_use(app):
    result = app.test_cli_runner().invoke(args=["demo", "seed", "--employees", "40"])
    assert result.exit_code == 0, result.output
    problems = []
    for role in DEMO_LOGINS:
        problems += crawl(app, role)
    assert problems == [], "\n".join(problems)


def crawl(app, role: str) -> list[str]:
    """What is wrong with the pages this role reaches from its home page."""
    client = app.test_client()
    client.login(DEMO_LOGINS[role], "deskpact-demo")
    with app.app_context():
        from app.accounts.services import user_by_email

        assert user_by_email(DEMO_LOGINS[role]).role == role
    queue, seen, opened, problems = deque(["/"]), {"/"}, {}, []
    while queue:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code in (204, 301, 302, 303):
            continue
        if response.status_code != 200:
            problems.append(f"GET {url} → {response.status_code}")
            continue
        if "html" not in response.mimetype:
            continue
        for method, address in addresses(response.get_data(as_text=True)):
            parts = urlsplit(urljoin(url, address))
            if parts.netloc and parts.netloc != "localhost":
                continue  # another site
            endpoint, rule = rule_of(app, method, parts.path)
            if endpoint is None or endpoint == "static" or rule in (PUBLIC, SIGNED_IN):
                continue
            if rule is None or role not in rule:
                problems.append(f"{url} offers {method} {parts.path} ({endpoint}), not for {role}")
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if method != "GET" or target in seen or any(s in target for s in NOT_OPENED):
                continue
            if opened.get(endpoint, 0) >= PAGES_PER_ENDPOINT or "stamp=" in target:
                continue
            opened[endpoint] = opened.get(endpoint, 0) + 1
            seen.add(target)
            queue.append(target)
    assert len(opened) >= 3, (role, opened)
    return problems


def test_the_admin_is_not_offered_the_phone_or_onsite_work(app, users, login_as):
    from tests.factories import open_ticket

    with app.app_context():
        number = open_ticket().number
    admin, agent = login_as("admin"), login_as("agent")
    assert "Log a phone call" not in admin.get("/desk").get_data(as_text=True)
    assert "Log a phone call" in agent.get("/desk").get_data(as_text=True)
    assert admin.get("/desk/phone").status_code == 403
    page = admin.get(f"/tickets/{number}").get_data(as_text=True)
    assert 'id="onsite-work"' not in page
    assert 'id="onsite-work"' in agent.get(f"/tickets/{number}").get_data(as_text=True)


def test_every_page_names_the_favicon_and_it_is_served(client):
    login = client.get("/login").get_data(as_text=True)
    assert 'rel="icon" href="/static/favicon.svg"' in login
    for url in ("/static/favicon.svg", "/favicon.ico"):
        with client.get(url) as icon:
            assert icon.status_code == 200 and icon.mimetype == "image/svg+xml"
            assert b"<svg" in icon.data
