"""A crawl of the pages each role can reach, on a phone (390 px) and a desk (1366 px): no page
is wider than the screen, with a long mail address, an installation's set and its form."""

import re
from collections import Counter
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError

from app.contracts.services import get_contract
from app.extensions import db
from tests.browser.test_engineer_phone import dispatched_ticket
from tests.conftest import ROLE_EMAILS, sign_in
from tests.installations.helpers import installed, request_installation

WIDTHS = (390, 1366)
MAX_PAGES = 150
PER_PATTERN = 1  # /tickets/INC-…-000001 and …-000002 are one page to check
# files, not pages, and links that change state or leave the portal's pages
SKIP = re.compile(
    r"^/(static|api)/|\.(pdf|xlsx|csv|png|svg|zip|txt)$|/(export|download|attachments|sheet"
    r"|signature|logout|language|pdf|qr)\b"
)
WIDEST = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
  .slice(-3).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
    + (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ')[0] : ''))"""


@pytest.fixture
def portal_with_records(app, users, login_as):
    """What makes pages wide: a user with a long address on a dispatched ticket, an
    installation waiting for its set and one installed; the approver leads for the client."""
    number = dispatched_ticket(app, users)
    done = installed(app, login_as)
    waiting = request_installation(login_as)
    assert login_as("approver").form(f"/installations/{waiting}/approve").status_code == 302
    with app.app_context():
        get_contract().client_project_lead_id = users["approver"]
        db.session.commit()
    return [f"/tickets/{number}", f"/installations/{done}", f"/installations/{waiting}"]


def page_pattern(path: str) -> str:
    return re.sub(r"[0-9]+", "0", path)


def crawl(page, start: list[str]) -> tuple[list[str], dict, dict]:
    """Visit same-origin pages breadth first from the home page, each at every width; the
    pages seen, those wider than the screen (with their widest elements) and those that
    failed."""
    origin = urlsplit(page.url)
    queue, seen, wide, failed = ["/", *start], [], {}, {}
    patterns: Counter = Counter(page_pattern(p) for p in queue)
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.append(path)
        try:
            response = page.goto(path)
        except PlaywrightError:  # a download: not a page
            continue
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            continue
        if response.status >= 500:
            failed[path] = response.status
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 844})
            # what htmx loads as the page opens (suggestions, panels) counts too
            page.wait_for_function("() => !document.querySelector('.htmx-request')")
            scroll = page.evaluate("() => document.documentElement.scrollWidth")
            if scroll > width:
                wide[f"{path} at {width} px"] = (scroll, page.evaluate(WIDEST))
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            link = urlsplit(urljoin(page.url, href))
            if (link.scheme, link.netloc) != (origin.scheme, origin.netloc):
                continue
            target = link.path
            if SKIP.search(target) or target in seen or target in queue:
                continue
            if patterns[page_pattern(target)] >= PER_PATTERN:
                continue
            patterns[page_pattern(target)] += 1
            queue.append(target)
    return seen, wide, failed


@pytest.mark.parametrize("role", list(ROLE_EMAILS))
def test_no_page_is_wider_than_the_screen(portal_with_records, new_page, role):
    page = new_page()
    sign_in(page, ROLE_EMAILS[role])
    seen, wide, failed = crawl(page, portal_with_records)
    print(f"{role}: {len(seen)} pages")
    assert len(seen) >= 8, seen
    assert wide == {}, f"{role}: {wide}"
    assert failed == {}, f"{role}: {failed}"
