"""RMA writes (S1): a CI goes back to its vendor and returns, each step in the CI's history.

In warranty the maker repairs; out of warranty the vendor coordinates the RMA and the client
pays — those costs feed the monthly settlement (queries.rma_costs).
"""

from collections.abc import Mapping
from datetime import date, datetime

import sqlalchemy as sa

from app.assets import rules
from app.assets.labels import _, problem_message
from app.assets.models import Asset, Rma
from app.assets.services import AssetError, add_history, authority, update_asset
from app.audit.services import record
from app.extensions import db


def ticket_by_number(number: str):
    from app.tickets.models import Ticket

    return db.session.scalar(sa.select(Ticket).where(Ticket.number == number))


def clean(values: Mapping, names: tuple[str, ...]) -> dict:
    """Cleaned RMA fields; AssetError naming every bad one."""
    cleaners = {
        "vendor": lambda v: rules.clean_text(v, 100),
        "rma_number": lambda v: rules.clean_text(v, 60),
        "replacement_serial": lambda v: rules.clean_text(v, 100),
        "note": lambda v: rules.clean_text(v, 2000),
        "sent_on": rules.clean_date,
        "returned_on": rules.clean_date,
        "cost": rules.clean_cost,
    }
    data, errors = {}, {}
    for name in names:
        try:
            data[name] = cleaners[name](values.get(name))
        except rules.FieldProblem as problem:
            errors[name] = problem_message(problem)
    if errors:
        raise AssetError(_("Some fields are invalid."), errors)
    return data


def open_rma(asset: Asset, values: Mapping, *, actor, now: datetime, today: date) -> Rma:
    """Send a CI to the vendor under the ticket that lists it; the CI goes to at_vendor."""
    number = authority(asset, actor, values.get("ticket"), False)
    ticket = ticket_by_number(number)
    if ticket is None:
        message = _("An RMA belongs to a service-desk ticket (INC, REQ or INS number).")
        raise AssetError(message, {"ticket": message})
    data = clean(values, ("vendor", "rma_number", "sent_on", "note"))
    if not data["vendor"]:
        raise AssetError(_("Name the vendor."), {"vendor": _("Required.")})
    if db.session.scalar(
        sa.select(Rma.id).where(Rma.asset_id == asset.id, Rma.returned_on.is_(None))
    ):
        message = _("%(tag)s is already at the vendor; record its return first.", tag=asset.tag)
        raise AssetError(message, {"vendor": message})
    sent_on = data["sent_on"] or today
    in_warranty = rules.rma_in_warranty(asset.warranty_end, sent_on)
    rma = Rma(
        asset_id=asset.id,
        ticket_id=ticket.id,
        vendor=data["vendor"],
        rma_number=data["rma_number"],
        sent_on=sent_on,
        in_warranty=in_warranty,
        paid_by_client=not in_warranty,  # S1: out of warranty, the client pays
        note=data["note"],
        created_at=now,
        created_by_id=actor.id,
    )
    db.session.add(rma)
    db.session.flush()
    summary = f"{rma.vendor} {rma.rma_number}".strip()
    add_history(asset, actor, now, "rma.sent", None, summary, authorized_by=number, rma_id=rma.id)
    update_asset(
        asset, {"status": "at_vendor"}, actor=actor, now=now, authorized_by=number, rma=rma
    )
    record(actor, "asset.rma_open", asset, {"rma": summary, "ticket": number}, now=now)
    return rma


def return_rma(rma: Rma, values: Mapping, *, actor, now: datetime) -> Rma:
    """The CI comes back: date, replacement serial, cost and who pays; status as chosen."""
    if not rma.is_open:
        raise AssetError(_("This RMA is already closed."))
    asset = rma.asset
    number = rma.ticket.number if rma.ticket else None
    data = clean(values, ("returned_on", "replacement_serial", "cost", "note"))
    if data["returned_on"] is None:
        raise AssetError(_("Give the return date."), {"returned_on": _("Required.")})
    if data["returned_on"] < rma.sent_on:
        message = _("The return cannot be before it was sent (%(sent)s).", sent=rma.sent_on)
        raise AssetError(message, {"returned_on": message})
    status = values.get("status") or "in_use"
    if status not in ("in_use", "in_stock", "retired"):
        raise AssetError(
            _("Some fields are invalid."), {"status": _("One of in_use, in_stock, retired.")}
        )
    data["paid_by_client"] = bool(values.get("paid_by_client", rma.paid_by_client))
    changes = {"status": status}
    if data["replacement_serial"] and data["replacement_serial"] != asset.serial:
        changes["serial"] = data["replacement_serial"]
    # the CI change first: it refuses when the RMA's ticket no longer authorises it
    update_asset(asset, changes, actor=actor, now=now, authorized_by=number, rma=rma)
    for name, new in data.items():
        old = getattr(rma, name)
        if name == "note":
            new = "\n".join(part for part in (rma.note, new) if part)
        if old != new:
            add_history(
                asset,
                actor,
                now,
                f"rma.{name}",
                rules.display(old),
                rules.display(new),
                authorized_by=number,
                rma_id=rma.id,
            )
            setattr(rma, name, new)
    record(
        actor, "asset.rma_return", asset, {"rma": rma.rma_number, "cost": str(rma.cost)}, now=now
    )
    db.session.flush()
    return rma
