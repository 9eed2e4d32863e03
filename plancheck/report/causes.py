"""Findings that share one cause, as data of report.json (every writer shows the same grouping).

A reviewer should meet one mistake once. Three kinds of shared cause are recognised, from the
findings' own fields only (never from the names of particular plans):

- **year-shift**: an edition-diff pattern (PC401 with `field: year`, a `change` and its `items`)
  says a copy moved many years by the same amount. Every finding located in that copy, about one
  of those items, whose values show one of the shifted-to years, is a consequence: PC104's
  "actual after issue", PC101's growth over a longer span, PC106's requirement from a moved
  baseline, PC401's per-item differences.
- **unit-slip**: a finding that reports a 万/亿 slip (a `factor`, from a rule that declares
  `leads = "unit-slip"`, PC116), with the findings about the same fact.
- **same-fact**: two or more errors or warnings of different rules about one fact (the same plan
  and item) — e.g. PC105's share over 100% and PC401's differing value of the same cell.

A data-quality finding (of a rule declaring `quality`, PC501) that repeats an engine finding
about the same fact (its check family is one the engine rule declares in `repeated_by`: years
for the year checks, bounds and units for the unit checks, uniqueness for PC103) is *attached* to
it (`related_to`), listed with it, and not counted again in the summary.

What a rule is to these groupings is what its class declares (`plancheck.rules.declared`),
never its code: the rule of scope `waivers` reports on the waivers file, not on a fact.

Findings of an edition pair are located in the copy (the plan with `edition_of`): that is the
document carrying the difference.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from plancheck.rules import Scope, declared

SEV_RANK = {"error": 0, "warning": 1, "info": 2}
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|2[01]\d\d)(?!\d)")


def home_plans(f: dict, copies: set[str]) -> list[str]:
    """The plans a finding is located in: for an edition pair, the copy alone (else the
    finding's own list, not a copy: the document is read, never changed)."""
    plans = f.get("plans") or []
    if type(plans) is not list:  # a hand-made or foreign document: a list all the same
        plans = list(plans)
    if len(plans) > 1:
        mine = [p for p in plans if p in copies]
        if mine and len(mine) < len(plans):
            return mine
    return plans


def _subjects(f: dict, home: list[str], pool: dict | None = None) -> tuple[tuple[str, str], ...]:
    """The (plan, item) pairs a finding's evidence cites in its home plans, each once, in order.
    A tuple, not a set (~50 bytes against ~220 for each of a country's ~130,000 findings), and
    with `pool` each pair one object for all the findings citing it."""
    pairs = dict.fromkeys((e["plan"], e["item"]) for e in f.get("evidence") or []
                          if e.get("item") and e.get("plan") in home)
    if pool is None:
        return tuple(pairs)
    return tuple(pool.setdefault(p, p) for p in pairs)


def _text(v: object) -> str:
    if isinstance(v, dict):
        return " ".join(f"{k} {_text(x)}" for k, x in v.items())
    if isinstance(v, (list, tuple)):
        return " ".join(_text(x) for x in v)
    return "" if v is None else str(v)


class _Union:
    def __init__(self, n: int):
        self.up = list(range(n))

    def find(self, i: int) -> int:
        while self.up[i] != i:
            self.up[i] = self.up[self.up[i]]
            i = self.up[i]
        return i

    def join(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.up[max(ra, rb)] = min(ra, rb)


def attach_repeats(findings: list[dict], homes: list[list[str]],
                   subjects: list[set[tuple[str, str]]] | None = None) -> None:
    """Set `related_to` on each finding of a quality rule that repeats an engine finding (one of
    a rule repeated by the quality finding's check family), `related` on the latter.
    `subjects`: each finding's `_subjects` (computed here if not given)."""
    if subjects is None:
        subjects = [_subjects(f, homes[i]) for i, f in enumerate(findings)]
    # the engine findings by subject, for the subjects a quality finding cites only (a country's
    # ~100,000 subjects are not all indexed for a few thousand quality findings)
    wanted = {s for i, f in enumerate(findings) if declared(f["rule"]).quality for s in subjects[i]}
    by_subject: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, f in enumerate(findings):
        if wanted and not declared(f["rule"]).quality and f["severity"] != "info":
            for s in subjects[i]:
                if s in wanted:
                    by_subject[s].append(i)
    for i, f in enumerate(findings):
        if not declared(f["rule"]).quality:
            continue
        family = str((f.get("values") or {}).get("family", ""))
        mine = subjects[i]
        if not family or not mine:
            continue
        cands = set.intersection(*(set(by_subject.get(s, ())) for s in mine))
        cands = [j for j in cands if family in declared(findings[j]["rule"]).repeated_by]
        if cands:
            j = min(cands, key=lambda j: (SEV_RANK[findings[j]["severity"]], findings[j]["id"]))
            f["related_to"] = findings[j]["id"]
            findings[j].setdefault("related", []).append(f["id"])


def _year_shifts(findings: list[dict], homes: list[list[str]], copies: set[str], uf: _Union,
                 subjects: list[set[tuple[str, str]]]) -> dict[int, str]:
    """Union every consequence of a systematic year shift with its edition-diff pattern (a finding
    of a rule that leads year shifts); seed -> kind."""
    seeds = {}
    patterns = []  # (seed, the (plan, item) pairs it shifted, the years it shifted to)
    for i, f in enumerate(findings):
        v = f.get("values") or {}
        if declared(f["rule"]).leads != "year-shift" or v.get("field") != "year" or not v.get("items"):
            continue
        items = {x.strip() for x in str(v["items"]).split(",") if x.strip()}
        to_years = {b for _a, b in re.findall(r"(\d{4})\s*->\s*(\d{4})", str(v.get("replacements", "")))}
        seeds[i] = "year-shift"
        patterns.append((i, [(plan, item) for plan in homes[i] if plan in copies for item in items], to_years))
    # the findings by subject, for the subjects a pattern names only
    wanted = {s for _i, pairs, _y in patterns for s in pairs}
    subject_index: dict[tuple[str, str], list[int]] = defaultdict(list)
    if wanted:
        for j in range(len(findings)):
            for s in subjects[j]:
                if s in wanted:
                    subject_index[s].append(j)
    for i, pairs, to_years in patterns:
        for pair in pairs:
            for j in subject_index.get(pair, ()):
                g = findings[j]
                if j != i and g.get("related_to") is None and to_years & set(_YEAR.findall(_text(g.get("values")))):
                    uf.join(i, j)
    return seeds


def group(doc: dict, homes: list[list[str]] | None = None) -> list[dict]:
    """Annotate doc["findings"] in place (`cause`, `related_to`, `related`) and return the causes.
    `homes`: each finding's `home_plans` (report.json's `located`, computed here if not given)."""
    findings = doc["findings"]
    copies = {p["id"] for p in doc.get("plans", []) if p.get("edition_of")}
    if homes is None:
        homes = [home_plans(f, copies) for f in findings]
    for f in findings:
        f.pop("related", None)
        f.pop("related_to", None)
        f.pop("cause", None)
    pool: dict = {}
    subjects = [_subjects(f, homes[i], pool) for i, f in enumerate(findings)]  # once: each pass below reads them
    attach_repeats(findings, homes, subjects)
    uf = _Union(len(findings))
    seeds = _year_shifts(findings, homes, copies, uf, subjects)
    # errors and warnings of different rules about one fact: the first finding of each subject,
    # and a list only for a subject with more (most have one: a list each was ~20 MB at 3,000 plans)
    first: dict[tuple[str, str], int] = {}
    more: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, f in enumerate(findings):
        if f["severity"] != "info" and f.get("related_to") is None and declared(f["rule"]).scope is not Scope.waivers:
            for s in subjects[i]:
                if first.setdefault(s, i) != i:
                    more[s].append(i)
    for s, rest in more.items():
        head = first[s]
        if any(findings[i]["rule"] != findings[head]["rule"] for i in rest):
            for i in rest:
                uf.join(head, i)
    del first, more
    # the groups of two or more, each in the findings' order (a lone finding has no list)
    roots = [uf.find(i) if findings[i].get("related_to") is None else -1 for i in range(len(findings))]
    sizes = Counter(roots)
    members: dict[int, list[int]] = defaultdict(list)
    for i, r in enumerate(roots):
        if r >= 0 and sizes[r] > 1:
            members[r].append(i)
    del roots, sizes
    causes = []
    for idx in members.values():
        seed = next((i for i in idx if i in seeds), None)
        slip = next((i for i in idx if declared(findings[i]["rule"]).leads == "unit-slip" and "factor" in (findings[i].get("values") or {})), None)
        kind = "year-shift" if seed is not None else "unit-slip" if slip is not None else "same-fact"
        ordered = sorted(idx, key=lambda i: (SEV_RANK[findings[i]["severity"]], findings[i]["waived"], findings[i]["rule"], findings[i]["id"]))
        lead = seed if seed is not None else slip if slip is not None else ordered[0]
        top = findings[ordered[0]]
        cid = "cause-" + findings[lead]["id"]
        plans = sorted({p for i in idx for p in homes[i]})
        items = sorted({it for i in idx for (_p, it) in subjects[i]})
        for i in idx:
            findings[i]["cause"] = cid
        causes.append({
            "id": cid, "kind": kind, "lead": findings[lead]["id"], "severity": top["severity"],
            "waived": all(findings[i]["waived"] for i in idx if findings[i]["severity"] == top["severity"]),
            "plans": plans, "items": items if kind == "same-fact" else [],
            "rules": sorted({findings[i]["rule"] for i in idx}),
            "members": [findings[i]["id"] for i in ordered],
        })
    causes.sort(key=lambda c: (SEV_RANK[c["severity"]], c["waived"], c["plans"], c["id"]))
    return causes


class Block:
    """One block of `blocks`, read as a mapping (`b["findings"]`): a cause with its members, or a
    lone finding (`findings` a tuple of one). Slotted: a country's ~130,000 blocks as a dict and
    a list each were most of report.md's memory (issue 13)."""

    __slots__ = ("severity", "waived", "cause", "findings", "plans")

    def __init__(self, severity: str, waived: bool, cause: dict | None, findings, plans: list[str]):
        self.severity, self.waived, self.cause, self.findings, self.plans = severity, waived, cause, findings, plans

    def __getitem__(self, name: str):
        try:
            return getattr(self, name)
        except AttributeError:
            raise KeyError(name) from None


def blocks(doc: dict) -> list[Block]:
    """The findings in reading order: one block per cause (at its top severity, its members
    listed) or per lone finding; errors first, unwaived before waived, then warnings, then infos.
    Attached repeats (PC501) ride with the finding they repeat. Needs `group` to have run."""
    found = doc.get("causes") or []
    wanted = {m for c in found for m in c["members"]}  # only the causes' members are looked up by id
    by_id = {f["id"]: f for f in doc["findings"] if f["id"] in wanted} if wanted else {}
    order = _plan_order(doc.get("plans", []))
    out, done = [], set()
    for c in found:
        members = [by_id[m] for m in c["members"] if m in by_id]
        done.update(m["id"] for m in members)
        out.append(Block(c["severity"], c["waived"], c, members, c["plans"]))
    for f in doc["findings"]:
        if f.get("related_to") or (done and f["id"] in done):
            continue
        out.append(Block(f["severity"], f["waived"], None, (f,), f.get("located") or f["plans"]))

    def key(b: Block) -> tuple:
        first = b.findings[0]
        return (SEV_RANK[b.severity], b.waived, b.cause is None,
                tuple(order.get(p, len(order)) for p in b.plans), first["rule"], first["id"])

    out.sort(key=key)
    return out


_ORDER: list = [None, None, {}]  # (the plans list, its length, plan id -> position): one document at a time


def _plan_order(plans: list[dict]) -> dict[str, int]:
    """Plan id -> its position in the document: kept for the plans list given last (a split HTML
    report's plan pages are views of one document sharing its plans: one index for thousands of pages)."""
    if _ORDER[0] is not plans or _ORDER[1] != len(plans):
        _ORDER[:] = [plans, len(plans), {p["id"]: i for i, p in enumerate(plans)}]
    return _ORDER[2]


_INDEX: list = [None, None, {}]  # (the findings list, its length, id -> finding): one document at a time


def forget() -> None:
    """Drop the lookups kept for the last document (`_plan_order`, `attached`): they hold its
    plans and findings, which then outlive it (the report writers call this when the set is
    written; issue 13: at 3,000 plans the document's ~150 MB stayed while the lines were printed)."""
    _ORDER[:] = [None, None, {}]
    _INDEX[:] = [None, None, {}]


def attached(doc: dict, f: dict) -> list[dict]:
    """The data-quality findings attached to `f` (an index of the document's findings is kept)."""
    if not f.get("related"):
        return []
    fs = doc["findings"]
    if _INDEX[0] is not fs or _INDEX[1] != len(fs):
        _INDEX[:] = [fs, len(fs), {g["id"]: g for g in fs}]
    by_id = _INDEX[2]
    return [by_id[i] for i in f["related"] if i in by_id]
