"""Parsing incoming mail: charsets, bodies, attachments, ticket numbers, auto-replies, loops."""

import base64

import pytest

from app.mail.decoding import decode_header_text
from app.mail.inbound import (
    TICKET_NUMBER_RE,
    find_ticket_number,
    html_to_text,
    parse_message,
    synthetic_message_id,
    without_signed_links,
)

OWN = frozenset({"desk@example.test", "Noreply@Example.test"})


def _b64(text: str, charset: str) -> str:
    return base64.b64encode(text.encode(charset)).decode("ascii")


def _b64_bytes(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


_PRINTER = "打印机".encode()


def _message(*headers: str, body: str = "Hello", extra: bytes = b"") -> bytes:
    head = "\r\n".join(headers)
    return head.encode("ascii") + b"\r\n\r\n" + body.encode("ascii") + extra


PLAIN = _message(
    "From: Alice Example <Alice@Customer.test>",
    "To: desk@example.test",
    "Subject: Printer on floor 3 is jammed",
    "Message-ID: <abc123@customer.test>",
    "Date: Mon, 05 Jan 2026 09:00:00 +0800",
    body="The printer shows error E-51.\r\nPlease help.\r\n",
)


def test_plain_message() -> None:
    mail = parse_message(PLAIN, own_addresses=OWN)
    assert mail.message_id == "<abc123@customer.test>"
    assert mail.from_address == "alice@customer.test"
    assert mail.from_name == "Alice Example"
    assert mail.subject == "Printer on floor 3 is jammed"
    assert mail.body_text == "The printer shows error E-51.\nPlease help."
    assert mail.in_reply_to is None
    assert mail.references == ()
    assert mail.ticket_number is None
    assert mail.attachments == ()
    assert not mail.is_auto_reply
    assert not mail.is_loop
    assert mail.defects == ()


def test_html_only_message_is_reduced_to_text() -> None:
    raw = _message(
        "From: bob@customer.test",
        "Subject: HTML only",
        "Message-ID: <html@customer.test>",
        "MIME-Version: 1.0",
        "Content-Type: text/html; charset=utf-8",
        body=(
            "<html><head><style>p {color: red}</style><title>x</title></head><body>"
            "<p>Line&nbsp;one &amp; more</p><div>Line two<br>Line three</div>"
            "<script>alert(1)</script></body></html>"
        ),
    )
    mail = parse_message(raw, own_addresses=OWN)
    assert mail.body_text == "Line one & more\n\nLine two\nLine three"


def test_alternative_prefers_plain_text() -> None:
    raw = _message(
        "From: bob@customer.test",
        "Subject: both",
        "Message-ID: <alt@customer.test>",
        "MIME-Version: 1.0",
        'Content-Type: multipart/alternative; boundary="b1"',
        body=(
            "--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nplain body\r\n"
            "--b1\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>html body</p>\r\n"
            "--b1--\r\n"
        ),
    )
    assert parse_message(raw, own_addresses=OWN).body_text == "plain body"


def test_gbk_chinese_subject_name_and_body() -> None:
    # 镕 and 堃 exist in GBK but not in GB2312: mislabelled mail must still decode.
    subject = "打印机无法连接（镕堃）"
    body = "您好，三楼打印机无法连接网络。\r\n谢谢！"
    raw = _message(
        f"From: =?GB2312?B?{_b64('张三', 'gbk')}?= <zhangsan@customer.test>",
        f"Subject: =?GB2312?B?{_b64(subject, 'gbk')}?=",
        "Message-ID: <gbk@customer.test>",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=gb2312",
        "Content-Transfer-Encoding: base64",
        body=_b64(body, "gbk"),
    )
    mail = parse_message(raw, own_addresses=OWN)
    assert mail.subject == subject
    assert mail.from_name == "张三"
    assert mail.from_address == "zhangsan@customer.test"
    assert mail.body_text == body.replace("\r\n", "\n")


def test_raw_8bit_gb18030_headers_and_body() -> None:
    raw = (
        "From: 李四 <lisi@customer.test>\r\nSubject: 回复: [INC-2026-000123] 网络故障\r\n"
        "Message-ID: <raw8@customer.test>\r\nContent-Type: text/plain; charset=GB18030\r\n"
        "Content-Transfer-Encoding: 8bit\r\n\r\n网络已恢复。\r\n"
    ).encode("gb18030")
    mail = parse_message(raw, own_addresses=OWN)
    assert mail.from_name == "李四"
    assert mail.subject == "回复: [INC-2026-000123] 网络故障"
    assert mail.ticket_number == "INC-2026-000123"
    assert mail.body_text == "网络已恢复。"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=?utf-8?B?5omT5Y2w5py6?=", "打印机"),
        ("=?UTF-8?Q?caf=C3=A9_au_lait?=", "café au lait"),
        ("Re: =?utf-8?B?5omT?= =?utf-8?B?5Y2w5py6?=", "Re: 打印机"),
        # One UTF-8 character split across two encoded words.
        (
            f"=?utf-8?B?{_b64_bytes(_PRINTER[:4])}?= =?utf-8?B?{_b64_bytes(_PRINTER[4:])}?=",
            "打印机",
        ),
        (
            "=?gbk?B?" + _b64("工单", "gbk") + "?=\r\n =?gbk?B?" + _b64("已关闭", "gbk") + "?=",
            "工单已关闭",
        ),
        ("=?x-unknown?Q?abc?=", "abc"),
        ("plain ascii", "plain ascii"),
    ],
)
def test_decode_header_text(value: str, expected: str) -> None:
    assert decode_header_text(value) == expected


def _multipart_with_attachments() -> bytes:
    pdf = base64.b64encode(b"%PDF-1.4 fake").decode()
    png = base64.b64encode(b"\x89PNG\r\n\x1a\nfake").decode()
    return (
        "From: carol@customer.test\r\nSubject: screenshot attached\r\n"
        "Message-ID: <att@customer.test>\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/mixed; boundary="outer"\r\n\r\n'
        "--outer\r\n"
        'Content-Type: multipart/related; boundary="inner"\r\n\r\n'
        "--inner\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
        '<p>See <img src="cid:img1"></p>\r\n'
        "--inner\r\nContent-Type: image/png\r\nContent-ID: <img1>\r\n"
        "Content-Disposition: inline\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        f"{png}\r\n"
        "--inner--\r\n"
        '--outer\r\nContent-Type: application/pdf; name="report.pdf"\r\n'
        "Content-Disposition: attachment; filename*=utf-8''%E6%8A%A5%E5%91%8A.pdf\r\n"
        f"Content-Transfer-Encoding: base64\r\n\r\n{pdf}\r\n"
        "--outer--\r\n"
    ).encode("ascii")


def test_attachments_and_inline_images_are_kept() -> None:
    mail = parse_message(_multipart_with_attachments(), own_addresses=OWN)
    assert mail.body_text == "See"
    assert [(a.filename, a.content_type) for a in mail.attachments] == [
        ("attachment-1.png", "image/png"),
        ("报告.pdf", "application/pdf"),
    ]
    assert mail.attachments[0].data == b"\x89PNG\r\n\x1a\nfake"
    assert mail.attachments[1].data == b"%PDF-1.4 fake"


def test_reply_threading_headers_and_ticket_number() -> None:
    raw = _message(
        "From: Alice <alice@customer.test>",
        "Subject: Re: [INC-2026-000123] Printer on floor 3 is jammed",
        "Message-ID: <reply@customer.test>",
        "In-Reply-To: <notify-1@example.test> (Deskpact's message)",
        "References: <notify-0@example.test>\r\n <notify-1@example.test>",
    )
    mail = parse_message(raw, own_addresses=OWN)
    assert mail.ticket_number == "INC-2026-000123"
    assert mail.in_reply_to == "<notify-1@example.test>"
    assert mail.references == ("<notify-0@example.test>", "<notify-1@example.test>")


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("Re: [INC-2026-000123] Printer", "INC-2026-000123"),
        ("回复：[REQ-2026-000045] 新账号", "REQ-2026-000045"),
        ("Fwd: INS-2026-000007 inspection report", "INS-2026-000007"),
        ("关于INC-2026-000123的问题", "INC-2026-000123"),
        ("Re:[INC-2026-000123]", "INC-2026-000123"),
        ("About INC-2026-000001, see [REQ-2026-000002]", "REQ-2026-000002"),
        ("[INC-26-000123] short year", None),
        ("INC-2026-0001234 seven digits", None),
        ("XINC-2026-000123 glued prefix", None),
        ("[CHG-2026-000123] other prefix", None),
        ("no ticket here", None),
    ],
)
def test_find_ticket_number(subject: str, expected: str | None) -> None:
    assert find_ticket_number(subject) == expected


def test_ticket_number_regex_is_exposed() -> None:
    assert TICKET_NUMBER_RE.fullmatch("REQ-2026-000045")
    assert not TICKET_NUMBER_RE.fullmatch("REQ-2026-45")


@pytest.mark.parametrize(
    "headers",
    [
        ("Auto-Submitted: auto-replied",),
        ("Auto-Submitted: auto-generated; owner-email=x@y.test",),
        ("X-Autoreply: yes",),
        ("X-Autorespond: Out of office",),
        ("Precedence: bulk",),
        ("Precedence: junk",),
        ("Precedence: auto_reply",),
        ("Precedence: list",),
        ("X-Auto-Response-Suppress: All",),
        ("X-Auto-Response-Suppress: DR, OOF, AutoReply",),
        ("Return-Path: <>",),
        ("Subject: Auto: Printer on floor 3",),
        ("Subject: Automatic reply: Printer on floor 3",),
        ("Subject: 自动回复: 打印机",),
        ("Subject: Out of Office: back Monday",),
        ("From: MAILER-DAEMON@mx.customer.test",),
        ("From: Mail Delivery System <postmaster@customer.test>",),
        ('Content-Type: multipart/report; report-type=delivery-status; boundary="r"',),
    ],
)
def test_auto_replies_are_recognised(headers: tuple[str, ...]) -> None:
    names = {h.split(":", 1)[0].lower() for h in headers}
    base = [
        "From: alice@customer.test",
        "Subject: hello",
        "Message-ID: <auto@customer.test>",
    ]
    lines = [h for h in base if h.split(":", 1)[0].lower() not in names] + list(headers)
    raw = "\r\n".join(lines).encode("utf-8") + b"\r\n\r\nI am away.\r\n"
    assert parse_message(raw, own_addresses=OWN).is_auto_reply


@pytest.mark.parametrize(
    "header",
    [
        "Auto-Submitted: no",
        "X-Auto-Response-Suppress: DR, RN",
        "Precedence: first-class",
        "Return-Path: <alice@customer.test>",
    ],
)
def test_ordinary_mail_is_not_an_auto_reply(header: str) -> None:
    raw = _message("From: alice@customer.test", "Subject: hello", header)
    assert not parse_message(raw, own_addresses=OWN).is_auto_reply


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (("From: Deskpact <desk@example.test>",), True),
        (("From: NOREPLY@example.test",), True),
        (("From: alice@customer.test", "X-Deskpact-Ticket: INC-2026-000123"), True),
        (("From: alice@customer.test", "X-Loop: desk@example.test"), True),
        (("From: alice@customer.test", "X-Loop: Deskpact <noreply@example.test>"), True),
        (("From: alice@customer.test", "X-Loop: helpdesk@other.test"), False),
        (("From: alice@customer.test",), False),
    ],
)
def test_loop_detection(headers: tuple[str, ...], expected: bool) -> None:
    raw = _message(*headers, "Subject: hi")
    assert parse_message(raw, own_addresses=OWN).is_loop is expected


@pytest.mark.parametrize(
    "raw",
    [
        # multipart without a boundary parameter
        _message(
            "From: a@customer.test",
            "Subject: broken",
            "MIME-Version: 1.0",
            "Content-Type: multipart/mixed",
            body="--x\r\nContent-Type: text/plain\r\n\r\nstill readable\r\n--x--\r\n",
        ),
        # boundary declared but never used, then truncated
        _message(
            "From: a@customer.test",
            "Subject: broken",
            'Content-Type: multipart/mixed; boundary="never"',
            body="still readable",
        ),
        # invalid base64 and an unknown charset
        _message(
            "From: a@customer.test",
            "Subject: =?bogus?B?!!!?=",
            "Content-Type: text/plain; charset=klingon",
            "Content-Transfer-Encoding: base64",
            body="c3RpbGwgcmVhZGFibGU*!!",
        ),
        b"\x00\xff\xfe garbage without any header separator \x80\x81",
        b"",
        b"From: \r\nSubject\r\n: \r\n\r\n\xff",
        b'Content-Type: text/plain; charset="\r\nFrom: <<>>@@\r\n\r\nbody',
    ],
)
def test_malformed_mime_does_not_raise(raw: bytes) -> None:
    mail = parse_message(raw, own_addresses=OWN)
    assert mail.defects
    assert mail.message_id == synthetic_message_id(raw)
    assert isinstance(mail.body_text, str)


def test_missing_boundary_keeps_what_was_readable() -> None:
    raw = _message(
        "From: a@customer.test",
        "Subject: broken",
        "Content-Type: multipart/mixed",
        body="--x\r\nContent-Type: text/plain\r\n\r\nstill readable\r\n--x--\r\n",
    )
    mail = parse_message(raw, own_addresses=OWN)
    assert "still readable" in mail.body_text
    assert any("Boundary" in defect for defect in mail.defects)


def test_unusable_from_leaves_address_empty() -> None:
    for value in ("From: undisclosed-recipients:;", "From: not an address", "X-No-From: 1"):
        mail = parse_message(_message(value, "Subject: who?"), own_addresses=OWN)
        assert mail.from_address == ""
        assert mail.defects


def test_missing_message_id_is_synthesized_stably() -> None:
    raw = _message("From: a@customer.test", "Subject: no id")
    first = parse_message(raw, own_addresses=OWN)
    again = parse_message(raw, own_addresses=OWN)
    other = parse_message(raw + b"!", own_addresses=OWN)
    assert first.message_id == again.message_id == synthetic_message_id(raw)
    assert first.message_id.startswith("<") and first.message_id.endswith("@deskpact.invalid>")
    assert other.message_id != first.message_id
    assert any("Message-ID" in defect for defect in first.defects)


def test_nul_characters_and_path_filenames_are_cleaned() -> None:
    raw = _message(
        "From: a@customer.test",
        "Subject: nul",
        "MIME-Version: 1.0",
        'Content-Type: multipart/mixed; boundary="b"',
        body=(
            "--b\r\nContent-Type: text/plain\r\n\r\nbefore\x00after\r\n"
            "--b\r\nContent-Type: application/octet-stream\r\n"
            'Content-Disposition: attachment; filename="../../evil.exe"\r\n\r\nMZ\r\n'
            "--b--\r\n"
        ),
    )
    mail = parse_message(raw, own_addresses=OWN)
    assert mail.body_text == "beforeafter"
    assert mail.attachments[0].filename == "evil.exe"


def test_html_to_text_tolerates_broken_markup() -> None:
    assert html_to_text("<p>open <b>bold<div>x</p></i>&amp") == "open bold\nx\n&"


def test_signed_links_are_removed_from_the_text():
    paths = ["/c/approve/", "/s/", "/t/confirm/"]
    text = (
        "Approve: https://desk.example/c/approve/eyJ.abc-1_2 (or reject)\n"
        "Rate: <HTTP://Desk.example/s/tok3n?rating=5>\n"
        "kept: https://desk.example/tickets/INC-1 https://other.example/s/x /t/confirm/y"
    )
    assert without_signed_links(text, "https://desk.example", paths) == (
        "Approve: [one-click link removed] (or reject)\n"
        "Rate: <[one-click link removed]>\n"
        "kept: https://desk.example/tickets/INC-1 https://other.example/s/x /t/confirm/y"
    )
    assert without_signed_links(text, "https://desk.example", []) == text
