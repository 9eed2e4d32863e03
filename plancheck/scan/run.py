"""`plancheck scan PATH...`: read, extract, run the document rules, write the reports.

Documents are independent until the cross-document part of PC606, so a large set is scanned
in a process pool: each worker reads one document, keeps it only while its rules run, and
returns its findings and a few compact entries. Memory is bounded by one document per worker.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from plancheck.findings import Finding
from plancheck.loader import InputError
from plancheck.rules.base import Scope
from plancheck.scan.document import DocEntry

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
POOL_FROM = 8  # documents: below this, a pool costs more than it saves


@dataclass
class DocResult:
    entry: DocEntry | None
    findings: list[Finding] = field(default_factory=list)
    entries: dict[str, list] = field(default_factory=dict)  # rule code (or entries_key) -> entries for check_documents
    error: InputError | None = None


def scan_one(path: Path, display: str, rules: list, issued: dt.date | None) -> DocResult:
    """Read one document and run the document rules on it; a bad file is an input error."""
    from plancheck.readers import ReadError, read
    from plancheck.scan.document import ScannedDoc

    try:
        doc = read(path, display)
    except ReadError as e:
        return DocResult(None, error=InputError(display, None, None, "", str(e)))
    sd = ScannedDoc.build(display, doc, issued)
    out = DocResult(sd.entry())
    for rule in rules:
        if not hasattr(rule, "check_document"):
            continue
        try:
            out.findings.extend(rule.check_document(sd))
            key = rule.entries_key or rule.code
            if key not in out.entries:
                es = rule.entries(sd)
                if es:
                    out.entries[key] = es
        except Exception as e:  # a rule's own failure is reported; the other rules and files still run
            out.error = InputError(display, None, None, "", f"internal error in rule {rule.code}: {e!r}")
    return out


_STATE: dict = {}


def _init(rules, issued):
    _STATE["rules"], _STATE["issued"] = rules, issued


def _work(item: tuple[str, str]) -> DocResult:
    return scan_one(Path(item[0]), item[1], _STATE["rules"], _STATE["issued"])


_WARM = "嘉兴市统计公报\n全市网络零售额从2015年的835.6亿元上升至2020年的1857.4亿元，年均增长17.32%。\n".encode()


def warm(rules: list) -> None:
    """Pay the first document's one-off cost (imports, the pint registry, OpenCC, the extractor's
    vocabulary and patterns: ~0.35 s) once in the parent, so forked workers inherit it instead
    of each paying it again."""
    from plancheck.readers import text
    from plancheck.scan.document import ScannedDoc

    sd = ScannedDoc.build("<warm>", text.read(_WARM, "<warm>"), None)
    for rule in rules:
        if hasattr(rule, "check_document"):
            list(rule.check_document(sd))
            rule.entries(sd)


def chunk_size(n: int, workers: int) -> int:
    """Documents per task: ~8 tasks per worker keep both busy to the end; at most 16 documents
    per task bound what a worker returns at once."""
    return max(1, min(16, n // (workers * 8)))


def scan(files: list[tuple[Path, str]], rules: list, issued: dt.date | None, workers: int | None = None) -> list[DocResult]:
    """DocResults in the order of `files`; a pool of `workers` processes for many files."""
    workers = workers if workers is not None else min(2, os.cpu_count() or 1)
    if workers <= 1 or len(files) < POOL_FROM:
        return [scan_one(p, d, rules, issued) for p, d in files]
    warm(rules)
    with ProcessPoolExecutor(max_workers=workers, initializer=_init, initargs=(rules, issued)) as pool:
        return list(pool.map(_work, [(str(p), d) for p, d in files], chunksize=chunk_size(len(files), workers)))


def run(paths: list[Path], rules: list, issued: dt.date | None, waivers=None, workers: int | None = None,
        root: Path | None = None):
    """The engine Result of a scan (findings sorted and unique, waivers applied).

    Documents are named relative to the project root (`plancheck.project.root`: the settings
    file's folder, else the git work tree, else the working folder), so a finding's id and its
    evidence path are the same from any working folder and the waivers match from anywhere."""
    from plancheck import engine, project
    from plancheck.readers import collect
    from plancheck.scan.corpus import ScanCorpus

    root = (root or project.root(None)).resolve()
    files, bad = collect(paths)
    errors = [InputError(project.relative(p, root), None, None, "", why) for p, why in bad]
    results = scan([(f, project.relative(f, root)) for f in files], rules, issued, workers)
    findings: list[Finding] = []
    entries: dict[str, list] = {}
    docs = []
    for r in results:
        if r.error is not None:
            errors.append(r.error)
        if r.entry is not None:
            docs.append(r.entry)
        findings.extend(r.findings)
        for code, es in r.entries.items():
            entries.setdefault(code, []).extend(es)
    for rule in rules:
        key = getattr(rule, "entries_key", None) or rule.code
        if hasattr(rule, "check_documents") and entries.get(key):
            findings.extend(rule.check_documents(entries[key]))
    result = engine.Result(ScanCorpus(docs), findings=findings, input_errors=errors, rules=rules)
    engine.apply_waivers(result, waivers)
    unique: dict[str, Finding] = {}
    for f in result.findings:
        unique.setdefault(f.id, f)
    result.findings = sorted(unique.values(), key=Finding.sort_key)
    return result


def run_scan(args) -> int:
    from plancheck import engine, project, waivers
    from plancheck.check import _csv, common_options
    from plancheck.report import writers

    opts = common_options(args)
    if isinstance(opts, int):
        return opts
    settings, lang, out_dir, formats, fail_on = opts
    try:
        classes = engine.selected(_csv(args.select), _csv(args.ignore), documents=True)
        scan_settings = {k: v for k, v in settings.rules.items() if k in {c.code for c in classes}}
        rules = engine.build_rules(classes, scan_settings)
    except ValueError as e:
        print(f"plancheck: {e}", file=sys.stderr)
        return EXIT_INPUT
    root = project.root(settings.source)
    waiver_path = args.waivers or (Path(settings.waivers) if settings.waivers else project.default_waivers(root))
    if args.waivers is not None and not args.waivers.exists():
        print(f"plancheck: waivers file not found: {args.waivers}", file=sys.stderr)
        return EXIT_INPUT
    loaded, waiver_errors = waivers.load(waiver_path, project.relative(waiver_path, root) if waiver_path else None)
    codes = {c.code for c in classes if c.scope is not Scope.waivers}
    loaded.waivers = [w for w in loaded.waivers if w.id.split("-")[0] in codes]  # check's waivers are not stale here
    missing = [p for p in args.paths if not p.exists()]
    if missing:
        print(f"plancheck: no such file or folder: {', '.join(map(str, missing))}", file=sys.stderr)
        return EXIT_INPUT
    try:
        writers.target(out_dir, args.paths)
    except writers.OutputError as e:
        print(f"plancheck: {e}", file=sys.stderr)
        return EXIT_INPUT
    result = run(args.paths, rules, args.issued, loaded, root=root)
    result.input_errors.extend(waiver_errors)
    try:
        written = writers.write(result, out_dir, formats, lang, None, protected=args.paths)
    except writers.OutputError as e:
        print(f"plancheck: {e}", file=sys.stderr)
        return EXIT_INPUT
    except writers.WriterError as e:
        print(f"plancheck: internal error: {e}; the previous reports in {out_dir}/ are unchanged", file=sys.stderr)
        return EXIT_INTERNAL
    gate = result.unwaived(fail_on)
    if not args.quiet:
        for e in result.input_errors:
            print(f"input error: {e}", file=sys.stderr)
        for f in gate:
            ev = f.evidence[0] if f.evidence else None
            loc = ""
            if ev is not None:
                loc = ev.file + (f":{ev.line}" if ev.line else "") + (f" ({ev.item})" if ev.item else "")
            print(f"{loc}: {f.severity.value} {f.rule} [{f.id}] {f.message(lang)}", file=sys.stderr)
        s = written["summary"]
        print(f"plancheck scan: {s['plans']} documents, {s['errors']} errors, {s['warnings']} warnings, {s['infos']} infos, "
              f"{s['waived']} waived, {s['input_errors']} input errors; reports in {out_dir}/", file=sys.stderr)
    if result.input_errors:
        return EXIT_INPUT
    return EXIT_FINDINGS if gate else EXIT_OK
