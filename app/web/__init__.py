"""Layout, home dashboards, language switch, error pages and the authorization gate."""

from flask import Blueprint, Flask
from werkzeug.routing import IntegerConverter

from app.web.forms import MAX_RECORD_ID

bp = Blueprint("web", __name__)


class RecordId(IntegerConverter):
    """`<int:…>` in every route: a number no record can have is simply not found (404),
    never an overflow in the database."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", MAX_RECORD_ID)
        super().__init__(url_map, *args, **kwargs)


def init_app(app: Flask) -> None:
    from app.web import access, errors, i18n, navigation, record_links, routes  # noqa: F401

    app.url_map.converters["int"] = RecordId  # before any blueprint adds its routes
    app.before_request(access.check_access)
    errors.register(app)
    app.jinja_env.filters["local"] = i18n.local_time
    app.jinja_env.filters["record_links"] = record_links.record_links
    app.jinja_env.globals["current_lang"] = i18n.current_lang
    # "label: value" in running text: Chinese takes the full-width colon
    app.jinja_env.globals["colon"] = lambda: "：" if i18n.current_lang() == "zh" else ": "
    app.jinja_env.globals["has_endpoint"] = lambda name: name in app.view_functions
    app.jinja_env.globals["nav_items"] = navigation.items_for
    app.jinja_env.add_extension("jinja2.ext.do")
    app.register_blueprint(bp)

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response
