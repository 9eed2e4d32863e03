from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from plancheck.findings import Severity
from plancheck.scan.base import ScanRule

_DATA = Path(__file__).parent / "data" / "shares.yaml"


@cache
def share_words() -> tuple[tuple[str, ...], tuple[str, ...]]:
    data = yaml.safe_load(_DATA.read_text("utf-8"))
    return tuple(data["inside"]), tuple(data["endings"])


def is_share(subject: str) -> bool:
    """Whether a figure's subject names a share of a whole (rules/data/shares.yaml)."""
    inside, endings = share_words()
    return subject.endswith(endings) or (any(w in subject for w in inside) and subject.endswith(("比重", "比例", "份额")))


class ScanPercentRange(ScanRule):
    """A share of a whole, in %, lies in [0, 100] — check's PC114 on a raw document.

    **What it does.** A percentage whose subject names a share (`占GDP比重`, `…占比`,
    `城镇化率`, `覆盖率` …: the words in rules/data/shares.yaml), and every `占Y比重Z%` share
    claim, must allow some value between 0 and 100 at its written precision (the same test as
    PC114: the written interval of `100.04%` is [100.035, 100.045], outside; `100.0%` touches 100
    and passes).

    **Why is this bad?** A share of 109.2% is a typo (19.2% or 10.92% with a stray digit or a lost
    point): no reading of the words makes a part larger than its whole.

    **Example (fails).** `数字经济核心产业增加值占GDP比重从2015年的6.4%上升至2020年的109.2%`.

    **Example (passes).** Jiaxing's published `…上升至2020年的9.2%`.

    **Readings considered.** Growth rates, indices, 贡献率 and 完成率 may exceed 100 and are
    never read as shares; a subject the word list does not name as a share is not checked.
    """

    code = "PC607"
    messages = ("out-of-range",)
    name = "scan-percent-range"
    severity = Severity.error

    def check_document(self, sd):
        seen: set[tuple] = set()
        figures = [(q.subject, q.number, q, q.year) for q in sd.claims.quantities if q.number.percent and is_share(q.subject)]
        figures += [(f"{s.subject}占{s.whole}比重", s.value, s, s.year) for s in sd.claims.shares if s.value is not None and s.value.percent]
        for subject, num, claim, year in figures:
            b = num.bound()
            outside = (b.lo is not None and b.lo > 100) or (b.hi is not None and b.hi < 0)
            if not outside or (claim.location, num.span) in seen:
                continue
            seen.add((claim.location, num.span))
            yield self.finding("out-of-range", plans=[sd.display], key=f"{sd.display}/{subject}/{year}/{num.text.strip()}",
                               facts=[sd.evidence(claim)],
                               values={"subject": subject, "stated": num.text.strip(), "allowed": "[0, 100]"})
