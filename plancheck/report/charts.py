"""SVG charts for the HTML report: indicator trajectories (the cross-plan table charts are in
plancheck.report.tablecharts).

A trajectory is a typed series (`Trajectory` of `Point`s) with its `GrowthLabels`. Each function
takes the UI strings (`BiDict`) and returns SVG markup with every label escaped and written in both
languages: <tspan class="lz|le"> in the drawing, `data-zh-*`/`data-en-*` on tooltips and
aria-labels (the language switch). Numbers from plan files can be anything a YAML number literal
allows (`1e999`, a 400-digit integer): a value that is not a finite float of a drawable size is
left out of the chart (the finding and the tables still print it as written), and the axis code
never loops or overflows whatever the range.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal

from markupsafe import Markup

from plancheck.report.bilingual import BiDict, Both, esc, forms, i18n, join

# values beyond this magnitude are not drawn: their squares and sums still fit a float
DRAWABLE = 1e150


@dataclass(frozen=True)
class Point:
    """One drawn value of a trajectory: a fact of the plan, in the series' unit."""

    year: int
    value: Decimal
    role: str  # history, baseline, target, goal
    cmp: str  # =, >=, >, <=, <, ~
    literal: str  # the value as written
    place: str  # text, table
    marks: str  # footnote marks printed with it
    id: str
    name: str


@dataclass(frozen=True)
class Trajectory:
    """One indicator of one plan in one region, over the years."""

    plan: str
    indicator: str
    region: str
    region_name: str
    other_region: bool  # a region other than the plan's own
    name: str
    name_en: str
    unit: str
    ratio: bool
    points: tuple[Point, ...]
    other_units: tuple[str, ...] = ()
    undrawn: tuple[str, ...] = ()


@dataclass(frozen=True)
class Growth:
    """A growth between two years: per year (%), or in percentage points in total for a ratio."""

    a: int
    b: int
    per_year: float | None = None
    pp: float | None = None
    stated: bool = False
    side: str = "range"  # realism.side_of: a growth built on a bound is one-sided (at-most 23.36)


@dataclass(frozen=True)
class GrowthLabels:
    required: Growth | None = None
    historical: Growth | None = None
    required_missing: str = "not_stated"  # the UI key said when `required` is None


@dataclass
class _Svg:
    """SVG pieces; text goes through `text()` (tspans per language) and `title()` (a tooltip)."""

    parts: list[str] = field(default_factory=list)

    def add(self, s: str) -> None:
        self.parts.append(s)

    def done(self) -> Markup:
        return Markup("".join(self.parts) + "</svg>")


def _fmt(v: object) -> str:
    return "" if v is None else str(v)


def tspans(v: object) -> str:
    """A label inside <text>: both languages as tspans when they differ, escaped."""
    zh, en = forms(v)
    if zh != en:
        return f'<tspan class="lz">{esc(zh)}</tspan><tspan class="le">{esc(en)}</tspan>'
    return esc(zh)


def title(v: object) -> str:
    """A tooltip: SVG <title> holds text only, so the other language rides in data attributes."""
    attrs = i18n(text=v)
    return f"<title{' ' + attrs if attrs else ''}>{esc(str(v))}</title>"




def _open(w: int, h: int, label: object, cls: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" '
            f'{i18n(aria_label=label)} class="{cls}" font-family="inherit">')


def drawable(x: float) -> bool:
    return math.isfinite(x) and abs(x) <= DRAWABLE


def as_float(v: Decimal | float | int | str) -> float | None:
    """v as a float when it can be drawn, else None (never raises on huge or odd numbers)."""
    try:
        x = float(v)
    except (OverflowError, ValueError, ArithmeticError):
        return None
    return x if drawable(x) else None


def fmt_num(d: Decimal | float) -> str:
    """A computed number for display: at most 2 decimals, no trailing zeros."""
    x = float(d)
    if not math.isfinite(x) or abs(x) >= 1e15:
        return f"{x:.4g}"
    if abs(x - round(x)) < 1e-9:
        return str(round(x))
    return f"{x:.2f}".rstrip("0").rstrip(".")


def signed(x: float, places: int = 1) -> str:
    if not math.isfinite(x) or abs(x) >= 1e15:
        return f"{x:+.4g}"
    s = f"{x:+.{places}f}"
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return "±0" if float(s) == 0 else s


def growth_text(g: Growth | None, t: BiDict, missing: str = "not_stated") -> Both:
    if g is None:
        return t[missing]
    v = t.fmt("pp_total", v=signed(g.pp, 2)) if g.pp is not None else t.fmt("per_year", v=signed(g.per_year))
    if g.side != "range":
        v = join(" ", [t[g.side.replace("-", "_")], v])
    return join("", [v, " (", t.fmt("span", a=g.a, b=g.b), ")"])


def nice_ticks(lo: float, hi: float, n: int = 4) -> list[float]:
    """About n+1 round axis ticks covering [lo, hi]; at most 50, for any finite or infinite input."""
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return [0.0, 1.0]
    if hi <= lo:
        hi = lo + max(abs(lo) * 0.1, 1.0)
    span = hi - lo
    if not math.isfinite(span) or span <= 0 or span < abs(lo) * 1e-12:
        return [lo, hi]  # a range too narrow for the float precision: two ticks, no loop
    raw = span / n
    mag = 10.0 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    start = math.floor(lo / step) * step
    count = math.ceil((hi - start) / step - 1e-9) + 1
    if not 2 <= count <= 50:
        return [lo, hi]
    return [round(start + i * step, 10) for i in range(count)]


ROLE_ORDER = {"baseline": 0, "history": 1, "target": 2, "goal": 3}
ROLE_SHAPE = {"history": "circle", "baseline": "square", "target": "triangle", "goal": "diamond"}
C_PAST, C_PLAN = "#1d5fa8", "#c2410c"


def marker(shape: str, x: float, y: float, color: str, hollow: bool) -> str:
    fill = "#fff" if hollow else color
    st = f'fill="{fill}" stroke="{color}" stroke-width="1.6"'
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" {st}/>'
    if shape == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" {st}/>'
    if shape == "triangle":
        return f'<path d="M{x:.1f} {y - 5.5:.1f}L{x + 5:.1f} {y + 3.5:.1f}L{x - 5:.1f} {y + 3.5:.1f}Z" {st}/>'
    return f'<path d="M{x:.1f} {y - 5.5:.1f}L{x + 5:.1f} {y:.1f}L{x:.1f} {y + 5.5:.1f}L{x - 5:.1f} {y:.1f}Z" {st}/>'


def trajectory_svg(series: Trajectory, t: BiDict, labels: GrowthLabels) -> Markup:
    W, H, L, R, TOP, B = 460, 250, 56, 18, 48, 30
    years = sorted({p.year for p in series.points})
    x0, x1 = years[0] - 0.5, years[-1] + 0.5
    pts = [p for p in series.points if as_float(p.value) is not None]
    if not pts:
        return Markup("")
    vals = [float(p.value) for p in pts]
    lo, hi = min(vals), max(vals)
    if lo >= 0 and lo <= 0.5 * hi:
        lo = 0.0
    pad = (hi - lo) * 0.12 or (abs(hi) * 0.1 or 1.0)
    ticks = nice_ticks(lo - (pad if lo != 0 else 0), hi + pad)
    y0, y1 = ticks[0], ticks[-1]

    def X(year: float) -> float:
        return L + (year - x0) / (x1 - x0) * (W - L - R)

    def Y(v: float) -> float:
        return H - B - (v - y0) / ((y1 - y0) or 1) * (H - B - TOP)

    name = Both(series.name if t.lang == "zh" else series.name_en, series.name, series.name_en)
    o = _Svg()
    o.add(_open(W, H, join("", [name, f" ({series.unit})"]), "chart"))
    req = join("", [t["required"], ": ", growth_text(labels.required, t, labels.required_missing)])
    o.add(f'<text x="{L}" y="16" class="lab req" font-size="12" fill="{C_PLAN}">{tspans(req)}</text>')
    hist_key = "historical_stated" if labels.historical is not None and labels.historical.stated else "historical"
    hist = join("", [t[hist_key], ": ", growth_text(labels.historical, t)])
    o.add(f'<text x="{L}" y="33" class="lab hist" font-size="12" fill="{C_PAST}">{tspans(hist)}</text>')
    for tv in ticks:
        y = Y(tv)
        o.add(f'<line x1="{L}" x2="{W - R}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e3e6ea" stroke-width="1"/>')
        o.add(f'<text x="{L - 6}" y="{y + 4:.1f}" font-size="10.5" text-anchor="end" fill="#555">{esc(fmt_num(tv))}</text>')
    o.add(f'<text x="4" y="{TOP - 13}" font-size="10.5" fill="#555">{esc(series.unit)}</text>')
    for yr in years:
        o.add(f'<text x="{X(yr):.1f}" y="{H - B + 16}" font-size="10.5" text-anchor="middle" fill="#555">{yr}</text>')
    o.add(f'<line x1="{L}" x2="{W - R}" y1="{H - B}" y2="{H - B}" stroke="#999" stroke-width="1"/>')

    past = sorted((p for p in pts if p.role in ("history", "baseline")), key=lambda p: (p.year, p.value))
    aims = sorted((p for p in pts if p.role in ("target", "goal")), key=lambda p: (p.year, p.value))
    if len(past) >= 2:
        path = " ".join(f"{X(p.year):.1f},{Y(float(p.value)):.1f}" for p in past)
        o.add(f'<polyline points="{path}" fill="none" stroke="{C_PAST}" stroke-width="2"/>')
    if aims and past:
        before = [p for p in past if p.year < aims[0].year]
        start = max(before or past, key=lambda p: (p.role == "baseline", p.year))
        path = " ".join(f"{X(p.year):.1f},{Y(float(p.value)):.1f}" for p in [start, *aims])
        o.add(f'<polyline points="{path}" fill="none" stroke="{C_PLAN}" stroke-width="1.8" stroke-dasharray="5 4"/>')
    for p in past + aims:
        x, y = X(p.year), Y(float(p.value))
        color = C_PAST if p.role in ("history", "baseline") else C_PLAN
        hollow = p.role == "goal" or p.cmp not in ("=",)
        cmp_txt = {"=": "", ">=": "≥", ">": ">", "<=": "≤", "<": "<", "~": "≈"}.get(p.cmp, "")
        lbl = f"{cmp_txt}{p.literal}{p.marks}"
        place = t["kind_" + p.place] if ("kind_" + p.place) in t else p.place
        tip = join(" · ", [str(p.year), t[p.role], f"{lbl} {series.unit}", place, p.id])
        o.add(f"<g>{title(tip)}{marker(ROLE_SHAPE.get(p.role, 'circle'), x, y, color, hollow)}</g>")
        ly = y - 9 if y - 9 > TOP - 2 else y + 17
        o.add(f'<text x="{x:.1f}" y="{ly:.1f}" font-size="11" text-anchor="middle" fill="#222" '
              f'paint-order="stroke" stroke="#fff" stroke-width="3">{esc(lbl)}</text>')
    return o.done()


def legend_svg(role: str) -> Markup:
    color = C_PAST if role in ("history", "baseline") else C_PLAN
    return Markup(f'<svg xmlns="http://www.w3.org/2000/svg" width="14" height="14" viewBox="0 0 14 14" aria-hidden="true">'
            f'{marker(ROLE_SHAPE[role], 7, 7, color, role == "goal")}</svg>')
