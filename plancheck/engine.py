"""Run the selected rules over a corpus, apply waivers, and collect the results."""

from __future__ import annotations

import functools
import hashlib
import inspect
import itertools
import os
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from plancheck import cached, collector, forkpool, rulepool
from plancheck.cache import DEFAULT_MAX_MB, TOUCH_AFTER_S, PlanCache, prune
from plancheck.corpus import Corpus
from plancheck.findings import Finding, Severity
from plancheck.loader import InputError, load_plans
from plancheck.rules import all_rules
from plancheck.rules.base import Rule, Scope
from plancheck.waivers import LoadedWaivers

STORE_ASIDE_PLANS = rulepool.MIN_PLANS  # plans from which the whole-run entry is written by a forked child


@dataclass
class Result:
    corpus: Corpus
    findings: list[Finding] = field(default_factory=list)
    input_errors: list[InputError] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    tables: list[dict] = field(default_factory=list)
    internal_errors: list[str] = field(default_factory=list)  # rules that crashed: exit 3, a bug
    # digest of everything the findings are a function of (None without a cache): lets the
    # report writer keep an unchanged report set (plancheck.report.writers)
    inputs_key: str | None = None
    # the findings cache, where the identity of the report set written is recorded
    # (`reportset.record_seal`), None without a cache
    seals: object = None

    def unwaived(self, at_least: Severity = Severity.error) -> list[Finding]:
        return [f for f in self.findings if not f.waived and f.severity.rank <= at_least.rank]


def selected(select: list[str], ignore: list[str], documents: bool = False) -> list[type[Rule]]:
    """Rules chosen by code prefix (PC1, PC101) or name (growth-rate).

    `check` runs the plan rules; `scan` (documents=True) the rules of scope `document`; both run
    the rules of scope `waivers` (the waivers file applies to either).
    """

    def match(rule: type[Rule], patterns: list[str]) -> bool:
        return any(rule.code.upper().startswith(p.upper()) or rule.name == p for p in patterns)

    def kind(rule: type[Rule]) -> bool:
        return rule.scope == Scope.waivers or (rule.scope == Scope.document) == documents

    return [r for r in all_rules() if kind(r) and (not select or match(r, select)) and not (ignore and match(r, ignore))]


def build_rules(classes: list[type[Rule]], rule_settings: dict[str, dict]) -> list[Rule]:
    rules = []
    codes = {c.code for c in all_rules()}
    unknown = set(rule_settings) - codes
    if unknown:
        raise ValueError(f"settings for unknown rule(s): {sorted(unknown)}")
    for cls in classes:
        conf = dict(rule_settings.get(cls.code, {}))
        sev = conf.pop("severity", None)
        rules.append(cls(Severity(sev) if sev else None, conf))
    return rules


def reference_data(configured: dict[str, list[str]] | None = None, paths: list[Path] = (),
                   root: Path | None = None):
    """The reference data (catalog, regions, floors, totals): built-in, the files named in
    settings, and the folder `reference/` beside the plans; a broken or clashing file is an input
    error, not a crash (plancheck.refdata)."""
    from plancheck import refdata

    return refdata.load(refdata.user_files(configured, paths), root)


def load_corpus(paths: list[Path], root: Path | None = None, cache_dir: Path | None = None,
                reference: dict[str, list[str]] | None = None) -> tuple[Corpus, list[InputError]]:
    ref, ref_errors = reference_data(reference, paths, root)
    with collector.paused():  # bulk validation: the collector dominates (stack notes)
        loaded = load_plans(paths, root, cache_dir)
    corpus = Corpus(loaded.plans, ref.catalog, ref.regions, reference=ref)
    corpus.sources_read = loaded.sources
    return corpus, ref_errors + loaded.errors


def reference_digest(corpus: Corpus) -> str:
    """What the catalog and the region registry say, for cache keys of per-plan findings."""
    h = hashlib.sha256()
    h.update(corpus.catalog.model_dump_json().encode())
    h.update(corpus.regions.model_dump_json().encode())
    h.update(repr(sorted(corpus.floors.items())).encode())
    if corpus.totals is not None:
        h.update(corpus.totals.model_dump_json().encode())
    return h.hexdigest()


@functools.cache
def implementation(cls: type) -> str:
    """The rule class and the source of the module defining it, for cache keys (plancheck's own
    modules are in `cache.code_digest` already; this also covers rules defined elsewhere)."""
    try:
        src = Path(inspect.getfile(cls)).read_bytes()
    except (OSError, TypeError):
        src = b""
    return hashlib.sha256(f"{cls.__module__}.{cls.__qualname__}\0".encode() + src).hexdigest()


def check_rule(rule: Rule, corpus: Corpus, cache: PlanCache | None, ref_digest: str) -> list[Finding]:
    """A rule's findings, run whole in this process (the rules the tasks of plancheck.rulepool
    do not serve, or a rule that raised there); a corpus rule that declares a cache salt
    (PC501) is served from the findings cache when its inputs are unchanged."""
    salt = getattr(rule, "corpus_cache_salt", None)
    if rule.per_plan or cache is None or salt is None:
        return list(rule.check(corpus))
    return _cached_corpus_rule(rule, corpus, cache, ref_digest, salt())


def _cached_corpus_rule(rule: Rule, corpus: Corpus, cache: PlanCache, ref_digest: str, salt: str) -> list[Finding]:
    """A corpus rule that declares `corpus_cache_salt()` (PC501: the versions of its libraries):
    its findings are cached under every plan's bytes, source and display path, the catalog and
    registry, the rule's settings and code, and the salt; the fact table it checks is a function
    of exactly these, so an unchanged corpus never runs the rule (nor imports its libraries)."""
    key = _corpus_rule_key(rule, corpus, cache, ref_digest, salt)
    body = cache.get(key)
    found = cached.decode_findings(body) if body is not None else None
    if found is None:
        found = list(rule.check(corpus))
        encoded = cached.encode_findings(found)
        if encoded is not None:
            cache.put(key, encoded)
    return found


def _corpus_rule_key(rule: Rule, corpus: Corpus, cache: PlanCache, ref_digest: str, salt: str) -> str:
    parts = [rule.settings_key(), implementation(type(rule)), salt, ref_digest]
    for lp in corpus.plans:
        parts += [lp.display, lp.digest, lp.source.sha256 if lp.source is not None else ""]
    return cache.key("\x1f".join(parts).encode())


def _start(rules: list[Rule], cache: PlanCache | None, corpus: Corpus | None = None, ref_digest: str = "") -> None:
    """Let the rules that can begin before their turn (`start()`: PC501 imports Great Expectations
    in a helper process) begin, when they will run: with no cache entry at all (before the load:
    `corpus` None), or when their own cached result is missing (after the load)."""
    for rule in rules:
        start = getattr(rule, "start", None)
        if start is None:
            continue
        if corpus is None:
            empty = cache is None or cache.folder is None or not any(cache.folder.glob("*.json"))
            if empty:
                start()
            continue
        salt = getattr(rule, "corpus_cache_salt", None)
        if salt is None or not (cache.folder / f"{_corpus_rule_key(rule, corpus, cache, ref_digest, salt())}.json").exists():
            start()


def _begin(rules: list[Rule], corpus: Corpus) -> None:
    """Let the rules that work in a helper process hand it their input (`begin()`: PC501 sends
    the fact table) while the other rules run in their workers; a failure is the rule's own, in
    its turn."""
    for rule in rules:
        begin = getattr(rule, "begin", None)
        if begin is not None:
            begin(corpus)


def _stop(rules: list[Rule]) -> None:
    for rule in rules:
        stop = getattr(rule, "stop", None)
        if stop is not None:
            stop()


def run_inputs(corpus: Corpus, rules: list[Rule], errors: list[InputError], ref_digest: str) -> bytes:
    """What every rule's findings and tables are a function of, for one cache entry of the whole
    run: each rule's settings and code (and a corpus rule's salt), the catalog and registry, every
    plan's bytes, source text and display path, the load's input errors, and the file names beside
    each plan (a reference to a plan of the folder that was not loaded is not a dangling one)."""
    parts = [ref_digest]
    for rule in rules:
        salt = getattr(rule, "corpus_cache_salt", None)
        parts += [rule.settings_key(), implementation(type(rule)), salt() if salt is not None else ""]
    for folder in sorted({str(lp.path.parent) for lp in corpus.plans}):
        try:
            parts += [folder, *sorted(os.listdir(folder))]
        except OSError as e:
            parts += [folder, repr(e)]
    for lp in corpus.plans:
        parts += [lp.display, lp.digest, lp.source.sha256 if lp.source is not None else ""]
    for e in errors:
        parts.append(repr((e.file, e.line, e.column, e.field, e.message)))
    return "\x1f".join(parts).encode()


def _cached_run(cache: PlanCache, key: str) -> tuple[list[Finding], list[dict]] | None:
    body = cache.get(key)
    if body is None:
        return None
    try:
        head, _, rest = body.partition(b"\n")
        tables = orjson.loads(head)
    except ValueError:
        return None
    found = cached.decode_findings(rest)
    if found is None or not isinstance(tables, list):
        return None
    return found, tables


def _store_run(cache: PlanCache, key: str, findings: list[Finding], tables: list[dict]) -> None:
    """One entry: the tables as one JSON line, then the findings (cached.findings_chunks)."""
    try:
        head = orjson.dumps(tables)
    except TypeError:  # orjson.JSONEncodeError: not JSON (a non-string key, a Decimal ...)
        return
    if orjson.loads(head) != tables:  # only what JSON holds exactly
        return
    # written as it is encoded (~250 MB at 3,000 plans: held whole, and copied to be signed, it
    # was the main process's peak memory); a finding JSON cannot hold leaves no entry
    cache.put_chunks(key, itertools.chain((head, b"\n"), cached.findings_chunks(findings)))


def run(paths: list[Path], rules: list[Rule], waivers: LoadedWaivers | None = None, root: Path | None = None,
        cache_dir: Path | None = None, cache_max_mb: int = DEFAULT_MAX_MB,
        reference: dict[str, list[str]] | None = None, progress=None) -> Result:
    """Check the plans under `paths`. `cache_dir`: where validated plans and per-plan findings
    are kept between runs (None: no cache); it is pruned to `cache_max_mb` after the run.
    `reference`: the repository's own reference files by kind (settings `catalog`, `regions` ...).
    `progress(label, done, total)` is called before each step (loading, then each rule)."""
    started = time.time()
    step = progress or (lambda label, done, total: None)
    step("loading plans", 0, len(rules) + 1)
    findings_cache = PlanCache(cache_dir / "findings") if cache_dir is not None else None
    _start(rules, findings_cache)
    try:
        corpus, errors = load_corpus(paths, root, cache_dir, reference)
    except BaseException:
        _stop(rules)
        raise
    result = Result(corpus, input_errors=errors, rules=rules)
    ref_digest = reference_digest(corpus) if findings_cache is not None else ""
    whole = findings_cache.key(run_inputs(corpus, rules, errors, ref_digest)) if findings_cache is not None else None
    hit = _cached_run(findings_cache, whole) if whole is not None else None
    if hit is not None:  # nothing the rules read has changed: their findings and tables as they were
        step("findings unchanged", len(rules), len(rules) + 1)
        result.findings, result.tables = hit
    elif findings_cache is not None:
        _start(rules, findings_cache, corpus, ref_digest)
    todo = rules if hit is None else []
    # the rules as tasks (in forked workers for a large corpus), but a rule with a helper process
    # or a cache of its own (PC501), which runs here in its turn (plancheck.rulepool)
    tasked = [r for r in todo if getattr(r, "corpus_cache_salt", None) is None and getattr(r, "start", None) is None]
    pooled = rulepool.run(tasked, corpus, findings_cache, ref_digest, meanwhile=lambda: _begin(todo, corpus)) if tasked else {}
    pooled_of = {id(tasked[k]): got for k, got in pooled.items()}
    for i, rule in enumerate(todo, 1):
        step(f"{rule.code} {rule.name}", i, len(rules) + 1)
        try:
            if id(rule) in pooled_of:  # the same findings and tables as check_rule's and tables'
                found, tables = pooled_of.pop(id(rule))
                result.findings.extend(found)
                result.tables.extend(tables)
                continue
            result.findings.extend(check_rule(rule, corpus, findings_cache, ref_digest))
            result.tables.extend(rule.tables(corpus))
        except Exception as e:  # a rule's own failure is reported, the others still run
            tb = traceback.format_exc(limit=3)
            result.input_errors.append(InputError(f"rule {rule.code}", None, None, "", f"internal error: {e!r}\n{tb}"))
            result.internal_errors.append(f"rule {rule.code}: {e!r}")
    _stop(rules)  # a helper whose rule did not use it (a crash before its turn)
    corpus.release()  # the rules' groupings: the reports do not read them
    stored = None  # join() of the whole-run entry's writer
    if hit is None and whole is not None and not result.internal_errors:
        # a large corpus's entry is encoded by a forked child while this process goes on
        # (forkpool.aside): the encoder's copies of the strings stay out of this process
        aside = len(corpus.plans) >= STORE_ASIDE_PLANS and forkpool.can_fork()
        args = (findings_cache, whole, result.findings, result.tables)
        stored = forkpool.aside(_store_run, *args) if aside else _store_run(*args)
    result.inputs_key = findings_cache.tag(whole) if whole is not None else None  # machine-bound: see PlanCache.tag
    result.seals = findings_cache if result.inputs_key is not None else None
    apply_waivers(result, waivers)  # the child, if any, has the findings as they were before
    # one finding per id: a rule reporting the same subject twice keeps its first report
    unique: dict[str, Finding] = {}
    for f in result.findings:
        unique.setdefault(f.id, f)
    result.findings = sorted(unique.values(), key=Finding.sort_key)
    if stored is not None:
        stored()  # the entry is in place (or was not written: a cache is best effort) before the prune
    if cache_dir is not None:
        # what this run used is kept whatever the cap (a use refreshes an entry's age at most
        # hourly, so an hour back covers every entry this run read or wrote)
        prune(cache_dir, cache_max_mb * 1024 * 1024, keep_since=started - TOUCH_AFTER_S)
    return result


def apply_waivers(result: Result, waivers: LoadedWaivers | None) -> None:
    if waivers is None:
        return
    by_id = {w.id: w for w in waivers.waivers}
    used = set()
    for f in result.findings:
        w = by_id.get(f.id)
        if w is not None:
            f.waived, f.waiver_reason, f.waiver_reason_en = True, w.reason_in("zh"), w.reason_in("en")
            used.add(w.id)
    checked = set(result.corpus.by_id)
    for rule in result.rules:
        if rule.scope == Scope.waivers:
            result.findings.extend(rule.check_waivers(waivers, used, checked))
