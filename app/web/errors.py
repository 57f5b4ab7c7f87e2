"""Error pages in the user's language, and JSON errors for the API."""

from flask import Flask, jsonify, render_template
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import Conflict, HTTPException, ServiceUnavailable

from app.extensions import db
from app.web.access import is_api_request

API_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    422: "unprocessable",
    429: "too_many_requests",
    500: "server_error",
    503: "unavailable",
}


def messages() -> dict[int, tuple[str, str]]:
    """Title and explanation per status, translated at call time."""
    return {
        400: (_("Bad request"), _("The form has expired or was not sent by this portal.")),
        401: (_("Sign in required"), _("Please sign in to continue.")),
        403: (_("Not allowed"), _("Your role does not give access to this page.")),
        404: (_("Not found"), _("This page does not exist or is not visible to you.")),
        405: (_("Not allowed"), _("This action cannot be done this way.")),
        409: (
            _("Conflict"),
            _("Someone else changed this record meanwhile. Reload it and try again."),
        ),
        413: (_("Too large"), _("The upload is larger than allowed.")),
        429: (_("Too many requests"), _("Please wait a moment, then try again.")),
        500: (_("Something went wrong"), _("The error has been logged. Please try again.")),
        503: (
            _("Temporarily unavailable"),
            _("The database cannot be reached right now. Nothing was saved; try again shortly."),
        ),
    }


def api_error(status: int, message: str, code: str | None = None, fields: dict | None = None):
    """The API's one error shape."""
    body = {"error": {"code": code or API_CODES.get(status, "error"), "message": message}}
    if fields:
        body["error"]["fields"] = fields
    return jsonify(body), status


def handle_http_error(error: HTTPException):
    if error.response is not None:  # an ApiError carries its finished JSON response
        return error.response
    status = error.code or 500
    db.session.rollback()
    title, text = messages().get(status, (error.name, error.description))
    if status == 400 and error.description != type(error).description:
        text = error.description  # the input screen's own reason (app.web.input)
    if isinstance(error, CSRFError):
        text = _("The form has expired or was not sent by this portal. Reload and try again.")
    # e.g. Retry-After of a rate limit
    headers = [(name, value) for name, value in error.get_headers() if name != "Content-Type"]
    if is_api_request():
        body, status = api_error(
            status, error.description if status not in (401, 403, 404, 429) else title
        )
        return body, status, headers
    page = render_template("errors/error.html", status=status, title=title, text=text)
    return page, status, headers


def handle_unexpected(error: Exception):
    db.session.rollback()
    if isinstance(error, HTTPException):
        return handle_http_error(error)
    from flask import current_app

    current_app.logger.exception("unhandled error")
    title, text = messages()[500]
    if is_api_request():
        return api_error(500, title)
    return render_template("errors/error.html", status=500, title=title, text=text), 500


def handle_lost_race(error: StaleDataError):
    """Two requests changed the same record at once: the later one is told, nothing is lost."""
    db.session.rollback()  # before the message: choosing its language reads the user
    return handle_http_error(
        Conflict(_("Someone else changed this record meanwhile. Reload it and try again."))
    )


def handle_database_unreachable(error: Exception):
    """The database went away mid-request (a restart, a failover): the unit of work rolled
    back, so the person is told to try again rather than shown a server error."""
    from flask import current_app

    current_app.logger.warning("database unreachable: %s", error)
    try:
        db.session.rollback()
        explanation = messages()[503][1]
        return handle_http_error(ServiceUnavailable(explanation, retry_after=30))
    except (OperationalError, InterfaceError):  # the page itself needed the database
        body = "The database cannot be reached right now. Nothing was saved; try again shortly."
        return body, 503, {"Retry-After": "30", "Content-Type": "text/plain; charset=utf-8"}


def register(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(StaleDataError, handle_lost_race)
    app.register_error_handler(OperationalError, handle_database_unreachable)
    app.register_error_handler(InterfaceError, handle_database_unreachable)
    if not app.testing:
        app.register_error_handler(Exception, handle_unexpected)
