"""The shortcuts taken for country-scale corpora give exactly what the plain paths give."""

from __future__ import annotations

import json

from plancheck import engine
from plancheck.report.build import dumps, stream_json
from tests.planfactory import fact, write_plan

JX = "从2015年的225.0亿元增加到2020年的506.9亿元，年均增长17.6%"


def test_streamed_json_is_the_dumped_text_whatever_the_chunk_size():
    doc = {"findings": [{"id": f"PC101-{i:010x}", "message": "“引号” <b>&", "values": {"a": [1, 2.5, None]}}
                        for i in range(50)], "summary": {"errors": 3}, "empty": {}, "none": []}
    for size in (1, 7, 100, 1 << 16):
        chunks = list(stream_json(doc, size))
        assert "".join(chunks) == dumps(doc)
        assert all(len(c) >= size for c in chunks[:-1])  # joined, not one piece per token
    assert json.loads("".join(stream_json(doc))) == doc


def test_evidence_is_memoised_per_item_and_quote(tmp_path):
    folder = write_plan(tmp_path / "plans", facts=[fact("a", "core_va", "225.0", 2015, JX),
                                                   fact("b", "core_va", "506.9", 2020, JX)]).parent
    corpus, _ = engine.load_corpus([folder])
    lp = corpus.plans[0]
    a, b = lp.plan.facts
    ev = corpus.evidence(lp, a)
    assert corpus.evidence(lp, a) is ev and ev.item == "a" and ev.line is not None
    assert corpus.evidence(lp, b).item == "b"  # another item, another evidence
    other = corpus.evidence(lp, a, quote="2015年的225.0亿元")
    assert other is not ev and other.quote == "2015年的225.0亿元"
    fresh = corpus._new_evidence(lp, a, None, ())
    assert fresh == ev and fresh is not ev


def test_streamed_sarif_is_the_rendered_text(tmp_path):
    from types import SimpleNamespace

    from bench.report_scale import synthetic
    from plancheck.report import causes, reportset, sarif, writers

    doc = synthetic(40, 3)
    doc["causes"] = causes.group(doc)
    with writers.SetWriter(tmp_path / "r", writers.REPORT_NAMES) as out:
        writers.write_format(out, "sarif", doc, SimpleNamespace(corpus=None, tables=[]))
        out.commit()
    assert reportset.read(tmp_path / "r")["report.sarif"].decode() == sarif.render(doc)
