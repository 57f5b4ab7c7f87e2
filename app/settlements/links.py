"""The signed link in the settlement mail: the client's project lead opens the sheet sent to
them and confirms or disputes it (S21), valid until the sheet is answered or sent again."""

import sqlalchemy as sa

from app.changes.links import read, serializer, stamp
from app.extensions import db
from app.settlements.models import SettlementSheet

ANSWER_SALT = "settlement-answer"


def answer_token(sheet: SettlementSheet, lead) -> str:
    """Bound to the sheet, the lead it was sent to and that sending (a resend supersedes it)."""
    payload = {"s": sheet.id, "u": lead.id, "t": stamp(sheet.sent_at), "n": sheet.sent_count}
    return serializer(ANSWER_SALT).dumps(payload)


def sheet_of(token: str) -> tuple[SettlementSheet | None, int | None, bool]:
    """The sheet a link is for, the lead's user id, and whether it may still be answered."""
    payload = read(token, ANSWER_SALT)
    if payload is None:
        return None, None, False
    sheet = db.session.scalar(
        sa.select(SettlementSheet).where(SettlementSheet.id == payload.get("s", 0))
    )
    valid = (
        sheet is not None
        and sheet.status == "sent"
        and stamp(sheet.sent_at) == payload.get("t")
        and sheet.sent_count == payload.get("n")
    )
    return sheet, payload.get("u"), valid
