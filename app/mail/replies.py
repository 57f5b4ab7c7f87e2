"""The new text of a reply by mail: the quoted mail it answers and the sender's signature cut
off; pure: no IO, no Flask, no database.

mail-parser-reply finds the English clients' quote headers ("On … wrote:", Outlook's
From/Sent/To block, "-----Original Message-----") and Outlook's Chinese 发件人 block; the
patterns below add what Chinese clients write and that parser does not know (Foxmail's and
QQ Mail's "原始邮件" rule, Gmail's and the iPhone's "写道：" line, full-width colons), quoted
"> " lines, and the common signature separators.
"""

from __future__ import annotations

import re

from mailparser_reply import EmailReplyParser

# a line where the quoted mail starts (everything from it on is the old mail)
_QUOTE_STARTS = [
    # Foxmail / QQ Mail / old Outlook: "------------------ 原始邮件 ------------------"
    r"^\s*-{2,}\s*(?:原始邮件|原始郵件|Original(?: Message)?|回复的原邮件)\s*-{2,}\s*$",
    # Gmail zh: "张伟 <a@b> 于2026年12月3日周四 10:05写道："
    # iPhone zh: "在 2026年12月3日，10:05，张伟 <a@b> 写道："
    r"^\s*>?\s*(?:在\s*)?.{0,200}\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日.{0,200}写道\s*[：:]\s*$",
    # NetEase / Coremail: "在 2026-12-03 10:05:00，"张伟" <a@b> 写道："
    r"^\s*>?\s*在\s*\d{4}-\d{1,2}-\d{1,2}.{0,200}写道\s*[：:]\s*$",
    # a Chinese header block with full-width or ASCII colons: 发件人 then 发送时间/日期/收件人
    r"^\s*>?\s*\*?(?:发件人|寄件者)\s*\*?\s*[：:].*\n\s*>?\s*\*?(?:发送时间|时间|日期|收件人|寄件日期)\s*\*?\s*[：:]",
    # the English line split over two lines by Gmail: "On Thu, … <a@b>" / "wrote:"
    r"^\s*>?\s*On\s.{0,300}\n\s*>?\s*.{0,100}wrote:\s*$",
]
_QUOTE_START_RE = re.compile("|".join(f"(?:{p})" for p in _QUOTE_STARTS), re.MULTILINE)

# a signature starts at such a line and runs to the end of the reply
_SIGNATURE_STARTS = [
    r"^--\s*$",  # the standard "-- " separator (and its trimmed form)
    r"^[-_—=]{5,}\s*$",  # a rule of dashes or underscores (Outlook puts one above its block)
    r"^(?:Sent from my|Sent from |Get Outlook for)\s*.{0,60}$",
    r"^(?:发自我的|来自我的|从我的).{0,40}$",
]
_SIGNATURE_START_RE = re.compile("|".join(f"(?:{p})" for p in _SIGNATURE_STARTS), re.MULTILINE)
# a closing line alone ("Best regards," / "此致") followed only by a short name block
_CLOSING_RE = re.compile(
    r"^(?:best regards|kind regards|regards|best wishes|cheers|thanks|thank you|"
    r"此致|此致敬礼|敬礼|祝好|顺祝商祺|谢谢|多谢)\s*[,，.。!！]?\s*$",
    re.IGNORECASE,
)
_NAME_BLOCK_LINES = 4
_NAME_LINE_LENGTH = 60
_QUOTED_LINE_RE = re.compile(r"^\s*>")
_NBSP_RE = re.compile(r"&nbsp;|\u00a0|\u3000")


def reply_text(body: str) -> str:
    """The part of `body` its sender wrote now; the whole body when nothing is left after
    cutting (a forward, or a mail that only quotes)."""
    text = _NBSP_RE.sub(" ", body.replace("\r\n", "\n"))
    text = _before_quote(text)
    text = _without_quoted_lines(text)
    text = _before_signature(text).strip()
    return text or body.strip()


def _before_quote(text: str) -> str:
    cut = _QUOTE_START_RE.search(text)
    if cut is not None:
        text = text[: cut.start()]
    message = EmailReplyParser(languages=["zh", "en"]).read(text)
    if len(message.replies) > 1:  # it found a quote header the patterns above do not know
        return message.replies[0].full_body
    return text


def _without_quoted_lines(text: str) -> str:
    """Drop the "> " lines from the first quoted one on, when only quoting follows."""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        rest = lines[index:]
        if _QUOTED_LINE_RE.match(line) and all(
            _QUOTED_LINE_RE.match(other) or not other.strip() for other in rest
        ):
            return "\n".join(lines[:index])
    return text


def _before_signature(text: str) -> str:
    cut = _SIGNATURE_START_RE.search(text)
    if cut is not None and text[: cut.start()].strip():
        text = text[: cut.start()]
    return _before_closing(text)


def _before_closing(text: str) -> str:
    """Cut a closing line and the name block under it; a closing with more text after it
    ("Thanks, but it still fails") is part of the message."""
    lines = text.rstrip().split("\n")
    for index in range(len(lines) - 1, 0, -1):
        if not _CLOSING_RE.match(lines[index].strip()):
            continue
        after = [line for line in lines[index + 1 :] if line.strip()]
        short = all(len(line.strip()) <= _NAME_LINE_LENGTH for line in after)
        if len(after) <= _NAME_BLOCK_LINES and short:
            return "\n".join(lines[:index])
        break
    return text
