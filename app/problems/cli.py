"""`flask problems detect`: find repeated incidents now, as the worker does every ten minutes."""

import click
import sqlalchemy as sa
from flask.cli import AppGroup

from app.contracts.services import get_contract
from app.extensions import db, utcnow
from app.problems import detection
from app.web.i18n import local_time


@click.group(cls=AppGroup)
def problems():
    """Problem management."""


@problems.command("detect")
def detect_command():
    """Refresh the recurrence candidates and list them with their incidents."""
    try:
        counts = detection.refresh(utcnow(), get_contract())
        db.session.commit()
    except sa.exc.IntegrityError:
        db.session.rollback()
        raise click.ClickException("another detection ran at the same moment; try again") from None
    for candidate in db.session.scalars(detection.listing()):
        numbers = " ".join(t.number for t in candidate.tickets)
        last = local_time(candidate.last_at)
        click.echo(f"{candidate.kind} {candidate.value}: {numbers} (last {last})")
    click.echo(f"{counts['candidates']} candidates, {counts['new']} new, {counts['gone']} gone")
