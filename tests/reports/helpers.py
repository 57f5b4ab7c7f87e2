"""Reading report PDFs and calling the report API in tests."""

import subprocess

from app.accounts.services import issue_token, user_by_email
from app.extensions import db
from tests.conftest import ROLE_EMAILS


def pdf_text(data: bytes, tmp_path) -> str:
    """The PDF's text as pdftotext extracts it (what a reader could search and copy)."""
    assert data.startswith(b"%PDF"), data[:100]
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def pdf_pages(data: bytes, tmp_path) -> int:
    path = tmp_path / "pages.pdf"
    path.write_bytes(data)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True)
    return int(
        next(line.split()[-1] for line in info.stdout.splitlines() if line.startswith("Pages"))
    )


def token_for(app, role: str) -> dict:
    with app.app_context():
        token = issue_token(user_by_email(ROLE_EMAILS[role]), actor=None, label="test")
        db.session.commit()
    return {"Authorization": f"Bearer {token}"}
