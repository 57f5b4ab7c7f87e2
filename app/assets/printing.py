"""Asset labels as a printable PDF: tag, model and a QR code that opens the asset's page."""

import base64
import io

import qrcode
from flask import render_template

from app.assets.models import Asset
from app.mail.outbox import external_url
from app.web.pdf import html_to_pdf

MAX_LABELS = 600


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


def labels_pdf(assets: list[Asset], client_name: str) -> bytes:
    """One A4 sheet of 3 × 7 labels per 21 CIs."""
    labels = [
        {"asset": asset, "url": asset_url(asset), "qr": data_uri(qr_png(asset_url(asset)))}
        for asset in assets
    ]
    html = render_template("assets/labels.html", labels=labels, client_name=client_name)
    return html_to_pdf(html)
