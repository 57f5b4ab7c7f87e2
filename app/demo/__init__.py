"""`flask demo seed`: a realistic client so the portal looks alive on first start."""

import click
from flask import Blueprint, Flask
from flask.cli import AppGroup

bp = Blueprint("demo", __name__)


@click.group(cls=AppGroup)
def demo():
    """Demo data."""


@demo.command("seed")
@click.option("--employees", default=200, show_default=True)
@click.option("--if-empty", is_flag=True, help="Do nothing when users already exist.")
def seed_command(employees: int, if_empty: bool):
    """Fill the database with a realistic client and print the demo logins."""
    from app.demo.seed import seed

    logins = seed(employees=employees, if_empty=if_empty)
    if logins is None:
        click.echo("Demo data already present; nothing added.")
        return
    click.echo(f"Demo logins (password for all: {logins['password']}):")
    for role, email in logins["accounts"]:
        click.echo(f"  {role:<9} {email}")


def init_app(app: Flask) -> None:
    app.cli.add_command(demo)
