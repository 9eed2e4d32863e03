"""Waivers: known mistakes in the published documents, each with its reason.

    # waivers.yaml
    waivers:
      - id: PC101-1a2b3c4d5e        # the finding's id from reports/report.json
        reason: "The published plan states 16.6%; the endpoints give 18.4%. Reported to the drafters."
        date: 2026-11-23
        plans: [jiaxing-de-2021]      # optional: the plans the finding is about

A waived finding stays in the report, marked waived, and does not fail the check. A waiver that
matches no finding is reported as a warning (rule PC000), so stale waivers do not pile up; a
waiver whose `plans` were not all checked (`plancheck check plans/one.yaml`) is not stale.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from plancheck import yamlsrc
from plancheck.loader import InputError, dotted


class Waiver(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^PC\d{3}-[0-9a-f]{10}$")
    reason: str = Field(min_length=10)
    date: dt.date
    plans: list[str] = Field(default_factory=list, description="the plans the waived finding is about")


class WaiverFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    waivers: list[Waiver] = Field(default_factory=list)


@dataclass
class LoadedWaivers:
    waivers: list[Waiver]
    lines: dict[str, int]
    path: str | None


def load(path: Path | None, display: str | None = None) -> tuple[LoadedWaivers, list[InputError]]:
    if path is None or not path.exists():
        return LoadedWaivers([], {}, None), []
    display = display or str(path)
    if path.is_dir():
        return LoadedWaivers([], {}, display), [InputError(display, None, None, "", "is a folder, not a waivers file")]
    try:
        raw = path.read_bytes()
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
    lines = {}
    for i, w in enumerate(wf.waivers):
        m = yamlsrc.position(positions, ("waivers", i))
        lines[w.id] = m.line if m else None
    return LoadedWaivers(wf.waivers, lines, display), []
