"""Turning response bytes into text, whatever the page claims its charset is.

Chinese sites still serve GBK, GB2312, GB18030 and Big5, and many declare the
wrong one (or none). The order of evidence is: byte-order mark, then the
declared charset (HTTP header, then ``<meta>``) *if the bytes decode cleanly
with it*, then detection. Legacy Chinese charsets are widened to their
supersets (GB2312/GBK → GB18030, Big5 → Big5-HKSCS) so rarer characters that
real pages contain still decode.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-:.]+)", re.IGNORECASE)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
WIDER = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "big5": "big5hkscs",
    "cp950": "big5hkscs",
}
# How far into a document a <meta charset> may appear (HTML spec: 1024 bytes; real pages are sloppier).
META_SCAN_BYTES = 4096


@dataclass(frozen=True)
class Decoded:
    """Decoded text and how the charset was decided."""

    text: str
    encoding: str
    source: str  # "bom", "header", "meta", "detected", "fallback"
    declared: str | None  # what the server or page claimed, if anything


def _normalise_name(name: str | None) -> str | None:
    if not name:
        return None
    try:
        codec = codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None
    return WIDER.get(codec, WIDER.get(name.strip().lower(), codec))


def header_charset(content_type: str | None) -> str | None:
    """The charset named in a ``Content-Type`` header, if any."""
    if not content_type:
        return None
    match = _HEADER_CHARSET.search(content_type)
    return match.group(1) if match else None


def meta_charset(body: bytes) -> str | None:
    """The charset named by a ``<meta>`` tag near the top of *body*, if any."""
    match = _META_CHARSET.search(body[:META_SCAN_BYTES])
    return match.group(1).decode("ascii", "replace") if match else None


def decode_html(body: bytes, content_type: str | None = None) -> Decoded:
    """Decode an HTML body; never raises on bad bytes."""
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return Decoded(body.decode(encoding, errors="replace"), encoding, "bom", None)
    declared_header = header_charset(content_type)
    declared_meta = meta_charset(body)
    declared = declared_header or declared_meta
    # Valid UTF-8 with non-ASCII bytes is UTF-8 whatever the declaration says:
    # GBK/Big5 text essentially never decodes as UTF-8, while UTF-8 bytes do
    # decode "successfully" (as mojibake) under a wrong GB18030 declaration.
    if not body.isascii():
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            said_utf8 = _normalise_name(declared) == "utf-8"
            return Decoded(
                text, "utf-8", ("header" if declared_header else "meta") if said_utf8 else "detected", declared
            )
    for source, name in (("header", declared_header), ("meta", declared_meta)):
        encoding = _normalise_name(name)
        if encoding:
            try:
                return Decoded(body.decode(encoding), encoding, source, declared)
            except UnicodeDecodeError:
                continue  # a wrong declaration: fall through to detection
    if body.isascii():
        return Decoded(body.decode("ascii"), "ascii", "detected", declared)
    best = from_bytes(body, cp_isolation=["gb18030", "big5hkscs", "utf_8", "cp1252"]).best()
    encoding = _normalise_name(best.encoding) if best else None
    if encoding:
        return Decoded(body.decode(encoding, errors="replace"), encoding, "detected", declared)
    return Decoded(body.decode("utf-8", errors="replace"), "utf-8", "fallback", declared)
