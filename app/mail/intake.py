"""Incoming mail becomes tickets and replies (S3: email is a channel of the single window)."""

# Exactly once per Message-ID: the InboundMessage row is inserted first, in the same
# transaction as the ticket change, and its unique message_id makes a second worker (or a
# re-fetch after a crash before \Seen was set) fail the insert and do nothing.

from __future__ import annotations

from datetime import datetime
from email.utils import parseaddr

import sqlalchemy as sa
from flask import current_app

from app.accounts.models import User
from app.accounts.services import user_by_email
from app.contracts.models import Contract
from app.contracts.services import get_contract
from app.extensions import db
from app.mail import imap
from app.mail.inbound import InboundMail, parse_message, synthetic_message_id
from app.mail.models import InboundMessage
from app.tickets import attachments
from app.tickets.models import Ticket
from app.tickets.services import NewTicket, act, open_ticket
from app.worker import job

DEFAULT_CATALOG = "sw.client"
NO_SUBJECT = "(no subject)"
# a synthesized Message-ID is harmless; every other defect means the MIME could not be trusted
_BENIGN_DEFECT = "missing Message-ID"


@job("mail_in", every_seconds=30)
def mail_in(now: datetime) -> int:
    """Worker job: fetch unseen mail, turn each into a ticket change, then mark it processed."""
    config = current_app.config
    if not config.get("IMAP_HOST"):
        return 0
    server = {
        "host": config["IMAP_HOST"],
        "port": config["IMAP_PORT"],
        "username": config["IMAP_USERNAME"],
        "password": config["IMAP_PASSWORD"],
        "ssl": config["IMAP_SSL"],
    }
    processed = []
    for uid, raw in imap.fetch_unseen(**server):
        try:
            process_raw(raw, now=now)
        except Exception:  # left unseen: the next run tries again, the others go on
            current_app.logger.exception("incoming mail UID %s could not be processed", uid)
            continue
        processed.append(uid)
    imap.mark_processed(uids=processed, **server)
    return len(processed)


def process_raw(raw: bytes, *, now: datetime) -> InboundMessage:
    """Handle one received message exactly once and commit; a repeat returns the first record."""
    mail = parse_message(raw, own_addresses=own_addresses())
    message_id = _storable_id(mail.message_id)
    existing = _find(message_id)
    if existing is not None:
        return existing
    record = InboundMessage(
        message_id=message_id,
        received_at=now,
        from_address=mail.from_address[:254],
        subject=mail.subject[:300],
        outcome="ignored",
    )
    db.session.add(record)
    try:
        db.session.flush()
    except sa.exc.IntegrityError:
        db.session.rollback()  # another worker holds or stored this Message-ID
        return _find(message_id)
    stored: list[str] = []
    try:
        _handle(mail, record, stored, now=now, contract=get_contract())
        db.session.commit()
    except Exception:
        db.session.rollback()
        attachments.discard(stored)
        raise
    return record


def own_addresses() -> frozenset[str]:
    """Addresses the desk sends from or receives at: mail from them is a loop."""
    config = current_app.config
    candidates = (config.get("MAIL_SENDER") or "", config.get("IMAP_USERNAME") or "")
    addresses = {parseaddr(value)[1].strip().lower() for value in candidates}
    return frozenset(address for address in addresses if "@" in address)


def _handle(mail: InboundMail, record: InboundMessage, stored: list[str], *, now, contract):
    if mail.is_auto_reply or mail.is_loop:
        record.outcome = "ignored"
        record.detail = "auto-reply" if mail.is_auto_reply else "mail loop"
        return
    defects = [d for d in mail.defects if not d.startswith(_BENIGN_DEFECT)]
    sender = _known_sender(mail.from_address)
    ticket = _ticket_replied_to(mail.ticket_number) if not defects else None
    if ticket is not None:
        _reply(ticket, mail, sender, stored, now=now, contract=contract)
        record.outcome, record.ticket_id = "replied", ticket.id
        return
    ticket = _open(mail, sender, defects, stored, now=now, contract=contract)
    record.ticket_id = ticket.id
    if defects or not mail.from_address:
        record.outcome = "triage"
        record.detail = "\n".join(defects or ["no sender address"])[:2000]
        current_app.logger.warning(
            "mail %s opened triage ticket %s: %s", mail.message_id, ticket.number, record.detail
        )
    else:
        record.outcome = "opened"
        record.detail = "" if sender else "unknown sender"


def _reply(ticket: Ticket, mail: InboundMail, sender: User | None, stored, *, now, contract):
    """A public comment from the mail; the requester or staff act as themselves."""
    kept, refused = _check_attachments(mail, contract)
    author = sender if sender and (sender.is_vendor or sender.id == ticket.requester_id) else None
    parts = [] if author else [f"{_who(mail)} wrote by email:"]
    parts.append(mail.body_text.strip() or "(no text)")
    parts.extend(_refused_note(refused))
    act(
        ticket,
        "comment",
        actor=author,
        now=now,
        contract=contract,
        note="\n\n".join(parts),
        public=True,
    )
    _store(ticket, kept, author, stored, contract)


def _open(mail: InboundMail, sender: User | None, defects, stored, *, now, contract) -> Ticket:
    kept, refused = _check_attachments(mail, contract)
    parts = [mail.body_text.strip()]
    if defects:
        parts.append("The mail was malformed; check the original:\n- " + "\n- ".join(defects))
    if mail.ticket_number:
        parts.append(f"The subject names {mail.ticket_number}.")
    parts.extend(_refused_note(refused))
    data = NewTicket(
        title=(mail.subject or NO_SUBJECT)[:200],
        description="\n\n".join(p for p in parts if p)[:20000],
        catalog_code=current_app.config.get("MAIL_DEFAULT_CATALOG", DEFAULT_CATALOG),
        channel="email",
        requester=sender,
        urgency="medium",
        impact="low",
        requester_contact="" if sender else (mail.from_address or _who(mail))[:254],
    )
    ticket = open_ticket(data, actor=sender, now=now, contract=contract)
    if defects:
        ticket.needs_triage = True
    _store(ticket, kept, sender, stored, contract)
    return ticket


def _check_attachments(mail: InboundMail, contract: Contract):
    """Split attachments into those the ticket can keep and the refusal messages of the rest."""
    limit = _max_bytes(contract)
    kept, refused = [], []
    for attachment in mail.attachments:
        try:
            attachments.check(attachment.filename, attachment.data, limit)
        except attachments.AttachmentError as error:
            refused.append(str(error))
        else:
            kept.append(attachment)
    return kept, refused


def _store(ticket: Ticket, kept, actor: User | None, stored: list[str], contract) -> None:
    for attachment in kept:
        saved = attachments.store(
            ticket,
            attachment.filename,
            attachment.data,
            actor=actor,
            public=True,
            max_bytes=_max_bytes(contract),
        )
        stored.append(saved.stored_name)


def _refused_note(refused: list[str]) -> list[str]:
    if not refused:
        return []
    return ["Attachments not kept:\n- " + "\n- ".join(refused)]


def _max_bytes(contract: Contract) -> int:
    return contract.max_attachment_mb * 1024 * 1024


def _who(mail: InboundMail) -> str:
    if mail.from_name and mail.from_address:
        return f"{mail.from_name} <{mail.from_address}>"
    return mail.from_address or mail.from_name or "(unknown sender)"


def _known_sender(address: str) -> User | None:
    user = user_by_email(address) if address else None
    return user if user is not None and user.active else None


def _ticket_replied_to(number: str | None) -> Ticket | None:
    """The ticket a subject names, following merges; None when it cannot take a comment."""
    ticket = None
    if number:
        ticket = db.session.scalar(sa.select(Ticket).where(Ticket.number == number))
    seen = set()
    while ticket is not None and ticket.merged_into is not None and ticket.id not in seen:
        seen.add(ticket.id)
        ticket = ticket.merged_into
    if ticket is not None and ticket.status == "cancelled":
        return None
    return ticket


def _find(message_id: str) -> InboundMessage | None:
    return db.session.scalar(
        sa.select(InboundMessage).where(InboundMessage.message_id == message_id)
    )


def _storable_id(message_id: str) -> str:
    # the column holds 300 characters; a longer id is replaced by a stable digest of itself
    if len(message_id) <= 300:
        return message_id
    return synthetic_message_id(message_id.encode("utf-8", "surrogateescape"))
