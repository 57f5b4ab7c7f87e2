"""Signed one-click links: the user confirms the installation from the sign-off mail (S5);
an approver approves or rejects a request from the approval mail (S4)."""

import sqlalchemy as sa

from app.changes.links import read, serializer, stamp
from app.extensions import db
from app.installations.models import Installation
from app.tickets.models import Ticket

SIGNOFF_SALT = "installation-signoff"
APPROVAL_SALT = "installation-approval"


def signoff_token(installation) -> str:
    """Bound to the installation, its user and the installation it confirms."""
    payload = {
        "i": installation.id,
        "u": installation.user_id,
        "t": stamp(installation.installed_at),
    }
    return serializer(SIGNOFF_SALT).dumps(payload)


def signoff_of(token: str) -> tuple[Installation | None, bool]:
    """The installation a link confirms, and whether the link still may: untampered, not
    expired, for the same user and the same installed set, not signed off yet."""
    payload = read(token, SIGNOFF_SALT)
    if payload is None:
        return None, False
    installation = db.session.scalar(
        sa.select(Installation).where(Installation.id == payload.get("i", 0))
    )
    valid = (
        installation is not None
        and installation.status == "installed"
        and installation.user_id == payload.get("u")
        and stamp(installation.installed_at) == payload.get("t")
    )
    return installation, valid


def approval_token(installation, approver) -> str:
    """Bound to the installation, the approver and the request it decides (single use: it
    decides only while the request waits)."""
    # by number: the request mail is written in the flush that gives the record its id
    payload = {"n": installation.number, "u": approver.id, "t": stamp(installation.created_at)}
    return serializer(APPROVAL_SALT).dumps(payload)


def approval_of(token: str):
    """(installation, approver) a decision link names, or (None, None) when it was tampered
    with, expired, or names a request made again; whether it still waits is the caller's."""
    from app.accounts.models import User

    payload = read(token, APPROVAL_SALT)
    if payload is None:
        return None, None
    installation = db.session.scalar(
        sa.select(Installation).join(Installation.ticket).where(Ticket.number == payload.get("n"))
    )
    approver = db.session.get(User, payload.get("u", 0))
    if installation is None or approver is None or not approver.active:
        return None, None
    if stamp(installation.created_at) != payload.get("t"):
        return None, None
    return installation, approver
