"""Attachments: size-limited, checked by content (not by name), stored under generated names."""

import secrets
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _

from app.extensions import db
from app.tickets.models import Attachment

# extension → (content type, magic prefixes that the content must start with; () = text)
ALLOWED = {
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "gif": ("image/gif", (b"GIF87a", b"GIF89a")),
    "webp": ("image/webp", (b"RIFF",)),
    "pdf": ("application/pdf", (b"%PDF-",)),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (b"PK\x03\x04",),
    ),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    "pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        (b"PK\x03\x04",),
    ),
    "txt": ("text/plain", ()),
    "log": ("text/plain", ()),
    "csv": ("text/csv", ()),
    "eml": ("message/rfc822", ()),
}
EXECUTABLE_MAGIC = (b"MZ", b"\x7fELF", b"#!", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe")


class AttachmentError(ValueError):
    """A file that is refused; the message is shown to the user."""


def display_name(filename: str) -> str:
    """The file's own name without any path or control characters; Chinese names stay."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable() and ch not in '<>:"|?*').strip(" .")
    return name[-150:] or "file"


def check(filename: str, data: bytes, max_bytes: int) -> tuple[str, str]:
    """(safe file name, content type) for an acceptable file; AttachmentError otherwise."""
    name = display_name(filename)
    if not data:
        raise AttachmentError(_("%(name)s: the file is empty.", name=filename))
    if len(data) > max_bytes:
        raise AttachmentError(
            _("%(name)s is larger than the %(mb)d MB allowed.", name=filename, mb=max_bytes >> 20)
        )
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED:
        raise AttachmentError(_("%(name)s: this file type is not accepted.", name=filename))
    content_type, magics = ALLOWED[extension]
    if data.startswith(EXECUTABLE_MAGIC):
        raise AttachmentError(_("%(name)s: programs cannot be attached.", name=filename))
    if magics and not data.startswith(magics):
        raise AttachmentError(
            _(
                "%(name)s: the content does not match its .%(ext)s name.",
                name=filename,
                ext=extension,
            )
        )
    if not magics:
        try:
            data[:4096].decode("utf-8")
        except UnicodeDecodeError:
            try:
                data[:4096].decode("gb18030")
            except UnicodeDecodeError:
                raise AttachmentError(_("%(name)s: not a text file.", name=filename)) from None
    return name, content_type


def folder() -> Path:
    path = Path(current_app.config["UPLOAD_FOLDER"])
    path.mkdir(parents=True, exist_ok=True)
    return path


def store(ticket, filename: str, data: bytes, *, actor, public: bool, max_bytes: int) -> Attachment:
    """Check and keep one file for the ticket (the caller commits or rolls back)."""
    name, content_type = check(filename, data, max_bytes)
    stored = secrets.token_hex(16)
    (folder() / stored).write_bytes(data)
    attachment = Attachment(
        ticket=ticket,
        filename=name,
        stored_name=stored,
        content_type=content_type,
        size=len(data),
        public=public,
        uploaded_by_id=getattr(actor, "id", None),
    )
    db.session.add(attachment)
    return attachment


def path_of(attachment: Attachment) -> Path:
    return folder() / attachment.stored_name


def discard(stored_names: list[str]) -> None:
    """Remove files written by a request that was rolled back."""
    for name in stored_names:
        (folder() / name).unlink(missing_ok=True)


def store_uploads(ticket, uploads, *, actor, public: bool, contract) -> list[str]:
    """Keep each file of a form's upload field (empty entries skipped) within the contract's
    size limit; on AttachmentError the files kept so far are removed and the caller rolls
    back."""
    max_bytes = contract.max_attachment_bytes
    stored = []
    try:
        for upload in (u for u in uploads or [] if getattr(u, "filename", "")):
            with upload.stream:  # release the spooled temporary file at once
                data = upload.read(max_bytes + 1)
            attachment = store(
                ticket, upload.filename, data, actor=actor, public=public, max_bytes=max_bytes
            )
            stored.append(attachment.stored_name)
    except AttachmentError:
        discard(stored)
        raise
    return stored
