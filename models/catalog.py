"""The indicator catalog: canonical keys, the names the documents use, and what kind of number each is."""

from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, ConfigDict, Field


class Dimension(str, Enum):
    money = "money"
    count = "count"
    ratio = "ratio"  # a percentage of a whole, or a rate in percent
    index = "index"  # a pure index, no unit
    money_per_person = "money_per_person"
    count_per_person = "count_per_person"  # e.g. 件/万人
    bandwidth = "bandwidth"  # e.g. Gbps


class Measure(str, Enum):
    value_added = "value_added"  # 增加值
    output = "output"  # 产值 / 总产值
    revenue = "revenue"  # 营业收入 / 业务收入
    sales = "sales"  # 销售额 / 零售额 / 交易额 / 进出口额
    stock = "stock"  # a count or amount standing at a date
    rate = "rate"  # a share, a penetration or a coverage rate
    index = "index"
    productivity = "productivity"
    spending = "spending"  # 支出 / 投资


class Better(str, Enum):
    higher = "higher"
    lower = "lower"
    neither = "neither"


class Indicator(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str = Field(pattern=r"^[a-z0-9][a-z0-9_]*$")
    name: str = Field(description="canonical Chinese name")
    en: str = Field(description="English name")
    aliases: list[str] = Field(default_factory=list, description="other names the documents print")
    dimension: Dimension
    measure: Measure
    additive: bool = Field(description="do regions' values add up to the parent region's value?")
    better: Better = Better.higher
    share_of: tuple[str, str] | None = Field(
        default=None,
        description="for a share: (part indicator, total indicator); value = part / total x 100",
    )
    parts: list[str] = Field(
        default_factory=list,
        description="indicators that together make up this one, exhaustively (未来工厂、智能工厂 = 未来工厂 + 智能工厂)",
    )
    parts_disjoint: bool = Field(
        default=False,
        description="the parts never overlap (none is drawn from another); without it a total that "
                    "equals its largest part may count one part inside the other",
    )
    successor_of: list[str] = Field(
        default_factory=list,
        description="earlier plans' indicators this one continues (for targets vs outcomes)",
    )
    scope_note: str | None = Field(default=None, description="how its scope differs from related keys")
    first_seen: str | None = Field(default=None, description="where the entry came from: the plan that first needed it")


class Catalog(BaseModel):
    model_config = ConfigDict(extra="forbid")

    indicators: list[Indicator]

    def model_post_init(self, _ctx: object) -> None:
        self._by_key = {i.key: i for i in self.indicators}

    def get(self, key: str) -> Indicator | None:
        return self._by_key.get(key)

    def __contains__(self, key: str) -> bool:
        return key in self._by_key

    def shares(self) -> list[Indicator]:
        return [i for i in self.indicators if i.share_of]
