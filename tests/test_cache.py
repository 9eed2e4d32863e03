"""The caches never serve a stale answer: plans and per-plan findings are keyed by their inputs."""

from __future__ import annotations

from plancheck import engine
from plancheck.findings import Severity
from plancheck.rules.pc101_growth_rate import GrowthRate
from tests.planfactory import fact, write_plan

JX = "从2015年的225.0亿元增加到2020年的506.9亿元，年均增长17.6%"


def _plan(folder, rate):
    facts = [fact("a", "core_va", "225.0", 2015, JX), fact("b", "core_va", "506.9", 2020, JX)]
    growth = [{"id": "g", "indicator": "core_va", "start": {"year": 2015, "fact": "a"}, "end": {"year": 2020, "fact": "b"},
               "measure": "cagr", "rate": rate, "quote": JX}]
    return write_plan(folder, facts=facts, growth=growth)


def _run(folder, cache, rule):
    return engine.run([folder], [rule], root=folder, cache_dir=cache).findings


def test_findings_follow_the_plan_not_the_cache(tmp_path):
    folder, cache = tmp_path / "plans", tmp_path / "cache"
    path = _plan(folder, "17.6")
    assert _run(folder, cache, GrowthRate()) == []
    assert any((cache / "findings").iterdir())
    path.write_text(path.read_text("utf-8").replace("rate: 17.6", "rate: 18.6"), "utf-8")
    (f,) = _run(folder, cache, GrowthRate())
    assert f.severity == Severity.error
    path.write_text(path.read_text("utf-8").replace("rate: 18.6", "rate: 17.6"), "utf-8")
    assert _run(folder, cache, GrowthRate()) == []


def test_findings_follow_the_rule_settings(tmp_path):
    folder, cache = tmp_path / "plans", tmp_path / "cache"
    path = _plan(folder, "17.6")
    path.write_text(path.read_text("utf-8").replace("rate: 17.6", "rate: 18.6"), "utf-8")
    (f,) = _run(folder, cache, GrowthRate())
    (g,) = _run(folder, cache, GrowthRate(Severity.warning))
    assert (f.severity, g.severity) == (Severity.error, Severity.warning)


def test_cached_and_fresh_runs_agree_on_the_real_corpus(tmp_path):
    from tests.planfactory import ROOT, corpus_files

    rules = engine.build_rules([r for r in engine.selected([], []) if r.code != "PC501"], {})
    fresh = engine.run(corpus_files(), rules, root=ROOT)
    engine.run(corpus_files(), rules, root=ROOT, cache_dir=tmp_path / "c")
    cached = engine.run(corpus_files(), rules, root=ROOT, cache_dir=tmp_path / "c")
    key = lambda r: [(f.id, f.severity, f.message_en, f.values, [e.to_json() for e in f.evidence]) for f in r.findings]  # noqa: E731
    assert key(fresh) == key(cached) and fresh.findings


def test_encoded_findings_are_the_json_of_the_whole_list():
    """encode_findings joins each finding's text: the same bytes as json.dumps of the list."""
    import json

    from plancheck import cached
    from plancheck.findings import Evidence, Finding, Severity

    fs = [Finding(rule="PC101", severity=Severity.error, plans=["p"], message_zh="增长「率」", message_en='a "b"',
                  key=f"k{i}", values={"n": i, "s": "é\n"}, evidence=[Evidence(plan="p", file="s.txt", line=3, quote="12%")])
          for i in range(3)]
    want = json.dumps([{"rule": f.rule, "severity": f.severity.value, "plans": f.plans, "message_zh": f.message_zh,
                        "message_en": f.message_en, "key": f.key, "values": f.values,
                        "evidence": [e.to_json() for e in f.evidence]} for f in fs],
                      ensure_ascii=False, separators=(",", ":")).encode()
    assert cached.encode_findings(fs) == want
    assert cached.encode_findings([]) == b"[]"
    assert cached.decode_findings(want)[2].key == "k2"


def test_encoded_findings_decode_to_the_same_values_or_are_not_cached():
    """orjson writes some numbers differently from json (1e16, not 1e+16): the entry must decode
    to the same values; what JSON cannot hold exactly is not cached at all."""
    from plancheck import cached
    from plancheck.findings import Evidence, Finding, Severity

    def finding(values):
        return Finding(rule="PC101", severity=Severity.warning, plans=["p", "q"], message_zh="\u2028「」\x00", message_en="\ud7ff",
                       key="k", values=values, evidence=[Evidence(plan="p", file="s.txt", line=None, quote="")])

    odd = {"f": [1e16, 1.5e-7, -0.0, 0.1, 123456789.125], "i": [-(2**63), 2**64 - 1, 0], "n": None, "b": [True, False],
           "deep": {"a": [{"b": ["c"]}]}, "": "\t\"\\"}
    (back,) = cached.decode_findings(cached.encode_findings([finding(odd)]))
    assert back.values == odd and back.message_zh == "\u2028「」\x00" and back.plans == ["p", "q"]
    for bad in ({"big": 2**64}, {"big": -(2**63) - 1}, {"nan": float("nan")}, {"t": (1, 2)}, {1: "x"}):
        assert cached.encode_findings([finding(bad)]) is None, bad
