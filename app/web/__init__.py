"""Layout, home dashboards, language switch, error pages and the authorization gate."""

from flask import Blueprint, Flask, request
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
    from app.web import (  # noqa: F401
        access,
        errors,
        i18n,
        input,
        limits,
        navigation,
        record_links,
        routes,
    )

    app.url_map.converters["int"] = RecordId  # before any blueprint adds its routes
    app.request_class = input.checked(app.request_class)  # htmx-flask's, with the screen
    app.before_request(lambda: input.check_arguments(request))
    app.before_request(access.check_access)
    limits.init_app(app)
    errors.register(app)
    app.jinja_env.filters["local"] = i18n.local_time
    app.jinja_env.filters["file_size"] = i18n.file_size
    app.jinja_env.filters["record_links"] = record_links.record_links
    app.jinja_env.globals["current_lang"] = i18n.current_lang
    # "label: value" in running text: Chinese takes the full-width colon
    app.jinja_env.globals["colon"] = lambda: "：" if i18n.current_lang() == "zh" else ": "
    app.jinja_env.globals["has_endpoint"] = lambda name: name in app.view_functions
    # a link or button is shown only to those the gate lets through
    app.jinja_env.globals["may_open"] = lambda name: access.may_open(access.current_actor(), name)
    app.jinja_env.globals["nav_items"] = navigation.items_for
    app.jinja_env.add_extension("jinja2.ext.do")
    app.register_blueprint(bp)

    app.before_request(access.refuse_foreign_origin)
    app.after_request(security_headers)


# scripts and styles only from our own static files: no inline script, handler or style
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    )
)


def security_headers(response):
    from flask import current_app
    from flask_login import current_user

    headers = response.headers
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "SAMEORIGIN")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    if current_app.config["SESSION_COOKIE_SECURE"]:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    signed_in = request.path.startswith("/api/") or current_user.is_authenticated
    if signed_in and request.endpoint != "static":
        # someone's tickets must not stay in a shared browser's or a proxy's cache
        headers["Cache-Control"] = "no-store"
    return response
