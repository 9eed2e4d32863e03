"""`plancheck check`: load, run the rules, apply waivers, write the reports, choose the exit code."""

from __future__ import annotations

import sys
from pathlib import Path

from plancheck import collector, config, output, project
from plancheck.cache import has_entries
from plancheck.exitcodes import EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL, EXIT_OK
from plancheck.findings import Severity
from plancheck.terminal import escape, use_color


def _csv(s: str | None) -> list[str]:
    return [x.strip() for x in (s or "").split(",") if x.strip()]


def common_options(args):
    """Settings, language, output folder, formats and gate shared by `check` and `scan`, or an
    exit code after printing why the options are unusable."""
    from plancheck.report.formats import WRITERS

    try:
        settings = config.load(args.config)
    except config.ConfigError as e:
        print(f"plancheck: {escape(e)}", file=sys.stderr)
        return EXIT_INPUT
    formats = _csv(args.format) or list(WRITERS)
    bad = [f for f in formats if f not in WRITERS]
    if bad:
        print(f"plancheck: unknown format(s) {escape(bad)}; known: {', '.join(WRITERS)}", file=sys.stderr)
        return EXIT_INPUT
    return (settings, args.lang or settings.lang, args.output_dir or Path(settings.output_dir), formats,
            Severity(args.fail_on or settings.fail_on))


def run_check(args) -> int:
    opts = common_options(args)
    if isinstance(opts, int):
        return opts
    settings, lang, out_dir, formats, fail_on = opts
    paths = args.paths or [Path("plans")]
    root = project.root(settings.source)
    waiver_path = args.waivers or (Path(settings.waivers) if settings.waivers else project.default_waivers(root))
    cache_dir = _cache_dir(args, settings)
    if _suite_will_run(args, settings, cache_dir):  # its ~2.4 s import overlaps with all of ours
        from plancheck.checks import helper

        helper.start_early()
    try:
        return _replayed_or_checked(args, settings, lang, out_dir, formats, fail_on, paths, root, waiver_path, cache_dir)
    finally:
        if "plancheck.checks.helper" in sys.modules:
            sys.modules["plancheck.checks.helper"].discard_early()  # started, but no rule took it


def _suite_will_run(args, settings: config.Settings, cache_dir: Path | None) -> bool:
    """Whether this check will run the data-quality suite (PC501) afresh: it is selected, Great
    Expectations is installed, and the findings cache holds nothing (a cache with entries may
    hold the suite's result, or replay the whole run: the engine then decides after the load).
    Decided from the options as written, before they are checked: a run that then stops on a bad
    selector only stops the helper again."""
    if args.no_quality or (cache_dir is not None and has_entries(cache_dir / "findings")):
        return False
    from plancheck import selectors
    from plancheck.rules.pc501_data_quality import DataQuality, _missing

    def listed(option, configured) -> list[str]:
        return [p.strip() for p in option.split(",") if p.strip()] if option else list(configured or [])

    select, ignore = listed(args.select, settings.select), listed(args.ignore, settings.ignore)
    try:
        chosen = selectors.apply([DataQuality], select, ignore)
    except (TypeError, AttributeError):  # a malformed setting: `_selected` reports it
        return False
    return bool(chosen) and _missing() is None



def _replayed_or_checked(args, settings, lang, out_dir, formats, fail_on, paths, root, waiver_path, cache_dir) -> int:
    record = None
    if cache_dir is not None:  # nothing changed since this very check last ran here: its outcome again
        from plancheck import replay

        colors = (use_color(args.color, sys.stdout), use_color(args.color, sys.stderr), _isatty(sys.stderr))
        record = replay.Replay(replay.Invocation(args, settings, paths, out_dir, cache_dir,
                                                 [p for p in (waiver_path, args.baseline) if p is not None], colors))
        rc = record.replay()
        if rc is not None:
            return rc
        with replay.capturing() as (out, err):
            rc, result = _check(args, settings, lang, out_dir, formats, fail_on, paths, root, waiver_path,
                                cache_dir, progress_stream=err.stream)
        try:
            record.store(result, rc, out, err)
        finally:
            out.discard()
            err.discard()
        return rc
    return _check(args, settings, lang, out_dir, formats, fail_on, paths, root, waiver_path, None)[0]


def _check(args, settings, lang, out_dir, formats, fail_on, paths, root, waiver_path, cache_dir,
           progress_stream=None):
    """(exit code, the engine's Result or None when the run stopped before the rules)."""
    from plancheck import engine, waivers
    from plancheck.report import writers

    try:
        classes = _selected(args, settings)
        if args.no_quality:
            classes = [c for c in classes if not c.quality]
        rules = engine.build_rules(classes, settings.rules)
    except ValueError as e:
        print(f"plancheck: {escape(e)}", file=sys.stderr)
        return EXIT_INPUT, None
    loaded_waivers, waiver_errors = waivers.load(waiver_path, project.relative(waiver_path, root) if waiver_path else None)
    if args.waivers is not None and not args.waivers.exists():
        print(f"plancheck: waivers file not found: {escape(args.waivers)}", file=sys.stderr)
        return EXIT_INPUT, None
    baseline = None
    if args.baseline is not None:
        from plancheck.report.diff import load_report

        try:
            baseline = load_report(args.baseline)
        except (OSError, ValueError) as e:
            print(f"plancheck: cannot read baseline {escape(args.baseline)}: {escape(e)}", file=sys.stderr)
            return EXIT_INPUT, None
    missing = [p for p in paths if not p.exists()]
    if missing:
        print(f"plancheck: no such file or folder: {escape(', '.join(map(str, missing)))}", file=sys.stderr)
        return EXIT_INPUT, None
    try:  # a folder that cannot take the reports fails now, not after the rules ran
        writers.target(out_dir, paths)
    except writers.OutputError as e:
        print(f"plancheck: {escape(e)}", file=sys.stderr)
        return EXIT_INPUT, None
    progress = output.Progress(enabled=not args.quiet and _isatty(sys.stderr), stream=progress_stream)
    try:
        with collector.paused():  # a large heap that lives to the end (plancheck.collector)
            result = engine.run(paths, rules, loaded_waivers, root=root, cache_dir=cache_dir,
                                cache_max_mb=settings.cache_max_mb, reference=settings.reference_data,
                                progress=progress)
    finally:
        progress.close()
    result.input_errors.extend(waiver_errors)
    try:
        with collector.paused():
            written = writers.write(result, out_dir, formats, lang, baseline, protected=paths)
    except writers.OutputError as e:
        print(f"plancheck: {escape(e)}", file=sys.stderr)
        return EXIT_INPUT, None
    except writers.WriterError as e:
        print(f"plancheck: internal error: {escape(e)}; the previous reports in {escape(out_dir)}/ are unchanged "
              "(please report this bug with the input that caused it)", file=sys.stderr)
        return EXIT_INTERNAL, None

    gate = result.unwaived(fail_on)
    if baseline is not None:
        old = {f["id"] for f in baseline.get("findings", [])}
        gate = [f for f in gate if f.id not in old]
    shown = _what_prints(args.output_format, written)
    del written  # the rest of the document is freed before the lines are printed
    _print(args, result, shown, root, lang, out_dir, baseline)
    if result.internal_errors:
        for e in result.internal_errors:
            print(f"plancheck: internal error in {escape(e)}; this is a bug, please report it", file=sys.stderr)
        return EXIT_INTERNAL, result
    if result.input_errors:
        return EXIT_INPUT, result
    return (EXIT_FINDINGS if gate else EXIT_OK), result


def _what_prints(fmt: str, doc: dict) -> dict:
    """What `_print` reads of the report document: all of it for json and sarif on stdout; else
    each finding's located plans, the plans' files and the summary (the document can then go
    before the lines are printed: at 3,000 plans its ~130 MB were held while the findings' lines,
    sorted by place, took ~50 MB more)."""
    if fmt in ("json", "sarif"):
        return doc
    return {"located": {f["id"]: f.get("located") or [] for f in doc.get("findings", [])},
            "plan_files": {p["id"]: p["file"] for p in doc.get("plans", [])},
            "summary": doc["summary"]}


def _print(args, result, doc: dict, root: Path, lang: str, out_dir: Path, baseline: dict | None) -> None:
    """Findings and input errors on stdout in the chosen format; the summary line on stderr.
    `doc`: `_what_prints` of the report document."""
    fmt = args.output_format
    printer = output.Printer(fmt, use_color(args.color, sys.stdout), root, lang, args.verbose)
    if fmt in ("json", "sarif"):
        sys.stdout.write(output.document(fmt, doc, result))
        for e in result.input_errors:
            print(printer.input_error(e), file=sys.stderr)
    else:
        for e in result.input_errors:  # stderr (stdout is findings); GitHub annotations on stdout
            print(printer.input_error(e), file=sys.stdout if fmt == "github" else sys.stderr)
        findings = result.findings
        if baseline is not None and not args.verbose:  # the gate is the new findings: show those
            old = {f["id"] for f in baseline.get("findings", [])}
            findings = [f for f in findings if f.id not in old]
        printer.located, printer.plan_files = doc["located"], doc["plan_files"]
        for f in output.shown(findings, args.level, args.verbose, printer):
            printer.emit(printer.finding(f))
    if not args.quiet:
        sys.stdout.flush()
        err = output.Printer(fmt, use_color(args.color, sys.stderr), root, lang, args.verbose)
        print(output.summary_line(doc["summary"], 0, args.level, out_dir, err), file=sys.stderr)


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _cache_dir(args, settings: config.Settings) -> Path | None:
    """--no-cache, else --cache-dir, else `cache-dir` from the settings, else the user cache dir."""
    from plancheck.cache import user_cache_dir

    if args.no_cache or (not settings.cache and getattr(args, "cache_dir", None) is None):
        return None
    if getattr(args, "cache_dir", None) is not None:
        return args.cache_dir
    return Path(settings.cache_dir) if settings.cache_dir else user_cache_dir()


def _selected(args, settings: config.Settings) -> list:
    """The rule classes chosen; every selector (flags and settings) must name a rule."""
    from plancheck import selectors
    from plancheck.rules import all_rules

    known = tuple(r for r in all_rules() if r.scope.value != "document")  # document rules are `scan`'s
    src = settings.source or "settings"
    table = f"{src}: [tool.plancheck]" if src.endswith("pyproject.toml") else src
    key = f"{table} " if src.endswith("pyproject.toml") else f"{src}: "
    select = selectors.check(settings.select, f"{key}select", known)
    ignore = selectors.check(settings.ignore, f"{key}ignore", known)
    selectors.check_rule_settings(settings.rules, table, known)
    select = selectors.from_option(args.select, "--select", known) or select
    ignore = selectors.from_option(args.ignore, "--ignore", known) or ignore
    return selectors.apply(known, select, ignore)
