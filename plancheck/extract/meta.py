"""A document's own particulars: title, issuers, document number, issue date, period, vision year
and the documents it names as its basis (根据《...》). Part of the one claim extractor; used by
`plancheck draft` to fill a plan file's top level.

Every field keeps the verbatim text it was read from (`quote`), and `sure` says whether the
reading is unambiguous; a drafter marks an unsure field for review instead of guessing.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

_DASH = r"[—–\-－~～至到]"
_DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_ISO = re.compile(r"((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})")
_DOCNO = re.compile(r"[\u4e00-\u9fff]{1,8}[〔\[［(（]\s*((?:19|20)\d{2})\s*[〕\]］)）]\s*\d{1,4}\s*号")
_PERIOD = re.compile(r"((?:19|20)\d{2})\s*年?\s*" + _DASH + r"+\s*((?:19|20)\d{2})\s*年")
_VISION = re.compile(r"(?:展望|远景(?:目标)?(?:展望)?)\s*(?:到|至)?\s*((?:19|20)\d{2}|二[〇○零]\S{2}?)\s*年")
_VISION_WORDS = re.compile(r"(二[〇○零][一二三四五][〇○零五])\s*年远景目标")
_BASIS_SENTENCE = re.compile(r"(?:根据|依据|按照|贯彻落实)([^。；;]*?《[^》]+》[^。；;]*)")
_TITLE_WORDS = ("规划", "意见", "方案", "计划", "纲要", "公报", "通知", "办法")
_ISSUER_END = re.compile(r"(人民政府办公厅|人民政府办公室|人民政府|委员会|办公厅|办公室|[厅局委办]|市委|省委|县委|区委|调查队|统计局)$")
_CN_DIGITS = {"〇": "0", "○": "0", "零": "0", "一": "1", "二": "2", "三": "3", "四": "4", "五": "5",
              "六": "6", "七": "7", "八": "8", "九": "9"}


@dataclass(frozen=True)
class Field:
    value: object
    quote: str
    line: int
    sure: bool = True
    note: str = ""


@dataclass
class Meta:
    title: Field | None = None
    issuers: list[Field] = field(default_factory=list)
    document_number: Field | None = None
    issued: Field | None = None  # value: "YYYY-MM-DD"
    period: Field | None = None  # value: (start, end)
    vision_year: Field | None = None
    bases: list[Field] = field(default_factory=list)  # value: the title inside 《》
    report_year: Field | None = None  # a statistical bulletin's year (`…2019年…统计公报`): value: the year


def _nfkc(s: str) -> str:
    return unicodedata.normalize("NFKC", s)


def _lines(text: str) -> list[tuple[int, str]]:
    return [(i, line.strip()) for i, line in enumerate(text.splitlines(), 1) if line.strip()]


def _title(lines: list[tuple[int, str]]) -> Field | None:
    """The first short line that names a kind of document and is not a covering notice
    (关于印发…的通知): the document itself. Falls back to the notice's inner title."""
    for i, line in lines[:60]:
        s = line.strip("《》 ")
        if 6 <= len(s) <= 60 and s.endswith(_TITLE_WORDS) and not s.endswith("通知") and "印发" not in s \
                and not re.search(r"[，,。:：;；]", s):
            return Field(s, s, i)
    for i, line in lines[:60]:
        m = re.search(r"印发《?(.+?)》?的通知", line)
        if m:
            return Field(m.group(1), m.group(1), i, sure=False, note="taken from the covering notice")
    return None


def _issuers(lines: list[tuple[int, str]], issued_line: int | None, title: str | None) -> list[Field]:
    """The signature above the issue date (one line, issuers separated by spaces), else the
    issuer named before 关于 in the notice's title."""
    if issued_line is not None:
        before = [(i, line) for i, line in lines if i < issued_line][-3:]
        for i, line in reversed(before):
            names = [n for n in re.split(r"\s{2,}|\s+(?=[\u4e00-\u9fff])", line.strip()) if n]
            if names and all(_ISSUER_END.search(n) and len(n) <= 20 for n in names):
                return [Field(n, n, i) for n in names]
    for i, line in lines[:30]:
        m = re.match(r"(.{2,30}?)关于(?:印发|建设|加快|推进|进一步)", line)
        if m:
            names = [n for n in re.split(r"\s+", m.group(1).strip()) if n]
            if names and all(_ISSUER_END.search(n) for n in names):
                return [Field(n, n, i, sure=len(names) == 1) for n in names]
    return []


def _year_words(s: str) -> int | None:
    digits = "".join(_CN_DIGITS.get(ch, "") for ch in s)
    return int(digits) if len(digits) == 4 else None


def extract_meta(text: str) -> Meta:
    """The particulars of a document's text (one block per line)."""
    lines = _lines(text)
    meta = Meta()
    meta.title = _title(lines)
    if meta.title and meta.title.value.endswith("公报") and (m := re.search(r"((?:19|20)\d{2})\s*年", meta.title.value)):
        meta.report_year = Field(int(m.group(1)), m.group(0), meta.title.line)  # a bulletin reports one year
    for i, line in lines:
        if meta.document_number is None and (m := _DOCNO.search(line)):
            meta.document_number = Field(re.sub(r"\s+", "", m.group(0)), m.group(0), i)
        if meta.issued is None and (m := _DATE.search(line)) and len(line) <= 20:
            y, mo, d = (int(x) for x in m.groups())
            meta.issued = Field(f"{y:04d}-{mo:02d}-{d:02d}", m.group(0), i)
    if meta.issued is None:  # a publication date (发布日期:2016-09-02) is less sure than a signed date
        for i, line in lines[:40]:
            if (m := _ISO.search(line)) and ("发布" in line or "日期" in line):
                y, mo, d = (int(x) for x in m.groups())
                meta.issued = Field(f"{y:04d}-{mo:02d}-{d:02d}", m.group(0), i, sure=False, note="a publication date")
                break
    meta.issuers = _issuers(lines, meta.issued.line if meta.issued else None, meta.title.value if meta.title else None)
    for i, line in lines:
        m = _PERIOD.search(line)
        if m and ("期限" in line or "规划期" in line or "时限" in line):
            a, b = int(m.group(1)), int(m.group(2))
            if a < b:
                meta.period = Field((a, b), m.group(0), i)
                break
    for i, line in lines:
        if (m := _VISION.search(line)):
            y = int(m.group(1)) if m.group(1).isdigit() else _year_words(m.group(1))
            if y:
                meta.vision_year = Field(y, m.group(0), i)
                break
        if (m := _VISION_WORDS.search(line)) and (y := _year_words(m.group(1))):
            meta.vision_year = Field(y, m.group(0), i, sure=False, note="from a title naming 远景目标")
            break
    seen: set[str] = set()
    first_section = next((i for i, line in lines if re.match(r"^[一二三四五六七八九十]+\s*[、.．]", line)), None)
    for i, line in lines:
        if first_section is not None and i >= first_section:
            break  # bases are named in the preamble; a 根据《...》 in a section is a task
        for sm in _BASIS_SENTENCE.finditer(line):
            for bm in re.finditer(r"《([^》]+)》", sm.group(1)):
                title = bm.group(1).strip()
                if title and title not in seen and title != (meta.title.value if meta.title else None):
                    seen.add(title)
                    meta.bases.append(Field(title, bm.group(0), i))
        if meta.bases:
            break  # the first sentence naming its bases; later 根据《...》 are tasks, not bases
    return meta
