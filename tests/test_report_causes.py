"""Report order and grouping (issue 11): discrepancies first, one cause shown once, data-quality
repeats attached to the engine finding they repeat and not counted twice."""

from __future__ import annotations

import json

import pytest

from plancheck.report import causes, markdown
from tests.test_reports import copy_plans, plancheck, sample_doc


def _f(fid, rule, sev, plans, items, values=None, waived=False, reason=None):
    return {"id": fid, "rule": rule, "severity": sev, "plans": plans, "message": f"{rule} {fid}",
            "message_zh": f"{rule} {fid}", "message_en": f"{rule} {fid}", "values": values or {},
            "evidence": [{"plan": p, "file": f"sources/{p}.txt", "line": 1, "quote": "q", "plan_file": f"plans/{p}.yaml",
                          "plan_line": 1, "item": it} for p, it in items],
            "waived": waived, **({"waiver_reason": reason} if waived else {})}


def synthetic_doc() -> dict:
    off, cp = "city-2021", "city-2021-copy"
    fs = [
        _f("PC401-0000000001", "PC401", "warning", [off, cp], [(off, "a-2020"), (cp, "a-2020"), (off, "b-2020"), (cp, "b-2020")],
           {"field": "year", "change": "3", "replacements": "2020->2023: 2", "count": "2", "items": "a-2020,b-2020"}),
        _f("PC401-0000000002", "PC401", "warning", [off, cp], [(off, "a-2020"), (cp, "a-2020")], {"year": "2020 -> 2023"}),
        _f("PC104-0000000003", "PC104", "error", [cp], [(cp, "a-2020")], {"data_year": "2023"}, waived=True, reason="copy error"),
        _f("PC104-0000000004", "PC104", "error", [cp], [(cp, "b-2020")], {"data_year": "2023"}),
        _f("PC501-0000000005", "PC501", "warning", [cp], [(cp, "a-2020")], {"family": "years", "year": 2023}),
        _f("PC001-0000000006", "PC001", "info", [cp], [(cp, "a-2020")], {"check": "number-in-run"}),  # another cause
        _f("PC105-0000000007", "PC105", "error", [cp], [(cp, "s-2015")], {"stated": "198%"}),
        _f("PC401-0000000008", "PC401", "warning", [off, cp], [(off, "s-2015"), (cp, "s-2015")], {"value": "11.98 -> 198"}),
        _f("PC501-0000000009", "PC501", "warning", [cp], [(cp, "s-2015")], {"family": "bounds"}),
        # the official plan's own misprint shares an item with the edition diff only in the official file
        _f("PC101-000000000a", "PC101", "error", [off], [(off, "g"), (off, "a-2020")], {"stated": "16.6%"}, waived=True, reason="misprint"),
        _f("PC106-000000000b", "PC106", "info", [off], [(off, "t-2025")], {"required": "5%"}),
    ]
    return {"lang": "en", "plans": [{"id": off, "edition_of": None}, {"id": cp, "edition_of": off}], "findings": fs}


def test_year_shift_groups_its_consequences_and_nothing_else():
    doc = synthetic_doc()
    cs = causes.group(doc)
    by = {c["kind"]: c for c in cs}
    shift = by["year-shift"]
    assert shift["lead"] == "PC401-0000000001" and shift["plans"] == ["city-2021-copy"]
    assert set(shift["members"]) == {"PC401-0000000001", "PC401-0000000002", "PC104-0000000003", "PC104-0000000004"}
    assert shift["severity"] == "error" and shift["waived"] is False  # one of its errors is not waived
    f = {x["id"]: x for x in doc["findings"]}
    assert f["PC001-0000000006"].get("cause") is None  # same item, not about the shifted year
    assert f["PC101-000000000a"].get("cause") is None  # the official plan's own mistake stays apart


def test_same_fact_by_two_rules_and_quality_repeats_are_attached():
    doc = synthetic_doc()
    cs = causes.group(doc)
    same = next(c for c in cs if c["kind"] == "same-fact")
    assert set(same["members"]) == {"PC105-0000000007", "PC401-0000000008"} and same["items"] == ["s-2015"]
    f = {x["id"]: x for x in doc["findings"]}
    assert f["PC501-0000000005"]["related_to"] == "PC104-0000000003"
    assert f["PC501-0000000009"]["related_to"] == "PC105-0000000007"
    assert f["PC104-0000000003"]["related"] == ["PC501-0000000005"]


def test_blocks_lead_with_errors_and_show_each_cause_once():
    doc = synthetic_doc()
    doc["causes"] = causes.group(doc)
    bl = causes.blocks(doc)
    assert [b["severity"] for b in bl] == sorted((b["severity"] for b in bl), key=causes.SEV_RANK.get)
    assert bl[0]["cause"] is not None and bl[0]["cause"]["kind"] == "year-shift"  # unwaived error cause first
    shown = [f["id"] for b in bl for f in b["findings"]]
    assert len(shown) == len(set(shown))  # each finding once
    assert "PC501-0000000005" not in shown  # attached, listed under the finding it repeats
    waived_err = next(i for i, b in enumerate(bl) if b["findings"][0]["id"] == "PC101-000000000a")
    first_warning = next((i for i, b in enumerate(bl) if b["severity"] == "warning"), len(bl))
    assert waived_err < first_warning  # a waived error is a discrepancy, before every warning


@pytest.fixture(scope="module")
def real_doc(tmp_path_factory):
    work = copy_plans(tmp_path_factory.mktemp("causes"))
    r = plancheck(work, "check", "plans", "--output-dir", "out", "--format", "json,md")
    assert r.returncode in (0, 1), r.stderr
    return work, json.loads((work / "out" / "report.json").read_text("utf-8"))


def test_real_corpus_year_shift_of_the_copy_is_one_cause_and_repeats_are_not_counted(real_doc):
    work, doc = real_doc
    copies = {p["id"] for p in doc["plans"] if p["edition_of"]}
    shifts = [c for c in doc["causes"] if c["kind"] == "year-shift"]
    assert len(shifts) == 1 and set(shifts[0]["plans"]) <= copies
    assert len(shifts[0]["members"]) >= 30 and {"PC111", "PC401"} <= set(shifts[0]["rules"])
    s = doc["summary"]
    attached = [f for f in doc["findings"] if f.get("related_to")]
    assert attached and all(f["rule"] == "PC501" for f in attached) and s["attached"] == len(attached)
    counted = [f for f in doc["findings"] if not f.get("related_to")]
    assert s["warnings"] == sum(f["severity"] == "warning" and not f["waived"] for f in counted)
    # an edition difference is located in the copy, never in the official plan
    assert all(f["located"] == sorted(copies & set(f["plans"])) for f in doc["findings"] if f["rule"] == "PC401")
    md = (work / "out" / "report.md").read_text("utf-8")
    errors_at, warnings_at, infos_at = (md.index("\n## " + markdown.T("zh")[k]) for k in ("sec_error", "sec_warning", "sec_info"))
    assert errors_at < warnings_at < infos_at
    assert md.count(shifts[0]["lead"]) == 1  # the cause is written once
    assert "<details>" in md[infos_at:]  # infos folded


def test_markdown_of_an_old_document_without_causes_still_groups():
    md = markdown.render(sample_doc("en"))
    assert md.index("## Errors") < md.index("## Warnings") < md.index("## Infos")
    assert "The published plan misprints it" in md.split("## Warnings")[0]  # waived error with its reason, up front


def test_the_lookups_kept_for_a_document_are_dropped_when_its_set_is_written(tmp_path):
    """The plan order and the index of findings are kept for the last document; once the report
    set is written they are dropped, so the document is freed when its caller drops it."""
    import sys

    from plancheck import engine
    from plancheck.report import writers
    from tests.planfactory import ROOT

    doc = synthetic_doc()
    doc["causes"] = causes.group(doc)
    assert any(causes.attached(doc, f) for f in doc["findings"]) and causes.blocks(doc)
    assert causes._INDEX[0] is doc["findings"] and causes._ORDER[0] is doc["plans"]
    result = engine.run([ROOT / "plans"], engine.build_rules(engine.selected([], ["PC501"]), {}), root=ROOT)
    written = writers.write(result, tmp_path / "reports", ["json", "md", "html"], "en")
    findings, plans = written["findings"], written["plans"]
    del written, doc
    assert causes._INDEX[0] is None and causes._ORDER[0] is None
    assert sys.getrefcount(findings) == 2 and sys.getrefcount(plans) == 2  # these names and the call's own
