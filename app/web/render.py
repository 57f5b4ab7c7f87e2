"""Full page or fragment, chosen by the htmx request headers."""

from collections.abc import Callable

from flask import make_response, redirect, render_template, request
from jinja2_fragments.flask import render_block


def wants_fragment() -> bool:
    """An htmx request that is not boosted wants only the named block."""
    return (
        bool(request.htmx) and not request.htmx.boosted and not request.htmx.history_restore_request
    )


def render(template: str, block: str | None = None, status: int = 200, **context):
    """Render the whole page, or just `block` for an htmx request; always Vary on HX-Request."""
    if block and wants_fragment():
        body = render_block(template, block, **context)
    else:
        body = render_template(template, **context)
    response = make_response(body, status)
    response.vary.add("HX-Request")
    return response


def respond_after_write(template: str, block: str, location: str, context: Callable[[], dict]):
    """After a write: an htmx request gets the refreshed `block` of the page, anything else a
    redirect to `location`, so that reloading does not send the form again."""
    if wants_fragment():
        return render(template, block, **context())
    return redirect(location)
