"""Waivers: known mistakes in the published documents, each with its reason.

    # waivers.yaml
    waivers:
      - id: PC101-1a2b3c4d5e        # the finding's id from reports/report.json
        reason: "The published plan states 16.6%; the endpoints give 18.4%. Reported to the drafters."
        date: 2026-11-23
        plans: [jiaxing-de-2021]      # optional: the plans the finding is about
      - id: PC103-0a1b2c3d4e
        reason:                       # or the reason in both languages: each report shows its own
          zh: "已发布的规划写作16.6%，按起止数值计算为18.4%。已告知起草方。"
          en: "The published plan states 16.6%; the endpoints give 18.4%. Reported to the drafters."
        date: 2026-11-23

A waived finding stays in the report, marked waived, and does not fail the check. A waiver that
matches no finding is reported as a warning (rule PC000), so stale waivers do not pile up; a
waiver whose `plans` were not all checked (`plancheck check plans/one.yaml`) is not stale.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from plancheck import yamlsrc
from plancheck.loader import InputError, dotted
from plancheck.safeio import read_regular


class Reason(BaseModel):
    """A waiver's reason in both report languages."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    zh: str = Field(min_length=6, description="the reason in Chinese (the zh report shows it)")
    en: str = Field(min_length=10, description="the reason in English (the en report shows it)")


class Waiver(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^PC\d{3}-[0-9a-f]{10}$")
    reason: str | Reason = Field(union_mode="left_to_right", description="one text, or {zh: ..., en: ...}")
    date: dt.date
    plans: list[str] = Field(default_factory=list, description="the plans the waived finding is about")

    @field_validator("reason")
    @classmethod
    def _long_enough(cls, v: str | Reason) -> str | Reason:
        if isinstance(v, str) and len(v.strip()) < 10:
            raise ValueError("a waiver's reason says why in at least 10 characters")
        return v

    def reason_in(self, lang: str) -> str:
        """The reason in `lang` (a one-language reason reads the same in both reports)."""
        if isinstance(self.reason, Reason):
            return self.reason.zh if lang == "zh" else self.reason.en
        return self.reason


class WaiverFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    waivers: list[Waiver] = Field(default_factory=list)


@dataclass
class LoadedWaivers:
    waivers: list[Waiver]
    lines: dict[str, int]
    path: str | None
    columns: dict[str, int] = field(default_factory=dict)  # id -> the column its entry starts at


def load(path: Path | None, display: str | None = None) -> tuple[LoadedWaivers, list[InputError]]:
    if path is None or not path.exists():
        return LoadedWaivers([], {}, None), []
    display = display or str(path)
    if path.is_dir():
        return LoadedWaivers([], {}, display), [InputError(display, None, None, "", "is a folder, not a waivers file")]
    try:
        raw = read_regular(path)
        text = raw.decode("utf-8")
    except OSError as e:
        return LoadedWaivers([], {}, display), [InputError(display, None, None, "", f"cannot read the waivers file: {e.strerror or e}")]
    except UnicodeDecodeError as e:
        line = raw[:e.start].count(b"\n") + 1
        return LoadedWaivers([], {}, display), [InputError(display, line, None, "", f"not UTF-8 text (byte {e.start}); save the waivers file as UTF-8")]
    try:
        data, positions = yamlsrc.load(text)
    except yamlsrc.YamlError as e:
        return LoadedWaivers([], {}, display), [InputError(display, e.mark.line if e.mark else None, e.mark.column if e.mark else None, dotted(e.path), e.message)]
    try:
        wf = WaiverFile.model_validate(data or {})
    except ValidationError as exc:
        errs = []
        for e in exc.errors(include_url=False):
            m = yamlsrc.position(positions, tuple(e["loc"]))
            errs.append(InputError(display, m.line if m else None, m.column if m else None, dotted(tuple(e["loc"])), e["msg"]))
        return LoadedWaivers([], {}, display), errs
    ids = [w.id for w in wf.waivers]
    dups = sorted({i for i in ids if ids.count(i) > 1})
    if dups:
        return LoadedWaivers([], {}, display), [InputError(display, None, None, "waivers", f"duplicate waiver id(s): {dups}")]
    lines, columns = {}, {}
    for i, w in enumerate(wf.waivers):
        m = yamlsrc.position(positions, ("waivers", i))
        lines[w.id] = m.line if m else None
        columns[w.id] = m.column if m else None
    return LoadedWaivers(wf.waivers, lines, display, columns), []
