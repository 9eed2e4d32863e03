"""SVG charts of the cross-plan tables the rules write (PC202's province and cities, any other
table as grouped bars). Each takes the table as written and the page's UI strings (`BiDict`) and
returns SVG markup, every label escaped and in both languages (see `plancheck.report.charts`).
A cell that is not a finite number of a drawable size is left out of the chart (the table below
the chart prints it as written)."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from markupsafe import Markup

from plancheck.report.bilingual import BiDict, join
from plancheck.report.charts import _fmt, _open, as_float, title, tspans

_e = tspans  # every label: plan text or a UI string


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


def province_chart(tab: dict, t: BiDict) -> Markup:
    """For a PC202 table (columns: meta..., province, cities..., sum, share, remainder): per row, the
    province's value as one bar and under it the cities' values stacked, with the remainder."""
    cols = list(tab.get("columns") or [])
    rows = list(tab.get("rows") or [])
    sum_c, rem_c, share_c = _col(cols, "sum", "合计"), _col(cols, "remainder", "其余"), _col(cols, "share", "占比")
    meta = [c for c in cols if any(w in c.lower() for w in META_WORDS)]
    regions = [c for c in cols if c not in meta and c not in (sum_c, rem_c, share_c)]
    if not (sum_c and rem_c and len(regions) >= 2 and rows):
        return Markup("")
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
        return Markup("")
    top = max(max(b[1], sum(max(s[1], 0) for s in b[4]) + max(b[5] or 0, 0)) for b in bars) or 1.0
    W, L, R, bar_h = 860, 150, 130, 18
    row_h = 2 * bar_h + 46
    legend_h = 22
    H = legend_h + row_h * len(bars) + 10
    color = {k: PALETTE[i % len(PALETTE)] for i, k in enumerate(kids)}

    def X(v: float) -> float:
        return L + v / top * (W - L - R)

    o = [_open(W, H, tab.get("title", ""), "chart bars")]
    lx = L
    for name, c in [(parent, C_PROVINCE)] + [(k, color[k]) for k in kids] + [(t["remainder"], C_REST)]:
        o.append(f'<rect x="{lx}" y="5" width="11" height="11" fill="{c}"/><text x="{lx + 15}" y="15" font-size="11.5" fill="#333">{_e(name)}</text>')
        lx += 30 + 7 * len(name) + 5 * sum(1 for ch in name if ord(ch) > 0x2e80)
    for i, (label, pv, _unit, ptxt, segs, rem, rtxt, share) in enumerate(bars):
        y = legend_h + i * row_h + 18
        o.append(f'<text x="{L - 8}" y="{y + bar_h - 4}" font-size="11.5" text-anchor="end" fill="#222">{_e(parent)}</text>')
        o.append(f'<text x="{L}" y="{y - 4}" font-size="11" font-weight="600" fill="#444">{_e(label)}</text>')
        o.append(f'<g>{title(f"{parent}: {ptxt}")}<rect x="{L}" y="{y}" width="{max(X(pv) - L, 0.8):.1f}" height="{bar_h}" fill="{C_PROVINCE}"/></g>')
        o.append(f'<text x="{X(pv) + 5:.1f}" y="{y + bar_h - 5}" font-size="11" fill="#222">{_e(ptxt)}</text>')
        y2 = y + bar_h + 4
        o.append(f'<text x="{L - 8}" y="{y2 + bar_h - 5}" font-size="11.5" text-anchor="end" fill="#222">{_e(t["lower_regions"])}</text>')
        x = L
        for name, v, txt in segs:
            w = max(X(v) - L, 0.8)
            o.append(f'<g>{title(f"{name}: {txt}")}<rect x="{x:.1f}" y="{y2}" width="{w:.1f}" height="{bar_h}" '
                     f'fill="{color[name]}" stroke="#fff" stroke-width="0.8"/></g>')
            x += w
        if rem is not None and rem > 0:
            w = X(rem) - L
            o.append(f'<g>{title(join("", [t["remainder"], ": ", rtxt]))}<rect x="{x:.1f}" y="{y2}" width="{w:.1f}" height="{bar_h}" '
                     f'fill="{C_REST}" stroke="#8b949e" stroke-dasharray="3 2"/></g>')
            x += w
        elif rem is not None and rem < 0:  # the cities add up to more than the province
            o.append(f'<line x1="{X(pv):.1f}" x2="{X(pv):.1f}" y1="{y - 2}" y2="{y2 + bar_h + 2}" stroke="#b3261e" stroke-width="2"/>')
        info = join("", [t["remainder"], f" {rtxt}", *([" · ", t["share"], f" {share}"] if share else [])])
        o.append(f'<text x="{L}" y="{y2 + bar_h + 13}" font-size="10.5" fill="{"#b3261e" if (rem or 0) < 0 else "#555"}">{_e(info)}</text>')
    o.append("</svg>")
    return Markup("".join(o))


def table_chart(tab: dict, t: BiDict) -> tuple[Markup, bool]:
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
        return Markup(""), False
    label_col = next((c for c in cols if c not in numeric), None)
    units = {parse_quantity(r.get(c))[1] for r in rows for c in numeric if not blank(r.get(c))}
    per_row = len(units) > 1
    bar_h, gap, L, R, TOP = 12, 10, 170, 90, 24
    group_h = bar_h * len(numeric) + gap
    W = 680
    H = TOP + group_h * len(rows) + 10

    o = [_open(W, H, tab.get("title", ""), "chart bars")]
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
            o.append(f'<g>{title(f"{label} · {c}: {_fmt(r.get(c))}")}'
                     f'<rect x="{x_a:.1f}" y="{y:.1f}" width="{max(x_b - x_a, 0.8):.1f}" height="{bar_h - 2}" '
                     f'fill="{PALETTE[ci % len(PALETTE)]}"{NEG_OPACITY if v < 0 else ""}/></g>')
            tx, anchor = (x_b + 4, "start") if v >= 0 else (x_a - 4, "end")
            o.append(f'<text x="{tx:.1f}" y="{y + bar_h - 3:.1f}" font-size="10" text-anchor="{anchor}" fill="#333">{_e(r.get(c))}</text>')
    o.append("</svg>")
    return Markup("".join(o)), per_row

