"""Drawn signatures (S5) as PNG files: stored at sign-off, read by the page and the PDF sheet."""

import base64
import hashlib
import io
import secrets
from pathlib import Path

from flask import current_app

from app.installations.models import SignOff
from app.installations.rules import SignatureError


def folder() -> Path:
    path = Path(current_app.config["UPLOAD_FOLDER"]) / "signatures"
    path.mkdir(parents=True, exist_ok=True)
    return path


def check_not_blank(png: bytes) -> None:
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        if image.convert("RGBA").getchannel("A").getbbox() is None:
            raise SignatureError("The signature is empty: please sign in the box.")


def store(png: bytes) -> tuple[str, str]:
    """Keep a signature under a random name; returns (file name, SHA-256 of the image)."""
    stored = secrets.token_hex(16) + ".png"
    (folder() / stored).write_bytes(png)
    return stored, hashlib.sha256(png).hexdigest()


def discard(stored: str) -> None:
    """Remove a stored signature whose sign-off was not kept."""
    (folder() / stored).unlink(missing_ok=True)


def path_of(signoff: SignOff) -> Path | None:
    return folder() / signoff.signature_file if signoff.signature_file else None


def data_uri(signoff: SignOff | None) -> str | None:
    """The signature image inline, for the PDF sheet (None without a drawn signature)."""
    path = path_of(signoff) if signoff else None
    if path is None or not path.exists():
        return None
    return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode()
