"""Numbers in addresses and forms that no record can have: not found or refused, never a
server error — the databases' integers end at 2**31 (PostgreSQL) and 2**63 (SQLite)."""

import pytest
from werkzeug.routing import IntegerConverter

from app.web.forms import record_id

HUGE = ("3000000000", "99999999999999999999")


def test_a_posted_id_is_a_number_a_record_can_have():
    assert record_id("42") == 42
    for value in ("", None, "0", "-1", "abc", "3000000000", "9" * 40, "１２"):
        assert record_id(value) is None, value


@pytest.mark.parametrize("huge", HUGE)
def test_every_page_with_an_id_in_its_address_answers_404_for_a_huge_one(app, login_as, huge):
    manager = login_as("manager")
    checked = 0
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint.startswith("api."):
            continue
        numbers = [
            name for name, conv in rule._converters.items() if isinstance(conv, IntegerConverter)
        ]
        if not numbers or len(rule.arguments) != len(numbers):
            continue
        url = rule.rule
        for name in numbers:
            url = url.replace(f"<int:{name}>", huge)
        assert manager.get(url).status_code == 404, url
        checked += 1
    assert checked > 10  # the crawl found the record pages
