"""HTML to PDF with WeasyPrint, reading nothing but data: URIs and the portal's own static files.

A page can never make the renderer read a local file (`file:`) or reach a host: our static
files are read from the static folder, never fetched over the network.
"""

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from flask import current_app
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse
from werkzeug.security import safe_join

TIMEOUT_SECONDS = 1


class StaticFilesFetcher(URLFetcher):
    """Answers data: URIs and URLs under `static_url` from `static_folder`; refuses the rest."""

    def __init__(self, static_folder: str | Path, static_url: str):
        super().__init__(timeout=TIMEOUT_SECONDS, allowed_protocols=("data",))
        self.static_folder = str(static_folder)
        self.static_url = static_url.rstrip("/") + "/"

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if not url.startswith(self.static_url):
            raise ValueError(f"PDF rendering reads only our static files, not {url}")
        name = unquote(urlsplit(url[len(self.static_url) :]).path)
        path = safe_join(self.static_folder, name)
        if path is None or not Path(path).is_file():
            raise ValueError(f"no static file {name!r}")
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return URLFetcherResponse(
            url, Path(path).read_bytes(), headers={"Content-Type": content_type}
        )


def static_fetcher() -> StaticFilesFetcher:
    """The fetcher for this app: its static folder under its public address."""
    base_url = public_base_url()
    return StaticFilesFetcher(
        current_app.static_folder, urljoin(base_url, current_app.static_url_path.lstrip("/"))
    )


def public_base_url() -> str:
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + "/"


def html_to_document(html: str):
    """The laid-out pages of `html` (WeasyPrint's Document), to join several into one PDF."""
    return HTML(string=html, base_url=public_base_url(), url_fetcher=static_fetcher()).render()


def documents_to_pdf(documents: list) -> bytes:
    """One PDF of the pages of `documents`, in order."""
    pages = [page for document in documents for page in document.pages]
    return documents[0].copy(pages).write_pdf()


def html_to_pdf(html: str) -> bytes:
    """The PDF of `html`; relative links (`url_for('static', …)`) resolve to our static files."""
    return HTML(string=html, base_url=public_base_url(), url_fetcher=static_fetcher()).write_pdf()
