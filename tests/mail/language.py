"""Checking that a queued mail speaks one language: its template's sentences, not the other's."""

import re
from pathlib import Path

import sqlalchemy as sa
from flask_babel import force_locale, gettext

from app.extensions import db
from app.mail.models import OutboxMessage

MAIL_TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "mail"
MSGID_RE = re.compile(r"""_\(\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")""")
INCLUDE_RE = re.compile(r"""{%\s*include\s+["']mail/([\w.]+)\.txt["']""")
PLACEHOLDER_RE = re.compile(r"%\(\w+\)[sd]")
URL_RE = re.compile(r"https?://\S+")
CJK_RE = re.compile(r"[\u4e00-\u9fff]")


def msgids(template: str) -> list[str]:
    """The msgids of `mail/<template>.txt` and the templates it includes."""
    source = (MAIL_TEMPLATES / f"{template}.txt").read_text(encoding="utf-8")
    found = [
        (single or double).replace("\\'", "'").replace('\\"', '"')
        for single, double in MSGID_RE.findall(source)
    ]
    for included in INCLUDE_RE.findall(source):
        found += msgids(included)
    return found


def fragments(text: str) -> list[str]:
    """The literal pieces of a message between its placeholders that say something."""
    pieces = (piece.replace("%%", "%").strip() for piece in PLACEHOLDER_RE.split(text))
    return [
        piece
        for piece in pieces
        if len(CJK_RE.findall(piece)) >= 2 or len(re.findall(r"[A-Za-z]", piece)) >= 3
    ]


def foreign_sentences(body: str, template: str, language: str) -> list[str]:
    """Pieces of the template's wording in the *other* language that appear in `body`.

    For a Chinese mail these are the English msgids; for an English mail the Chinese
    translations. An untranslated msgid shows up either way: its "translation" is English.
    """
    other = "en" if language == "zh" else "zh"
    text = URL_RE.sub("", body)
    found = []
    for msgid in msgids(template):
        with force_locale(other):
            wording = gettext(msgid) if other == "zh" else msgid
        for piece in fragments(wording):
            pattern = re.escape(piece)
            if not CJK_RE.search(piece):  # an English word must not match inside another
                pattern = rf"(?<![A-Za-z]){pattern}(?![A-Za-z])"
            if re.search(pattern, text):
                found.append(piece)
    return found


def assert_speaks(message: OutboxMessage, template: str, language: str, *phrases: str) -> None:
    """The mail holds each phrase (subject or body) and nothing of the template's other language."""
    text = f"{message.subject}\n{message.body_text}"
    missing = [phrase for phrase in phrases if phrase not in text]
    assert not missing, f"{missing} not in:\n{text}"
    foreign = foreign_sentences(message.body_text, template, language)
    assert not foreign, f"{language} mail has {foreign}:\n{text}"


def mails_to(address: str) -> list[OutboxMessage]:
    return db.session.scalars(
        sa.select(OutboxMessage)
        .where(OutboxMessage.recipient == address)
        .order_by(OutboxMessage.id)
    ).all()
