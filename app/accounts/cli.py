"""`flask users …`: create users and API tokens from the command line."""

import click
from flask.cli import AppGroup

from app.accounts import passwords, services
from app.accounts.models import Department
from app.accounts.roles import ROLES
from app.extensions import db


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
