"""What every API endpoint shares: the actor, JSON input, pagination and errors."""

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import abort, request
from werkzeug.exceptions import HTTPException

from app.extensions import CALENDAR_YEARS, db
from app.web.access import current_actor
from app.web.errors import api_error

SHANGHAI = ZoneInfo("Asia/Shanghai")
MAX_PER_PAGE = 200
MAX_PAGE = 1_000_000  # far past any list; bigger numbers overflow the databases' integers


class ApiError(HTTPException):
    """An error answered as the API's JSON error shape."""

    def __init__(self, status: int, message: str, code: str | None = None, fields=None):
        super().__init__(message)
        self.code = status
        self.response = api_error(status, message, code, fields)[0]
        self.response.status_code = status


def validation_error(fields: dict[str, str], message="Some fields are invalid.") -> ApiError:
    return ApiError(400, message, "validation_error", fields)


def text_field(body: dict, name: str, default: str = "") -> str:
    """A string member of a JSON body (missing or null: the default); else 400."""
    value = body.get(name, default)
    if value is None:
        return default
    if not isinstance(value, str):
        raise validation_error({name: "Must be a string."})
    return value


def actor():
    """The token's user; the access gate has already refused anonymous calls."""
    user = current_actor()
    if user is None:
        abort(401)
    return user


def json_body() -> dict:
    """The request's JSON object, or a 400."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, "The body must be a JSON object.", "bad_request")
    return body


def parse_time(value, field: str) -> datetime:
    """ISO 8601; a value without offset is Asia/Shanghai time."""
    try:
        parsed = datetime.fromisoformat(str(value))
    except (TypeError, ValueError):
        raise validation_error({field: "Not an ISO 8601 date-time."}) from None
    if parsed.year not in CALENDAR_YEARS:
        raise validation_error({field: "A date-time between the years 1900 and 2100."})
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=SHANGHAI)


def paginate(select, serialize) -> dict:
    """`?page=&per_page=` over a Select → the API's list envelope."""
    try:
        page = int(request.args.get("page", 1))
        per_page = int(request.args.get("per_page", 50))
    except ValueError:
        raise validation_error({"page": "page and per_page must be whole numbers."}) from None
    if not 1 <= page <= MAX_PAGE:
        raise validation_error({"page": f"A whole number from 1 to {MAX_PAGE}."})
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise validation_error({"per_page": f"A whole number from 1 to {MAX_PER_PAGE}."})
    result = db.paginate(select, page=page, per_page=per_page, error_out=False, count=True)
    return {
        "items": [serialize(item) for item in result.items],
        "page": page,
        "per_page": per_page,
        "total": result.total,
    }
