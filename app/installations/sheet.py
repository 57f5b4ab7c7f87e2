"""The signed installation sheet (S5) as a PDF: Chinese fonts, the signature inline (web.pdf)."""

from flask import render_template
from flask_babel import force_locale

from app.installations import cmdb, signatures
from app.web.pdf import html_to_pdf


def render_pdf(installation, lang: str | None = None) -> bytes:
    """The sheet in the user's language (or `lang`): the set, serials, engineer, signature."""
    language = lang or (installation.user.language if installation.user else "zh")
    with force_locale(language):
        html = render_template(
            "installations/sheet.html",
            installation=installation,
            signature=signatures.data_uri(installation.signoff),
            lang=language,
            type_names=dict(cmdb.device_types()),
        )
    return html_to_pdf(html)
