"""Parse one incoming RFC 822 message into plain values; pure: no IO, no Flask, no database."""

from __future__ import annotations

import hashlib
import html
import mimetypes
import re
from collections.abc import Iterable
from dataclasses import dataclass
from email import policy
from email.message import Message
from email.parser import BytesParser
from email.utils import getaddresses, parseaddr
from html.parser import HTMLParser
from urllib.parse import urlsplit

from app.mail.decoding import ENCODED_WORD_RE, decode_bytes, decode_header_text

# Lookarounds, not \b: CJK characters count as word characters, and "关于INC-2026-000123的"
# must still match.
TICKET_NUMBER_RE = re.compile(r"(?<![A-Za-z0-9])(?:INC|REQ|INS)-[0-9]{4}-[0-9]{6}(?![A-Za-z0-9])")
_BRACKETED_TICKET_RE = re.compile(r"\[\s*(" + TICKET_NUMBER_RE.pattern + r")\s*\]")

_MSG_ID_RE = re.compile(r"<([^<>\s]+)>")
_SYNTHETIC_ID_DOMAIN = "deskpact.invalid"

_AUTO_SUBJECT_PREFIXES = (
    "auto:",
    "automatic reply",
    "autoreply",
    "auto-reply",
    "auto reply",
    "out of office",
    "自动回复",
    "自动答复",
    "undeliverable:",
    "undelivered mail returned to sender",
    "delivery status notification",
    "mail delivery failed",
    "returned mail:",
    "系统退信",
)
_AUTO_PRECEDENCE = frozenset({"bulk", "junk", "auto_reply", "list"})
_SUPPRESS_TOKENS = frozenset({"all", "oof", "autoreply"})
_BOUNCE_LOCAL_PARTS = frozenset({"mailer-daemon", "postmaster"})
_FALSE_VALUES = frozenset({"no", "false", "0", "off"})

_BLOCK_TAGS = frozenset(
    {"br", "p", "div", "li", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"}
    | {"pre", "hr", "ul", "ol", "section", "article", "header", "footer"}
)
_HIDDEN_TAGS = frozenset({"script", "style", "head", "title"})


@dataclass(frozen=True)
class Attachment:
    """One file carried by a message, inline images included."""

    filename: str
    content_type: str
    data: bytes


SIGNED_LINK_REMOVED = "[one-click link removed]"


@dataclass(frozen=True)
class InboundMail:
    """What the service desk needs from one incoming message."""

    message_id: str
    from_address: str
    from_name: str
    subject: str
    body_text: str
    in_reply_to: str | None
    references: tuple[str, ...]
    ticket_number: str | None
    attachments: tuple[Attachment, ...]
    is_auto_reply: bool
    is_loop: bool
    defects: tuple[str, ...]
    cc_addresses: tuple[str, ...] = ()  # the Cc header's addresses, lower case


def without_signed_links(text: str, base_url: str, paths: Iterable[str]) -> str:
    """The text with every one-click link of this portal (`base_url` + one of `paths`)
    removed: a reply often quotes the mail it answers, and whoever reads the ticket must
    not be able to act with the link."""
    host = urlsplit(base_url).netloc
    prefixes = "|".join(re.escape(path) for path in sorted(paths, key=len, reverse=True))
    if not host or not prefixes:
        return text
    link = re.compile(rf"https?://{re.escape(host)}(?:{prefixes})[^\s<>\"')\]]+", re.IGNORECASE)
    return link.sub(SIGNED_LINK_REMOVED, text)


def parse_message(
    raw: bytes,
    *,
    own_addresses: frozenset[str],
    base_url: str = "",
    signed_link_paths: Iterable[str] = (),
) -> InboundMail:
    """Parse raw message bytes; never raises on malformed input, reporting problems as defects.
    This portal's one-click links (`base_url` + `signed_link_paths`) are removed from the text."""
    defects: list[str] = []
    try:
        msg = BytesParser(policy=policy.default).parsebytes(raw)
    except Exception as exc:  # the parser is lenient, but input is hostile
        defects.append(f"unparseable message: {exc!r}")
        msg = Message()
    headers = _raw_headers(msg)

    message_id = _first_msg_id(_header(headers, "message-id"))
    if not message_id:
        defects.append("missing Message-ID; synthesized from content")
        message_id = synthetic_message_id(raw)

    from_name, from_address = _sender(_header(headers, "from"), defects)
    subject = _clean(decode_header_text(_header(headers, "subject"), defects)).strip()
    in_reply_to = _first_msg_id(_header(headers, "in-reply-to")) or None
    references = tuple(f"<{m}>" for m in _MSG_ID_RE.findall(_header(headers, "references")))

    body_text, attachments = _body_and_attachments(msg, defects)
    defects.extend(_message_defects(msg))

    own = frozenset(address.strip().lower() for address in own_addresses)
    return InboundMail(
        message_id=message_id,
        from_address=from_address,
        from_name=_clean(from_name),
        subject=subject,
        body_text=without_signed_links(_clean(body_text), base_url, signed_link_paths),
        in_reply_to=in_reply_to,
        references=references,
        ticket_number=find_ticket_number(subject),
        attachments=attachments,
        is_auto_reply=_is_auto_reply(headers, msg, subject, from_address),
        is_loop=_is_loop(headers, from_address, own),
        defects=tuple(dict.fromkeys(defects)),
        cc_addresses=_copied(headers.get("cc", [])),
    )


def find_ticket_number(subject: str) -> str | None:
    """Return the ticket number in a subject, preferring the bracketed form we send."""
    bracketed = _BRACKETED_TICKET_RE.search(subject)
    if bracketed:
        return bracketed.group(1)
    bare = TICKET_NUMBER_RE.search(subject)
    return bare.group(0) if bare else None


def synthetic_message_id(raw: bytes) -> str:
    """Return a Message-ID derived from the raw bytes, so a re-fetched message is recognised."""
    return f"<{hashlib.sha256(raw).hexdigest()}@{_SYNTHETIC_ID_DOMAIN}>"


def html_to_text(markup: str) -> str:
    """Reduce HTML to readable plain text: drop scripts and styles, keep line structure."""
    parser = _TextExtractor()
    try:
        parser.feed(markup)
        parser.close()
    except Exception:  # html.parser rarely fails; fall back to a crude strip
        return _tidy(html.unescape(re.sub(r"<[^>]*>", " ", markup)))
    return _tidy("".join(parser.parts))


class _TextExtractor(HTMLParser):
    """Collect the visible text of an HTML document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Open a hidden region or break the line before a block."""
        if tag in _HIDDEN_TAGS:
            self._hidden += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        """Close a hidden region or break the line after a block."""
        if tag in _HIDDEN_TAGS:
            self._hidden = max(0, self._hidden - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        """Keep text outside hidden regions, with source whitespace collapsed."""
        if not self._hidden:
            self.parts.append(re.sub(r"\s+", " ", data))


def _clean(text: str) -> str:
    # NUL is legal in mail but not in a PostgreSQL text column.
    return text.replace("\x00", "")


def _tidy(text: str) -> str:
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _raw_headers(msg: Message) -> dict[str, list[str]]:
    headers: dict[str, list[str]] = {}
    for name, value in msg.raw_items():
        headers.setdefault(str(name).strip().lower(), []).append(str(value))
    return headers


def _header(headers: dict[str, list[str]], name: str) -> str:
    values = headers.get(name)
    return values[0] if values else ""


def _first_msg_id(value: str) -> str:
    match = _MSG_ID_RE.search(value)
    if match:
        return f"<{match.group(1)}>"
    token = value.strip()
    return f"<{token}>" if token and not any(c.isspace() for c in token) else ""


def _sender(value: str, defects: list[str]) -> tuple[str, str]:
    if not value.strip():
        defects.append("missing From")
        return "", ""
    name, address = parseaddr(value.replace("\r", "").replace("\n", ""))
    if not address and ENCODED_WORD_RE.search(value):
        name, address = parseaddr(decode_header_text(value))
    address = address.strip().lower()
    if "@" not in address or any(c.isspace() for c in address) or not address.isascii():
        defects.append(f"unusable From address {value[:80]!r}")
        address = ""
    name = decode_header_text(name, defects).strip().strip('"').strip()
    return name, address


def _copied(values: list[str]) -> tuple[str, ...]:
    """The addresses of every Cc header (names may be encoded words, which hold no commas)."""
    pairs = getaddresses([value.replace("\r", "").replace("\n", "") for value in values])
    found = (address.strip().lower() for _name, address in pairs)
    return tuple(dict.fromkeys(a for a in found if "@" in a and a.isascii() and " " not in a))


def _body_and_attachments(msg: Message, defects: list[str]) -> tuple[str, tuple[Attachment, ...]]:
    plain: list[str] = []
    markup: list[str] = []
    attachments: list[Attachment] = []
    for part in _leaves(msg, defects):
        try:
            _sort_part(part, plain, markup, attachments, defects)
        except Exception as exc:  # keep what the other parts hold
            defects.append(f"unreadable part: {exc!r}")
    text = "\n".join(t for t in plain if t.strip()).replace("\r\n", "\n").strip()
    if not text and markup:
        text = html_to_text("\n".join(markup))
    return text, tuple(attachments)


def _leaves(part: Message, defects: list[str], depth: int = 0) -> list[Message]:
    if depth > 20:
        defects.append("MIME nesting too deep")
        return []
    if _content_type(part) == "message/rfc822" or not part.is_multipart():
        return [part]
    leaves: list[Message] = []
    payload = part.get_payload()
    for child in payload if isinstance(payload, list) else []:
        if isinstance(child, Message):
            leaves.extend(_leaves(child, defects, depth + 1))
    return leaves


def _sort_part(
    part: Message,
    plain: list[str],
    markup: list[str],
    attachments: list[Attachment],
    defects: list[str],
) -> None:
    content_type = _content_type(part)
    filename = _filename(part, defects)
    disposition = _disposition(part)
    if content_type == "message/rfc822":
        attachments.append(
            Attachment(filename or "message.eml", content_type, _embedded_bytes(part))
        )
        return
    data = part.get_payload(decode=True)
    if not isinstance(data, bytes):
        data = b""
    maintype = content_type.split("/", 1)[0]
    is_body = disposition != "attachment" and not filename
    # A multipart leaf is a multipart whose boundary was lost: read it as text.
    if is_body and (content_type in ("text/plain", "text/html") or maintype == "multipart"):
        text = decode_bytes(data, part.get_content_charset(), defects)
        (markup if content_type == "text/html" else plain).append(text)
        return
    if not filename:
        extension = mimetypes.guess_extension(content_type, strict=False) or ".bin"
        filename = f"attachment-{len(attachments) + 1}{extension}"
    attachments.append(Attachment(filename, content_type, data))


def _filename(part: Message, defects: list[str]) -> str:
    try:
        name = part.get_filename() or ""
    except Exception:  # malformed parameters
        defects.append("unreadable attachment filename")
        return ""
    name = _clean(decode_header_text(str(name), defects))
    # Keep only the last path component: a filename is never a path.
    return name.replace("\\", "/").rsplit("/", 1)[-1].strip()


def _content_type(part: Message) -> str:
    try:
        return part.get_content_type()
    except Exception:  # malformed header: RFC 2045 says to assume plain text
        return "text/plain"


def _disposition(part: Message) -> str:
    try:
        return part.get_content_disposition() or ""
    except Exception:  # malformed header
        return ""


def _embedded_bytes(part: Message) -> bytes:
    payload = part.get_payload()
    inner = payload[0] if isinstance(payload, list) and payload else None
    if isinstance(inner, Message):
        for chosen in (policy.default, policy.compat32):
            try:
                return inner.as_bytes(policy=chosen)
            except Exception:  # try the more lenient serializer
                continue
    data = part.get_payload(decode=True)
    return data if isinstance(data, bytes) else b""


def _message_defects(msg: Message) -> list[str]:
    found: list[str] = []
    for part in msg.walk():
        for defect in getattr(part, "defects", ()):
            detail = str(defect)
            name = type(defect).__name__
            found.append(f"{name}: {detail}" if detail else name)
    return found


def _is_auto_reply(
    headers: dict[str, list[str]], msg: Message, subject: str, from_address: str
) -> bool:
    auto_submitted = _token(_header(headers, "auto-submitted"))
    if auto_submitted and auto_submitted != "no":
        return True
    for name in ("x-autoreply", "x-autorespond", "x-auto-reply"):
        if name in headers and _token(_header(headers, name)) not in _FALSE_VALUES:
            return True
    if _token(_header(headers, "precedence")) in _AUTO_PRECEDENCE:
        return True
    suppress = _header(headers, "x-auto-response-suppress").lower()
    if {t.strip() for t in re.split(r"[,\s]+", suppress)} & _SUPPRESS_TOKENS:
        return True
    if _content_type(msg) == "multipart/report" or "x-failed-recipients" in headers:
        return True
    return_path = _header(headers, "return-path").strip()
    if "return-path" in headers and return_path in ("<>", ""):
        return True
    if from_address.split("@", 1)[0] in _BOUNCE_LOCAL_PARTS:
        return True
    lowered = subject.strip().lower()
    return lowered.startswith(_AUTO_SUBJECT_PREFIXES)


def _is_loop(headers: dict[str, list[str]], from_address: str, own: frozenset[str]) -> bool:
    if from_address and from_address in own:
        return True
    if "x-deskpact-ticket" in headers:
        return True
    for value in headers.get("x-loop", []):
        named = {address.lower() for _, address in getaddresses([value]) if address}
        if named & own or any(address in value.lower() for address in own):
            return True
    return False


def _token(value: str) -> str:
    return value.split(";", 1)[0].split("(", 1)[0].strip().lower()
