"""Record numbers written in free text (a follow-up, a source) become links to their pages;
the numbering is the portal's own, so the domains need not be imported here."""

import re

from flask import current_app, url_for
from markupsafe import Markup, escape

ENDPOINTS = {
    "INC": "tickets.detail",
    "REQ": "tickets.detail",
    "INS": "tickets.detail",
    "CHG": "changes.detail",
    "PRB": "problems.detail",
    "CMP": "complaints.detail",
    "ESC": "escalations.detail",
}
NUMBER = re.compile(r"\b(INC|REQ|INS|CHG|PRB|CMP|ESC)-\d{4}-\d{3,6}\b")


def record_links(text: str | None) -> Markup:
    """The text escaped, each record number in it a link (where that page exists)."""
    text = text or ""
    out, last = [], 0
    for found in NUMBER.finditer(text):
        endpoint = ENDPOINTS[found.group(1)]
        if endpoint not in current_app.view_functions:
            continue
        link = Markup('<a href="%s">%s</a>') % (
            url_for(endpoint, number=found.group(0)),
            found.group(0),
        )
        out += [escape(text[last : found.start()]), link]
        last = found.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)
