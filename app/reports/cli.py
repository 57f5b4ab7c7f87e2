"""`flask report …`: make a monthly or quarterly report from the command line, list due ones."""

from datetime import date, datetime
from pathlib import Path

import click
from flask.cli import AppGroup

from app.contracts.services import get_contract
from app.extensions import db, utcnow
from app.reports import pdf, queries, rules, services
from app.reports.rules import SHANGHAI


@click.group(cls=AppGroup)
def report():
    """Monthly and quarterly service reports (S7, S11)."""


def _now(value: str | None) -> datetime:
    if not value:
        return utcnow()
    try:
        at = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("an ISO 8601 date-time", param_hint="--now") from None
    return at if at.tzinfo else at.replace(tzinfo=SHANGHAI)


def make(kind: str, label: str, lang: str, out: str | None, now: str | None) -> None:
    """Generate the next version of the period, write its PDF, commit."""
    at = _now(now)
    try:
        lang = rules.parse_language(lang)
        made = services.generate(kind, label, actor=None, now=at, contract=get_contract())
    except rules.PeriodError as error:
        raise click.BadParameter(str(error)) from None
    data = pdf.render(made, lang)
    path = Path(out or pdf.filename(made, lang))
    path.write_bytes(data)
    db.session.commit()
    summary = made.figures["summary"]
    click.echo(
        f"{made.reference} ({lang}) → {path} ({len(data) // 1024} KiB): "
        f"{summary['tickets']} tickets, SLA {summary['sla_percent']} %, "
        f"satisfaction {summary['satisfaction_percent']} %"
    )


LANG = click.option("--lang", default="zh", show_default=True, help="Edition: zh or en.")
OUT = click.option("--out", default=None, help="PDF file to write (default: a name in .).")
NOW = click.option("--now", default=None, help="Figures as of this instant (ISO 8601).")


@report.command("monthly")
@click.option("--month", required=True, help="The month, YYYY-MM.")
@LANG
@OUT
@NOW
def monthly_command(month, lang, out, now):
    """Generate the monthly report of MONTH (a new version) and write its PDF."""
    make("monthly", month, lang, out, now)


@report.command("quarterly")
@click.option("--quarter", required=True, help="The quarter, YYYY-Qn.")
@LANG
@OUT
@NOW
def quarterly_command(quarter, lang, out, now):
    """Generate the quarterly report of QUARTER (a new version) and write its PDF."""
    make("quarterly", quarter, lang, out, now)


@report.command("due")
@click.option("--today", default=None, help="As if today were this date (YYYY-MM-DD).")
def due_command(today):
    """List the reports that are due or overdue, by the contract's schedule."""
    try:
        today = date.fromisoformat(today) if today else rules.local_date(utcnow())
    except ValueError:
        raise click.BadParameter("a date YYYY-MM-DD", param_hint="--today") from None
    found = queries.pending(today, get_contract())
    for due in found:
        click.echo(f"{due.period.label:8} {due.period.kind:9} due {due.due_on} {due.state}")
    if not found:
        click.echo("no report is due")
