"""The migration that turns the change form's free-text problem numbers into links, on a
database of its own (SQLite, or PostgreSQL beside TEST_DATABASE_URL's database)."""

import json
import os
from datetime import datetime

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from app import create_app
from app.config import normalise_database_url
from app.extensions import db

BEFORE = "c4d7e2a91f30"  # problems exist, changes still hold problem_numbers
AT = datetime(2026, 11, 20, 2, 0)


def separate_database(tmp_path) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        return f"sqlite:///{tmp_path / 'migration.sqlite'}"
    url = sa.engine.make_url(normalise_database_url(url))
    name = f"{url.database}_migration"
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        exists = connection.scalar(
            sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
        )
        if not exists:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    target = url.set(database=name)
    engine = sa.create_engine(target)
    with engine.begin() as connection:
        connection.execute(sa.text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()
    return target.render_as_string(hide_password=False)


CHANGE = {
    "kind": "normal",
    "category": "printer",
    "title": "Replace the fuser",
    "description": "",
    "reason": "",
    "initiator": "vendor",
    "risk_likelihood": "low",
    "risk_impact": "low",
    "risk": "low",
    "risk_reason": "",
    "implementation_plan": "",
    "backout_plan": "Put it back",
    "test_plan": "",
    "urgency": "medium",
    "priority": "P4",
    "status": "draft",
    "approval": "pending",
    "asset_tags": [],
    "asset_updates": {},
    "ticket_numbers": [],
    "created_at": AT,
    "updated_at": AT,
    "version": 1,
}
PROBLEM = {
    "title": "Stripes",
    "description": "",
    "severity": "major",
    "status": "open",
    "what_happened": "",
    "fix": "",
    "workaround": "",
    "prevention": "",
    "created_at": AT,
    "updated_at": AT,
    "version": 1,
}


def test_problem_numbers_become_links_and_unknown_ones_stay_in_the_history(app, tmp_path):
    portal = create_app({**app.config, "SQLALCHEMY_DATABASE_URI": separate_database(tmp_path)})
    with portal.app_context():
        upgrade(revision=BEFORE)
        meta = sa.MetaData()
        meta.reflect(bind=db.engine, only=["changes", "problems", "problem_changes"])
        changes, problems = meta.tables["changes"], meta.tables["problems"]
        with db.engine.begin() as connection:
            connection.execute(problems.insert(), [{**PROBLEM, "number": "PRB-2026-000001"}])
            connection.execute(
                changes.insert(),
                [
                    {
                        **CHANGE,
                        "number": "CHG-2026-000001",
                        "problem_numbers": ["prb-2026-000001", "PRB-OLD-7", "PRB-2026-000001"],
                    },
                    {**CHANGE, "number": "CHG-2026-000002", "problem_numbers": []},
                ],
            )
        upgrade()
        with db.engine.connect() as connection:
            links = connection.execute(
                sa.text(
                    "SELECT p.number, c.number FROM problem_changes pc "
                    "JOIN problems p ON p.id = pc.problem_id JOIN changes c ON c.id = pc.change_id"
                )
            ).all()
            kept = connection.execute(
                sa.text("SELECT action, note FROM change_events ORDER BY id")
            ).all()
            told = connection.execute(sa.text("SELECT action FROM problem_events")).all()
            columns = {c["name"] for c in sa.inspect(connection).get_columns("changes")}
        assert links == [("PRB-2026-000001", "CHG-2026-000001")]
        assert kept == [("problems_unmatched", "PRB-OLD-7")]
        assert told == [("change_linked",)]
        assert "problem_numbers" not in columns
        downgrade(revision=BEFORE)
        with db.engine.connect() as connection:
            back = connection.execute(
                sa.text("SELECT number, problem_numbers FROM changes ORDER BY number")
            ).all()
        assert [(n, v if isinstance(v, list) else json.loads(v)) for n, v in back] == [
            ("CHG-2026-000001", ["PRB-2026-000001"]),
            ("CHG-2026-000002", []),
        ]
        db.session.remove()
        db.engine.dispose()
