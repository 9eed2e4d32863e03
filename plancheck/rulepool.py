"""The rules of a corpus as tasks, in forked worker processes for a large corpus (issue 13).

The work of the rules splits into tasks that read the loaded corpus and nothing else:

- **plans**: every per-plan rule over a shard of plans. A per-plan rule's findings for a plan
  depend on that plan, its source, the catalog and the registry only (`Rule.per_plan`), so the
  plans shard freely; they are grouped by province (the top of their region's ancestry: a
  province's plans sit together, as a distributed engine would take them) and a large province
  is cut into pieces so two workers stay busy. Each plan's findings of all the per-plan rules
  are one findings-cache entry (`plancheck.plancache`).
- **parts**: the parts of a cross-plan rule that splits its work (`Rule.parts`: PC202's
  parent regions and indicators), by the province of each part's region, cut into pieces.
- **rule**: a cross-plan rule that does not split (its `check` and `tables`), or the cross-plan
  step of a per-plan rule (`check_corpus`, when it has one), whole.

The parent puts the results back in the serial order — rule by rule; a per-plan rule's plans in
the corpus's order, then its `check_corpus`; a split rule's parts in its order — so the run's
findings and tables are the serial run's. A rule that raises in a task is run again whole in the
parent (`engine.check_rule`), where it fails as it would serially and is reported the same way.

With fewer than `MIN_PLANS` plans (or one core) the same tasks run in this process. The workers
are forked after the corpus is loaded (`plancheck.forkpool`): they read it from shared memory,
nothing but task descriptions goes to them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from plancheck import collector, forkpool, plancache
from plancheck.findings import share_values
from plancheck.rules.base import Rule

MIN_PLANS = 64  # fewer plans: the tasks run in this process (starting workers costs more)
MAX_SHARD = 32  # plans per task at most: a province of 100 plans is four tasks
MAX_PARTS = 64  # parts of a split rule per task at most


@dataclass(frozen=True)
class _Job:
    rules: list  # every rule the tasks serve, in run order
    plan_rules: list[int]  # indices (into rules) of the per-plan rules
    parts: dict[int, list]  # index of a split rule -> its parts, in its order
    corpus: object
    cache: object
    ref_digest: str


def region_province(corpus, region: str) -> str:
    """The province (top ancestor in the registry) of a region; the region itself if it has none
    or is not registered."""
    try:
        chain = corpus.regions.ancestors(region)
    except (KeyError, ValueError):
        return region
    return chain[-1].code if chain else region


def province(corpus, lp) -> str:
    """The province of a plan's region."""
    return region_province(corpus, lp.plan.region)


def _by_province(keys: list[str], size: int) -> list[list[int]]:
    """Indices of `keys` grouped by key, groups in order of their first index, each cut into
    pieces of at most `size`."""
    by: dict[str, list[int]] = defaultdict(list)
    for i, k in enumerate(keys):
        by[k].append(i)
    return [idx[k:k + size] for idx in by.values() for k in range(0, len(idx), size)]


def shards(corpus, size: int = MAX_SHARD) -> list[list[int]]:
    """Plan indices (into `corpus.plans`) by province, provinces in order of their first plan,
    each cut into pieces of at most `size` plans."""
    return _by_province([province(corpus, lp) for lp in corpus.plans], size)


def _overrides(rule: Rule, name: str) -> bool:
    return getattr(type(rule), name) is not getattr(Rule, name)


def _parts(rule: Rule, corpus) -> list | None:
    """A split rule's parts; None when it does not split (or listing them fails: the rule then
    runs whole, and fails in the parent as it would serially)."""
    try:
        return rule.parts(corpus)
    except Exception:
        return None


def _run_task(job: _Job, task: tuple):
    # the collector paused: the rules make next to no cyclic garbage (27 unreachable objects
    # after every rule at 300 plans), and a worker's collections cost ~5 % of its CPU; in the
    # workers it stays off between tasks too (`collect=False`: `collector.worker_off`)
    with collector.paused():
        return _shared(task[0], _task(job, task))


def _shared(kind: str, out):
    """A task's findings with their equal strings and evidence as one object each (`Finding.
    share_values`): smaller to pickle and to hold once they are back in the main process."""
    if out is None:
        return out
    pool: dict = {}
    if kind == "plans":
        for per_rule in out:
            for found in per_rule:
                if found is not None:
                    share_values(found, pool)
    elif kind == "parts":
        for found, _ in out:
            share_values(found, pool)
    else:
        share_values(out[0], pool)
    return out


def _task(job: _Job, task: tuple):
    kind = task[0]
    corpus = job.corpus
    if kind == "plans":  # per plan: each per-plan rule's findings (None where it raised)
        rules = [job.rules[r] for r in job.plan_rules]
        return [plancache.plan_findings(rules, corpus, job.cache, job.ref_digest, corpus.plans[i]) for i in task[1]]
    rule = job.rules[task[1]]
    try:
        if kind == "parts":
            parts = job.parts[task[1]]
            return [(list(rule.check_part(corpus, parts[k][1])), rule.tables_part(corpus, parts[k][1])) for k in task[2]]
        found = list(rule.check_corpus(corpus) if rule.per_plan else rule.check(corpus))
        return found, rule.tables(corpus)
    except Exception:  # run again in the parent, which reports it (engine.run)
        return None


def _before_fork(corpus) -> None:
    """What each worker would otherwise load for itself on its first task, loaded once here:
    the message templates and the units the corpus prints (their parse builds pint's registry)."""
    from plancheck.rules.messages import LANGS, catalog
    from plancheck.units import UnitError, parse

    for lang in LANGS:
        catalog(lang)
    for printed in sorted({f.unit for lp in corpus.plans for f in lp.plan.facts}):
        try:
            parse(printed)
        except UnitError:
            pass


def run(rules: list[Rule], corpus, cache, ref_digest: str, workers: int | None = None,
        meanwhile=None) -> dict[int, tuple[list, list]]:
    """{index of the rule in `rules`: (its findings, its tables)}, as `engine.check_rule` and
    `rule.tables` give them, for the rules whose tasks ran cleanly; the tasks run in forked
    workers for a corpus of at least MIN_PLANS plans (with more than one core). `meanwhile()`
    is called in this process once the workers have begun (not when the tasks run here)."""
    workers = forkpool.default_workers() if workers is None else workers
    if len(corpus.plans) < MIN_PLANS or not forkpool.can_fork():
        workers = 1
    plan_rules = [r for r, rule in enumerate(rules) if rule.per_plan]
    split = {r: _parts(rule, corpus) for r, rule in enumerate(rules) if not rule.per_plan}
    split = {r: parts for r, parts in split.items() if parts is not None}
    tasks: list[tuple] = []
    for r, parts in split.items():  # the largest work first: the small tasks then fill the gaps
        for piece in _by_province([region_province(corpus, region) for region, _ in parts], MAX_PARTS):
            tasks.append(("parts", r, piece))
    for r, rule in enumerate(rules):
        if r not in split and (not rule.per_plan or _overrides(rule, "check_corpus") or _overrides(rule, "tables")):
            tasks.append(("rule", r))
    if plan_rules:
        tasks += [("plans", shard) for shard in shards(corpus)]
    job = _Job(rules, plan_rules, split, corpus, cache, ref_digest)
    if workers > 1:
        _before_fork(corpus)
    def begun() -> None:  # the workers are forked: they hold their own copies of the groups
        corpus.drop_groups()
        if meanwhile is not None:
            meanwhile()

    results = forkpool.ordered_map(_run_task, job, tasks, workers=workers, min_items=2, chunk=1, started=begun,
                                   collect=False)
    per_plan: dict[int, list] = {r: [None] * len(corpus.plans) for r in plan_rules}  # rule -> plan -> findings
    parted: dict[int, list] = {r: [None] * len(parts) for r, parts in split.items()}
    whole: dict[int, tuple[list, list]] = {}
    failed: set[int] = set()
    for task, out in zip(tasks, results, strict=True):
        if task[0] == "plans":
            for i, per_rule in zip(task[1], out, strict=True):
                for r, found in zip(plan_rules, per_rule, strict=True):
                    if found is None:
                        failed.add(r)
                    per_plan[r][i] = found
        elif out is None:
            failed.add(task[1])
        elif task[0] == "parts":
            for k, got in zip(task[2], out, strict=True):
                parted[task[1]][k] = got
        else:
            whole[task[1]] = out
    done: dict[int, tuple[list, list]] = {}
    for r, rule in enumerate(rules):
        if r in failed:
            continue
        if r in split:
            done[r] = ([f for fs, _ in parted[r] for f in fs], [t for _, ts in parted[r] for t in ts])
        elif rule.per_plan:
            tail, tables = whole.get(r, ([], []))
            done[r] = ([f for fs in per_plan[r] for f in fs] + tail, tables)
        else:
            done[r] = whole[r]
    return done
