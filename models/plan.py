"""A plan document as encoded in `plans/*.yaml`: its metadata, its facts and its claims.

Every fact and claim carries a verbatim `quote` from the plan's source text. Numbers are
`Decimal`s built from the YAML scalar's text, so `225.0` keeps its written precision.
"""

from __future__ import annotations

import datetime as _dt
import re
from decimal import Decimal
from enum import Enum
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, Strict, model_validator

from plancheck import compact


def _printable(v: Decimal) -> Decimal:
    """A figure a plan can print: at most 30 digits, below 10^15, no exponent beyond 30 places
    (`1e-999999999` would expand to a billion characters wherever it is written out)."""
    if v.is_finite() and v:
        t = v.as_tuple()
        if len(t.digits) > 30 or t.exponent < -30 or v.adjusted() >= 15:
            raise ValueError("not a figure a plan prints: at most 30 digits, magnitude below 1e15")
    return v


def _as_printed(v: object) -> object:
    """A number given as text must be written as printed: digits and one decimal point."""
    if isinstance(v, str) and not re.fullmatch(r"[-+]?\d+(?:\.\d+)?", v.strip()):
        raise ValueError(f"{v[:40]!r} is not a number as a plan prints it (digits and a decimal point, no exponent)")
    return v


Number = Annotated[Decimal, Field(allow_inf_nan=False), BeforeValidator(_as_printed), AfterValidator(_printable)]
Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)]
Year = Annotated[int, Strict(), Field(ge=1949, le=2100)]  # strict: "2015" or 2015.0 is not a year
Code = Annotated[str, Field(pattern=r"^\d{6}$")]
Quote = Annotated[str, Field(min_length=2, description="verbatim text from the source document")]


def _iso_date(v: object) -> object:
    """A date as the schema's `format: date` reads it: YYYY-MM-DD text (not a timestamp)."""
    if isinstance(v, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
        raise ValueError(f"{v[:40]!r} is not a date written YYYY-MM-DD")
    if isinstance(v, (int, float, Decimal)):
        raise ValueError(f"{v!r} is not a date written YYYY-MM-DD")
    return v


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        compact.prime(cls)  # before any instance (plancheck.compact)

    def __reduce__(self):  # unpickled with its values inline, not in a dict (plancheck.compact)
        return compact.reduce(self)


class Cycle(str, Enum):
    """Five-year plan cycles."""

    c12 = "十二五"
    c13 = "十三五"
    c14 = "十四五"
    c15 = "十五五"

    @property
    def years(self) -> tuple[int, int]:
        from plancheck.vocab import cycle_years

        return cycle_years(self.value)


class Role(str, Enum):
    baseline = "baseline"  # the target table's base-year column
    target = "target"  # the target table's target-year column
    history = "history"  # the text reports a value for a past year
    goal = "goal"  # the text states a value aimed for a year


# the one definition of actual values (reported for a past year) vs aims (chosen for a future one)
ACTUAL_ROLES = frozenset({Role.baseline, Role.history})
AIM_ROLES = frozenset({Role.target, Role.goal})


class Comparator(str, Enum):
    eq = "="  # 达到 (as history), a plain table cell
    ge = ">="  # 达到 / 以上 / 不低于 as a target
    gt = ">"  # 超过 / 突破 / >90 in a table
    le = "<="  # 以下 / 以内 / 不超过
    lt = "<"  # 不满 / 低于
    about = "~"  # 左右 / 约 / 近 / 保持在


class YearSource(str, Enum):
    """Where a fact's year comes from (`plancheck.rules.provenance`)."""

    printed = "printed"  # in the item's own words, or the header of its table column
    inferred = "inferred"  # from relative words and another year: 同比 (the year before), 近三年
    implied = "implied"  # by the section or the context only


class Kind(str, Enum):
    level = "level"  # the value in that year
    cumulative = "cumulative"  # 累计: a count summed over the span
    maintain = "maintain"  # 保持: a target held at about the baseline


class Place(str, Enum):
    table = "table"
    text = "text"


class SourceFile(_Strict):
    file: str = Field(description="path of the source text, relative to the plan file")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")


class Period(_Strict):
    start: Year
    end: Year
    quote: Quote

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError(f"period end {self.end} is before its start {self.start}")
        return self


class Issued(_Strict):
    date: Annotated[_dt.date, BeforeValidator(_iso_date)]
    quote: Quote


class Basis(_Strict):
    """A document the plan names as its basis (根据《...》)."""

    title: str
    plan: Id | None = Field(default=None, description="its id when it is in the corpus")
    quote: Quote


class Footnote(_Strict):
    mark: str = Field(pattern=r"^\*{1,3}$")
    meaning: Literal["data_year", "classification", "other"]
    year: Year | None = Field(default=None, description="for data_year: the year the marked figures are from")
    text: str = Field(description="what the footnote says, as printed")
    quote: Quote

    @model_validator(mode="after")
    def _year_for_data_year(self) -> Footnote:
        if self.meaning == "data_year" and self.year is None:
            raise ValueError("a data_year footnote needs its year")
        return self


class Fact(_Strict):
    """One number the document states: a table cell or a value in a sentence."""

    id: Id
    indicator: str = Field(description="catalog key")
    name: str = Field(description="the indicator's name as printed")
    role: Role
    place: Place
    category: str | None = Field(default=None, description="the table's category column, as printed")
    region: Code | None = Field(default=None, description="defaults to the plan's region")
    year: Year
    year_source: YearSource = Field(
        default=YearSource.printed,
        description="where the year comes from: `printed` (the item's words or its column header), `inferred` "
                    "(from 同比, 近N年 and another year), `implied` (by the section or context only)")
    year_implied: Annotated[bool, Strict()] = Field(
        default=False, description="the year is not printed (`year_source` inferred or implied); as input, "
                                   "`true` is the older spelling of `year_source: implied`")
    value: Number | None = Field(default=None, description="None: the cell gives no figure (see `na`)")
    na: Literal["/", "——", "-", "blank"] | None = Field(
        default=None, description="the not-available mark as printed; `blank` for an empty cell"
    )
    unit: str = Field(description="unit as printed: 亿元, 万件, %, 万元/人, / for an index")
    comparator: Comparator = Comparator.eq
    qualifier: str | None = Field(default=None, description="the comparator word as printed: 达到, 超过, 以上, 左右...")
    kind: Kind = Kind.level
    since: Year | None = Field(default=None, description="for cumulative counts: the first year counted")
    marks: list[str] = Field(default_factory=list, description="footnote marks on the figure: *, **")
    quote: Quote
    note: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _year_source_of_year_implied(cls, data):
        """`year_implied: true` without a `year_source` reads as `implied`; `year_implied` then
        always says whether the year is not printed (`year_source` wins where both are given)."""
        if not isinstance(data, dict):
            return data
        if "year_source" not in data and data.get("year_implied") is True:
            return {**data, "year_source": YearSource.implied.value}
        src = data.get("year_source", YearSource.printed.value)
        if src in (YearSource.inferred.value, YearSource.implied.value) and data.get("year_implied", False) is False:
            return {**data, "year_implied": True}
        if src == YearSource.printed.value and data.get("year_implied") is True:
            return {**data, "year_implied": False}
        return data

    @model_validator(mode="after")
    def _value_or_na(self) -> Fact:
        if (self.value is None) == (self.na is None):
            raise ValueError("give either a value or an `na` mark, not both or neither")
        return self


class Endpoint(_Strict):
    year: Year
    fact: Id | None = Field(default=None, description="the fact giving the value in that year, if stated")


class GrowthClaim(_Strict):
    """A stated growth: 年均增长X% (cagr), 增长X% (total), 翻一番 (multiple), 提高X个百分点 (pp)."""

    id: Id
    indicator: str
    start: Endpoint
    end: Endpoint
    measure: Literal["cagr", "total", "multiple", "pp"]
    rate: Number = Field(description="percent for cagr/total, a factor for multiple, points for pp")
    comparator: Comparator = Comparator.eq
    span_words: str | None = Field(default=None, description="wording that fixes the span: 十三五期间, 5年内")
    region: Code | None = None
    quote: Quote

    @model_validator(mode="after")
    def _span(self) -> GrowthClaim:
        if self.end.year <= self.start.year:
            raise ValueError(f"growth span {self.start.year}->{self.end.year} is empty or reversed")
        return self


class Priority(_Strict):
    """A list of priority industries for a region, in one tier (优势, 特色, 新兴, 布局...)."""

    id: Id
    region: Code
    tier: str
    industries: list[str] = Field(min_length=1)
    quote: Quote


class Omission(_Strict):
    """A number in the source deliberately not encoded, with the reason (a rank, a ratio of
    growth rates, a count printed in Chinese numerals...). Keeps the completeness check honest."""

    quote: Quote
    reason: str = Field(min_length=5)


class Plan(_Strict):
    id: Id
    title: str
    region: Code
    issuers: list[str] = Field(min_length=1)
    document_number: str | None = None
    issued: Issued
    period: Period
    cycle: Cycle
    vision_year: Year | None = None
    bases: list[Basis] = Field(default_factory=list)
    edition_of: Id | None = None
    source: SourceFile
    footnotes: list[Footnote] = Field(default_factory=list)
    facts: list[Fact] = Field(default_factory=list)
    growth: list[GrowthClaim] = Field(default_factory=list)
    priorities: list[Priority] = Field(default_factory=list)
    omissions: list[Omission] = Field(default_factory=list)

    @model_validator(mode="after")
    def _ids_unique_and_linked(self) -> Plan:
        seen: set[str] = set()
        for item in [*self.facts, *self.growth, *self.priorities]:
            if item.id in seen:
                raise ValueError(f"duplicate id {item.id!r}")
            seen.add(item.id)
        fact_ids = {f.id for f in self.facts}
        for g in self.growth:
            for end in (g.start, g.end):
                if end.fact is not None and end.fact not in fact_ids:
                    raise ValueError(f"growth {g.id!r} refers to unknown fact {end.fact!r}")
        marks = {f.mark for f in self.footnotes}
        for f in self.facts:
            for m in f.marks:
                if m not in marks:
                    raise ValueError(f"fact {f.id!r} carries mark {m!r} that no footnote explains")
        return self

    def fact(self, fact_id: str) -> Fact | None:
        return next((f for f in self.facts if f.id == fact_id), None)

    def footnote(self, mark: str) -> Footnote | None:
        return next((n for n in self.footnotes if n.mark == mark), None)

    def region_of(self, item: Fact | GrowthClaim) -> str:
        return item.region or self.region
