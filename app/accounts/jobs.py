"""The worker's nightly directory sync, once a night after LDAP_SYNC_HOUR (Shanghai time)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app

from app.accounts import directory
from app.audit.models import AuditEvent
from app.extensions import db
from app.worker import job

LOCAL = ZoneInfo("Asia/Shanghai")


def due(now: datetime, sync_hour: int) -> bool:
    """After the sync hour, local time, and not yet synced since that hour today."""
    local = now.astimezone(LOCAL)
    if local.hour < sync_hour:
        return False
    since = local.replace(hour=sync_hour, minute=0, second=0, microsecond=0)
    done = db.session.scalar(
        sa.select(sa.func.count(AuditEvent.id)).where(
            AuditEvent.action == "directory.sync", AuditEvent.at >= since
        )
    )
    return not done


@job("directory_sync", every_seconds=900)
def directory_sync(now: datetime) -> int:
    """Refresh every account from the client's directory (the worker commits)."""
    settings = directory.configured()
    if settings is None or not due(now, current_app.config.get("LDAP_SYNC_HOUR", 2)):
        return 0
    report = directory.sync(settings, now=now)
    return len(report.outcomes) - report.count("unchanged") + len(report.left)
