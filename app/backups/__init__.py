"""Backups of the deployment: the database and the uploads folder (attachments, signatures,
documents) in one archive, and their restore into an empty instance.

    flask --app wsgi backup [--to DIR]            → DIR/deskpact-backup-YYYYmmdd-HHMMSS.tar.gz
    flask --app wsgi restore ARCHIVE [--force]

SQLite is copied with its online backup API (a consistent copy while the portal runs);
PostgreSQL with `pg_dump` in its custom format and `pg_restore`. The archive's manifest holds
the schema revision and every table's row count, which the restore checks afterwards."""

import json
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import click
import sqlalchemy as sa
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy.engine import make_url

from app.extensions import db

FORMAT = 1


class BackupError(click.ClickException):
    """A backup or restore that cannot be done; the message says why."""


def init_app(app: Flask) -> None:
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)


@click.command("backup")
@with_appcontext
@click.option("--to", "folder", default=None, help="Folder for the archive (instance/backups).")
def backup_command(folder: str | None) -> None:
    """Write the database and the uploads into one archive."""
    target = Path(folder) if folder else Path(current_app.instance_path) / "backups"
    archive = write_backup(target)
    click.echo(str(archive))


@click.command("restore")
@with_appcontext
@click.argument("archive", type=click.Path(exists=True, dir_okay=False))
@click.option("--force", is_flag=True, help="Overwrite an instance that already holds data.")
def restore_command(archive: str, force: bool) -> None:
    """Restore an archive written by `backup` into this (empty) instance."""
    rows = restore_backup(Path(archive), force=force)
    click.echo(f"restored {sum(rows.values())} rows in {len(rows)} tables and the uploads")


def row_counts() -> dict[str, int]:
    """Rows per table of the schema (what a restore must find again)."""
    inspector = sa.inspect(db.engine)
    present = set(inspector.get_table_names())
    with db.engine.connect() as connection:
        return {
            table.name: connection.execute(sa.select(sa.func.count()).select_from(table)).scalar()
            for table in db.metadata.sorted_tables
            if table.name in present
        }


def schema_revision() -> str | None:
    with db.engine.connect() as connection:
        if not sa.inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


def libpq_url() -> str:
    """The database URL as pg_dump and pg_restore read it (no SQLAlchemy driver name)."""
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"]).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def sqlite_path() -> Path:
    return Path(make_url(current_app.config["SQLALCHEMY_DATABASE_URI"]).database)


def is_sqlite() -> bool:
    return db.engine.dialect.name == "sqlite"


def write_backup(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    archive = folder / f"deskpact-backup-{stamp}.tar.gz"
    uploads = Path(current_app.config["UPLOAD_FOLDER"])
    with tempfile.TemporaryDirectory() as work:
        work_path = Path(work)
        manifest = {
            "format": FORMAT,
            "created_at": datetime.now(UTC).isoformat(),
            "database": db.engine.dialect.name,
            "revision": schema_revision(),
            "rows": row_counts(),
        }
        if is_sqlite():
            dump = work_path / "database.sqlite"
            source = sqlite3.connect(
                make_url(current_app.config["SQLALCHEMY_DATABASE_URI"]).database
            )
            copy = sqlite3.connect(dump)
            with copy:
                source.backup(copy)
            source.close()
            copy.close()
        else:
            dump = work_path / "database.pgdump"
            run(["pg_dump", "--format=custom", "--no-owner", "--file", str(dump), libpq_url()])
        (work_path / "manifest.json").write_text(json.dumps(manifest, indent=2))
        partial = archive.with_suffix(".partial")
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(work_path / "manifest.json", arcname="manifest.json")
            tar.add(dump, arcname=dump.name)
            if uploads.exists():
                tar.add(uploads, arcname="uploads")
        partial.rename(archive)  # a crash never leaves an archive that looks whole
    return archive


def restore_backup(archive: Path, *, force: bool = False) -> dict[str, int]:
    uploads = Path(current_app.config["UPLOAD_FOLDER"])
    with tempfile.TemporaryDirectory() as work:
        work_path = Path(work)
        try:
            with tarfile.open(archive, "r:gz") as tar:
                tar.extractall(work_path, filter="data")  # no paths outside it, no devices
        except (tarfile.TarError, OSError) as error:
            raise BackupError(f"{archive} is not a readable backup archive ({error}).") from None
        if not (work_path / "manifest.json").exists():
            raise BackupError(f"{archive} is not a backup archive: it has no manifest.")
        manifest = json.loads((work_path / "manifest.json").read_text())
        if manifest.get("format") != FORMAT:
            raise BackupError("This archive was not written by this version's backup.")
        if manifest["database"] != db.engine.dialect.name:
            raise BackupError(
                f"The archive holds a {manifest['database']} database; "
                f"this instance uses {db.engine.dialect.name}."
            )
        holds_data = any(row_counts().get(name) for name in ("users", "tickets"))
        if holds_data and not force:
            raise BackupError(
                "This instance already holds data; restore with --force to replace it."
            )
        db.session.remove()
        db.engine.dispose()
        if is_sqlite():
            target = sqlite_path()
            for leftover in (target, Path(f"{target}-wal"), Path(f"{target}-shm")):
                leftover.unlink(missing_ok=True)
            shutil.copyfile(work_path / "database.sqlite", target)
        else:
            with db.engine.begin() as connection:
                connection.execute(sa.text("DROP SCHEMA IF EXISTS public CASCADE"))
                connection.execute(sa.text("CREATE SCHEMA public"))
            run(
                ["pg_restore", "--no-owner", "--exit-on-error", "--dbname", libpq_url()]
                + [str(work_path / "database.pgdump")]
            )
        db.engine.dispose()
        if uploads.exists():
            shutil.rmtree(uploads)
        if (work_path / "uploads").exists():
            shutil.copytree(work_path / "uploads", uploads)
        else:
            uploads.mkdir(parents=True)
    restored = row_counts()
    missing = {
        name: count for name, count in manifest["rows"].items() if restored.get(name) != count
    }
    if missing:
        raise BackupError(f"The restored database differs from the archive: {sorted(missing)}")
    return restored


def run(command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()[:500]}")
