"""How much of the hand encoding `plancheck draft` recovers, per document of the corpus.

    .venv/bin/python bench/draft_recall.py [plans/] [--json]

For each plan in plans/ (the hand encoding, taken as ground truth) the source text is drafted
afresh in a temporary folder, and:

- facts: the share of hand-encoded facts the draft recovers with the same value (as written),
  unit, year and comparator, quoting an overlapping part of the source (goal >= 90%);
- growth: the share of hand-encoded growth claims recovered (same measure, rate, years, quote
  overlapping) with every endpoint the hand encoding links linked to a recovered fact (goal >= 90%);
- text / table: the facts recovered, by where the hand encoding says the fact stands;
- extra: the share of draft facts that match no hand-encoded fact (each is either a real
  omission of the hand encoding or a false extraction).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _unit(u: str) -> str:
    return unicodedata.normalize("NFKC", u or "/").replace(" ", "")


def _val(v) -> str | None:
    if v is None:
        return None
    return str(v) if isinstance(v, int) else format(v, "f")


def _spans(source, quote: str):
    return source.spans(quote) if quote else []


def _overlap(a, b) -> bool:
    return any(x0 < y1 and y0 < x1 for x0, x1 in a for y0, y1 in b)


def compare(hand: dict, draft: dict, source) -> dict:
    """Recall and extra figures of one draft against one hand-encoded plan (both as dicts)."""
    def sig(f):
        return (_val(f.get("value")), _unit(f.get("unit")), f.get("year"), f.get("comparator", "="))

    dspans = [(_spans(source, f["quote"]), f) for f in draft.get("facts") or []]
    match: dict[str, dict] = {}  # hand fact id -> draft fact
    used: set[int] = set()
    for h in hand.get("facts") or []:
        hs = _spans(source, h["quote"])
        for sp, d in dspans:
            if id(d) not in used and sig(d) == sig(h) and _overlap(sp, hs):
                match[h["id"]] = d
                used.add(id(d))
                break
    missed = [h for h in hand.get("facts") or [] if h["id"] not in match]
    extra = [d for sp, d in dspans if id(d) not in used
             and not any(_val(d.get("value")) == _val(h.get("value")) and d.get("year") == h.get("year")
                         and _overlap(sp, _spans(source, h["quote"])) for h in hand.get("facts") or [])]
    dfacts = {f["id"]: f for f in draft.get("facts") or []}
    got_growth, missed_growth = 0, []
    for g in hand.get("growth") or []:
        gs = _spans(source, g["quote"])
        ok = False
        for d in draft.get("growth") or []:
            if (d["measure"], _val(d["rate"]), d["start"]["year"], d["end"]["year"]) != (
                    g["measure"], _val(g["rate"]), g["start"]["year"], g["end"]["year"]):
                continue
            if not _overlap(_spans(source, d["quote"]), gs):
                continue
            ok = True
            for end in ("start", "end"):
                want = g[end].get("fact")
                if want is None:
                    continue
                have = dfacts.get(d[end].get("fact") or "")
                if have is None or want not in match or sig(match[want]) != sig(have):
                    ok = False
            if ok:
                break
        if ok:
            got_growth += 1
        else:
            missed_growth.append(g["id"])
    n_hand, n_growth, n_draft = len(hand.get("facts") or []), len(hand.get("growth") or []), len(draft.get("facts") or [])
    by_place = {}
    for place in ("text", "table"):
        mine = [h for h in hand.get("facts") or [] if h.get("place", "text") == place]
        by_place[place] = f"{sum(h['id'] in match for h in mine)}/{len(mine)}"
    return {
        "by_place": by_place,
        "facts": n_hand, "recovered": len(match), "fact_recall": round(100 * len(match) / n_hand, 1) if n_hand else None,
        "growth": n_growth, "growth_recovered": got_growth,
        "growth_recall": round(100 * got_growth / n_growth, 1) if n_growth else None,
        "draft_facts": n_draft, "extra": len(extra), "extra_share": round(100 * len(extra) / n_draft, 1) if n_draft else None,
        "missed": [f"{h['id']} ({_val(h.get('value'))} {h.get('unit')} {h.get('year')} {h.get('comparator', '=')})" for h in missed],
        "missed_growth": missed_growth,
    }


def run(plans_dir: Path) -> dict[str, dict]:
    from plancheck import yamlsrc
    from plancheck.draft import draft_text
    from plancheck.sources import SourceText

    out = {}
    for path in sorted(plans_dir.glob("*.yaml")):
        hand, _ = yamlsrc.load(path.read_text("utf-8"))
        src = (path.parent / hand["source"]["file"])
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / "sources" / src.name
            copy.parent.mkdir()
            shutil.copy(src, copy)
            draft = draft_text(copy, f"sources/{src.name}", hand["id"], hand["region"]).plan
        out[hand["id"]] = compare(hand, draft, SourceText.read(src))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("plans", nargs="?", type=Path, default=ROOT / "plans")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--missed", action="store_true", help="list the hand-encoded facts the draft misses")
    args = ap.parse_args(argv)
    res = run(args.plans)
    if args.json:
        print(json.dumps(res, ensure_ascii=False, indent=2))
        return 0
    print(f"{'plan':<24} {'facts':>12} {'recall':>7} {'text':>8} {'table':>6} {'growth':>9} {'recall':>7} {'draft':>6} {'extra':>6}")
    for pid, r in res.items():
        print(f"{pid:<24} {r['recovered']:>5}/{r['facts']:<6} {r['fact_recall'] or 0:>6}% {r['by_place']['text']:>8} {r['by_place']['table']:>6}"
              f" {r['growth_recovered']:>4}/{r['growth']:<4}"
              f" {r['growth_recall'] if r['growth_recall'] is not None else '-':>6}% {r['draft_facts']:>6} {r['extra_share'] or 0:>5}%")
        if args.missed:
            for m in r["missed"]:
                print(f"    missed {m}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
