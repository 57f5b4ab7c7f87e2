"""The signed installation sheet (S5) as a PDF: Chinese fonts, the signature inline (web.pdf)."""

import base64

from flask import render_template
from flask_babel import force_locale

from app.changes import installations, installations_cmdb
from app.web.pdf import html_to_pdf


def signature_data_uri(installation) -> str | None:
    signoff = installation.signoff
    path = installations.signature_path(signoff) if signoff else None
    if path is None or not path.exists():
        return None
    return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode()


def render_pdf(installation, lang: str | None = None) -> bytes:
    """The sheet in the user's language (or `lang`): the set, serials, engineer, signature."""
    language = lang or (installation.user.language if installation.user else "zh")
    with force_locale(language):
        html = render_template(
            "changes/installation_sheet.html",
            installation=installation,
            signature=signature_data_uri(installation),
            lang=language,
            type_names=dict(installations_cmdb.device_types()),
        )
    return html_to_pdf(html)
