"""Source texts: normalised matching of quotes, with the line each quote starts on.

Matching is on a normalised form: NFKC (full-width digits and punctuation become half-width),
curly quotes folded to straight ones, and all whitespace removed. Normalisation is for matching
only; the texts themselves are never changed.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from plancheck.safeio import read_regular
from plancheck.vocab import fold


def normalize_char(ch: str) -> str:
    return fold(ch)


@lru_cache(maxsize=1 << 16)
def normalize(text: str) -> str:
    """The matching form of a text: NFKC, folded quotes and dashes, no whitespace (memoised)."""
    return "".join(c for c in fold(text) if not c.isspace())


def normalize_spaced(text: str) -> str:
    """NFKC and folded quotes, whitespace kept (collapsed): for reading numbers."""
    return re.sub(r"\s+", " ", fold(text)).strip()


@dataclass
class SourceText:
    path: Path
    raw: bytes

    @classmethod
    def read(cls, path: Path) -> SourceText:
        """Read a source text; plans citing the same file share one normalised index."""
        st = path.stat()
        return _read_cached(str(path.resolve()), st.st_size, st.st_mtime_ns)

    @cached_property
    def text(self) -> str:
        return self.raw.decode("utf-8")

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.raw).hexdigest()

    @cached_property
    def _index(self) -> tuple[str, list[int]]:
        """The normalised text and, for each of its characters, the 1-based source line."""
        # each distinct character's matching form without whitespace (normalize_char is per
        # character), applied to each line by str.translate
        table = {ord(ch): "".join(c for c in normalize_char(ch) if not c.isspace()) for ch in set(self.text)}
        chars: list[str] = []
        lines: list[int] = []
        for line, text in enumerate(self.text.split("\n"), 1):
            norm = (text if line == 1 else "\n" + text).translate(table)  # a newline belongs to the line it opens
            chars.append(norm)
            lines.extend([line] * len(norm))
        return "".join(chars), lines

    def find(self, quote: str) -> list[int]:
        """1-based lines where the quote starts (every occurrence); memoised per quote."""
        cache = self.__dict__.setdefault("_found", {})
        if quote not in cache:
            cache[quote] = self._find(quote)
        return cache[quote]

    def _find(self, quote: str) -> list[int]:
        hay, lines = self._index
        needle = normalize(quote)
        if not needle:
            return []
        out = []
        i = hay.find(needle)
        while i >= 0:
            out.append(lines[i])
            i = hay.find(needle, i + 1)
        return out

    def spans(self, quote: str) -> list[tuple[int, int]]:
        """(start, end) of every occurrence of the quote in the normalised text."""
        hay, _ = self._index
        needle = normalize(quote)
        out, i = [], hay.find(needle) if needle else -1
        while i >= 0:
            out.append((i, i + len(needle)))
            i = hay.find(needle, i + 1)
        return out

    @property
    def normalized(self) -> str:
        return self._index[0]

    def line_at(self, pos: int) -> int:
        return self._index[1][pos]

@lru_cache(maxsize=256)
def _read_cached(path: str, size: int, mtime_ns: int) -> SourceText:
    return SourceText(Path(path), read_regular(path))  # checked regular by the caller; read so, too


_NUM = re.compile(r"\d+(?:\.\d+)?")


def number_in_quote(literal: str, quote: str) -> str:
    """Where a number's written literal stands in a quote.

    Returns "token" when it stands as a number of its own, "run" when it occurs only inside a
    longer run of digits (table cells run together), "absent" otherwise.
    """
    q = normalize_spaced(quote)
    for m in _NUM.finditer(q):
        if m.group(0) == literal:
            return "token"
    compact = normalize(quote)
    for m in re.finditer(re.escape(literal), compact):
        before = compact[m.start() - 1] if m.start() > 0 else ""
        after = compact[m.end():m.end() + 2]
        if before != "." and not re.match(r"\.\d", after):
            return "run"  # digits run on, but no decimal point splits this literal
    return "absent"
