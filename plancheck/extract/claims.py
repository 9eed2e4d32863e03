"""The claims a document makes, as structured objects with their spans in the original text.

Every claim keeps `quote` (the original sentence, never the normalised form), `span` (its
start and end offsets in the original text of its block) and `location` (line, page,
paragraph or table cell). Numbers keep their written precision: `Num.value` is the Decimal
of the literal (`225.0` stays `225.0`), in the printed unit (`1.4万个` is 1.4 in 万个; the
unit's factor, from plancheck.units, makes it 14000 个).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from plancheck.bounds import of_value
from plancheck.intervals import Interval
from plancheck.models.plan import Comparator
from plancheck.readers.base import Location
from plancheck.units import Unit, UnitError, parse

Span = tuple[int, int]


@dataclass(frozen=True)
class Num:
    """A number as written: `超350亿元`, `17.6%`, `2.5个百分点`, `1—2家`, `三分之一`."""

    text: str  # the original text of the number and its unit
    value: Decimal  # as written, in the printed unit
    unit: str  # normalised printed unit: 亿元, %, 个百分点, 万个, 倍, "" (none)
    comparator: Comparator = Comparator.eq
    qualifier: str | None = None  # the comparator word as printed: 超, 以上, 左右, 多 ...
    hi: Decimal | None = None  # the upper end of a range (`1—2家`: value 1, hi 2)
    exact: bool = False  # a fraction word (三分之一) or a word multiple (翻一番): no rounding
    span: Span = (0, 0)

    @property
    def unit_info(self) -> Unit | None:
        if self.unit in ("", "倍"):
            return None
        try:
            return parse(self.unit)
        except UnitError:
            return None

    @property
    def percent(self) -> bool:
        return self.unit == "%"

    @property
    def points(self) -> bool:
        return self.unit in ("个百分点", "百分点")

    def bound(self) -> Interval:
        """The values the number allows, in its printed unit (precision and comparator)."""
        if self.hi is not None:
            return Interval(of_value(self.value, Comparator.eq).lo, of_value(self.hi, Comparator.eq).hi)
        if self.exact:
            v = self.value
            return {Comparator.gt: Interval.above(v, inclusive=False), Comparator.ge: Interval.above(v),
                    Comparator.lt: Interval.below(v, inclusive=False), Comparator.le: Interval.below(v)}.get(
                self.comparator, Interval(v, v, approx=self.comparator == Comparator.about))
        return of_value(self.value, self.comparator)


@dataclass(frozen=True)
class Claim:
    quote: str  # the original sentence
    span: Span  # the claim's span in the original block text
    location: Location


@dataclass(frozen=True)
class YearMention(Claim):
    """A year or a period: 2015年, 2020年底, 十三五期间, 2016-2019年, 到2025年, 去年."""

    text: str = ""
    kind: str = "point"  # point | end | range | until | period | relative | impossible
    start: int | None = None
    end: int | None = None  # = start for a point; None when a relative year is unresolved


@dataclass(frozen=True)
class Quantity(Claim):
    """One figure stated for a subject: 全市数字经济核心产业增加值 2020 年 506.9 亿元."""

    subject: str = ""  # normalised name, the document's own region word stripped (全市, 全省)
    number: Num = field(default_factory=lambda: Num("", Decimal(0), ""))
    year: int | None = None
    role: str = "unknown"  # history | target | unknown
    cumulative: bool = False  # 累计
    scope: str = "own"  # own (the document's region) | other (全国, 全球 ...)
    named: bool = True  # the clause names the subject right before this figure (not a list item)

    @property
    def key(self) -> tuple:
        return (self.subject, self.year, self.cumulative, self.scope)


@dataclass(frozen=True)
class Growth(Claim):
    """A stated growth and, when the sentence gives them, the two values it connects."""

    subject: str = ""
    measure: str = "cagr"  # cagr | total | multiple | pp | yoy
    rate: Num | None = None  # % for cagr/total/yoy, 个百分点 for pp, a factor for multiple
    start: Quantity | None = None
    end: Quantity | None = None
    start_year: int | None = None
    end_year: int | None = None
    period: str | None = None  # the period words that fix the span (十三五期间)
    real: bool = False  # 按可比价 / 实际增长: not comparable with nominal endpoints
    falling: bool = False  # 下降 / 减少: the rate is a fall
    wording: str = ""  # the rate's words as normalised (年均增长, 增长了, 翻一番, 是…的)

    @property
    def years(self) -> int | None:
        if self.start_year is None or self.end_year is None:
            return None
        return self.end_year - self.start_year


@dataclass(frozen=True)
class Parts(Claim):
    """Parts of a total: `X(其中A a, B b)`, `分别为a、b、c`, `三次产业结构a:b:c`."""

    total: Quantity | None = None
    parts: tuple[Quantity, ...] = ()
    complete: bool = False  # the parts are the whole (共…, 包括… with no 等, a structure)
    kind: str = "sum"  # sum | structure (the parts are shares of 100)
    opener: str = ""  # the word that opened the list (其中, 包括, 分别为 ...)
    total_word: str = ""  # 共 / 合计 / 总计 before the total: the parts are the whole


@dataclass(frozen=True)
class Share(Claim):
    """`X, 占Y比重Z%`: the share Z of Y that X is; or a change of a share."""

    subject: str = ""
    whole: str = ""
    value: Num | None = None
    year: int | None = None
    of_value: Quantity | None = None  # X's own figure in the same clause, when given


@dataclass(frozen=True)
class TableRow(Claim):
    """A target-table row: indicator, unit, and a figure per year column."""

    indicator: str = ""
    unit: str = ""
    cells: tuple[tuple[int, Num | None], ...] = ()  # (column year, figure or None for `/`)
    category: str | None = None


_KINDS = ("years", "quantities", "growth", "parts", "shares", "rows", "runs")


@dataclass
class Claims:
    """Everything extracted from one document, in document order per kind."""

    years: list[YearMention] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    growth: list[Growth] = field(default_factory=list)
    parts: list[Parts] = field(default_factory=list)
    shares: list[Share] = field(default_factory=list)
    rows: list[TableRow] = field(default_factory=list)
    runs: list = field(default_factory=list)  # RunTable (plancheck.extract.runtogether): cells not separated

    def extend(self, other: Claims) -> None:
        for name in _KINDS:
            getattr(self, name).extend(getattr(other, name))

    def __len__(self) -> int:
        return sum(len(getattr(self, n)) for n in _KINDS)
