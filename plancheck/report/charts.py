"""SVG charts for the HTML report: indicator trajectories and cross-plan table bars.

Every function takes plain series (dicts of numbers and labels) and the language's UI strings, and
returns SVG text with every label escaped. Numbers from plan files can be anything a YAML number
literal allows (`1e999`, a 400-digit integer): a value that is not a finite float of a drawable size
is left out of the chart (the finding and the tables still print it as written), and the axis code
never loops or overflows whatever the range.
"""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import Decimal
from html import escape

# values beyond this magnitude are not drawn: their squares and sums still fit a float
DRAWABLE = 1e150


def _e(s: object) -> str:
    return escape("" if s is None else str(s), quote=True)


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


def growth_text(g: dict | None, t: dict, missing: str = "not_stated") -> str:
    if g is None:
        return t[missing]
    v = t["pp_total"].format(v=signed(g["pp"], 2)) if g["pp"] is not None else t["per_year"].format(v=signed(g["per_year"]))
    return f'{v} ({t["span"].format(a=g["a"], b=g["b"])})'


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


def trajectory_svg(series: dict, t: dict, labels: dict) -> str:
    W, H, L, R, TOP, B = 460, 250, 56, 18, 48, 30
    pts = series["points"]
    years = sorted({p["year"] for p in pts})
    x0, x1 = years[0] - 0.5, years[-1] + 0.5
    pts = [p for p in pts if as_float(p["value"]) is not None]
    if not pts:
        return ""
    vals = [float(p["value"]) for p in pts]
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

    title = series["name"] if t["html_lang"].startswith("zh") else series["name_en"]
    aria = f'{title} ({series["unit"]})'
    o = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" width="{W}" height="{H}" role="img" '
         f'aria-label="{_e(aria)}" class="chart" font-family="inherit">']
    o.append(f'<text x="{L}" y="16" class="lab req" font-size="12" fill="{C_PLAN}">{_e(t["required"])}: '
             f'{_e(growth_text(labels["required"], t, labels.get("required_missing", "not_stated")))}</text>')
    hist_label = t["historical_stated"] if (labels["historical"] or {}).get("stated") else t["historical"]
    o.append(f'<text x="{L}" y="33" class="lab hist" font-size="12" fill="{C_PAST}">{_e(hist_label)}: '
             f'{_e(growth_text(labels["historical"], t))}</text>')
    for tv in ticks:
        y = Y(tv)
        o.append(f'<line x1="{L}" x2="{W - R}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e3e6ea" stroke-width="1"/>')
        o.append(f'<text x="{L - 6}" y="{y + 4:.1f}" font-size="10.5" text-anchor="end" fill="#555">{_e(fmt_num(tv))}</text>')
    o.append(f'<text x="4" y="{TOP - 13}" font-size="10.5" fill="#555">{_e(series["unit"])}</text>')
    for yr in years:
        o.append(f'<text x="{X(yr):.1f}" y="{H - B + 16}" font-size="10.5" text-anchor="middle" fill="#555">{yr}</text>')
    o.append(f'<line x1="{L}" x2="{W - R}" y1="{H - B}" y2="{H - B}" stroke="#999" stroke-width="1"/>')

    past = sorted((p for p in pts if p["role"] in ("history", "baseline")), key=lambda p: (p["year"], p["value"]))
    aims = sorted((p for p in pts if p["role"] in ("target", "goal")), key=lambda p: (p["year"], p["value"]))
    if len(past) >= 2:
        path = " ".join(f"{X(p['year']):.1f},{Y(float(p['value'])):.1f}" for p in past)
        o.append(f'<polyline points="{path}" fill="none" stroke="{C_PAST}" stroke-width="2"/>')
    if aims and past:
        first_aim_year = aims[0]["year"]
        before = [p for p in past if p["year"] < first_aim_year]
        start = max(before or past, key=lambda p: (p["role"] == "baseline", p["year"]))
        chain = [start] + aims
        path = " ".join(f"{X(p['year']):.1f},{Y(float(p['value'])):.1f}" for p in chain)
        o.append(f'<polyline points="{path}" fill="none" stroke="{C_PLAN}" stroke-width="1.8" stroke-dasharray="5 4"/>')
    for p in past + aims:
        x, y = X(p["year"]), Y(float(p["value"]))
        color = C_PAST if p["role"] in ("history", "baseline") else C_PLAN
        hollow = p["role"] == "goal" or p["cmp"] not in ("=",)
        cmp_txt = {"=": "", ">=": "≥", ">": ">", "<=": "≤", "<": "<", "~": "≈"}.get(p["cmp"], "")
        lbl = f"{cmp_txt}{p['literal']}{p['marks']}"
        tip = (f"{p['year']} · {t[p['role']]} · {lbl} {series['unit']} · "
               f"{t['kind_' + p['place']] if ('kind_' + p['place']) in t else p['place']} · {p['id']}")
        o.append(f"<g><title>{_e(tip)}</title>{marker(ROLE_SHAPE.get(p['role'], 'circle'), x, y, color, hollow)}</g>")
        ly = y - 9 if y - 9 > TOP - 2 else y + 17
        o.append(f'<text x="{x:.1f}" y="{ly:.1f}" font-size="11" text-anchor="middle" fill="#222" '
                 f'paint-order="stroke" stroke="#fff" stroke-width="3">{_e(lbl)}</text>')
    o.append("</svg>")
    return "".join(o)


def legend_svg(role: str) -> str:
    color = C_PAST if role in ("history", "baseline") else C_PLAN
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="14" height="14" viewBox="0 0 14 14" aria-hidden="true">'
            f'{marker(ROLE_SHAPE[role], 7, 7, color, role == "goal")}</svg>')


# ---------------------------------------------------------------- cross-plan tables

PALETTE = ["#1d5fa8", "#2e7d32", "#6a1b9a", "#00838f", "#8d6e63", "#ad1457", "#546e7a", "#9e7c00", "#3949ab", "#00796b"]
C_PROVINCE, C_REST = "#c2410c", "#cfd4da"
NEG_OPACITY = ' opacity="0.55"'
NUM_CLASS = ' class="n"'
_NUMTXT = r"[-+−]?\d+(?:\.\d+)?"
# a cell as the rules write it: `7020 亿元`, `>=1350 亿元`, `[671.10, 671.30] 亿元`, `[9.56%, 9.56%]`, `[5.95, ∞] 万件`
_QTY = re.compile(rf"^\s*(?:[<>]=?|~|≈|约)?\s*(?:\[\s*({_NUMTXT})\s*%?\s*,\s*({_NUMTXT}|∞)?\s*%?\s*\]|({_NUMTXT}))\s*(.{{0,12}}?)\s*$")
META_WORDS = ("indicator", "指标", "year", "年份", "basis", "口径", "region", "地区", "verdict", "结论")


def parse_quantity(v: object) -> tuple[float, str] | None:
    """(value, unit) of a table cell; an interval gives its midpoint (its lower end when open above)."""
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, (int, float, Decimal)):
        x = as_float(v)
        return None if x is None else (x, "")
    m = _QTY.match(unicodedata.normalize("NFKC", str(v)))
    if not m:
        return None
    if m.group(3) is not None:
        x = as_float(m.group(3).replace("−", "-"))
    else:
        lo = as_float(m.group(1).replace("−", "-"))
        hi = m.group(2)
        top = None if hi in (None, "∞") else as_float(hi.replace("−", "-"))
        if hi not in (None, "∞") and top is None:
            return None
        x = lo if top is None or lo is None else (lo + top) / 2
    return None if x is None else (x, m.group(4).strip())


def cell_number(v: object) -> float | None:
    q = parse_quantity(v)
    return None if q is None else q[0]


def _convert(x: float, unit: str, to: str) -> float | None:
    """x in `unit` expressed in `to` (万件 -> 件 and so on); None when they do not convert."""
    if unit == to:
        return x
    try:
        from plancheck.units import parse

        a, b = parse(unit), parse(to)
    except Exception:
        return None
    if not a.compatible(b) or not b.factor:
        return None
    return x * float(a.factor) / float(b.factor)


def _col(cols: list[str], *words: str) -> str | None:
    return next((c for c in cols if any(w in c.lower() for w in words)), None)


def province_chart(tab: dict, t: dict) -> str:
    """For a PC202 table (columns: meta..., province, cities..., sum, share, remainder): per row, the
    province's value as one bar and under it the cities' values stacked, with the remainder."""
    cols = list(tab.get("columns") or [])
    rows = list(tab.get("rows") or [])
    sum_c, rem_c, share_c = _col(cols, "sum", "合计"), _col(cols, "remainder", "其余"), _col(cols, "share", "占比")
    meta = [c for c in cols if any(w in c.lower() for w in META_WORDS)]
    regions = [c for c in cols if c not in meta and c not in (sum_c, rem_c, share_c)]
    if not (sum_c and rem_c and len(regions) >= 2 and rows):
        return ""
    parent, kids = regions[0], regions[1:]
    bars = []
    for r in rows:
        pq = parse_quantity(r.get(parent))
        if pq is None:
            continue
        pv, unit = pq
        segs = []
        for k in kids:
            q = parse_quantity(r.get(k))
            if q is not None:
                v = _convert(q[0], q[1], unit)
                if v is not None:
                    segs.append((k, v, str(r.get(k))))
        rq = parse_quantity(r.get(rem_c))
        rem = _convert(rq[0], rq[1], unit) if rq is not None else None
        label = " ".join(str(r.get(c, "")) for c in meta if "indicator" not in c.lower() and "指标" not in c)
        bars.append((label.strip(), pv, unit, str(r.get(parent)), segs, rem, str(r.get(rem_c, "")), str(r.get(share_c, ""))))
    if not bars:
        return ""
    top = max(max(b[1], sum(max(s[1], 0) for s in b[4]) + max(b[5] or 0, 0)) for b in bars) or 1.0
    W, L, R, bar_h = 860, 150, 130, 18
    row_h = 2 * bar_h + 46
    legend_h = 22
    H = legend_h + row_h * len(bars) + 10
    color = {k: PALETTE[i % len(PALETTE)] for i, k in enumerate(kids)}

    def X(v: float) -> float:
        return L + v / top * (W - L - R)

    o = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" width="{W}" height="{H}" role="img" '
         f'aria-label="{_e(tab.get("title", ""))}" class="chart bars" font-family="inherit">']
    lx = L
    for name, c in [(parent, C_PROVINCE)] + [(k, color[k]) for k in kids] + [(t["remainder"], C_REST)]:
        o.append(f'<rect x="{lx}" y="5" width="11" height="11" fill="{c}"/><text x="{lx + 15}" y="15" font-size="11.5" fill="#333">{_e(name)}</text>')
        lx += 30 + 7 * len(name) + 5 * sum(1 for ch in name if ord(ch) > 0x2e80)
    for i, (label, pv, _unit, ptxt, segs, rem, rtxt, share) in enumerate(bars):
        y = legend_h + i * row_h + 18
        o.append(f'<text x="{L - 8}" y="{y + bar_h - 4}" font-size="11.5" text-anchor="end" fill="#222">{_e(parent)}</text>')
        o.append(f'<text x="{L}" y="{y - 4}" font-size="11" font-weight="600" fill="#444">{_e(label)}</text>')
        o.append(f'<g><title>{_e(parent)}: {_e(ptxt)}</title><rect x="{L}" y="{y}" width="{max(X(pv) - L, 0.8):.1f}" height="{bar_h}" fill="{C_PROVINCE}"/></g>')
        o.append(f'<text x="{X(pv) + 5:.1f}" y="{y + bar_h - 5}" font-size="11" fill="#222">{_e(ptxt)}</text>')
        y2 = y + bar_h + 4
        o.append(f'<text x="{L - 8}" y="{y2 + bar_h - 5}" font-size="11.5" text-anchor="end" fill="#222">{_e(t["lower_regions"])}</text>')
        x = L
        for name, v, txt in segs:
            w = max(X(v) - L, 0.8)
            o.append(f'<g><title>{_e(name)}: {_e(txt)}</title><rect x="{x:.1f}" y="{y2}" width="{w:.1f}" height="{bar_h}" '
                     f'fill="{color[name]}" stroke="#fff" stroke-width="0.8"/></g>')
            x += w
        if rem is not None and rem > 0:
            w = X(rem) - L
            o.append(f'<g><title>{_e(t["remainder"])}: {_e(rtxt)}</title><rect x="{x:.1f}" y="{y2}" width="{w:.1f}" height="{bar_h}" '
                     f'fill="{C_REST}" stroke="#8b949e" stroke-dasharray="3 2"/></g>')
            x += w
        elif rem is not None and rem < 0:  # the cities add up to more than the province
            o.append(f'<line x1="{X(pv):.1f}" x2="{X(pv):.1f}" y1="{y - 2}" y2="{y2 + bar_h + 2}" stroke="#b3261e" stroke-width="2"/>')
        info = f'{t["remainder"]} {rtxt}' + (f' · {t["share"]} {share}' if share else "")
        o.append(f'<text x="{L}" y="{y2 + bar_h + 13}" font-size="10.5" fill="{"#b3261e" if (rem or 0) < 0 else "#555"}">{_e(info)}</text>')
    o.append("</svg>")
    return "".join(o)


def table_chart(tab: dict, t: dict) -> tuple[str, bool]:
    """Any other table: grouped horizontal bars, one group per row, one bar per numeric column.
    Years and region codes are not drawn. Returns (svg, scaled per row)."""
    cols = list(tab.get("columns") or [])
    rows = list(tab.get("rows") or [])

    def blank(v: object) -> bool:
        return str(v if v is not None else "").strip() in ("", "—", "-", "/", "?")

    numeric = []
    for c in cols:
        cells = [r.get(c) for r in rows if not blank(r.get(c))]
        if not cells or any(w in c.lower() for w in META_WORDS):
            continue
        qs = [parse_quantity(v) for v in cells]
        if any(q is None for q in qs):
            continue
        if all(q[1] == "" and q[0] == int(q[0]) and (1949 <= q[0] <= 2100 or q[0] >= 100000) for q in qs):
            continue  # years and region codes
        numeric.append(c)
    if not numeric or not rows:
        return "", False
    label_col = next((c for c in cols if c not in numeric), None)
    units = {parse_quantity(r.get(c))[1] for r in rows for c in numeric if not blank(r.get(c))}
    per_row = len(units) > 1
    bar_h, gap, L, R, TOP = 12, 10, 170, 90, 24
    group_h = bar_h * len(numeric) + gap
    W = 680
    H = TOP + group_h * len(rows) + 10

    o = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" width="{W}" height="{H}" role="img" '
         f'aria-label="{_e(tab.get("title", ""))}" class="chart bars" font-family="inherit">']
    lx = L
    for i, c in enumerate(numeric):
        o.append(f'<rect x="{lx}" y="6" width="10" height="10" fill="{PALETTE[i % len(PALETTE)]}"/>'
                 f'<text x="{lx + 14}" y="15" font-size="11" fill="#333">{_e(c)}</text>')
        lx += 24 + 7 * len(str(c)) + 5 * sum(1 for ch in str(c) if ord(ch) > 0x2e80)
    all_vals = [cell_number(r.get(c)) or 0.0 for r in rows for c in numeric if not blank(r.get(c))]
    for ri, r in enumerate(rows):
        vals = [cell_number(r.get(c)) for c in numeric]
        scope = [v for v in vals if v is not None] if per_row else all_vals
        lo, hi = min([0.0, *scope]), max([0.0, *scope])
        if hi == lo:
            hi = lo + 1

        def X(v: float, lo: float = lo, hi: float = hi) -> float:
            return L + (v - lo) / (hi - lo) * (W - L - R)

        zx = X(0.0)
        gy = TOP + ri * group_h
        label = str(r.get(label_col, "")) if label_col else str(ri + 1)
        o.append(f'<text x="{L - 8}" y="{gy + group_h / 2:.1f}" font-size="11.5" text-anchor="end" fill="#222">{_e(label[:28])}</text>')
        o.append(f'<line x1="{zx:.1f}" x2="{zx:.1f}" y1="{gy - 2}" y2="{gy + group_h - gap + 2}" stroke="#777" stroke-width="1"/>')
        for ci, (c, v) in enumerate(zip(numeric, vals, strict=True)):
            if v is None:
                continue
            y = gy + ci * bar_h
            x_a, x_b = sorted((zx, X(v)))
            o.append(f'<g><title>{_e(label)} · {_e(c)}: {_e(r.get(c))}</title>'
                     f'<rect x="{x_a:.1f}" y="{y:.1f}" width="{max(x_b - x_a, 0.8):.1f}" height="{bar_h - 2}" '
                     f'fill="{PALETTE[ci % len(PALETTE)]}"{NEG_OPACITY if v < 0 else ""}/></g>')
            tx, anchor = (x_b + 4, "start") if v >= 0 else (x_a - 4, "end")
            o.append(f'<text x="{tx:.1f}" y="{y + bar_h - 3:.1f}" font-size="10" text-anchor="{anchor}" fill="#333">{_e(r.get(c))}</text>')
    o.append("</svg>")
    return "".join(o), per_row

