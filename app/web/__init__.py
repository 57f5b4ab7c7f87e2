"""Layout, home dashboards, language switch, error pages and the authorization gate."""

from flask import Blueprint, Flask

bp = Blueprint("web", __name__)


def init_app(app: Flask) -> None:
    from flask_babel import lazy_gettext as _l

    from app.web import access, errors, i18n, navigation, routes  # noqa: F401

    app.before_request(access.check_access)
    errors.register(app)
    app.jinja_env.filters["local"] = i18n.local_time
    app.jinja_env.globals["current_lang"] = i18n.current_lang
    app.jinja_env.globals["has_endpoint"] = lambda name: name in app.view_functions
    app.jinja_env.globals["ROLES"] = access.ROLES
    app.jinja_env.globals["nav_items"] = navigation.items_for
    navigation.register("web.home", _l("Home"), access.EVERYONE, order=0)
    navigation.register("audit.index", _l("Audit trail"), access.MANAGERS, order=90)
    navigation.register("contracts.edit", _l("Contract"), access.MANAGERS, order=91)
    navigation.register("accounts.users", _l("Users"), {"admin"}, order=92)
    app.jinja_env.add_extension("jinja2.ext.do")
    app.register_blueprint(bp)

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response
