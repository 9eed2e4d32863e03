"""The per-plan rules of a large corpus in forked worker processes, by province (issue 13).

A per-plan rule's findings for a plan depend on that plan, its source, the catalog and the
registry only (`Rule.per_plan`), so the plans shard freely; they are grouped by province (the
top of their region's ancestry: a province's plans sit together, as a distributed engine would
take them) and a large province is cut into pieces so two workers stay busy. Each worker runs
every selected per-plan rule over its shard's plans exactly as the serial engine does
(`engine.plan_findings`, with the findings cache) and returns the findings; the parent puts them
back in the serial order — rule by rule, plans in the corpus's order — so the run's findings are
the serial run's. A rule that raises in a worker is run again in the parent (`failed`), where
it fails as it would serially and is reported the same way.

The workers are forked after the corpus is loaded (`plancheck.forkpool`): they read it from
shared memory, nothing but plan indices goes to them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from plancheck import forkpool

MIN_PLANS = 64  # fewer plans: the rules run in this process (starting workers costs more)
MAX_SHARD = 32  # plans per task at most: a province of 100 plans is four tasks


@dataclass(frozen=True)
class _Job:
    rules: list  # the per-plan rules, in run order
    corpus: object
    cache: object
    ref_digest: str


def province(corpus, lp) -> str:
    """The province (top ancestor in the registry) of a plan's region; the region itself if it
    has none or is not registered."""
    region = lp.plan.region
    try:
        chain = corpus.regions.ancestors(region)
    except (KeyError, ValueError):
        return region
    return chain[-1].code if chain else region


def shards(corpus, size: int = MAX_SHARD) -> list[list[int]]:
    """Plan indices (into `corpus.plans`) by province, provinces in order of their first plan,
    each cut into pieces of at most `size` plans."""
    by: dict[str, list[int]] = defaultdict(list)
    for i, lp in enumerate(corpus.plans):
        by[province(corpus, lp)].append(i)
    return [idx[k:k + size] for idx in by.values() for k in range(0, len(idx), size)]


def _run_shard(job: _Job, shard: list[int]) -> list[list[list] | None]:
    """For each rule: the findings of each of the shard's plans (None if the rule raised)."""
    from plancheck.engine import plan_findings

    out: list[list[list] | None] = []
    for rule in job.rules:
        try:
            out.append([plan_findings(rule, job.corpus, job.cache, job.ref_digest, job.corpus.plans[i]) for i in shard])
        except Exception:  # run again in the parent, which reports it (engine.run)
            out.append(None)
    return out


def per_plan(rules: list, corpus, cache, ref_digest: str, workers: int | None = None) -> dict[int, list] | None:
    """{index of the rule in `rules`: its per-plan findings over every plan, in the serial order}
    for the rules that ran cleanly in the workers; None when the corpus is too small for workers
    (or only one core: the engine runs the rules itself)."""
    workers = forkpool.default_workers() if workers is None else workers
    if workers <= 1 or len(corpus.plans) < MIN_PLANS or not forkpool.can_fork() or not rules:
        return None
    parts = shards(corpus)
    per_shard = forkpool.ordered_map(_run_shard, _Job(rules, corpus, cache, ref_digest), parts,
                                     workers=workers, min_items=2, chunk=1)
    by_plan: list[list] = [[None] * len(corpus.plans) for _ in rules]  # rule -> plan index -> findings
    failed: set[int] = set()
    for shard, results in zip(parts, per_shard, strict=True):
        for r, found in enumerate(results):
            if found is None:
                failed.add(r)
                continue
            for i, fs in zip(shard, found, strict=True):
                by_plan[r][i] = fs
    return {r: [f for fs in by_plan[r] for f in fs] for r in range(len(rules)) if r not in failed}
