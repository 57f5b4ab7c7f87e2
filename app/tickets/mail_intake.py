"""Incoming mail becomes tickets and replies (S3: email is a channel of the single window)."""

# Exactly once per Message-ID: the InboundMessage row is inserted first, in the same
# transaction as the ticket change, and its unique message_id makes a second worker (or a
# re-fetch after a crash before \Seen was set) fail the insert and do nothing.
#
# A message whose handling fails is left unseen and tried again with the outbox's backoff.
# Each failed try is written to the audit trail, which the next try counts; after the last
# one the message is parked as failed, marked processed and listed in the desk's triage view.

from __future__ import annotations

from datetime import datetime
from email.utils import parseaddr

import sqlalchemy as sa
from flask import current_app

from app.accounts.models import User
from app.accounts.services import user_by_email
from app.audit import services as audit
from app.audit.models import AuditEvent
from app.contracts.models import Contract
from app.contracts.services import get_contract
from app.extensions import db
from app.mail import imap
from app.mail.delivery import backoff
from app.mail.inbound import InboundMail, parse_message, synthetic_message_id
from app.mail.models import DISMISSED, FAILED, RETRYING, InboundMessage
from app.mail.replies import reply_text
from app.tickets import actions, attachments, copies, policy, rules
from app.tickets.models import Ticket
from app.tickets.services import NewTicket, link, open_ticket, wrote_by_mail
from app.worker import job

DEFAULT_CATALOG = "sw.client"
NO_SUBJECT = "(no subject)"
MAX_ATTEMPTS = 5
FAILED_ATTEMPT = "mail.failed"  # audit action of one failed try
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
            record = process_raw(raw, now=now)
        except Exception:  # not even the failure could be stored: left unseen, tried again
            db.session.rollback()
            current_app.logger.exception("incoming mail UID %s could not be processed", uid)
            continue
        if record.outcome != RETRYING:
            processed.append(uid)
    imap.mark_processed(uids=processed, **server)
    return len(processed)


def process_raw(raw: bytes, *, now: datetime) -> InboundMessage:
    """Handle one received message exactly once and commit; a repeat returns the first record.

    A failure is recorded instead of raised: the message waits for its next try ('retrying')
    or, after the last one, is parked ('failed').
    """
    mail = parse_message(
        raw,
        own_addresses=own_addresses(),
        base_url=current_app.config["PUBLIC_BASE_URL"],
        signed_link_paths=signed_link_paths(),
    )
    message_id = _storable_id(mail.message_id)
    record = _claim(mail, message_id, now)
    if record is None:
        return _find(message_id)
    stored: list[str] = []
    try:
        _handle(mail, record, stored, now=now, contract=get_contract())
        db.session.commit()
    except Exception as error:
        db.session.rollback()
        attachments.discard(stored)
        current_app.logger.exception("incoming mail %s could not be processed", message_id)
        return _record_failure(mail, message_id, error, now=now)
    return record


class NotParked(ValueError):
    """Only a message parked after its last try can be marked as dealt with."""


def dismiss(message: InboundMessage, *, actor, now: datetime) -> None:
    """The desk dealt with a parked message by hand (read in the mailbox, answered or filed)."""
    if message.outcome != FAILED:
        raise NotParked(message.message_id)
    message.outcome = DISMISSED
    audit.record(actor, "mail.dismissed", message, {"subject": message.subject}, now=now)


def next_attempt(attempts: int, last_failed_at: datetime) -> datetime | None:
    """When to try a message again after `attempts` failed tries; None: park it."""
    if attempts >= MAX_ATTEMPTS:
        return None
    return last_failed_at + backoff(attempts)


def signed_link_paths() -> frozenset[str]:
    """Path prefixes of the pages that act on a signed token (the one-click links in mail)."""
    routes = current_app.url_map.iter_rules()
    return frozenset(route.rule.split("<", 1)[0] for route in routes if "token" in route.arguments)


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
        _handle_reply(ticket, mail, sender, record, stored, now=now, contract=contract)
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


def _handle_reply(ticket: Ticket, mail: InboundMail, sender, record, stored, *, now, contract):
    """Mail naming a ticket: added to it, or kept in a new ticket when it may not be."""
    if not policy.can_add_by_mail(sender, mail.from_address, ticket):
        # only people who may see a ticket add to it; the desk decides what the mail is
        note = f"The sender may not add to {ticket.number}."
        opened = _open(mail, sender, [], stored, now=now, contract=contract, note=note)
        opened.needs_triage = True
        record.outcome, record.ticket_id = "triage", opened.id
        record.detail = f"{_who(mail)} may not add to {ticket.number}"
        return
    from_requester = policy.is_requester(sender, mail.from_address, ticket)
    action = rules.mail_reply(ticket.status, from_requester=from_requester)
    if action == "follow_up":
        note = f"Follow-up of {ticket.number}, which is closed."
        opened = _open(mail, sender, [], stored, now=now, contract=contract, note=note)
        link(opened, ticket, "related", actor=sender, now=now)
        record.outcome, record.ticket_id = "opened", opened.id
        record.detail = f"follow-up of {ticket.number}"
        return
    _reply(ticket, mail, sender, action, stored, now=now, contract=contract)
    copies.from_reply(ticket, mail, sender, own_addresses(), now=now)
    record.outcome, record.ticket_id = "replied", ticket.id
    record.detail = "" if action == "comment" else action


def _reply(
    ticket: Ticket, mail: InboundMail, sender: User | None, action: str, stored, *, now, contract
):
    """The mail as a public comment, or as the reason of a reopen; the requester acts as
    themselves. An answer to a ticket waiting for the requester resumes it.

    A From header is easy to forge, so mail from a staff address is only an internal note,
    not signed as that person: the vendor speaks to users through the portal alone."""
    staff = sender is not None and sender.is_vendor
    author = None if staff else sender
    kept, refused = _check_attachments(mail, contract)
    whole = mail.body_text.strip()
    new = reply_text(whole)
    text = "\n\n".join([new or "(no text)", *_refused_note(refused)])
    said = None if author else wrote_by_mail(_who(mail))
    context = {"actor": author, "now": now, "contract": contract, "system_note": said}
    if action == "reopen":
        event = actions.reopen(ticket, text, **context)
    else:
        event = actions.comment(ticket, text, public=not staff, **context)
    if new != whole:  # the quoted mail and signature stay with the reply, for reference
        event.mail_original = whole
    if action == "resume":
        # the desk's rule, not the requester's own action: on the web only staff resume
        actions.resume(
            ticket, actor=None, now=now, contract=contract, system_note=actions.ANSWERED_BY_MAIL
        )
    _store(ticket, kept, author, stored, contract, public=not staff)


def _open(
    mail: InboundMail, sender: User | None, defects, stored, *, now, contract, note: str = ""
) -> Ticket:
    kept, refused = _check_attachments(mail, contract)
    parts = [mail.body_text.strip()]
    if defects:
        parts.append("The mail was malformed; check the original:\n- " + "\n- ".join(defects))
    if mail.ticket_number:
        parts.append(f"The subject names {mail.ticket_number}.")
    parts.append(note)
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
        watchers=copies.copied(mail, own_addresses()),
        watch_source="mail",
    )
    ticket = open_ticket(data, actor=sender, now=now, contract=contract)
    if defects:
        ticket.needs_triage = True
    _store(ticket, kept, sender, stored, contract)
    return ticket


def _check_attachments(mail: InboundMail, contract: Contract):
    """Split attachments into those the ticket can keep and the refusal messages of the rest."""
    limit = contract.max_attachment_bytes
    kept, refused = [], []
    for attachment in mail.attachments:
        try:
            attachments.check(attachment.filename, attachment.data, limit)
        except attachments.AttachmentError as error:
            refused.append(str(error))
        else:
            kept.append(attachment)
    return kept, refused


def _store(
    ticket: Ticket, kept, actor: User | None, stored: list[str], contract, public: bool = True
) -> None:
    for attachment in kept:
        saved = attachments.store(
            ticket,
            attachment.filename,
            attachment.data,
            actor=actor,
            public=public,
            max_bytes=contract.max_attachment_bytes,
        )
        stored.append(saved.stored_name)


def _refused_note(refused: list[str]) -> list[str]:
    if not refused:
        return []
    return ["Attachments not kept:\n- " + "\n- ".join(refused)]


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


def _claim(mail: InboundMail, message_id: str, now: datetime) -> InboundMessage | None:
    """The row to handle the message in: a new one, or a failed one whose next try is due.
    None when it was handled before (here or by another worker) or must wait."""
    existing = _find(message_id)
    if existing is not None:
        return _claim_retry(existing, now)
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
        return None
    return record


def _claim_retry(record: InboundMessage, now: datetime) -> InboundMessage | None:
    if record.outcome != RETRYING:
        return None
    attempts, last_failed_at = _failures(record)
    due = next_attempt(attempts, last_failed_at) if last_failed_at else now
    if due is None or now < due:
        return None
    # the conditional UPDATE holds the row: a second worker finds it no longer retrying
    taken = db.session.execute(
        sa.update(InboundMessage)
        .where(InboundMessage.id == record.id, InboundMessage.outcome == RETRYING)
        .values(outcome="ignored", detail="")
    )
    if taken.rowcount != 1:
        db.session.rollback()
        return None
    return record


def _record_failure(mail: InboundMail, message_id: str, error: Exception, *, now):
    """Count one failed try in the audit trail; the last one parks the message for the desk."""
    record = _find(message_id)
    if record is None:
        record = InboundMessage(
            message_id=message_id,
            received_at=now,
            from_address=mail.from_address[:254],
            subject=mail.subject[:300],
            outcome=RETRYING,
        )
        db.session.add(record)
        db.session.flush()
    elif record.outcome != RETRYING:
        return record  # another worker handled it meanwhile
    attempts = _failures(record)[0] + 1
    parked = next_attempt(attempts, now) is None
    reason = _describe(error)
    record.outcome = FAILED if parked else RETRYING
    record.ticket_id = None
    record.detail = f"attempt {attempts} of {MAX_ATTEMPTS} failed: {reason}"[:2000]
    audit.record(None, FAILED_ATTEMPT, record, {"attempt": attempts, "error": reason}, now=now)
    db.session.commit()
    if parked:
        current_app.logger.error("incoming mail %s parked as failed: %s", message_id, reason)
    return record


def _failures(record: InboundMessage) -> tuple[int, datetime | None]:
    """How many tries of this message failed, and when the last one did."""
    attempts, last_failed_at = db.session.execute(
        sa.select(sa.func.count(AuditEvent.id), sa.func.max(AuditEvent.at)).where(
            AuditEvent.object_type == InboundMessage.__tablename__,
            AuditEvent.object_key == str(record.id),
            AuditEvent.action == FAILED_ATTEMPT,
        )
    ).one()
    return attempts, last_failed_at


def _describe(error: Exception) -> str:
    fields = getattr(error, "fields", None)
    text = f"{type(error).__name__}: {error}"
    return f"{text} {fields}"[:1000] if fields else text[:1000]


def _find(message_id: str) -> InboundMessage | None:
    return db.session.scalar(
        sa.select(InboundMessage).where(InboundMessage.message_id == message_id)
    )


def _storable_id(message_id: str) -> str:
    # the column holds 300 characters; a longer id is replaced by a stable digest of itself
    if len(message_id) <= 300:
        return message_id
    return synthetic_message_id(message_id.encode("utf-8", "surrogateescape"))
