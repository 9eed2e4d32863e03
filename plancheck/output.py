"""What `plancheck check` prints: findings on stdout (text, github, json, sarif), a summary on stderr.

    text    path:line:col: CODE [severity] message [id]   one line per finding at or above --level
    github  ::error file=path,line=N,col=C,title=CODE::message   (GitHub workflow annotations)
    json    the report.json document        sarif   the report.sarif document

Paths are shown relative to the working directory (the reports keep them relative to the project
root); a column is 1 when a rule locates its fact by line only. Every string from input is
escaped (`plancheck.terminal.escape`); colour only when wanted (`--color`, NO_COLOR).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from plancheck.findings import Finding, Severity
from plancheck.terminal import escape

OUTPUT_FORMATS = ("text", "github", "json", "sarif")
LEVELS = ("error", "warning", "info")
_GITHUB = {"error": "error", "warning": "warning", "info": "notice"}
_COLOR = {"error": "31", "warning": "33", "info": "36", "path": "1", "dim": "2", "ok": "32"}
# characters json.dumps(ensure_ascii=False) leaves raw that a terminal would act on
_JSON_RAW = {c: f"\\u{c:04x}" for c in [0x7F, *range(0x80, 0xA0), 0x2028, 0x2029, *range(0x202A, 0x202F),
                                          *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C]}


class Printer:
    def __init__(self, fmt: str = "text", color: bool = False, root: Path | None = None, lang: str = "zh",
                 verbose: int = 0, out=None):
        self.fmt, self.color, self.lang, self.verbose = fmt, color, lang, verbose
        self.root = root
        self.out = out or sys.stdout
        self.located: dict[str, list[str]] = {}  # finding id -> plans carrying it
        self.plan_files: dict[str, str] = {}  # plan id -> its file (report path)
        self._where: dict[str, str] = {}  # report path -> as seen from the working directory (`where`)

    def paint(self, text: str, what: str) -> str:
        return f"\x1b[{_COLOR[what]}m{text}\x1b[0m" if self.color else text

    def where(self, display: str | None) -> str:
        """A report path (relative to the project root) as seen from the working directory; one
        string per file for this printer (each of a country's ~130,000 findings is placed twice:
        to sort, then to print, and a path computed each time was ~30 MB and ~1 s at 3,000 plans)."""
        if not display:
            return ""
        got = self._where.get(display)
        if got is None:
            got = self._where[display] = self._where_uncached(display)
        return got

    def _where_uncached(self, display: str) -> str:
        p = Path(display)
        if not p.is_absolute() and self.root is not None:
            p = self.root / p
            try:
                return os.path.relpath(p)
            except ValueError:
                return str(p)
        return display

    def _location(self, f: Finding) -> tuple[str, int | None, int | None]:
        """The finding's place in the plan that carries the problem (report.json `located`)."""
        home = self.located.get(f.id) or []
        placed = [e for e in f.evidence if e.plan_file]
        ev = next((e for e in placed if e.plan in home), None)
        if ev is None and home and home[0] in self.plan_files:  # an absence in that plan: its file
            return self.where(self.plan_files[home[0]]), None, None
        ev = ev or (placed[0] if placed else None)
        if ev is None:
            return "", None, None
        return self.where(ev.plan_file), ev.plan_line, ev.plan_column

    def finding(self, f: Finding) -> str:
        path, line, col = self._location(f)
        msg = escape(f.message(self.lang))
        if self.fmt == "github":
            props = [f"file={_gh_prop(path)}"] if path else []
            if line:
                props += [f"line={line}", f"col={col or 1}"]
            props.append(f"title={_gh_prop(f.rule + ' ' + f.id)}")
            return f"::{_GITHUB[f.severity.value]} {','.join(props)}::{_gh_data(msg)}"
        loc = f"{escape(path)}:{line or 1}:{col or 1}: " if path else ""
        sev = self.paint(f"[{f.severity.value}]", f.severity.value)
        text = f"{self.paint(loc, 'path')}{self.paint(f.rule, f.severity.value)} {sev} {msg}"
        text += self.paint(f" [{f.id}]", "dim")  # the id a waiver names
        if f.waived:
            text += self.paint(f" (waived: {escape(f.reason(self.lang) or '')})", "dim")
        return text

    def input_error(self, e) -> str:
        path = self.where(e.file) if e.file.endswith((".yaml", ".yml", ".toml", ".txt")) else e.file
        field = f"[{escape(e.field)}] " if e.field else ""
        first = escape(e.message.splitlines()[0] if e.message else "")
        if self.fmt == "github":
            props = [f"file={_gh_prop(path)}"]
            if e.line:
                props += [f"line={e.line}", f"col={e.column or 1}"]
            return f"::error {','.join(props)},title=input error::{_gh_data(field + first)}"
        import dataclasses

        return f"{self.paint('input error:', 'error')} {escape(dataclasses.replace(e, file=path))}"

    def emit(self, line: str) -> None:
        print(line, file=self.out)


def _gh_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_prop(s: str) -> str:
    return _gh_data(escape(s)).replace(":", "%3A").replace(",", "%2C")


def terminal_json(text: str) -> str:
    """JSON text for a terminal: raw C1/bidi characters as \\u escapes (the same JSON value)."""
    return text.translate(_JSON_RAW)


def shown(findings: list[Finding], level: str, verbose: int, printer: Printer) -> list[Finding]:
    """Findings at or above `level`; waived ones only with -v (they do not gate); by location."""
    rank = Severity(level).rank
    keep = [f for f in findings if f.severity.rank <= rank and (verbose or not f.waived)]

    def key(f: Finding) -> tuple:
        path, line, col = printer._location(f)
        return (path, line or 0, col or 0, f.severity.rank, f.rule, f.id)

    return sorted(keep, key=key)


def summary_line(s: dict, shown_count: int, level: str, out_dir, printer: Printer) -> str:
    hidden = []
    if level in ("error",) and s["warnings"]:
        hidden.append(f"{s['warnings']} warnings")
    if level in ("error", "warning") and s["infos"]:
        hidden.append(f"{s['infos']} infos")
    if s["waived"] and not printer.verbose:
        hidden.append(f"{s['waived']} waived")
    more = f" (not shown: {', '.join(hidden)}; see --level, -v)" if hidden else ""
    new = f", {s['new']} new" if s.get("new") is not None else ""
    counts = (f"plancheck: {s['plans']} plans, {s['errors']} errors, {s['warnings']} warnings, {s['infos']} infos, "
              f"{s['waived']} waived, {s['input_errors']} input errors{new}; reports in {escape(out_dir)}/{more}")
    return printer.paint(counts, "error" if s["errors"] or s["input_errors"] else "ok")


def document(fmt: str, doc: dict, result) -> str:
    """The json or sarif document for stdout."""
    if fmt == "json":
        from plancheck.report.build import dumps

        return terminal_json(dumps(doc))
    from plancheck.report import sarif

    return terminal_json(sarif.render(doc, result))


class Progress:
    """A progress bar on stderr (tqdm) for runs long enough to need one: shown after one second,
    only on a terminal, never with -q or a machine-readable format on stderr."""

    def __init__(self, enabled: bool, delay: float = 1.0, mininterval: float = 0.1, stream=None):
        self.bar = None
        self.enabled, self.delay, self.mininterval = enabled, delay, mininterval
        self.stream = stream  # None: sys.stderr when the bar is first drawn

    def __call__(self, label: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self.bar is None:
            from tqdm import tqdm

            self.bar = tqdm(total=total, file=self.stream or sys.stderr, delay=self.delay, mininterval=self.mininterval, leave=False, unit="step", dynamic_ncols=True)
        self.bar.set_description_str(escape(label), refresh=False)
        self.bar.update(done - self.bar.n)  # update, not refresh: it honours the one-second delay

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None
