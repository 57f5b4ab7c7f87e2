"""Full page or fragment, chosen by the htmx request headers."""

from flask import make_response, render_template, request
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
