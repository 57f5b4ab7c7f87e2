"""Reading and changing the contract settings."""

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


def update_contract(contract: Contract, values: dict, *, actor) -> dict:
    """Apply edited settings and audit what changed; returns the changes."""
    diff = changes(contract, values)
    for name, value in values.items():
        setattr(contract, name, value)
    if diff:
        record(actor, "contract.update", contract, diff)
    db.session.flush()
    return diff
