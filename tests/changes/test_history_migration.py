"""The migration that turns a change history's stored sentences into parameters, on a database
of its own: an edit's field list and "Asset register updated: …" become words read in each
reader's language; a person's own note stays as written."""

import json

import sqlalchemy as sa
from flask_migrate import upgrade

from app import create_app
from app.extensions import db
from tests.problems.test_migration import AT, CHANGE, separate_database

BEFORE = "8d3f1a6c2b57"


def test_stored_sentences_become_parameters(app, tmp_path):
    portal = create_app({**app.config, "SQLALCHEMY_DATABASE_URI": separate_database(tmp_path)})
    with portal.app_context():
        upgrade(revision=BEFORE)
        meta = sa.MetaData()
        meta.reflect(bind=db.engine, only=["changes", "change_events"])
        changes, events = meta.tables["changes"], meta.tables["change_events"]
        with db.engine.begin() as connection:
            change_id = connection.execute(
                changes.insert().returning(changes.c.id), {**CHANGE, "number": "CHG-2026-000001"}
            ).scalar_one()
            line = {"change_id": change_id, "at": AT}
            connection.execute(
                events.insert(),
                [
                    {**line, "action": "edited", "note": "backout_plan, title"},
                    {
                        **line,
                        "action": "complete",
                        "note": "All fine\nAsset register updated: PRN-0003, PRN-0004",
                    },
                    {**line, "action": "comment", "note": "title, please"},
                ],
            )
        upgrade()
        with db.engine.connect() as connection:
            rows = connection.execute(
                sa.text("SELECT action, note, params FROM change_events ORDER BY id")
            ).all()
        db.session.remove()
        db.engine.dispose()
    converted = [(a, n, p if isinstance(p, dict | None) else json.loads(p)) for a, n, p in rows]
    assert converted == [
        ("edited", "", {"fields": ["backout_plan", "title"]}),
        ("complete", "All fine", {"assets": ["PRN-0003", "PRN-0004"]}),
        ("comment", "title, please", None),
    ]
