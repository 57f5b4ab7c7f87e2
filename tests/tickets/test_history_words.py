"""Every kind of line a ticket's history can hold reads in the reader's language: no action
code, field name or stored value code reaches the page or the API's text."""

import re

import pytest
from flask_babel import force_locale

from app.contracts.services import get_contract
from app.extensions import db
from app.tickets import actions, labels, services
from app.tickets.models import TicketEvent
from tests.factories import MONDAY_0912, open_ticket, perform

# the field a line changes → values of the kind the portal stores for it
STORED_VALUES = {
    "urgency": ("low", "high"),
    "impact": ("medium", "low"),
    "priority": ("P3", "P2"),
    "catalog_item": ("sys.network", "hw.printer"),
    "related": (None, "INC-2026-000002"),
    "duplicate_of": (None, "INC-2026-000003"),
    "duplicate": (None, "INC-2026-000004"),
    "child": (None, "INC-2026-000005"),
    "parent": (None, "INC-2026-000006"),
    "installation": ("requested", "approved"),
}
# what may stay Latin in Chinese: record numbers and priorities
NUMBERS = re.compile(r"(INC|REQ|INS)-\d{4}-\d{6}|P[1-4]")


def every_line() -> list[TicketEvent]:
    lines = [TicketEvent(action=action) for action in labels.ACTION_LABELS]
    lines += [
        TicketEvent(action="field_changed", field=field, old_value=old, new_value=new)
        for field, (old, new) in STORED_VALUES.items()
    ]
    params = {"number": "INC-2026-000007", "sender": "张伟", "name": "赵磊"}
    lines += [
        TicketEvent(action="comment", note_code=code, note_params=params)
        for code in labels.NOTE_TEXTS
    ]
    return lines


def raw_codes(text: str) -> set[str]:
    """Codes that look like codes (installation_approve, catalog_item, hw.printer) found in
    the text; in Chinese every Latin word is caught anyway."""
    codes = set(labels.ACTION_LABELS) | set(STORED_VALUES) | set(labels.NOTE_TEXTS)
    codes |= {value for pair in STORED_VALUES.values() for value in pair if value}
    machine = {code for code in codes if "_" in code or "." in code}
    return {code for code in machine if code in text}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_history_line_reads_in_the_readers_language(app, lang):
    assert set(STORED_VALUES) >= set(labels.FIELD_LABELS)  # a new field is added here too
    with app.test_request_context(), force_locale(lang):
        for line in every_line():
            text = labels.event_text(line)
            assert not raw_codes(text), (line.action, line.field, text)
            if lang == "zh":
                latin = re.findall(r"[A-Za-z]{2,}", NUMBERS.sub("", text))
                assert not latin, (line.action, line.field, text)


def test_the_ticket_page_names_changes_in_chinese(app, users, login_as):
    with app.test_request_context():
        ticket = open_ticket("employee")
        perform(actions.accept, ticket, "agent", MONDAY_0912)
        other = open_ticket("employee")
        services.change_fields(
            ticket,
            {"urgency": "high", "catalog_code": "hw.printer"},
            actor=None,
            now=MONDAY_0912,
            contract=get_contract(),
        )
        services.link(ticket, other, "related", actor=None, now=MONDAY_0912)
        db.session.commit()
        number, other_number = ticket.number, other.number
    agent = login_as("agent")
    agent.form("/language/zh")
    page = agent.get(f"/tickets/{number}").get_data(as_text=True)
    history = page[page.index('data-testid="history"') :]
    history = history[: history.index("</ol>")]
    assert "紧急程度：低 → 高" in history or "紧急程度：中 → 高" in history
    assert f"相关：{other_number}" in history or f"相关: {other_number}" in history
    for code in ("urgency", "catalog_item", "related", "field_changed", "medium", "hw.printer"):
        assert code not in history, code
