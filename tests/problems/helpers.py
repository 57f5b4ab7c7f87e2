"""Set-up for the problem tests: printers in the register, repeated incidents, a problem."""

from datetime import timedelta

import sqlalchemy as sa

from app.accounts.models import User
from app.assets.services import create_asset
from app.contracts.services import get_contract
from app.extensions import db, utcnow
from app.problems import services
from app.problems.models import Problem
from app.tickets import services as tickets
from tests.conftest import ROLE_EMAILS

MODEL = "HP LaserJet Enterprise M507"


def user(role: str) -> User:
    return db.session.scalar(sa.select(User).where(User.email == ROLE_EMAILS[role]))


def printers(*tags: str, model: str = MODEL) -> list:
    return [
        create_asset(
            {"tag": tag, "type": "network_printer", "model": model, "manufacturer": "HP"},
            actor=user("manager"),
            now=utcnow() - timedelta(days=60),
        )
        for tag in tags
    ]


def incident(tags=(), *, days_ago: float = 1, code="hw.printer", title="打印出来有条纹", at=None):
    """An incident opened `days_ago` days before now (or `at`) by the employee, on these assets."""
    ticket = tickets.open_ticket(
        tickets.NewTicket(
            title=title,
            catalog_code=code,
            channel="web",
            requester=user("employee"),
            urgency="medium",
            impact="low",
            asset_tags=list(tags),
        ),
        actor=user("agent"),  # the desk names the shared printer the employee describes
        now=at or utcnow() - timedelta(days=days_ago),
        contract=get_contract(),
    )
    return ticket


def repeated(tag="PRN-0001", count=3, **options) -> list[str]:
    """`count` incidents on one printer in the last days; their numbers, oldest first."""
    return [incident([tag], days_ago=count - n + 0.5, **options).number for n in range(count)]


def problem(title="Stripes on printouts", severity="major", **values) -> Problem:
    return services.open_problem(
        services.NewProblem(title=title, severity=severity, **values),
        actor=user("manager"),
        now=utcnow(),
        contract=get_contract(),
    )


def analysed(problem_, *, parties=True) -> Problem:
    """Give the problem what every step needs: analysis, whys, fix, prevention, a party."""
    services.save_analysis(
        problem_,
        {
            "what_happened": "Toner fuser worn out",
            "fix": "Replace the fuser unit",
            "workaround": "Print from tray 2",
            "prevention": "Fuser checked at each service visit",
        },
        ["Stripes appear", "The fuser is worn", "No preventive maintenance"],
        actor=user("manager"),
        now=utcnow(),
    )
    if parties:
        services.add_party(
            problem_, "李娜 (client IT)", "client", actor=user("manager"), now=utcnow()
        )
    return problem_
