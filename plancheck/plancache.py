"""The findings of every per-plan rule for one plan: computed, or read from one cache entry.

A per-plan rule's findings for a plan depend on that plan, its source text, its display path, the
catalog and the registry only (`Rule.per_plan`); so the findings of all the per-plan rules of a
run for one plan are one entry of the findings cache, keyed by those inputs and by every such
rule's settings and code. One entry per plan, not per (rule, plan): at 300 plans and 18 per-plan
rules that is 300 files written on a cold run instead of 5,400 (creating a file costs more than
encoding its findings). Changing one rule's settings recomputes every per-plan rule of a plan,
which a warm run does not do.
"""

from __future__ import annotations

from plancheck import cached
from plancheck.findings import Finding


def entry_key(rules: list, cache, ref_digest: str, lp) -> str:
    from plancheck.engine import implementation

    src = lp.source.sha256 if lp.source is not None else ""
    parts = [f"{rule.settings_key()}\x1e{implementation(type(rule))}" for rule in rules]
    parts += [lp.digest, src, lp.display, ref_digest]
    return cache.key("\x1f".join(["per-plan", *parts]).encode())


def encode(per_rule: list[list[Finding]]) -> bytes | None:
    """One JSON list per rule, in the rules' order; None when a finding cannot be cached."""
    out = []
    for found in per_rule:
        encoded = cached.encode_findings(found)
        if encoded is None:
            return None
        out.append(encoded)
    return b"[" + b",".join(out) + b"]"


def plan_findings(rules: list, corpus, cache, ref_digest: str, lp) -> list[list[Finding] | None]:
    """Each per-plan rule's findings for one plan (None for a rule that raised: the caller runs
    it again where it reports the failure); from the cache when the plan is unchanged."""
    key = entry_key(rules, cache, ref_digest, lp) if cache is not None and rules else None
    if key is not None:
        body = cache.get(key)
        hit = cached.decode_findings_lists(body, len(rules)) if body is not None else None  # None: foreign or invalid
        if hit is not None:
            return hit
    out: list[list[Finding] | None] = []
    for rule in rules:
        try:
            out.append(list(rule.check_plan(corpus, lp)))
        except Exception:
            out.append(None)
    if key is not None and all(found is not None for found in out):
        encoded = encode(out)
        if encoded is not None:
            cache.put(key, encoded)
    return out
