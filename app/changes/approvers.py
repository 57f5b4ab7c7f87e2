"""Who approves changes and installations: the approvers named per department (S15), and
the client's contacts who are told about a change. Writes flush only."""

import sqlalchemy as sa

from app.accounts.models import Department, User
from app.accounts.roles import APPROVER
from app.audit.services import record
from app.changes.errors import ChangeError
from app.changes.models import Change, ChangeApprover
from app.contracts.models import Contract
from app.extensions import db


def named_approvers() -> sa.Select:
    return sa.select(ChangeApprover).join(ChangeApprover.user).where(User.active)


def department_approvers(department_id: int | None) -> list[User]:
    """Approvers named for this department or for all; every approver while none is named."""
    rows = db.session.scalars(named_approvers()).all()
    if not rows:
        return list(
            db.session.scalars(
                sa.select(User).where(User.role == APPROVER, User.active).order_by(User.name)
            )
        )
    matching = [row.user for row in rows if row.department_id in (None, department_id)]
    return list({user.id: user for user in matching}.values())


def may_approve(user, department_id: int | None) -> bool:
    if user is None or user.role != APPROVER or not user.active:
        return False
    return any(candidate.id == user.id for candidate in department_approvers(department_id))


def approval_departments(user) -> set[int] | None:
    """The departments `user` may approve for, by may_approve: None means every department."""
    if may_approve(user, None):  # named for all departments, or no approver named yet
        return None
    if user is None:
        return set()
    named = db.session.scalars(
        sa.select(ChangeApprover.department_id).where(
            ChangeApprover.user_id == user.id, ChangeApprover.department_id.is_not(None)
        )
    )
    return {department for department in named if may_approve(user, department)}


def approvers_for(change: Change) -> list[User]:
    return department_approvers(change.department_id)


def is_approver(user, change: Change) -> bool:
    return may_approve(user, change.department_id)


def client_contacts(contract: Contract) -> list[User]:
    """S15: planned vendor changes are announced to the client's named contacts."""
    people = [
        contract.client_it_contact,
        contract.client_project_lead,
        contract.client_management_contact,
    ]
    return list({p.id: p for p in people if p is not None and p.active}.values())


def add_approver(user: User, department: Department | None, *, actor, now) -> ChangeApprover:
    if user.role != APPROVER:
        raise ChangeError("Only users with the approver role approve changes.", {"user": "Role."})
    department_id = department.id if department else None
    existing = db.session.scalar(
        sa.select(ChangeApprover).where(
            ChangeApprover.user_id == user.id,
            ChangeApprover.department_id.is_(None)
            if department_id is None
            else ChangeApprover.department_id == department_id,
        )
    )
    if existing:
        return existing
    row = ChangeApprover(user_id=user.id, department_id=department_id)
    db.session.add(row)
    db.session.flush()
    record(actor, "change_approver.add", row, {"user": user.email, "department": department_id})
    return row


def remove_approver(row: ChangeApprover, *, actor) -> None:
    record(actor, "change_approver.remove", row, {"user": row.user.email})
    db.session.delete(row)
    db.session.flush()
