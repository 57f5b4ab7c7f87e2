"""The link to the asset register (S13): a change authorises edits to its assets."""

import importlib.util

import sqlalchemy as sa

from app.changes import rules
from app.changes.models import Change
from app.extensions import db


def available() -> bool:
    """Whether the asset register is installed in this build."""
    return importlib.util.find_spec("app.assets.services") is not None


def asset_by_tag(tag: str):
    from app.assets.models import Asset

    return db.session.scalar(sa.select(Asset).where(Asset.tag == tag))


def unknown_tags(tags: list[str]) -> list[str]:
    """The tags that are not in the register (none can be checked without a register)."""
    if not available() or not tags:
        return []
    from app.assets.models import Asset

    known = set(db.session.scalars(sa.select(Asset.tag).where(Asset.tag.in_(tags))))
    return [tag for tag in tags if tag not in known]


def authorises(number: str, tag: str) -> bool:
    """S13: change `number` covers `tag` while it is approved, scheduled, running or completed."""
    change = db.session.scalar(sa.select(Change).where(Change.number == number.upper()))
    return change is not None and change.status in rules.AUTHORISING and tag in change.asset_tags


def apply_updates(change: Change, *, actor, now) -> list[str]:
    """Completing a change writes its recorded asset updates, authorised by its number."""
    if not change.asset_updates:
        return []
    from app.assets import services

    applied = []
    for tag, values in change.asset_updates.items():
        asset = asset_by_tag(tag)
        if asset is None:
            raise services.AssetError(f"Unknown asset {tag}.")
        services.update_asset(
            asset, dict(values), actor=actor, now=now, authorized_by=change.number
        )
        applied.append(tag)
    return applied


def register_authoriser() -> None:
    """Tell the register that CHG numbers authorise edits, and where a change's page is."""
    if available():
        from flask import url_for

        from app.assets.services import register_authorizer

        register_authorizer(
            "CHG", authorises, lambda number: url_for("changes.detail", number=number)
        )


def asset_error_type() -> type[Exception]:
    """AssetError when the register exists (a class nothing raises otherwise)."""
    if available():
        from app.assets.services import AssetError

        return AssetError
    return type("NoAssetRegister", (Exception,), {})
