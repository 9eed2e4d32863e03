"""reports/junit.xml: one test case per (rule, plan), for CI systems that show JUnit results.

A case fails when the rule has an unwaived error about the plan; it is skipped when every finding
it has is waived; otherwise it passes (warnings and infos are listed in its system-out). A finding
about several plans counts in the case of each plan it names; findings about no plan (a stale
waiver) go to the case `(corpus)`. Input errors are a suite of their own, as JUnit errors.

The file is written streaming, one test case at a time, never as one tree (issue 13: building
the ElementTree of 134,000 findings and indenting it was slow and held the run's peak memory):
the counts come first from a pass that only classifies the cases, then each suite's text. The
text is the one ElementTree writes with `ET.indent(root, space="  ")` and `tostring` (attribute
order, escapes, `<empty />`); `tests/test_junit_stream.py` pins the equality with a tree built
the old way.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from xml.sax.saxutils import escape

CORPUS = "(corpus)"
HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n'
COUNTS = ("tests", "failures", "errors", "skipped")
INDENT = "  "
# characters XML 1.0 cannot carry at all, even escaped
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _x(s: object) -> str:
    s = "" if s is None else str(s)
    return _BAD_XML.sub("\ufffd", s) if _BAD_XML.search(s) else s


# ElementTree's own escapes (its serializer's), from the standard library's XML helpers: character
# data escapes & < >, an attribute value also " and the whitespace a parser would normalise
_ATTR_ENTITIES = {'"': "&quot;", "\r": "&#13;", "\n": "&#10;", "\t": "&#09;"}


def _text(s: str) -> str:
    """Character data as ElementTree escapes it."""
    return escape(s)


def _attr(s: str) -> str:
    """An attribute value as ElementTree escapes it."""
    return escape(s, _ATTR_ENTITIES)


def _tag(name: str, attrs: dict[str, str], close: bool = False) -> str:
    return "<" + name + "".join(f' {k}="{_attr(v)}"' for k, v in attrs.items()) + (" />" if close else ">")


def _leaf(name: str, attrs: dict[str, str], text: str) -> str:
    if not text:
        return _tag(name, attrs, close=True)
    return _tag(name, attrs) + _text(text) + "</" + name + ">"


def _describe(f: dict) -> str:
    lines = [f"[{f['severity']}] {f['id']}: {f['message']}"]
    for k, v in (f.get("values") or {}).items():
        lines.append(f"    {k} = {v}")
    for ev in f.get("evidence") or []:
        where = ev.get("plan_file") or ev.get("file") or ""
        if ev.get("plan_line"):
            where += f":{ev['plan_line']}:{ev.get('plan_column') or 1}"
        src = f" ({ev['file']}:{ev['line']})" if ev.get("file") and ev.get("line") else ""
        lines.append(f"    at {where}{src}: «{ev.get('quote', '')}»")
    if f["waived"]:
        lines.append(f"    waived: {f.get('waiver_reason') or ''}")
    return "\n".join(lines)


def _is_error(f: dict) -> bool:
    return not f["waived"] and f["severity"] == "error"


def _outcome(found: list[dict]) -> str:
    """failures, skipped, or passed (the count a case adds to)."""
    if any(_is_error(f) for f in found):
        return "failures"
    if found and all(f["waived"] for f in found):
        return "skipped"
    return "passed"


class _Cases:
    """The test cases of a document: (rule, plan) -> its findings, the suites in order."""

    def __init__(self, doc: dict):
        self.plan_files = {p["id"]: p["file"] for p in doc.get("plans", [])}
        self.plan_ids = [p["id"] for p in doc.get("plans", [])]
        self.names = {r["code"]: r.get("name", "") for r in doc.get("rules", [])}
        self.cases: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
        for f in doc.get("findings", []):
            for p in f["plans"] or [CORPUS]:
                self.cases[f["rule"]][p].append(f)
        self.codes = sorted(set(self.names) | set(self.cases))

    def targets(self, code: str) -> list[str]:
        mine = self.cases.get(code, {})
        extra = sorted(p for p in mine if p not in self.plan_files and p != CORPUS)
        return self.plan_ids + extra + ([CORPUS] if CORPUS in mine else [])

    def counts(self, code: str) -> dict[str, int]:
        mine = self.cases.get(code, {})
        out = dict.fromkeys(COUNTS, 0)
        for plan in self.targets(code):
            out["tests"] += 1
            outcome = _outcome(mine.get(plan, []))
            if outcome != "passed":
                out[outcome] += 1
        return out


class _Described:
    """`_describe(f)` once per finding of a suite: one about several plans is in each plan's case
    of its rule; its text is kept until its last case (the document outlives the suite), at most
    `limit` texts at once, the oldest dropped first (described again if its plan comes): a
    county's PC202 finding shares it with a prefecture listed far away, and keeping every one
    until then held ~40 MB at 3,000 plans (issue 13)."""

    def __init__(self, limit: int = 4096):
        self.kept: dict[int, list] = {}  # id(finding) -> [text, cases still to come]
        self.limit = limit

    def __call__(self, f: dict) -> str:
        plans = f["plans"]
        if len(plans) < 2:
            return _describe(f)
        entry = self.kept.get(id(f))
        if entry is None:
            if len(self.kept) >= self.limit:
                del self.kept[next(iter(self.kept))]
            entry = self.kept[id(f)] = [_describe(f), len(plans)]
        entry[1] -= 1
        if not entry[1]:
            del self.kept[id(f)]
        return entry[0]


def _suite(cases: _Cases, code: str, counts: dict[str, int]) -> Iterator[str]:
    """One rule's suite, at indent level 1, with the newline before it: a test case at a time."""
    nl1, nl2, nl3 = "\n" + INDENT, "\n" + INDENT * 2, "\n" + INDENT * 3
    attrs = {"name": _x(f"{code} {cases.names.get(code, '')}".strip()), **{k: str(v) for k, v in counts.items()}}
    targets = cases.targets(code)
    if not targets:
        yield nl1 + _tag("testsuite", attrs, close=True)
        return
    yield nl1 + _tag("testsuite", attrs)
    mine = cases.cases.get(code, {})
    classname = _x(f"plancheck.{code}")
    describe = _Described()
    for plan in targets:
        found = mine.get(plan, [])
        attrs = {"classname": classname, "name": _x(plan)}
        if plan in cases.plan_files:
            attrs["file"] = _x(cases.plan_files[plan])
        errors = [f for f in found if _is_error(f)]
        others = [f for f in found if not _is_error(f)]
        children = []
        if errors:
            message = f"{len(errors)} unwaived error(s): " + "; ".join(f["message"] for f in errors[:3])
            children.append(_leaf("failure", {"type": "error", "message": _x(message)},
                                  _x("\n\n".join([describe(f) for f in errors]))))
        elif found and all(f["waived"] for f in found):
            children.append(_tag("skipped", {"message": _x(f"{len(found)} waived finding(s)")}, close=True))
        if others:
            children.append(_leaf("system-out", {}, _x("\n\n".join([describe(f) for f in others]))))
        if children:
            yield nl2 + _tag("testcase", attrs) + "".join(nl3 + c for c in children) + nl2 + "</testcase>"
        else:
            yield nl2 + _tag("testcase", attrs, close=True)
    yield nl1 + "</testsuite>"


def _input_suite(errs: list[dict]) -> tuple[str, dict[str, int]]:
    nl1, nl2, nl3 = "\n" + INDENT, "\n" + INDENT * 2, "\n" + INDENT * 3
    by_file: dict[str, list[dict]] = defaultdict(list)
    for e in errs:
        by_file[e["file"]].append(e)
    counts = {"tests": len(by_file), "failures": 0, "errors": len(by_file), "skipped": 0}
    out = [nl1 + _tag("testsuite", {"name": "input", **{k: str(v) for k, v in counts.items()}})]
    for file in sorted(by_file):
        text = _x("\n".join(
            f"{file}{':' + str(e['line']) if e.get('line') else ''}: "
            f"{'[' + e['field'] + '] ' if e.get('field') else ''}{e['message']}" for e in by_file[file]))
        err = _leaf("error", {"type": "input", "message": _x(f"{len(by_file[file])} input error(s)")}, text)
        out.append(nl2 + _tag("testcase", {"classname": "plancheck.input", "name": _x(file)}) + nl3 + err
                   + nl2 + "</testcase>")
    out.append(nl1 + "</testsuite>")
    return "".join(out), counts


def chunks(doc: dict) -> Iterator[str]:
    """The text of junit.xml, one suite at a time."""
    cases = _Cases(doc)
    counts = {code: cases.counts(code) for code in cases.codes}
    errs = doc.get("input_errors") or []
    inputs = _input_suite(errs) if errs else None
    totals = dict.fromkeys(COUNTS, 0)
    for c in [*counts.values(), *([inputs[1]] if inputs else [])]:
        for k in COUNTS:
            totals[k] += c[k]
    root = {"name": "plancheck", **{k: str(v) for k, v in totals.items()}}
    if not cases.codes and inputs is None:
        yield HEADER + _tag("testsuites", root, close=True) + "\n"
        return
    yield HEADER + _tag("testsuites", root)
    for code in cases.codes:
        yield from _suite(cases, code, counts[code])
    if inputs is not None:
        yield inputs[0]
    yield "\n</testsuites>\n"


def render(doc: dict, result=None) -> str:
    return "".join(chunks(doc))
