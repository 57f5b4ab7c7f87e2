"""Ticket mail speaks its recipient's language, from a request of either language or the worker."""

from datetime import timedelta

import pytest
import sqlalchemy as sa
import time_machine

from app.accounts.models import User
from app.contracts.services import get_contract
from app.extensions import db
from app.tickets import actions, services
from app.tickets.models import Ticket
from app.worker import run_once
from tests.conftest import make_user
from tests.factories import MONDAY_0912, open_ticket, perform
from tests.mail.language import assert_speaks, mails_to

REQUESTER, ENGINEER = "requester@client.test", "onsite@vendor.test"
PEOPLE = {"zh": ("张伟", "李强", "打印机卡纸"), "en": ("Zoe Lin", "Sam Wu", "Printer jam")}
# (template, phrases in the subject or body) of each mail, in the order they are queued
EXPECTED = {
    "zh": {
        REQUESTER: [
            (
                "acknowledge",
                ("我们已收到您的请求：打印机卡纸", "张伟，您好：", "服务台已收到您的请求"),
            ),
            ("resolved", ("已解决", "如问题已解决，请点击以下链接一键确认", "个工作日后自动关闭")),
            ("status", ("状态更新：打印机卡纸", "当前状态：已关闭", "工单已自动关闭")),
        ],
        ENGINEER: [("dispatch", ("派工：打印机卡纸", "李强，您好：", "已派给您", "派工时间"))],
    },
    "en": {
        REQUESTER: [
            (
                "acknowledge",
                ("We have your request: Printer jam", "Hello Zoe Lin,", "opened ticket"),
            ),
            ("resolved", ("Resolved — please confirm", "confirm with one click", "working days")),
            ("status", ("Status update: Printer jam", "is now: Closed", "closed automatically")),
        ],
        ENGINEER: [("dispatch", ("Dispatch: Printer jam", "Hello Sam Wu,", "Dispatched at"))],
    },
}


def ticket_by_number(number: str) -> Ticket:
    return db.session.scalar(sa.select(Ticket).where(Ticket.number == number))


@pytest.mark.parametrize("language", ["zh", "en"])
def test_every_ticket_mail_speaks_the_recipients_language(app, users, login_as, language):
    """The whole story runs on a clock set to the week the ticket was opened."""
    with time_machine.travel(MONDAY_0912, tick=True):
        name, engineer_name, title = PEOPLE[language]
        with app.app_context():  # opened outside any request, as mail intake does in the worker
            requester = make_user("employee", REQUESTER, name=name, language=language)
            make_user("engineer", ENGINEER, name=engineer_name, language=language)
            db.session.commit()
            number = open_ticket(requester.id, code="sys.network", title=title).number
        # an English-speaking agent works it on the web: the mail follows the recipient, not the UI
        agent = login_as("agent")
        for data in (
            {"action": "accept"},
            {"action": "start_remote"},
            {"action": "dispatch", "engineer": ENGINEER},
            {"action": "resolve", "note": ""},
        ):
            assert agent.form(f"/tickets/{number}/act", data).status_code == 302
        with app.app_context():  # the worker closes the unconfirmed ticket
            assert run_once(["auto_close"], now=MONDAY_0912 + timedelta(days=10)) == {
                "auto_close": 1
            }
            ticket = ticket_by_number(number)
            assert ticket.status == "closed"
            for address, expected in EXPECTED[language].items():
                mails = [m for m in mails_to(address) if "/s/" not in m.body_text]  # not the survey
                assert len(mails) == len(expected), [m.subject for m in mails]
                for message, (template, phrases) in zip(mails, expected, strict=True):
                    assert message.subject.startswith(f"[{number}] ")
                    assert_speaks(message, template, language, *phrases)
            acknowledge = mails_to(REQUESTER)[0].body_text
            assert ticket.catalog_item.name(language) in acknowledge  # the catalog item's own name
            assert "2026-11-23 09:12" in acknowledge  # opened at 09:12 Shanghai time


def test_the_note_of_a_merged_duplicate_is_said_in_the_requesters_language(app, users):
    with app.app_context():
        requester = make_user("employee", REQUESTER, name="张伟", language="zh")
        db.session.commit()
        first = open_ticket(requester.id, title="打印机卡纸")
        duplicate = open_ticket(requester.id, title="打印机又卡纸")
        desk = db.session.get(User, users["agent"])
        actions.merge(duplicate, first, actor=desk, now=MONDAY_0912, contract=get_contract())
        db.session.commit()
        status = mails_to(REQUESTER)[-1]
        assert_speaks(status, "status", "zh", "当前状态：已取消", f"与工单 {first.number} 重复")
        assert "Duplicate of" not in status.body_text


@pytest.mark.parametrize(
    ("account_language", "expected", "unexpected"),
    [
        (None, "服务台已收到您的请求", "has received your request"),  # no account: Chinese
        ("en", "has received your request", "服务台已收到您的请求"),
        ("zh", "服务台已收到您的请求", "has received your request"),
    ],
)
def test_an_address_typed_in_by_the_desk_gets_its_owners_language_else_chinese(
    app, users, account_language, expected, unexpected
):
    address = "caller@client.test"
    with app.app_context():
        if account_language:
            make_user("employee", address, language=account_language)
        services.open_ticket(
            services.NewTicket(
                title="VPN",
                catalog_code="sys.network",
                channel="phone",
                requester=None,
                requester_contact=address,
                urgency="medium",
                impact="low",
            ),
            actor=db.session.get(User, users["agent"]),
            now=MONDAY_0912,
            contract=get_contract(),
        )
        db.session.commit()
        (message,) = mails_to(address)
        assert expected in message.body_text and unexpected not in message.body_text


def test_an_english_ticket_mail_is_english_even_from_a_chinese_page(app, users, login_as):
    with app.app_context():
        make_user("employee", REQUESTER, name="Zoe Lin", language="en")
        make_user("agent", "desk.zh@vendor.test", language="zh")
        db.session.commit()
        number = open_ticket(
            db.session.scalar(sa.select(User.id).where(User.email == REQUESTER)), title="VPN"
        ).number
    agent = app.test_client()
    agent.login("desk.zh@vendor.test")
    assert agent.form(f"/tickets/{number}/reply", {"note": "请重启电脑。"}).status_code == 302
    with app.app_context():
        reply = mails_to(REQUESTER)[-1]
        assert_speaks(reply, "reply", "en", "New reply: VPN", "The service desk replied")


def test_the_dispatch_time_is_shanghai_wall_time(app, users):
    with app.app_context():
        requester = make_user("employee", REQUESTER, language="zh")
        engineer = make_user("engineer", ENGINEER, language="zh")
        db.session.commit()
        ticket = open_ticket(requester.id)
        perform(actions.accept, ticket, users["agent"], MONDAY_0912 + timedelta(minutes=1))
        perform(
            actions.dispatch,
            ticket,
            users["agent"],
            MONDAY_0912 + timedelta(minutes=2),
            engineer=engineer,
        )
        (dispatch,) = mails_to(ENGINEER)
        assert "派工时间：2026-11-23 09:14" in dispatch.body_text
