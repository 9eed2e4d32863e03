"""`plancheck draft SOURCE --update PLAN`: a fresh draft merged into an existing plan file.

Hand-made decisions survive: every fact, growth claim, priority list, footnote, basis and
omission whose quote still occurs in the (changed) source is kept exactly as it was (ids,
indicator keys, notes, links). Draft items not covered by a kept one are added with their review
notes; items whose quotes no longer occur are removed and listed.
"""

from __future__ import annotations

from pathlib import Path

from plancheck import yamlsrc
from plancheck.draft.build import Draft
from plancheck.sources import SourceText

_KEEP_TOP = ("title", "region", "issuers", "document_number", "issued", "period", "cycle", "vision_year", "edition_of")


def _value(v) -> str | None:
    if v is None:
        return None
    return str(v) if isinstance(v, int) else format(v, "f")


def _spans(source: SourceText, quote: str) -> list[tuple[int, int]]:
    return source.spans(quote) if quote else []


def _overlap(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> bool:
    return any(x0 < y1 and y0 < x1 for x0, x1 in a for y0, y1 in b)


def merge(plan_path: Path, draft: Draft, source: SourceText | None = None) -> tuple[Draft, list[str]]:
    data, _ = yamlsrc.load(plan_path.read_text("utf-8"))
    if not isinstance(data, dict):
        raise ValueError("not a plan file (a YAML mapping)")
    if source is None:
        src = (plan_path.parent / draft.plan["source"]["file"])
        source = SourceText.read(src)
    new = draft.plan
    out: dict = {"id": data.get("id", new["id"])}
    removed: list[str] = []
    review: dict = {}
    for key in _KEEP_TOP:
        if key in data and (not isinstance(data[key], dict) or "quote" not in data[key]
                            or source.find(data[key]["quote"])):
            out[key] = data[key]
        elif key in new:
            out[key] = new[key]
            notes = [draft.review[(key,)]] if (key,) in draft.review else []
            if key in data:  # a hand-made field whose quote the changed text no longer has
                removed.append(f"{key}: {data[key].get('quote')}")
                notes.insert(0, f"the plan's {key} quoted {data[key].get('quote')!r}, no longer in the source; the draft's reading")
            if notes:
                review[(key,)] = "; ".join(notes)
    for key in ("bases", "footnotes", "omissions", "priorities"):
        kept = [x for x in data.get(key) or [] if source.find(x.get("quote", ""))]
        removed += [f"{key}: {x.get('id') or x.get('title') or x.get('quote')}" for x in data.get(key) or [] if x not in kept]
        have = {x.get("quote") for x in kept}
        extra = [x for x in new.get(key) or [] if x.get("quote") not in have]
        taken = {x.get("id") for x in kept}
        for n, x in enumerate(extra):
            if "id" in x and x["id"] in taken:
                extra[n] = {**x, "id": f"{x['id']}-new"}
            review[(key, len(kept) + n)] = "new in this update"
        out[key] = kept + extra
    out["source"] = new["source"]
    # facts: keep the hand-made ones whose quotes match; add draft facts that no kept fact covers
    kept_facts = [f for f in data.get("facts") or [] if source.find(f.get("quote", ""))]
    removed += [f"fact {f.get('id')}: {f.get('quote')}" for f in data.get("facts") or [] if f not in kept_facts]
    ids = {f["id"] for f in kept_facts} | {g["id"] for g in data.get("growth") or []}
    index = [(_value(f.get("value")), f.get("year"), _spans(source, f["quote"])) for f in kept_facts]
    renamed: dict[str, str] = {}
    facts = list(kept_facts)
    for i, f in enumerate(new.get("facts") or []):
        spans = _spans(source, f["quote"])
        same = next((k for k, (v, y, s) in zip(kept_facts, index, strict=True)
                     if v == _value(f.get("value")) and y == f["year"] and _overlap(s, spans)), None)
        if same is not None:
            renamed[f["id"]] = same["id"]
            continue
        fid = f["id"]
        n = 2
        while fid in ids:
            fid, n = f"{f['id']}-{n}", n + 1
        ids.add(fid)
        renamed[f["id"]] = fid
        for path, note in draft.review.items():
            if path[:2] == ("facts", i):
                review[("facts", len(facts)) + path[2:]] = note
        review.setdefault(("facts", len(facts)), "new in this update")
        facts.append({**f, "id": fid})
    out["facts"] = facts
    fact_ids = {f["id"] for f in facts}
    growth = []
    for g in data.get("growth") or []:
        if not source.find(g.get("quote", "")):
            removed.append(f"growth {g.get('id')}: {g.get('quote')}")
            continue
        for end in ("start", "end"):
            if g[end].get("fact") is not None and g[end]["fact"] not in fact_ids:
                g = {**g, end: {**g[end], "fact": None}}
                review[("growth", len(growth))] = f"its {end} fact was removed"
        growth.append(g)
    have = {(_value(g.get("rate")), g["start"]["year"], g["end"]["year"]) for g in growth}
    for i, g in enumerate(new.get("growth") or []):
        if (_value(g.get("rate")), g["start"]["year"], g["end"]["year"]) in have:
            continue
        g = {**g, "start": {**g["start"], "fact": renamed.get(g["start"]["fact"], g["start"]["fact"])},
             "end": {**g["end"], "fact": renamed.get(g["end"]["fact"], g["end"]["fact"])}}
        gid, n = g["id"], 2
        while gid in ids:
            gid, n = f"{g['id']}-{n}", n + 1
        ids.add(gid)
        for path, note in draft.review.items():
            if path[:2] == ("growth", i):
                review[("growth", len(growth)) + path[2:]] = note
        review.setdefault(("growth", len(growth)), "new in this update")
        growth.append({**g, "id": gid})
    out["growth"] = growth
    order = ["id", *_KEEP_TOP[:-1], "edition_of", "bases", "source", "footnotes", "facts", "growth", "priorities", "omissions"]
    plan = {k: out[k] for k in order if k in out}
    return Draft(plan, review, draft.dropped), removed
