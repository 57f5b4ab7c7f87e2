"""The signed installation sheet (S5) as a PDF: WeasyPrint, Chinese fonts, no outside fetches."""

import base64

from flask import render_template
from flask_babel import force_locale
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from app.changes import installations, installations_cmdb


def fetcher() -> URLFetcher:
    """Only data: URIs (the embedded signature); never files or hosts."""
    return URLFetcher(allowed_protocols={"data"})


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
    return HTML(string=html, url_fetcher=fetcher()).write_pdf()
