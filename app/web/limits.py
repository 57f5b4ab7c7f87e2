"""Rate limits in front of what a stranger or a runaway script can call over and over: the
sign-in form, password-reset requests, the one-click link pages of mails, and the API per
token. A caller past its limit gets 429 with Retry-After; the counts live in memory (one
process) or in Redis (`RATE_LIMIT_STORAGE=redis://…`, shared by every web process).

The limits are the contract's settings (its page, "Rate limits"); one left empty falls back to
the deployment's setting (README, Configuration), e.g. "20/minute"."""

import hashlib
import math
import time
from collections.abc import Callable

from flask import Flask, current_app, request
from flask_babel import gettext as _
from limits import parse
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter
from werkzeug.exceptions import TooManyRequests

from app.web.access import PUBLIC, is_api_request

# each limit's deployment setting, and the contract's setting that replaces it (a count per unit)
CONTRACT_SETTINGS = {
    "RATE_LIMIT_SIGN_IN": ("sign_ins_per_minute", "minute"),
    "RATE_LIMIT_RESET": ("password_resets_per_hour", "hour"),
    "RATE_LIMIT_LINKS": ("link_opens_per_minute", "minute"),
    "RATE_LIMIT_API": ("api_calls_per_minute", "minute"),
}
SIGN_IN_ENDPOINTS = {"accounts.login", "accounts.second_factor"}
RESET_ENDPOINTS = {"accounts.forgot_password"}
# the contract's value of a setting (None: not set); the contracts package sets it at start
_contract_value: Callable[[str], int | None] = lambda name: None  # noqa: E731


def read_contract_with(reader: Callable[[str], int | None]) -> None:
    global _contract_value
    _contract_value = reader


def init_app(app: Flask) -> None:
    if not app.config["RATE_LIMITS_ENABLED"]:
        return
    limiter = FixedWindowRateLimiter(storage_from_string(app.config["RATE_LIMIT_STORAGE"]))
    app.extensions["rate_limiter"] = limiter
    app.before_request(check_rate)


def bucket() -> tuple[str, str] | None:
    """(setting, key) of the limit this request counts against, or None."""
    if is_api_request():
        token = request.headers.get("Authorization", "")
        caller = hashlib.sha256(token.encode()).hexdigest()[:24] if token else address()
        return "RATE_LIMIT_API", f"api:{caller}"
    if request.method != "POST" and request.endpoint not in link_endpoints():
        return None
    if request.endpoint in SIGN_IN_ENDPOINTS:
        return "RATE_LIMIT_SIGN_IN", f"sign-in:{address()}"
    if request.endpoint in RESET_ENDPOINTS:
        return "RATE_LIMIT_RESET", f"reset:{address()}"
    if request.endpoint in link_endpoints():
        return "RATE_LIMIT_LINKS", f"link:{address()}"
    return None


def link_endpoints() -> set[str]:
    """The public pages a mail's signed link opens (their URL carries the token)."""
    known = current_app.extensions.get("rate_limited_links")
    if known is None:
        known = {
            rule.endpoint
            for rule in current_app.url_map.iter_rules()
            if "token" in rule.arguments
            and getattr(current_app.view_functions[rule.endpoint], "access_roles", None) == PUBLIC
            and rule.endpoint not in RESET_ENDPOINTS
        }
        current_app.extensions["rate_limited_links"] = known
    return known


def address() -> str:
    return request.remote_addr or "unknown"


def check_rate():
    found = bucket()
    if found is None:
        return None
    setting, key = found
    limit = parse(limit_of(setting))
    limiter = current_app.extensions["rate_limiter"]
    if limiter.hit(limit, key):
        return None
    reset_at = limiter.get_window_stats(limit, key).reset_time
    raise TooManyRequests(retry_after=max(1, math.ceil(reset_at - time.time())))


def limit_of(setting: str) -> str:
    """The limit in force, e.g. "30/minute": the contract's, else the deployment's."""
    name, unit = CONTRACT_SETTINGS[setting]
    count = _contract_value(name)
    return f"{count}/{unit}" if count else current_app.config[setting]


def defaults_in_words() -> dict[str, str]:
    """{contract setting: the deployment's default in the reader's words}, for its page."""
    units = {"second": _("second"), "minute": _("minute"), "hour": _("hour"), "day": _("day")}
    words = {}
    for setting, (name, _unit) in CONTRACT_SETTINGS.items():
        item = parse(current_app.config[setting])
        unit = units.get(item.GRANULARITY.name, item.GRANULARITY.name)
        if item.multiples > 1:
            words[name] = _(
                "%(count)s every %(multiples)s %(unit)s",
                count=item.amount,
                multiples=item.multiples,
                unit=unit,
            )
        else:
            words[name] = _("%(count)s per %(unit)s", count=item.amount, unit=unit)
    return words
