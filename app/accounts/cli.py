"""`flask users …`: create users and API tokens from the command line."""

import click
from flask.cli import AppGroup

from app.accounts import passwords, services
from app.accounts.models import Department
from app.accounts.roles import ROLES
from app.extensions import db, utcnow


@click.group(cls=AppGroup)
def users():
    """Manage users."""


@users.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", required=True, type=click.Choice(ROLES))
@click.option("--password", default=None, help="Omit to create a user who cannot sign in yet.")
@click.option("--vip", is_flag=True)
@click.option("--department", default=None, help="Department code.")
@click.option("--language", default="zh", type=click.Choice(["zh", "en"]))
def create(email, name, role, password, vip, department, language):
    """Create a user."""
    if password and (problems := passwords.password_problems(password, email=email, name=name)):
        raise click.UsageError(f"the password is not accepted: {', '.join(problems)}")
    department_id = None
    if department:
        found = db.session.query(Department).filter_by(code=department).one_or_none()
        if found is None:
            raise click.UsageError(f"unknown department code {department!r}")
        department_id = found.id
    try:
        user = services.create_user(
            actor=None,
            email=email,
            name=name,
            role=role,
            password=password,
            vip=vip,
            department_id=department_id,
            language=language,
        )
    except services.AccountError as error:
        raise click.UsageError(str(error)) from error
    db.session.commit()
    click.echo(f"created {user.email} ({user.role})")


@users.command("token")
@click.argument("email")
@click.option("--label", default="command line")
def token(email, label):
    """Print a new API token for EMAIL (only the token, for scripts)."""
    user = services.user_by_email(email)
    if user is None:
        raise click.UsageError(f"no user {email}")
    value = services.issue_token(user, actor=None, label=label)
    db.session.commit()
    click.echo(value)


@users.command("sync-ldap")
@click.option("--dry-run", is_flag=True, help="Show what would change and change nothing.")
@click.option("--force", is_flag=True, help="Switch off however many accounts have left.")
def sync_ldap(dry_run, force):
    """Import and refresh every person under the directory's user base."""
    from app.accounts import directory

    settings = directory.configured()
    if settings is None:
        raise click.UsageError("no directory is configured (LDAP_URL)")
    try:
        report = directory.sync(settings, now=utcnow(), force=force)
    except directory.DirectoryError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    for outcome in report.outcomes:
        if outcome.kind == "created":
            click.echo(f"create  {outcome.user.email} ({outcome.user.role})")
        elif outcome.kind in ("updated", "disabled"):
            fields = ", ".join(
                f"{name}: {old} → {new}" for name, (old, new) in outcome.diff.items()
            )
            verb = "disable" if outcome.kind == "disabled" else "update "
            click.echo(f"{verb} {outcome.user.email}: {fields}")
        elif outcome.kind == "conflict":
            click.echo(f"skip    {outcome.user.email}: a local account has this address")
    for user in report.left:
        click.echo(f"disable {user.email}: no longer in the directory")
    totals = {
        k: report.count(k) for k in ("created", "updated", "disabled", "unchanged", "conflict")
    }
    summary = ", ".join(f"{count} {kind}" for kind, count in totals.items())
    click.echo(
        f"{summary}, {len(report.left)} left{' (dry run: nothing saved)' if dry_run else ''}"
    )
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()
