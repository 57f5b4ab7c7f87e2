"""The signed one-click link in the sign-off mail: the user confirms the installation (S5)."""

import sqlalchemy as sa

from app.changes.links import read, serializer, stamp
from app.extensions import db
from app.installations.models import Installation

SIGNOFF_SALT = "installation-signoff"


def signoff_token(installation) -> str:
    """Bound to the installation, its user and the installation it confirms."""
    payload = {
        "i": installation.id,
        "u": installation.user_id,
        "t": stamp(installation.installed_at),
    }
    return serializer(SIGNOFF_SALT).dumps(payload)


def signoff_of(token: str) -> tuple[Installation | None, bool]:
    """The installation a link confirms, and whether the link still may: untampered, not
    expired, for the same user and the same installed set, not signed off yet."""
    payload = read(token, SIGNOFF_SALT)
    if payload is None:
        return None, False
    installation = db.session.scalar(
        sa.select(Installation).where(Installation.id == payload.get("i", 0))
    )
    valid = (
        installation is not None
        and installation.status == "installed"
        and installation.user_id == payload.get("u")
        and stamp(installation.installed_at) == payload.get("t")
    )
    return installation, valid
