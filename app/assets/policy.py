"""Who may see and do what in the register — used by pages, API and templates alike."""

from app.accounts.roles import MANAGERS, STAFF
from app.assets.models import Asset


def sees_register(user) -> bool:
    """The vendor's staff see every CI; client users only the devices they hold."""
    return user is not None and user.role in STAFF


def can_view(user, asset: Asset) -> bool:
    if user is None:
        return False
    return sees_register(user) or asset.owner_id == user.id


def can_edit(user) -> bool:
    """Register, change and relate CIs, record RMAs, walk audits (engineers update assets)."""
    return sees_register(user)


def can_record_unauthorised(user) -> bool:
    """S13: only a manager records a change found in an audit that nobody authorised."""
    return user is not None and user.role in MANAGERS


def can_manage(user) -> bool:
    """Types, imports, opening and closing audits, turning findings into tickets."""
    return user is not None and user.role in MANAGERS
