"""Decode mail header text and body bytes: RFC 2047 words, declared charsets, GBK fallback."""

from __future__ import annotations

import base64
import binascii
import codecs
import re

ENCODED_WORD_RE = re.compile(r"=\?([^?\s]+)\?([QqBb])\?([^?\s]*)\?=")

# Mail labelled with the older Chinese charsets is routinely GBK or GB18030 in practice;
# GB18030 is a superset of both, so decoding with it never loses a character.
_CHARSET_ALIASES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "ms936": "gb18030",
    "windows-936": "gb18030",
    "euc-cn": "gb18030",
    "x-euc-cn": "gb18030",
    "csgb2312": "gb18030",
    "gb_2312-80": "gb18030",
    "iso-ir-58": "gb18030",
    "chinese": "gb18030",
}
_FALLBACK_CHARSETS = ("utf-8", "gb18030")


def decode_header_text(value: str, defects: list[str] | None = None) -> str:
    """Decode a raw header value: RFC 2047 words, raw 8-bit UTF-8 or GBK, folded lines."""
    value = re.sub(r"\r?\n(?=[ \t])", "", value).replace("\r", "").replace("\n", "")
    pieces: list[tuple[bytes, str | None]] = []
    position = 0
    for match in ENCODED_WORD_RE.finditer(value):
        between = value[position : match.start()]
        # RFC 2047: whitespace between two adjacent encoded words is not displayed.
        if between and not (between.isspace() and pieces and pieces[-1][1] is not None):
            pieces.append((_to_bytes(between), None))
        charset = match.group(1).split("*", 1)[0].lower()
        data = _decode_word(match.group(2), match.group(3), defects)
        if data is None:
            pieces.append((_to_bytes(match.group(0)), None))
        elif pieces and pieces[-1][1] == charset:
            # Merge so a multibyte character split across two words decodes whole.
            pieces[-1] = (pieces[-1][0] + data, charset)
        else:
            pieces.append((data, charset))
        position = match.end()
    if position < len(value):
        pieces.append((_to_bytes(value[position:]), None))
    return "".join(decode_bytes(data, charset, defects) for data, charset in pieces)


def decode_bytes(data: bytes, charset: str | None, defects: list[str] | None = None) -> str:
    """Decode bytes in the declared charset, falling back to UTF-8 then GB18030."""
    declared = (charset or "").strip().strip('"').lower()
    codecs_to_try: list[str] = []
    if declared:
        if _known(_CHARSET_ALIASES.get(declared, declared)):
            codecs_to_try.append(_CHARSET_ALIASES.get(declared, declared))
        elif defects is not None:
            defects.append(f"unknown charset {declared!r}")
    codecs_to_try += [c for c in _FALLBACK_CHARSETS if c not in codecs_to_try]
    for codec in codecs_to_try:
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    if defects is not None:
        defects.append(f"undecodable text in charset {declared or 'unspecified'!r}")
    return data.decode(codecs_to_try[0], "replace")


def _known(codec: str) -> bool:
    try:
        codecs.lookup(codec)
    except LookupError:
        return False
    return True


def _to_bytes(text: str) -> bytes:
    # Raw 8-bit header bytes arrive as surrogate escapes; real characters become UTF-8.
    return text.encode("utf-8", "surrogateescape")


def _decode_word(encoding: str, text: str, defects: list[str] | None) -> bytes | None:
    try:
        if encoding in "Bb":
            return base64.b64decode(text + "=" * (-len(text) % 4))
        return binascii.a2b_qp(text.encode("ascii", "replace"), header=True)
    except (binascii.Error, ValueError):
        if defects is not None:
            defects.append(f"undecodable encoded word {text[:40]!r}")
        return None
