"""`flask sla …`: recompute the SLA caches from the ticket histories, or scan once by hand."""

import time
from datetime import datetime

import click
from flask.cli import AppGroup

from app.api.common import SHANGHAI
from app.extensions import db, utcnow
from app.sla import caches, scan


@click.group(cls=AppGroup)
def sla():
    """Service-level clocks and notifications."""


def _now(value: str | None):
    if not value:
        return utcnow()
    try:
        at = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("an ISO 8601 date-time", param_hint="--now") from None
    return at if at.tzinfo else at.replace(tzinfo=SHANGHAI)


@sla.command("rebuild")
@click.option("--now", default=None, help="Replay as of this instant (ISO 8601); default: now.")
def rebuild_command(now):
    """Recompute Ticket.due_at and the scan's watch list from every ticket's history."""
    started = time.perf_counter()
    counts = caches.rebuild(_now(now))
    db.session.commit()
    click.echo(
        f"replayed {counts['tickets']} tickets in {time.perf_counter() - started:.1f} s: "
        f"{counts['due_at_changed']} due_at corrected, {counts['watched']} watched"
    )


@sla.command("scan")
@click.option("--now", default=None, help="Scan as of this instant (ISO 8601); default: now.")
def scan_command(now):
    """Send the warnings and escalations that are due (what the worker does every minute)."""
    counts = scan.scan(_now(now))
    db.session.commit()
    click.echo(
        f"looked at {counts['tickets']} tickets: {counts['notifications']} notifications, "
        f"{counts['mails']} mails queued, {counts['due_at_changed']} due_at corrected"
    )
