"""A backup restores: written from a running instance, restored into an empty one, it holds
every ticket, attachment and signed installation sheet, on SQLite and on PostgreSQL."""

import io
import os
from pathlib import Path

import pytest
import sqlalchemy as sa

from app import create_app
from app.backups import BackupError, restore_backup, write_backup
from app.config import normalise_database_url
from app.extensions import db
from app.installations.models import SignOff
from app.tickets.models import Attachment, Ticket
from tests.conftest import Client
from tests.factories import open_ticket
from tests.installations.helpers import installed, signature

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def empty_instance(tmp_path: Path):
    """A second instance with its own uploads and a database nobody has written to."""
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        url = normalise_database_url(url)
        engine = sa.create_engine(url)
        restore_db = f"{engine.url.database}_restore"
        admin = sa.create_engine(engine.url.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(sa.text(f"DROP DATABASE IF EXISTS {restore_db} WITH (FORCE)"))
            connection.execute(sa.text(f"CREATE DATABASE {restore_db}"))
        admin.dispose()
        engine.dispose()
        url = engine.url.set(database=restore_db).render_as_string(hide_password=False)
    else:
        url = f"sqlite:///{tmp_path / 'restored.sqlite'}"
    fresh = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": url,
            "UPLOAD_FOLDER": str(tmp_path / "restored-uploads"),
            "SERVER_NAME": None,
        }
    )
    fresh.test_client_class = Client
    return fresh


def drop_restore_database(app) -> None:
    with app.app_context():
        url = db.engine.url
        db.engine.dispose()
    if url.get_backend_name() == "postgresql":
        admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(sa.text(f"DROP DATABASE IF EXISTS {url.database} WITH (FORCE)"))
        admin.dispose()


def what_is_there(app) -> dict:
    with app.app_context():
        uploads = Path(app.config["UPLOAD_FOLDER"])
        attachments = db.session.scalars(sa.select(Attachment)).all()
        signoffs = db.session.scalars(sa.select(SignOff)).all()
        return {
            "tickets": sorted(db.session.scalars(sa.select(Ticket.number))),
            "attachments": sorted(a.filename for a in attachments),
            "attachment_files": all(any(uploads.rglob(a.stored_name)) for a in attachments),
            "signoffs": len(signoffs),
            "signature_files": all(
                (uploads / "signatures" / s.signature_file).exists() for s in signoffs
            ),
        }


def test_a_backup_restores_into_an_empty_instance(app, users, login_as, tmp_path):
    with app.app_context():
        number = open_ticket("employee").number
    employee = login_as("employee")
    reply = employee.post(
        f"/tickets/{number}/reply",
        data={
            "note": "screenshot attached",
            "files": (io.BytesIO(PNG), "screen.png"),
            "csrf_token": employee.csrf_token(),
        },
        content_type="multipart/form-data",
    )
    assert reply.status_code == 302
    installation = installed(app, login_as)
    signed = employee.form(f"/installations/{installation}/sign", {"signature": signature()})
    assert signed.status_code == 302
    before = what_is_there(app)
    # the reply's screenshot, and the signed sheet kept beside the ticket
    assert before["attachments"] == [f"{installation}-signed.pdf", "screen.png"]
    assert before["signoffs"] == 1

    with app.app_context():
        archive = write_backup(tmp_path / "backups")
    assert archive.name.startswith("deskpact-backup-") and archive.stat().st_size > 0

    fresh = empty_instance(tmp_path)
    try:
        with fresh.app_context():
            restore_backup(archive)
        assert what_is_there(fresh) == before
        assert before["attachment_files"] and before["signature_files"]
        # the restored instance signs people in: the accounts came back with it
        client = fresh.test_client()
        client.login("emp@client.test")
        assert number in client.get("/tickets/mine").get_data(as_text=True)
        # a second restore over data needs --force
        with fresh.app_context(), pytest.raises(BackupError, match="already holds data"):
            restore_backup(archive)
    finally:
        drop_restore_database(fresh)


def test_the_commands_print_the_archive_and_refuse_a_foreign_file(app, users, tmp_path):
    runner = app.test_cli_runner()
    made = runner.invoke(args=["backup", "--to", str(tmp_path)])
    assert made.exit_code == 0, made.output
    assert Path(made.output.strip()).exists()
    bogus = tmp_path / "bogus.tar.gz"
    bogus.write_bytes(b"not an archive")
    refused = runner.invoke(args=["restore", str(bogus)])
    assert refused.exit_code == 1 and "not a readable backup archive" in refused.output
