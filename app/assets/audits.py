"""Audit campaigns (S13): snapshot what the register expects, walk and confirm, reconcile,
and turn each finding into a ticket. Flush, never commit."""

from datetime import datetime

import sqlalchemy as sa

from app.assets import reconciliation, rules
from app.assets.labels import RESULT_LABELS, _, problem_message
from app.assets.models import Asset, AuditCampaign, AuditItem
from app.assets.services import AssetError
from app.audit.services import record
from app.extensions import db
from app.sequences import next_value

SCOPE_STATUSES = ("in_use", "in_stock", "in_repair")


def next_number(year: int) -> str:
    """AUD-2026-001; the shared per-prefix counter row serialises concurrent managers."""
    return f"AUD-{year}-{next_value(f'AUD-{year}'):03d}"


def open_audit(title: str, *, location: str, department, actor, now: datetime) -> AuditCampaign:
    """Open an audit of a location and/or a department: every CI there is expected."""
    location = (location or "").strip()
    if not location and department is None:
        message = _("Choose a location or a department to audit.")
        raise AssetError(message, {"location": message})
    query = sa.select(Asset).where(Asset.status.in_(SCOPE_STATUSES))
    if location:
        query = query.where(Asset.location == location)
    if department is not None:
        query = query.where(Asset.department_id == department.id)
    audit = AuditCampaign(
        number=next_number(now.year),
        title=(title or "").strip()[:200] or location or department.code,
        location=location,
        department_id=department.id if department else None,
        opened_by_id=actor.id,
        opened_at=now,
    )
    db.session.add(audit)
    db.session.flush()
    for asset in db.session.scalars(query):
        db.session.add(
            AuditItem(
                audit_id=audit.id,
                asset_id=asset.id,
                tag=asset.tag,
                expected_location=asset.location,
            )
        )
    record(actor, "asset_audit.open", audit, {"location": location}, now=now)
    db.session.flush()
    return audit


def items(audit: AuditCampaign) -> list[AuditItem]:
    query = sa.select(AuditItem).where(AuditItem.audit_id == audit.id).order_by(AuditItem.tag)
    return list(db.session.scalars(query))


def check(
    audit: AuditCampaign,
    tag: str,
    *,
    present: bool,
    found_location: str = "",
    note: str = "",
    actor,
    now: datetime,
) -> AuditItem:
    """The engineer's answer for one tag: present, moved (found elsewhere) or absent.
    A tag the audit did not expect is recorded as unexpected."""
    if audit.status != "open":
        raise AssetError(_("This audit is closed."))
    tag = rules.normalise_tag(tag)
    if not rules.TAG_RE.match(tag):
        message = problem_message(rules.FieldProblem("bad_tag", tag))
        raise AssetError(message, {"tag": message})
    item = db.session.scalar(
        sa.select(AuditItem).where(AuditItem.audit_id == audit.id, AuditItem.tag == tag)
    )
    if item is None:
        if not present:
            message = _("%(tag)s is not expected here; only found items can be added.", tag=tag)
            raise AssetError(message, {"tag": message})
        asset = db.session.scalar(sa.select(Asset).where(Asset.tag == tag))
        item = AuditItem(
            audit_id=audit.id,
            asset_id=asset.id if asset else None,
            tag=tag,
            expected=False,
            expected_location=asset.location if asset else "",
        )
        db.session.add(item)
    found = (found_location or "").strip()[:100] or (audit.location if present else "")
    previous = item.result
    item.found_location = found if present else ""
    item.result = reconciliation.walk_result(item.expected_location, found, present)
    item.note = (note or "").strip()[:500]
    item.checked_by_id = actor.id
    item.checked_at = now
    db.session.flush()
    # a second answer replaces the first on the item; the trail keeps both
    details = {"tag": tag, "result": [previous, item.result], "found_location": item.found_location}
    record(actor, "asset.audit_check", audit, details | {"note": item.note}, now=now)
    return item


def close_audit(audit: AuditCampaign, *, actor, now: datetime) -> None:
    """Close the walk; items never looked at count as missing in the report."""
    if audit.status != "open":
        raise AssetError(_("This audit is closed."))
    audit.status = "closed"
    audit.closed_at = now
    record(actor, "asset_audit.close", audit, {}, now=now)
    db.session.flush()


def report(audit: AuditCampaign) -> tuple[dict[str, list[AuditItem]], int]:
    """Reconciliation: missing, unexpected, changed, pending, confirmed items; and the total."""
    lines = items(audit)
    by_tag = {item.tag: item for item in lines}
    sightings = [
        reconciliation.Sighting(
            tag=item.tag,
            expected=item.expected,
            result=item.result,
            expected_location=item.expected_location,
            found_location=item.found_location,
            note=item.note,
            known=item.asset_id is not None,
        )
        for item in lines
    ]
    groups = reconciliation.reconcile(sightings, closed=audit.status == "closed")
    return {name: [by_tag[s.tag] for s in group] for name, group in groups.items()}, len(lines)


FINDINGS = ("missing", "unexpected", "changed")


def raise_ticket(audit: AuditCampaign, item: AuditItem, finding: str, *, actor, now, contract):
    """An asset.inventory ticket for one finding; its number can then authorise the fix."""
    from app.tickets.services import NewTicket, open_ticket

    if item.ticket_number:
        return None
    headline = {
        "missing": _("Missing in audit"),
        "unexpected": _("Found but not expected"),
        "changed": _("Differs from the register"),
    }[finding]
    lines = [
        f"{audit.number} · {audit.title}",
        f"{item.tag}: {RESULT_LABELS.get(item.result, item.result)}",
        _("Register location: %(location)s", location=item.expected_location or "—"),
        _("Found at: %(location)s", location=item.found_location or "—"),
    ]
    if item.note:
        lines.append(item.note)
    ticket = open_ticket(
        NewTicket(
            title=f"{headline}: {item.tag} ({audit.number})",
            catalog_code="asset.inventory",
            channel="web",
            requester=actor,
            urgency="low",
            impact="low",
            description="\n".join(lines),
            asset_tags=[item.tag] if item.asset_id else [],
            devices_note="" if item.asset_id else item.tag,
        ),
        actor=actor,
        now=now,
        contract=contract,
    )
    item.ticket_number = ticket.number
    db.session.flush()
    return ticket


def raise_tickets(audit: AuditCampaign, *, actor, now, contract) -> list:
    """One ticket per finding that has none yet."""
    groups, _total = report(audit)
    raised = []
    for finding in FINDINGS:
        for item in groups[finding]:
            ticket = raise_ticket(audit, item, finding, actor=actor, now=now, contract=contract)
            if ticket:
                raised.append(ticket)
    if raised:
        record(
            actor, "asset_audit.tickets", audit, {"tickets": [t.number for t in raised]}, now=now
        )
    return raised
