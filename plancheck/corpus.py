"""The corpus as rules see it: plans, catalog, regions, and indexes over the facts.

Rules look facts up by (plan, indicator), (indicator, region, year) or (region, cycle) instead of
scanning, so the whole check stays linear in the number of facts.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cached_property

from plancheck.factref import FactRef
from plancheck.findings import Evidence
from plancheck.loader import LoadedPlan
from plancheck.models import Catalog, Fact, GrowthClaim, RegionRegistry
from plancheck.models.catalog import Indicator, Measure
from plancheck.models.plan import Kind

_NONE: dict = {}  # a plan with no entry (never written to)


class Corpus:
    def __init__(self, plans: list[LoadedPlan], catalog: Catalog, regions: RegionRegistry, root_display=None,
                 reference=None):
        self.plans = sorted(plans, key=lambda lp: lp.plan.id)
        self.sources_read: list = []  # every source text the load tried to read (engine.load_corpus)
        self.catalog = catalog
        # the catalog's index, read once: a pydantic model's private attribute goes through its
        # __getattr__ on every access (~10 µs; span_kind alone is called once per fact and rule)
        self._indicators: dict[str, Indicator] = {i.key: i for i in catalog.indicators}
        self.regions = regions
        # floors and regional totals (plancheck.refdata.ReferenceData); without one, the built-in floors
        self.reference = reference
        self.by_id: dict[str, LoadedPlan] = {lp.plan.id: lp for lp in self.plans}
        self.facts: list[FactRef] = []
        # by plan, then by indicator or fact id: no (plan, key) tuple per fact
        self._by_plan_ind: dict[str, dict[str, list[FactRef]]] = {}
        self._by_plan_fact: dict[str, dict[str, FactRef]] = {}
        self._children_plans: dict[str, list[LoadedPlan]] = defaultdict(list)
        self._evidence: dict[tuple, tuple] = {}  # (plan, item, quote, path) ids -> (plan, item, Evidence)
        # what rules derive from the corpus and share between their steps (a split rule's part
        # and its table), under a key naming the rule: a function of the corpus alone
        self.derived: dict[str, object] = {}
        for lp in self.plans:
            by_ind = self._by_plan_ind.setdefault(lp.plan.id, {})
            by_fact = self._by_plan_fact.setdefault(lp.plan.id, {})
            for f in lp.plan.facts:
                ref = FactRef(lp, f)
                self.facts.append(ref)
                by_ind.setdefault(f.indicator, []).append(ref)
                by_fact[f.id] = ref

    # what the cross-plan rules group by, built on first use and dropped by `release`
    RULES_ONLY = ("_by_ind_region_year", "_below")

    @cached_property
    def _by_ind_region_year(self) -> dict[tuple[str, str, int], list[FactRef]]:
        out: dict[tuple[str, str, int], list[FactRef]] = defaultdict(list)
        for ref in self.facts:
            out[(ref.fact.indicator, ref.region, ref.data_year)].append(ref)
        return out

    def drop_groups(self) -> None:
        """Drop the groups by indicator, region and year, the hierarchy's and `derived`: built
        again if they are read again. The rules' pool calls this once its workers are forked
        (they read their own copies), so the findings coming back reuse that memory (issue 13:
        ~130 MB at 3,000 plans)."""
        for name in self.RULES_ONLY:
            self.__dict__.pop(name, None)
        self.derived.clear()

    def release(self) -> None:
        """Drop what the rules derived and grouped (the groups by indicator, region and year,
        the hierarchy's, `derived`, the evidence memo) and the plans' positions: the reports
        read the plans, their facts and the lookups by plan only, and the findings carry their
        lines. Anything dropped is built again if it is read again (issue 13: at 3,000 plans
        ~100 MB the main process no longer holds while it writes the reports)."""
        self.drop_groups()
        self._evidence.clear()
        for lp in self.plans:
            lp.release_positions()

    @cached_property
    def floors(self) -> dict:
        """Declared floors by indicator key: built-in and the repository's own (PC201, PC203)."""
        if self.reference is not None:
            return self.reference.floors
        from plancheck.rules.pc201_framework_floor import floors

        return floors()

    @property
    def totals(self):
        """The regional totals of the reference data (PC203), None when no file gives any."""
        return self.reference.totals if self.reference is not None else None

    # -- lookups
    def indicator(self, key: str) -> Indicator | None:
        return self._indicators.get(key)

    def fact(self, plan_id: str, fact_id: str | None) -> FactRef | None:
        return None if fact_id is None else self._by_plan_fact.get(plan_id, _NONE).get(fact_id)

    def plan_facts(self, plan_id: str, indicator: str) -> list[FactRef]:
        return self._by_plan_ind.get(plan_id, _NONE).get(indicator, [])

    def facts_at(self, indicator: str, region: str, year: int) -> list[FactRef]:
        return self._by_ind_region_year.get((indicator, region, year), [])

    def groups(self):
        """(indicator, region, year) -> facts, for every group."""
        return self._by_ind_region_year.items()

    def span_kind(self, ref: FactRef) -> tuple[str, int | None]:
        """("level", None), or ("cumulative", first year) for a count over a span.

        A 累计 count of a stock with no start year (累计建成5361个) is the stock itself: its level.
        Levels compare with levels; counts over a span only with counts over the same span.
        """
        f = ref.fact
        ind = self._indicators.get(f.indicator)
        if f.kind == Kind.cumulative and not (ind is not None and ind.measure == Measure.stock and f.since is None):
            return ("cumulative", f.since)
        return ("level", None)

    def not_loaded(self, lp: LoadedPlan, plan_id: str) -> bool:
        """`plan_id` is not in this corpus but its file lies beside `lp`: a check of some files
        only (`plancheck check plans/x.yaml`), not a dangling reference."""
        return plan_id not in self.by_id and (lp.path.parent / f"{plan_id}.yaml").is_file()

    def official(self, lp: LoadedPlan) -> bool:
        return lp.plan.edition_of is None

    # -- hierarchy: lower regions' facts grouped under each ancestor (framework-fit rules, PC2xx)
    @cached_property
    def _below(self) -> dict[tuple[str, str, int], dict[str, list[FactRef]]]:
        out: dict[tuple[str, str, int], dict[str, list[FactRef]]] = defaultdict(lambda: defaultdict(list))
        chains: dict[str, list[str]] = {}
        for (ind, region, year), refs in self._by_ind_region_year.items():
            codes = chains.get(region)
            if codes is None:
                codes = chains[region] = [anc.code for anc in self.regions.ancestors(region)]
            for code in codes:
                out[(ind, code, year)][region].extend(refs)
        return out

    def below(self, indicator: str, ancestor: str, year: int) -> dict[str, list[FactRef]]:
        """{lower region: facts} of one hierarchy group (empty when none)."""
        return self._below.get((indicator, ancestor, year), {})

    def hierarchy_groups(self):
        """(indicator, ancestor region, year) -> {lower region: facts}: every group with facts below."""
        return self._below.items()

    @cached_property
    def _plans_by_region(self) -> dict[str, list[LoadedPlan]]:
        out: dict[str, list[LoadedPlan]] = defaultdict(list)
        for lp in self.plans:
            out[lp.plan.region].append(lp)
        return out

    def plans_of(self, region: str, cycle: str | None = None) -> list[LoadedPlan]:
        """The plans whose own region is `region` (of one cycle, if given), sorted by id."""
        return [lp for lp in self._plans_by_region.get(region, []) if cycle is None or lp.plan.cycle.value == cycle]

    # -- indicator lineages across plan generations (catalog `successor_of`)
    @cached_property
    def _lineages(self) -> dict[str, str]:
        """key -> lineage id: the newest key of its successor_of chain (the sorted first if several)."""
        parent: dict[str, str] = {}

        def find(k: str) -> str:
            while parent.setdefault(k, k) != k:
                parent[k] = parent[parent[k]]
                k = parent[k]
            return k

        older: set[str] = set()
        for ind in self.catalog.indicators:
            find(ind.key)
            for old in ind.successor_of:
                older.add(old)
                a, b = find(ind.key), find(old)
                if a != b:
                    parent[max(a, b)] = min(a, b)
        members: dict[str, list[str]] = defaultdict(list)
        for k in list(parent):
            members[find(k)].append(k)
        out: dict[str, str] = {}
        for keys in members.values():
            newest = sorted(k for k in keys if k not in older) or sorted(keys)
            for k in keys:
                out[k] = newest[0]
        return out

    def lineage(self, key: str) -> str:
        """The lineage an indicator key belongs to (itself when no `successor_of` links it)."""
        return self._lineages.get(key, key)

    # -- evidence
    def evidence(self, lp: LoadedPlan, item: Fact | GrowthClaim | None = None, *, quote: str | None = None,
                 path: tuple = ()) -> Evidence:
        """The evidence of an item (or a quote at a path) of a plan. Memoised: several rules cite
        the same facts (the seven year rules each walk every fact), and an Evidence is frozen."""
        memo_key = (id(lp), id(item), quote, path)
        hit = self._evidence.get(memo_key)
        if hit is None:  # the memo holds the plan and the item: their ids cannot be reused meanwhile
            hit = self._evidence[memo_key] = (lp, item, self._new_evidence(lp, item, quote, path))
        return hit[2]

    def _new_evidence(self, lp: LoadedPlan, item, quote: str | None, path: tuple) -> Evidence:
        q = quote if quote is not None else (item.quote if item is not None else "")
        lines = lp.source.find(q) if lp.source is not None and q else []
        ypath = lp.item_path(item.id) if item is not None and hasattr(item, "id") else path
        mark = lp.mark(ypath) if ypath else None
        return Evidence(
            plan=lp.plan.id,
            file=lp.plan.source.file,
            line=lines[0] if lines else None,
            quote=q,
            plan_file=self.display(lp),
            plan_line=mark.line if mark else None,
            plan_column=mark.column if mark else None,
            item=getattr(item, "id", None),
        )

    def ref_evidence(self, ref: FactRef, keep: bool = True) -> Evidence:
        """A fact's evidence; `keep=False`: not memoised (the fact table reads three cells of
        every fact's evidence once: a memo entry per fact was ~2/3 of the table's memory)."""
        if keep:
            return self.evidence(ref.lp, ref.fact)
        hit = self._evidence.get((id(ref.lp), id(ref.fact), None, ()))
        return hit[2] if hit is not None else self._new_evidence(ref.lp, ref.fact, None, ())

    def display(self, lp: LoadedPlan) -> str:
        return lp.display or str(lp.path)

