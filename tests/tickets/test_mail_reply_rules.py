"""Who may add to a ticket by mail, and what a reply by mail does in each status; pure."""

from types import SimpleNamespace

import pytest

from app.tickets import policy, rules

REQUESTER = SimpleNamespace(id=1, role="employee")
COLLEAGUE = SimpleNamespace(id=2, role="employee")
APPROVER = SimpleNamespace(id=3, role="approver")
STAFF = [SimpleNamespace(id=10 + i, role=role) for i, role in enumerate(sorted(policy.STAFF))]


def ticket(requester_id=1, contact="", status="accepted", copied=()):
    watchers = [SimpleNamespace(user_id=user_id) for user_id in copied]
    return SimpleNamespace(
        requester_id=requester_id, requester_contact=contact, status=status, watchers=watchers
    )


@pytest.mark.parametrize(
    ("user", "address", "the_ticket", "may_add"),
    [
        (REQUESTER, "emp@client.test", ticket(), True),
        (COLLEAGUE, "li@client.test", ticket(), False),
        # a colleague copied on the ticket sees its public side, so may add to it
        (COLLEAGUE, "li@client.test", ticket(copied=[2]), True),
        (APPROVER, "appr@client.test", ticket(), False),
        *[(user, f"{user.role}@vendor.test", ticket(), True) for user in STAFF],
        (None, "stranger@elsewhere.test", ticket(), False),
        # a requester without an account is known by the address the ticket came from
        (None, "Wang@Client.test", ticket(None, "wang@client.test"), True),
        (None, "other@client.test", ticket(None, "wang@client.test"), False),
        (None, "", ticket(None, ""), False),
        (COLLEAGUE, "wang@client.test", ticket(None, "wang@client.test"), True),
        # the address alone never stands in for a requester who has an account
        (None, "emp@client.test", ticket(1, "emp@client.test"), False),
    ],
)
def test_who_may_add_to_a_ticket_by_mail(user, address, the_ticket, may_add):
    assert policy.can_add_by_mail(user, address, the_ticket) is may_add
    # the same people as on the web, plus the account-less requester
    if user is not None and the_ticket.requester_id is not None:
        assert policy.can_view(user, the_ticket) is may_add


REQUESTER_REPLY = {
    "new": "comment",
    "accepted": "comment",
    "remote": "comment",
    "dispatched": "comment",
    "onsite": "comment",
    "pending_customer": "resume",
    "pending_vendor": "comment",
    "resolved": "reopen",
    "closed": "follow_up",
}


def test_the_table_covers_every_status_a_reply_can_reach():
    assert set(REQUESTER_REPLY) == set(rules.STATUSES) - {"cancelled"}


@pytest.mark.parametrize(("status", "expected"), REQUESTER_REPLY.items())
def test_what_a_reply_by_mail_does(status, expected):
    assert rules.mail_reply(status, from_requester=True) == expected
    assert rules.mail_reply(status, from_requester=False) == "comment"


@pytest.mark.parametrize("status", REQUESTER_REPLY)
@pytest.mark.parametrize("from_requester", [True, False])
def test_a_reply_only_uses_moves_the_status_machine_allows(status, from_requester):
    action = rules.mail_reply(status, from_requester=from_requester)
    if action == "follow_up":
        assert status == "closed"  # a closed ticket stays closed; the reply opens a new one
        return
    rules.next_status(status, action)  # raises TransitionError when not allowed
    if action == "comment":
        assert rules.next_status(status, "comment") == status
