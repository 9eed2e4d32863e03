"""Plain text in UTF-8 (with or without BOM), UTF-16 (BOM), GB18030/GBK, Big5 ...

UTF-8 is tried first (strict): it is the common case and no detector guesses it better. Other
bytes go to charset-normalizer; the encoding used is reported on the document. Hard-wrapped
lines are joined into paragraphs (readers.paragraphs); each block keeps its lines' numbers.
"""

from __future__ import annotations

import codecs

from plancheck.readers.base import Block, Document, Location, ReadError
from plancheck.readers.paragraphs import paragraphs

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode(raw: bytes) -> tuple[str, str]:
    """(text, encoding) of raw bytes; ReadError when no encoding reads them."""
    for bom, enc in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(enc), enc
            except UnicodeDecodeError as e:
                raise ReadError(f"the file starts with a {enc} byte-order mark but is not {enc}: {e.reason} at byte {e.start}") from e
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(raw, cp_isolation=None).best()
    if best is None:
        raise ReadError("cannot tell the text encoding (not UTF-8, UTF-16, GB18030 or another known encoding); is it a text file?")
    enc = best.encoding
    if enc in ("gb2312", "gbk"):
        enc = "gb18030"  # a superset: reads every GBK/GB2312 text, and more
    try:
        text = raw.decode(enc)
    except (UnicodeDecodeError, LookupError) as e:
        raise ReadError(f"cannot decode the text as {enc}: {e}") from e
    return text, enc


def read(raw: bytes, display: str) -> Document:
    if b"\x00" in raw[:4096] and not any(raw.startswith(b) for b, _ in _BOMS):
        # UTF-16 without a BOM, or a binary file: only the detector can tell
        text, enc = decode(raw)
        if "\x00" in text:
            raise ReadError("binary data, not a text file")
    else:
        text, enc = decode(raw)
    blocks = [Block(t, Location(line=no, line_starts=starts if len(starts) > 1 else ()))
              for t, no, starts in paragraphs(text.splitlines())]
    title = next((b.text.strip() for b in blocks if b.text.strip()), None)
    return Document(display, "txt", blocks, [], enc, title)
