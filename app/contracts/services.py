"""Reading and changing the contract settings."""

from collections.abc import Callable
from datetime import datetime
from typing import NamedTuple

import sqlalchemy as sa

from app.audit.services import changes, record
from app.contracts.models import Contract
from app.extensions import db


def get_contract() -> Contract:
    """The deployment's contract; created with the SPEC defaults on first use."""
    contract = db.session.scalar(sa.select(Contract).order_by(Contract.id).limit(1))
    if contract is None:
        contract = Contract()
        db.session.add(contract)
        db.session.flush()
    return contract


class ContractUpdate(NamedTuple):
    diff: dict
    notices: list[str]


# Listeners above this floor (the SLA scan) react to saved settings: listener(diff, now)
# returns a notice for the person who saved them, or None.
_update_listeners: list[Callable[[dict, datetime], str | None]] = []


def on_update(listener: Callable[[dict, datetime], str | None]) -> None:
    """Register a listener called after every contract update, inside its transaction."""
    if listener not in _update_listeners:
        _update_listeners.append(listener)


def update_contract(contract: Contract, values: dict, *, actor, now: datetime) -> ContractUpdate:
    """Apply edited settings and audit what changed; returns the changes and the listeners'
    notices (e.g. that open tickets' due times are being recomputed)."""
    diff = changes(contract, values)
    for name, value in values.items():
        setattr(contract, name, value)
    if diff:
        record(actor, "contract.update", contract, diff)
    db.session.flush()
    notices = [notice for listener in _update_listeners if (notice := listener(diff, now))]
    return ContractUpdate(diff, notices)
