"""What is kept of a reply by mail: the sender's new text, without the quoted mail below it
or the signature (pure; samples from Outlook, Foxmail, QQ Mail, Gmail and phone clients)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.mail.replies import reply_text
from tests.mail.reply_samples import SAMPLES


@pytest.mark.parametrize(("body", "expected"), SAMPLES.values(), ids=list(SAMPLES))
def test_the_reply_keeps_only_what_the_sender_wrote_now(body, expected):
    assert reply_text(body) == expected


def test_a_mail_that_only_quotes_keeps_its_whole_text():
    forwarded = (
        "-----原始邮件-----\n发件人: 李娜\n发送时间: 2026年12月3日 10:05\n主题: 打印机\n\n坏了"
    )
    assert reply_text(forwarded) == forwarded


def test_crlf_line_ends_are_read_like_plain_ones():
    body, expected = SAMPLES["outlook_en"]
    assert reply_text(body.replace("\n", "\r\n")) == expected


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_any_text_gives_a_part_of_itself_never_an_error(text):
    kept = reply_text(text)
    assert kept == text.strip() or len(kept) <= len(text)
