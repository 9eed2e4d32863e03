"""junit.xml, written suite by suite, is the text ElementTree writes for the tree the writer
used to build (`ET.indent(root, space="  ")`, `tostring`), byte for byte: the tree-building
writer is kept here as the reference."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET
from collections import defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st

from plancheck.report import junit
from plancheck.report.junit import CORPUS, _describe, _x
from tests.test_reports import sample_doc, sample_findings


def reference_tree(doc: dict) -> ET.Element:  # the writer before streaming, unchanged
    plan_files = {p["id"]: p["file"] for p in doc.get("plans", [])}
    plan_ids = [p["id"] for p in doc.get("plans", [])]
    names = {r["code"]: r.get("name", "") for r in doc.get("rules", [])}
    cases: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for f in doc.get("findings", []):
        for p in f["plans"] or [CORPUS]:
            cases[f["rule"]][p].append(f)
    codes = sorted(set(names) | set(cases))
    root = ET.Element("testsuites", {"name": "plancheck"})
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for code in codes:
        extra = sorted(p for p in cases.get(code, {}) if p not in plan_files and p != CORPUS)
        targets = plan_ids + extra + ([CORPUS] if CORPUS in cases.get(code, {}) else [])
        suite = ET.SubElement(root, "testsuite", {"name": _x(f"{code} {names.get(code, '')}".strip())})
        counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        for plan in targets:
            found = cases.get(code, {}).get(plan, [])
            attrs = {"classname": _x(f"plancheck.{code}"), "name": _x(plan)}
            if plan in plan_files:
                attrs["file"] = _x(plan_files[plan])
            case = ET.SubElement(suite, "testcase", attrs)
            counts["tests"] += 1
            errors = [f for f in found if not f["waived"] and f["severity"] == "error"]
            others = [f for f in found if f not in errors]
            if errors:
                counts["failures"] += 1
                fail = ET.SubElement(case, "failure", {
                    "type": "error",
                    "message": _x(f"{len(errors)} unwaived error(s): " + "; ".join(f["message"] for f in errors[:3])),
                })
                fail.text = _x("\n\n".join(_describe(f) for f in errors))
            elif found and all(f["waived"] for f in found):
                counts["skipped"] += 1
                ET.SubElement(case, "skipped", {"message": _x(f"{len(found)} waived finding(s)")})
            if others:
                out = ET.SubElement(case, "system-out")
                out.text = _x("\n\n".join(_describe(f) for f in others))
        for k, v in counts.items():
            suite.set(k, str(v))
            totals[k] += v
    errs = doc.get("input_errors") or []
    if errs:
        suite = ET.SubElement(root, "testsuite", {"name": "input"})
        by_file: dict[str, list[dict]] = defaultdict(list)
        for e in errs:
            by_file[e["file"]].append(e)
        for file in sorted(by_file):
            case = ET.SubElement(suite, "testcase", {"classname": "plancheck.input", "name": _x(file)})
            err = ET.SubElement(case, "error", {"type": "input", "message": _x(f"{len(by_file[file])} input error(s)")})
            err.text = _x("\n".join(
                f"{file}{':' + str(e['line']) if e.get('line') else ''}: "
                f"{'[' + e['field'] + '] ' if e.get('field') else ''}{e['message']}" for e in by_file[file]))
        for k, v in {"tests": len(by_file), "failures": 0, "errors": len(by_file), "skipped": 0}.items():
            suite.set(k, str(v))
            totals[k] += v
    for k, v in totals.items():
        root.set(k, str(v))
    return root


def reference(doc: dict) -> str:
    root = reference_tree(doc)
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def test_the_sample_documents_as_elementtree_writes_them():
    for lang in ("zh", "en"):
        for hostile in (False, True):
            doc = sample_doc(lang, hostile=hostile)
            assert junit.render(doc) == reference(doc)
    doc = sample_doc("en")
    assert junit.render({**doc, "input_errors": []}) == reference({**doc, "input_errors": []})
    empty = {"plans": [], "rules": [], "findings": [], "input_errors": []}
    assert junit.render(empty) == reference(empty) == '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="plancheck" tests="0" failures="0" errors="0" skipped="0" />\n'
    no_plans = {**doc, "plans": [], "findings": []}  # suites without a case: <testsuite ... />
    assert junit.render(no_plans) == reference(no_plans)


def test_a_country_of_findings_as_elementtree_writes_it():
    from bench.report_scale import synthetic

    doc = synthetic(400, 30)
    doc["input_errors"] = [{"file": f"plans/p{i % 3}.yaml", "line": i or None, "column": 1, "field": "x" if i % 2 else None,
                            "message": "bad\tvalue\r\n<&>"} for i in range(5)]
    assert junit.render(doc) == reference(doc)


text = st.text(alphabet=st.sampled_from(list('ab<>&"\'\n\r\t \x00\x1b\ufffe€«»')), max_size=12)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(text, text, st.booleans(), st.sampled_from(["error", "warning", "info"]),
                          st.sampled_from([0, 1, 2])), max_size=12), text, text)
def test_any_text_is_escaped_as_elementtree_escapes_it(rows, title, reason):
    findings = sample_findings()
    for i, (message, quote, waived, sev, plan) in enumerate(rows):
        f = findings[i % len(findings)]
        f.message_en, f.waived, f.waiver_reason = message, waived, reason
        f.plans = [["alpha-de-2021"], ["beta-de-2021", title or "x"], []][plan]
        if f.evidence:
            f.evidence[0] = dataclasses.replace(f.evidence[0], quote=quote)
        f.severity = type(f.severity)(sev)
    doc = sample_doc("en", findings=findings)
    doc["input_errors"][0]["message"] = title
    doc["plans"][0]["file"] = title
    assert junit.render(doc) == reference(doc)


def test_a_finding_about_several_plans_is_described_in_each_plan_case():
    findings = sample_findings()
    plans = [["alpha-de-2021", "beta-de-2021"], ["beta-de-2021", "beta-de-2021"], ["alpha-de-2021", "elsewhere"]]
    for i, f in enumerate(findings):
        f.plans = plans[i % len(plans)]  # each finding's text is made once and written in each of its cases
    doc = sample_doc("en", findings=findings)
    text = junit.render(doc)
    assert text == reference(doc)
    assert all(text.count(_x(_describe(f)).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
               >= len(set(f["plans"])) for f in doc["findings"])


def test_the_kept_descriptions_are_bounded_and_the_text_the_same(monkeypatch):
    """At most `limit` descriptions are kept at once (the oldest dropped, described again when
    its plan comes): the same text as keeping all of them, and as ElementTree writes it."""
    from bench.report_scale import synthetic

    doc = synthetic(400, 30)
    plans = [p["id"] for p in doc["plans"]]
    for i, f in enumerate(doc["findings"]):
        f["plans"] = [plans[i % len(plans)], plans[(i * 7 + 3) % len(plans)], plans[-1 - i % len(plans)]]
    whole = junit.render(doc)
    sizes = []
    real = junit._Described.__call__

    def tracked(self, f):
        out = real(self, f)
        sizes.append(len(self.kept))
        return out

    monkeypatch.setattr(junit._Described, "__init__", lambda self, limit=3: (setattr(self, "kept", {}), setattr(self, "limit", limit))[0])
    monkeypatch.setattr(junit._Described, "__call__", tracked)
    assert junit.render(doc) == whole == reference(doc)
    assert sizes and max(sizes) <= 3
