"""A synthetic country for the benchmark: provinces, prefectures and counties, each with a plan.

The hierarchy mirrors the real one (about 30 provinces, 300 prefectures, 2,700 counties): each
province has 11 prefectures (as Zhejiang has) and each prefecture `counties` counties. Province
plans are clones of the Zhejiang plan, prefecture and county plans clones of the Jiaxing and
Huzhou plans; every clone cites its parent's plan as its basis and reports under its own region
code (the Zhejiang plan's per-city rows go to the clone province's own prefectures).

Values vary between clones: `variants` seeded perturbations of each template (each figure moved
by up to ±15 % at its written precision, in the plan *and* in a copy of its source text, so the
quotes still verify and the source text's hash is the plan's), and each clone takes one. Growth
rates are not perturbed, so PC101 and the cross-plan sums find real, varying discrepancies,
rather than the same findings 3,000 times. The synthetic regions are declared in
`reference/regions-bench.yaml` beside the plans, as a plan-data repository would declare its own.

Synthetic codes use province numbers 50-79 (no clash with the registry's Zhejiang, 33).
"""

from __future__ import annotations

import hashlib
import random
import re
import shutil
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROVINCE_TEMPLATE = "zhejiang-de-2021"
CITY_TEMPLATES = ("jiaxing-de-2021", "huzhou-de-2021")
PREFECTURES = 11  # Zhejiang's 11 cities: the province template's per-city rows map onto them
_VALUE = re.compile(r"^(\s*value: )(-?\d+(?:\.\d+)?)\s*$", re.M)
_QUOTE = re.compile(r"^(\s*-?\s*quote: )(.*)$", re.M)


def _literal(lit: str) -> re.Pattern:
    return re.compile(r"(?<![\d.])" + re.escape(lit) + r"(?![\d.])")


def _perturbed(lit: str, rng: random.Random) -> str:
    """The literal moved by up to ±15 %, with the same number of decimals (a count stays whole)."""
    d = Decimal(lit)
    places = -d.as_tuple().exponent if d.as_tuple().exponent < 0 else 0
    new = d * Decimal(str(round(rng.uniform(0.85, 1.15), 4)))
    out = f"{new:.{places}f}"
    return lit if out in ("0", "-0") or out == lit else out


def perturb(plan_text: str, source_text: str, rng: random.Random) -> tuple[str, str]:
    """Move every value that is not a year, consistently in the plan's values and quotes and in
    the source text."""
    lits = sorted({m.group(2) for m in _VALUE.finditer(plan_text)}, key=lambda s: (-len(s), s))
    mapping = {}
    for lit in lits:
        if "." not in lit and 1949 <= int(lit) <= 2050:
            continue  # a year-like whole number: too many other words contain it
        new = _perturbed(lit, rng)
        if new != lit and new not in mapping.values() and not _literal(new).search(source_text):
            mapping[lit] = new
    if not mapping:
        return plan_text, source_text
    alt = re.compile(r"(?<![\d.])(" + "|".join(re.escape(k) for k in mapping) + r")(?![\d.])")

    def sub(s: str) -> str:
        return alt.sub(lambda m: mapping[m.group(1)], s)

    plan_text = _VALUE.sub(lambda m: m.group(1) + mapping.get(m.group(2), m.group(2)), plan_text)
    plan_text = _QUOTE.sub(lambda m: m.group(1) + sub(m.group(2)), plan_text)
    return plan_text, sub(source_text)


def _variants(folder: Path, template: str, n: int, seed: int) -> list[tuple[str, str]]:
    """n perturbed (plan text, source file name) pairs of a template; variant 0 is unperturbed."""
    plan = (ROOT / "plans" / f"{template}.yaml").read_text("utf-8")
    src_rel = re.search(r"source: \{file: ([^,]+),", plan).group(1)
    source = (ROOT / "plans" / src_rel).read_text("utf-8")
    out = []
    for v in range(n):
        rng = random.Random(f"{seed}:{template}:{v}")
        p, s = (plan, source) if v == 0 else perturb(plan, source, rng)
        name = f"sources/{template}-v{v:02d}.txt"
        (folder / name).write_text(s, "utf-8")
        digest = hashlib.sha256(s.encode("utf-8")).hexdigest()
        p = re.sub(r"source: \{file: [^,]+, sha256: [0-9a-f]+\}", f"source: {{file: {name}, sha256: {digest}}}", p, count=1)
        out.append((p, name))
    return out


def _clone(text: str, plan_id: str, region: str, basis: str | None, codes: dict[str, str]) -> str:
    text = re.sub(r"^id: .*$", f"id: {plan_id}", text, count=1, flags=re.M)
    text = re.sub(r'region: "(\d{6})"', lambda m: f'region: "{codes.get(m.group(1), region)}"', text)
    if basis is not None:
        text = text.replace("plan: zhejiang-de-2021", f"plan: {basis}")
    return text


def build(folder: Path, plans: int, counties: int = 8, variants: int = 12, seed: int = 2026) -> dict:
    """Write a corpus of about `plans` plans into `folder`; returns its shape."""
    per_province = 1 + PREFECTURES + PREFECTURES * counties
    provinces = max(1, round(plans / per_province))
    (folder / "sources").mkdir(parents=True)
    (folder / "reference").mkdir()
    prov_vars = _variants(folder, PROVINCE_TEMPLATE, variants, seed)
    city_vars = {t: _variants(folder, t, variants, seed) for t in CITY_TEMPLATES}
    rng = random.Random(seed)
    regions = ["regions:"]
    n = 0
    for p in range(provinces):
        pp = 50 + p
        pcode = f"{pp}0000"
        pid = f"p{pp}-de-2021"
        regions.append(f'  - {{code: "{pcode}", name: 省{pp}, level: province}}')
        city_codes = {f"33{c:02d}00": f"{pp}{c:02d}00" for c in range(1, PREFECTURES + 1)}
        text, _ = rng.choice(prov_vars)
        (folder / f"{pid}.yaml").write_text(_clone(text, pid, pcode, None, {"330000": pcode, **city_codes}), "utf-8")
        n += 1
        for c in range(1, PREFECTURES + 1):
            ccode = f"{pp}{c:02d}00"
            cid = f"c{pp}{c:02d}-de-2021"
            regions.append(f'  - {{code: "{ccode}", name: 市{pp}{c:02d}, level: prefecture, parent: "{pcode}"}}')
            text, _ = rng.choice(city_vars[CITY_TEMPLATES[c % 2]])
            (folder / f"{cid}.yaml").write_text(_clone(text, cid, ccode, pid, {}), "utf-8")
            n += 1
            for k in range(1, counties + 1):
                kcode = f"{pp}{c:02d}{k:02d}"
                kid = f"k{kcode}-de-2021"
                regions.append(f'  - {{code: "{kcode}", name: 县{kcode}, level: county, parent: "{ccode}"}}')
                text, _ = rng.choice(city_vars[CITY_TEMPLATES[k % 2]])
                (folder / f"{kid}.yaml").write_text(_clone(text, kid, kcode, cid, {}), "utf-8")
                n += 1
    (folder / "reference" / "regions-bench.yaml").write_text("\n".join(regions) + "\n", "utf-8")
    shutil.copy(ROOT / "plans" / "reference" / "regional-totals.yaml", folder / "reference" / "regional-totals.yaml")
    return {"plans": n, "provinces": provinces, "prefectures": provinces * PREFECTURES,
            "counties": provinces * PREFECTURES * counties, "variants_per_template": variants}
