"""The `plancheck` command. Heavy imports stay inside the subcommands so `--help` is fast.

A subcommand is registered in `_parser()`: `p = sub.add_parser(...)`, its arguments, and
`p.set_defaults(run="plancheck.module:function")`; `function(args)` returns an exit code of
`plancheck.exitcodes`. `main` turns a closed stdout into a quiet exit and any uncaught exception
into exit 3 with a short message (the traceback with `-v` or PLANCHECK_TRACEBACK=1).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from plancheck.exitcodes import EXIT_INPUT, EXIT_INTERNAL, EXIT_OK

TRACEBACK_ENV = "PLANCHECK_TRACEBACK"  # set to 1: print the traceback of an internal error

FORMATS = ("json", "md", "html", "sarif", "junit", "summary")
OUTPUT_FORMATS = ("text", "github", "json", "sarif")  # plancheck.output: kept here so --help imports nothing
LEVELS = ("error", "warning", "info")


def _parser() -> argparse.ArgumentParser:
    from plancheck import __version__

    p = argparse.ArgumentParser(prog="plancheck", description="Consistency checker for government development plans.")
    p.add_argument("--version", action="version", version=f"plancheck {__version__}")
    sub = p.add_subparsers(dest="cmd", metavar="COMMAND")

    c = sub.add_parser("check", help="validate plans, run the rules, write the reports")
    c.add_argument("paths", nargs="*", type=Path, default=None, help="plan files or folders (default: plans/)")
    c.add_argument("--format", default=None, help=f"comma-separated, of {','.join(FORMATS)} (default: all)")
    c.add_argument("--output-dir", type=Path, default=None, help="where reports go (default: reports)")
    c.add_argument("--lang", choices=("zh", "en"), default=None, help="language of messages (default: zh)")
    c.add_argument("--select", default=None, help="comma-separated rule codes/prefixes/names to run")
    c.add_argument("--ignore", default=None, help="comma-separated rule codes/prefixes/names to skip")
    c.add_argument("--config", type=Path, default=None, help="settings file (default: pyproject.toml [tool.plancheck])")
    c.add_argument("--waivers", type=Path, default=None, help="waivers file (default from settings)")
    c.add_argument("--fail-on", choices=("error", "warning"), default=None)
    c.add_argument("--baseline", type=Path, default=None, help="a previous report.json: fail only on new findings")
    c.add_argument("--no-quality", action="store_true", help="skip the Great Expectations data-quality suite")
    c.add_argument("--no-cache", action="store_true", help="validate every plan and run every rule again (no cache)")
    c.add_argument("--cache-dir", type=Path, default=None,
                   help="where validated plans and findings are cached (default: the user cache directory)")
    c.add_argument("--output-format", choices=OUTPUT_FORMATS, default="text",
                   help="what stdout gets: one line per finding (text), GitHub annotations (github), "
                        "or the report.json / report.sarif document (default: text)")
    c.add_argument("--level", choices=LEVELS, default="warning",
                   help="print findings at or above this severity (default: warning)")
    c.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                   help="colour the output (default: auto, a terminal without NO_COLOR)")
    c.add_argument("-q", "--quiet", action="store_true", help="print only the findings (the exit code tells the rest)")
    c.add_argument("-v", "--verbose", action="count", default=0, help="more detail; the traceback of an internal error")

    _scan_parser(sub)
    r = sub.add_parser("rules", help="list the rules")
    r.add_argument("--markdown", action="store_true", help="print every rule's documentation as Markdown")
    e = sub.add_parser("explain", help="print a rule's documentation")
    e.add_argument("code")
    d = sub.add_parser("diff", help="compare two report.json files: new, fixed, unchanged findings")
    d.add_argument("old", type=Path)
    d.add_argument("new", type=Path)
    sub.add_parser("schema", help="write the JSON Schemas generated from the models")
    dr = sub.add_parser("draft", help="draft a plan file from a document (.txt, .docx, .pdf, .html)")
    dr.add_argument("source", type=Path, help="the document")
    dr.add_argument("-o", "--output", type=Path, default=None, help="write the plan here (default: print it)")
    dr.add_argument("--id", default=None, help="plan id (default: the output file's name)")
    dr.add_argument("--region", default=None, help="GB/T 2260 code of the plan's region (default: read from the title)")
    dr.add_argument("--update", type=Path, default=None, help="an existing plan file to merge the draft into")
    return p


def _scan_parser(sub) -> None:
    import datetime as dt

    s = sub.add_parser("scan", help="check raw documents (.txt, .docx, .pdf, .html) with no plan file")
    s.add_argument("paths", nargs="+", type=Path, help="documents or folders (every supported file under them)")
    s.add_argument("--format", default=None, help=f"comma-separated, of {','.join(FORMATS)} (default: all)")
    s.add_argument("--output-dir", type=Path, default=None, help="where reports go (default: reports)")
    s.add_argument("--lang", choices=("zh", "en"), default=None, help="language of messages (default: zh)")
    s.add_argument("--issued", type=dt.date.fromisoformat, default=None, metavar="YYYY-MM-DD",
                   help="the documents' date (default: each document's own signature or publication date)")
    s.add_argument("--select", default=None, help="comma-separated rule codes/prefixes/names to run")
    s.add_argument("--ignore", default=None, help="comma-separated rule codes/prefixes/names to skip")
    s.add_argument("--config", type=Path, default=None, help="settings file (default: pyproject.toml [tool.plancheck])")
    s.add_argument("--waivers", type=Path, default=None, help="waivers file (default from settings)")
    s.add_argument("--fail-on", choices=("error", "warning"), default=None)
    s.add_argument("-q", "--quiet", action="store_true")


def main(argv: list[str] | None = None) -> int:
    """Run one command; every outcome is an exit code of plancheck.exitcodes, never a traceback."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:
        return EXIT_INPUT if e.code not in (0, None) else EXIT_OK
    if args.cmd is None:
        parser.print_help()
        return EXIT_INPUT
    try:
        rc = _dispatch(args)
        sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's final flush
        return rc
    except BrokenPipeError:  # the reader went away (`plancheck rules | head`): stop quietly
        _detach_stdout()
        return EXIT_OK
    except KeyboardInterrupt:
        print("plancheck: interrupted", file=sys.stderr)
        return 130
    except Exception as e:  # a bug: say so briefly, distinct from findings (1) and bad input (2)
        return _internal_error(e, verbose=getattr(args, "verbose", 0) > 0)


def _dispatch(args) -> int:
    run = getattr(args, "run", None)
    if run is not None:  # a subcommand registered as "module:function"
        from importlib import import_module

        module, _, func = run.partition(":")
        return int(getattr(import_module(module), func)(args))
    if args.cmd == "scan":
        from plancheck.scan.run import run_scan

        return run_scan(args)
    if args.cmd == "rules":
        if args.markdown:
            from plancheck.rules.docs import markdown

            sys.stdout.write(markdown())
            return EXIT_OK
        return _rules()
    if args.cmd == "explain":
        return _explain(args.code)
    if args.cmd == "diff":
        from plancheck.report.diff import main as diff_main

        return diff_main(args.old, args.new)
    if args.cmd == "draft":
        from plancheck.draft import run as draft_run

        return draft_run(args)
    if args.cmd == "schema":
        from plancheck.schemas import write_all

        for path in write_all():
            print(path)
        return EXIT_OK
    from plancheck.check import run_check

    return run_check(args)


def _detach_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def _internal_error(e: BaseException, verbose: bool) -> int:
    import traceback

    from plancheck.terminal import escape

    if verbose or os.environ.get(TRACEBACK_ENV, "") not in ("", "0"):
        traceback.print_exc(file=sys.stderr)
    where = traceback.extract_tb(e.__traceback__)[-1] if e.__traceback__ else None
    at = f" at {Path(where.filename).name}:{where.lineno}" if where else ""
    print(f"plancheck: internal error: {type(e).__name__}: {escape(str(e))}{at}\n"
          f"This is a bug in plancheck {_version()}; please report it with the command you ran"
          f" (traceback: -v or {TRACEBACK_ENV}=1).", file=sys.stderr)
    return EXIT_INTERNAL


def _version() -> str:
    from plancheck import __version__

    return __version__


def _rules() -> int:
    from plancheck.rules import all_rules

    for r in all_rules():
        print(f"{r.code}  {r.name:<24} {r.severity.value:<8} {r.scope.value:<12} {r.summary()}")
    return EXIT_OK


def _explain(code: str) -> int:
    from plancheck.rules import get_rule

    r = get_rule(code)
    if r is None:
        from plancheck.rules import all_rules
        from plancheck.selectors import suggest
        from plancheck.terminal import escape

        hint = suggest(code, [x.code for x in all_rules()] + [x.name for x in all_rules()])
        print(f"plancheck: no rule {escape(repr(code))}{hint} (see `plancheck rules`)", file=sys.stderr)
        return EXIT_INPUT
    print(f"{r.code} ({r.name}) — default severity {r.severity.value}, scope {r.scope.value}\n")
    print(r.doc())
    if r.messages:
        print("\nMessages (rules/data/messages.*.yaml):")
        print("\n".join(f"  {line}" for line in r.message_lines()))
    if r.params:
        print("\nParameters ([tool.plancheck.rules." + r.code + "]):")
        for k, v in r.params.items():
            print(f"  {k} = {v!r}")
    return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
