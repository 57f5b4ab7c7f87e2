"""Asset labels as a printable PDF: tag, model and a QR code that opens the asset's page."""

import base64
import io
import math

import qrcode
from flask import render_template

from app.assets.models import Asset
from app.mail.outbox import external_url
from app.web.pdf import documents_to_pdf, html_to_document, html_to_pdf

# one A4 sheet holds 3 × 7 labels; a print run is laid out five sheets at a time
LABELS_PER_PAGE = 21
LABELS_PER_STEP = 5 * LABELS_PER_PAGE


def qr_png(text: str) -> bytes:
    """A QR code (error correction M, 4-module quiet zone) as PNG bytes."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=8, border=4)
    code.add_data(text)
    code.make(fit=True)
    out = io.BytesIO()
    code.make_image(fill_color="black", back_color="white").save(out, format="PNG")
    return out.getvalue()


def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def asset_url(asset: Asset) -> str:
    return external_url("assets.detail", tag=asset.tag)


def labels_html(assets: list[Asset], client_name: str, *, first_page=1, pages=None) -> str:
    labels = [
        {"asset": asset, "url": asset_url(asset), "qr": data_uri(qr_png(asset_url(asset)))}
        for asset in assets
    ]
    pages = pages or max(1, math.ceil(len(assets) / LABELS_PER_PAGE))
    return render_template(
        "assets/labels.html",
        labels=labels,
        client_name=client_name,
        first_page=first_page,
        pages=pages,
        per_page=LABELS_PER_PAGE,
    )


def labels_pdf(assets: list[Asset], client_name: str) -> bytes:
    """One A4 sheet of 3 × 7 labels per 21 CIs."""
    return html_to_pdf(labels_html(assets, client_name))


def labels_pdf_in_steps(assets: list[Asset], client_name: str, progress) -> bytes:
    """The same sheets laid out a few at a time, telling `progress(done)` after each step
    (page numbers run on across the steps: every sheet is full but the last)."""
    pages = max(1, math.ceil(len(assets) / LABELS_PER_PAGE))
    documents = []
    for start in range(0, len(assets), LABELS_PER_STEP):
        step = assets[start : start + LABELS_PER_STEP]
        first_page = start // LABELS_PER_PAGE + 1
        html = labels_html(step, client_name, first_page=first_page, pages=pages)
        documents.append(html_to_document(html))
        progress(start + len(step))
    return documents_to_pdf(documents)
