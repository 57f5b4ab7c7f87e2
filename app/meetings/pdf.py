"""The minutes as a PDF (WeasyPrint), in Chinese or English."""

from pathlib import Path

from flask import current_app, render_template
from flask_babel import force_locale

from app.knowledge.markup import to_html
from app.meetings import rules
from app.web.pdf import html_to_pdf


def filename(meeting, lang: str) -> str:
    day = meeting.starts_at.date().isoformat()
    return f"minutes-{day}-{meeting.id}-{lang}.pdf"


def render(meeting, lang: str) -> bytes:
    with force_locale(lang):
        html = render_template(
            "meetings/minutes_pdf.html",
            meeting=meeting,
            lang=lang,
            minutes_html=to_html(meeting.minutes_markdown),
            decisions=rules.lines(meeting.decisions),
        )
    return html_to_pdf(html)


def store(meeting, lang: str, data: bytes) -> str:
    """Keep the PDF as mailed under the upload folder; its absolute path."""
    folder = Path(current_app.config["UPLOAD_FOLDER"]) / "meetings"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / filename(meeting, lang)
    path.write_bytes(data)
    return str(path)
