"""Administrative regions (GB/T 2260 codes) and their hierarchy."""

from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, ConfigDict, Field


class Level(str, Enum):
    province = "province"
    prefecture = "prefecture"
    county = "county"


class Region(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str = Field(pattern=r"^\d{6}$", description="GB/T 2260 administrative code")
    name: str
    level: Level
    parent: str | None = Field(default=None, pattern=r"^\d{6}$")


class RegionRegistry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    regions: list[Region]

    def model_post_init(self, _ctx: object) -> None:
        self._by_code = {r.code: r for r in self.regions}
        self._children: dict[str, list[Region]] = {}
        for r in self.regions:
            if r.parent:
                self._children.setdefault(r.parent, []).append(r)

    def get(self, code: str) -> Region | None:
        return self._by_code.get(code)

    def children(self, code: str) -> list[Region]:
        return sorted(self._children.get(code, []), key=lambda r: r.code)

    def ancestors(self, code: str) -> list[Region]:
        out = []
        r = self._by_code.get(code)
        while r is not None and r.parent:
            r = self._by_code.get(r.parent)
            if r is not None:
                out.append(r)
        return out
