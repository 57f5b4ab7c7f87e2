"""Deskpact: the service-desk portal of one IT outsourcing contract."""

from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from app import config
from app.extensions import babel, csrf, db, htmx, login_manager, migrate
from app.web.unit_of_work import UnitOfWorkFlask

ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application: defaults, instance/config.py, then the given overrides."""
    app = UnitOfWorkFlask(
        __name__,
        instance_path=str(ROOT / "instance"),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.config.from_mapping(config.defaults(app.instance_path))
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
    else:
        app.config.from_mapping(test_config)
    # over HTTPS the session cookie never travels in clear (unless a setting says otherwise)
    if app.config["SESSION_COOKIE_SECURE"] is None:
        app.config["SESSION_COOKIE_SECURE"] = app.config["PUBLIC_BASE_URL"].startswith("https://")
    Path(app.config["UPLOAD_FOLDER"]).mkdir(parents=True, exist_ok=True)
    if proxies := app.config["TRUSTED_PROXIES"]:
        # signatures and approvals record the client's address, not the proxy's
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)

    db.init_app(app)
    from app.knowledge.search import own_object

    migrate.init_app(
        app,
        db,
        directory=str(ROOT / "migrations"),
        render_as_batch=True,
        # the search index each database keeps for itself is not a mapped table
        include_name=lambda name, type_, parent_names: not own_object(name),
    )
    login_manager.init_app(app)
    csrf.init_app(app)
    htmx.init_app(app)
    from app.web import i18n

    babel.init_app(app, locale_selector=i18n.select_locale, timezone_selector=i18n.select_timezone)

    from app import models  # noqa: F401  (every table registered before migrations look)
    from app.web.database import configure_sqlite

    configure_sqlite(app)

    from app import (
        access,
        accounts,
        announcements,
        api,
        assets,
        audit,
        backups,
        changes,
        chat,
        complaints,
        contracts,
        demo,
        documents,
        escalations,
        improvements,
        installations,
        jobs,
        knowledge,
        mail,
        meetings,
        notices,
        onboarding,
        problems,
        reports,
        settlements,
        sla,
        surveys,
        tickets,
        training,
        web,
        worker,
    )

    for package in (
        web,
        accounts,
        contracts,
        audit,
        mail,
        chat,
        jobs,
        tickets,
        assets,
        changes,
        installations,
        problems,
        knowledge,
        documents,
        onboarding,
        access,
        training,
        settlements,
        notices,
        meetings,
        improvements,
        sla,
        complaints,
        escalations,
        announcements,
        surveys,
        reports,
        api,
        demo,
        worker,
        backups,
    ):
        package.init_app(app)
    return app
