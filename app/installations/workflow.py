"""Installation writes (S4, S5): approve, schedule, install the set, sign off. Flush only."""

from datetime import datetime

import sqlalchemy as sa

from app.accounts.models import User
from app.accounts.roles import ENGINEER
from app.audit.services import record
from app.changes import approvers
from app.changes import cmdb as asset_register
from app.contracts.models import Contract
from app.contracts.services import get_contract
from app.extensions import db
from app.installations import cmdb, notify, policy, rules, sheet, signatures
from app.installations.models import Installation, InstallationItem, SignOff
from app.tickets import actions as ticket_actions
from app.tickets import attachments
from app.tickets import rules as ticket_rules
from app.tickets import services as tickets
from app.tickets.models import Ticket


class InstallationError(ValueError):
    """Input that cannot move an installation on; `fields` names the culprits."""

    def __init__(self, message: str, fields: dict[str, str] | None = None):
        super().__init__(message)
        self.fields = fields or {}


FlowError = rules.InstallationFlowError


def kind_of(ticket: Ticket) -> str | None:
    """new or replace for an install.* ticket; None for any other ticket."""
    return rules.KIND_BY_CATALOG.get(ticket.catalog_item.code) if ticket.catalog_item else None


def new_record(ticket: Ticket, *, created_at: datetime) -> Installation:
    return Installation(
        ticket=ticket,
        kind=kind_of(ticket),
        status="requested",
        user=ticket.requester,
        created_at=created_at,
    )


def add_for_new_tickets(session, flush_context, instances) -> None:
    """S4: an installation comes into being with its install.* ticket, in the same flush,
    and the approvers who may approve it are asked at once (their mail in the same flush)."""
    for ticket in [obj for obj in session.new if isinstance(obj, Ticket)]:
        if kind_of(ticket) is not None:
            installation = new_record(ticket, created_at=ticket.created_at)
            session.add(installation)
            notify.approval_requested(installation, approvers_of(installation))


def approvers_of(installation: Installation) -> list[User]:
    """S4: the approvers named for the user's department and those named for all."""
    department = policy.department_of(installation)
    return [
        person
        for person in approvers.department_approvers(department)
        if policy.can_approve(person, installation)
    ]


def unprepared(ticket: Ticket) -> Installation:
    """What an older ticket's record will hold, for showing only: never added to the session."""
    draft = new_record(ticket, created_at=ticket.created_at)
    draft.user_id = ticket.requester_id
    return draft


def record_of(ticket: Ticket) -> Installation | None:
    """The stored installation of an install.* ticket (None for other tickets, or not yet)."""
    if kind_of(ticket) is None:
        return None
    return db.session.scalar(sa.select(Installation).where(Installation.ticket_id == ticket.id))


def to_show(ticket: Ticket) -> Installation | None:
    """An install.* ticket's installation for reading: its record, or the one it will get."""
    if kind_of(ticket) is None:
        return None
    return record_of(ticket) or unprepared(ticket)


def prepare(ticket: Ticket, *, now: datetime) -> Installation:
    """The record of a ticket opened before installations came with their ticket; idempotent
    (a concurrent prepare fails the flush on the one record per ticket: IntegrityError)."""
    found = record_of(ticket)
    if found is None:
        found = new_record(ticket, created_at=now)
        db.session.add(found)
        db.session.flush()
    return found


def step(
    installation: Installation, action: str, actor, now: datetime, note: str = "", via: str = ""
) -> None:
    before = installation.status
    installation.status = rules.next_status(before, action)
    tickets.add_event(
        installation.ticket,
        actor,
        now,
        f"installation_{action}",
        field="installation",
        old_value=before,
        new_value=installation.status,
        note=note,
    )
    detail = {"from": before, **({"via": via} if via else {}), **({"note": note} if note else {})}
    record(actor, f"installation.{action}", installation.ticket, detail, now=now)


def claim_request(installation: Installation, action: str) -> None:
    """Two approvers deciding at once: the conditional UPDATE lets one win; the other gets
    FlowError (the page answers 409)."""
    target = rules.next_status(installation.status, action)
    db.session.flush()
    claimed = db.session.execute(
        sa.update(Installation)
        .where(Installation.id == installation.id, Installation.status == "requested")
        .values(status=target)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        raise FlowError("the request was decided meanwhile")


def approve(installation: Installation, approver: User, *, now: datetime, via: str = "portal"):
    if not policy.can_approve(approver, installation):
        raise PermissionError("not an approver for this department")
    claim_request(installation, "approve")
    step(installation, "approve", approver, now, via=via)
    installation.approved_by_id, installation.approved_at = approver.id, now
    db.session.flush()


def reject(installation: Installation, approver: User, reason: str, *, now: datetime, via="portal"):
    """S4: the approver turns the request down with a reason; its ticket is cancelled and the
    requester told why (the one mail due)."""
    if not policy.can_approve(approver, installation):
        raise PermissionError("not an approver for this department")
    errors = rules.rejection_errors(reason)
    if errors:
        raise InstallationError("Give the reason for rejecting.", errors)
    claim_request(installation, "reject")
    step(installation, "reject", approver, now, note=reason.strip(), via=via)
    installation.rejection_reason = reason.strip()
    ticket = installation.ticket
    if ticket.status in ticket_rules.OPEN_STATUSES:
        ticket_actions.cancel(
            ticket,
            actor=approver,
            now=now,
            contract=get_contract(),
            system_note=tickets.SystemNote("installation_rejected", mail_requester=False),
        )
    db.session.flush()
    notify.rejected(installation, approver)


def schedule(installation: Installation, when: datetime, engineer: User, *, actor, now) -> None:
    if engineer is None or engineer.role != ENGINEER:
        raise InstallationError("Choose an onsite engineer.", {"engineer": "Not an engineer."})
    step(installation, "schedule", actor, now)
    installation.scheduled_for, installation.engineer_id = when, engineer.id
    db.session.flush()


def install(
    installation: Installation,
    items: list[rules.Item],
    *,
    replaced_tag: str = "",
    replaced_outcome: str = "retired",
    note: str = "",
    actor: User,
    now: datetime,
) -> None:
    """The engineer records the set; the register gets it; sign-off is asked for by mail too."""
    replaced_tag = replaced_tag.strip()
    errors = rules.set_errors(installation.kind, items, replaced_tag, replaced_outcome)
    errors.update(cmdb.errors(installation, items, replaced_tag))
    if errors:
        raise InstallationError("The installation could not be recorded.", errors)
    step(installation, "install", actor, now, note=note.strip())
    if installation.ticket.status == "new":  # the engineer has taken the request
        ticket_actions.accept(installation.ticket, actor=actor, now=now, contract=get_contract())
    for position, item in enumerate(items):
        db.session.add(
            InstallationItem(
                installation=installation,
                position=position,
                tag=item.tag,
                type=item.type,
                model=item.model,
                serial=item.serial,
            )
        )
    installation.engineer = installation.engineer or actor
    installation.installed_at = now
    installation.note = note.strip()
    if installation.kind == "replace":
        installation.replaced_tag, installation.replaced_outcome = replaced_tag, replaced_outcome
    db.session.flush()
    try:
        cmdb.register_set(installation, items, actor=actor, now=now)
    except asset_register.asset_error_type() as error:
        raise InstallationError(str(error), {"register": str(error)}) from None
    notify.signoff_requested(installation, send_at=now + notify.CONFIRM_MAIL_DELAY)


def sign_on_screen(
    installation: Installation,
    data_url: str,
    *,
    signer_name: str,
    recorded_by: User,
    ip: str,
    now: datetime,
    contract: Contract,
) -> SignOff:
    """S5: the user's drawn signature, kept as a PNG with signer, time and IP."""
    png, _width, _height = rules.decode_signature(data_url)
    signatures.check_not_blank(png)
    stored, sha256 = signatures.store(png)
    signer = installation.user
    return complete(
        installation,
        SignOff(
            method="signature",
            signer_id=signer.id if signer else None,
            signer_name=(signer_name.strip() or (signer.name if signer else ""))[:100],
            recorded_by_id=recorded_by.id,
            signature_file=stored,
            signature_sha256=sha256,
            ip=ip[:45],
            signed_at=now,
        ),
        actor=recorded_by,
        now=now,
        contract=contract,
    )


def confirm_by_mail(installation, *, ip: str, now: datetime, contract: Contract) -> SignOff:
    """S5: the user confirms with the link in the mail."""
    return signed_by(installation, installation.user, "email", ip=ip, now=now, contract=contract)


def sign_off_batch(
    installations: list[Installation], approver: User, *, ip: str, now, contract
) -> list[SignOff]:
    """An approver signs off a whole department's installed sets at once."""
    if not installations:
        raise InstallationError("Choose the installations to sign off.", {"items": "None."})
    for installation in installations:
        if not policy.can_approve(approver, installation) or installation.status != "installed":
            raise PermissionError(f"{installation.number} cannot be signed off by this approver")
    return [
        signed_by(installation, approver, "batch", ip=ip, now=now, contract=contract)
        for installation in installations
    ]


def signed_by(installation, person: User, method: str, *, ip: str, now, contract) -> SignOff:
    """A sign-off given by `person` themself (no drawn signature): mail link or batch."""
    signoff = SignOff(
        method=method,
        signer_id=person.id,
        signer_name=person.name,
        recorded_by_id=person.id,
        ip=ip[:45],
        signed_at=now,
    )
    return complete(installation, signoff, actor=person, now=now, contract=contract)


def complete(installation, signoff: SignOff, *, actor, now, contract) -> SignOff:
    """S5: the event is complete only now: the signed sheet is filed and mailed to the user,
    then the ticket closes (without mails of its own: the sign-off mail is the one due)."""
    step(installation, "sign_off", actor, now, note=signoff.method)
    signoff.installation = installation
    db.session.add(signoff)
    db.session.flush()
    pdf = file_sheet(installation, actor=actor)
    notify.signed_off(installation, notify.store_sheet(installation, pdf))
    close_ticket(installation.ticket, actor=actor, now=now, contract=contract)
    return signoff


def close_ticket(ticket: Ticket, *, actor, now, contract) -> None:
    context = {"actor": actor, "now": now, "contract": contract}
    quiet = {"system_note": tickets.SystemNote("installation_signed_off", mail_requester=False)}
    if ticket.status == "new":
        ticket_actions.accept(ticket, **context)
    if ticket.status in (*ticket_rules.WORKING, *ticket_rules.PENDING):
        ticket_actions.resolve(ticket, **quiet, **context)
    if ticket.status == "resolved":
        ticket_actions.confirm(ticket, **quiet, **context)


def file_sheet(installation: Installation, *, actor) -> bytes:
    """Scenario 8: the signed installation sheet PDF is filed with the ticket."""
    pdf = sheet.render_pdf(installation)
    attachments.store(
        installation.ticket,
        f"{installation.number}-signed.pdf",
        pdf,
        actor=actor,
        public=True,
        max_bytes=max(len(pdf), 1),
    )
    return pdf
