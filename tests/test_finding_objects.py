"""Findings and evidence as objects (issue 13: a country holds ~130,000 findings and ~300,000
pieces of evidence until the reports are written): no per-instance dict, an id computed once
and never carried over to a finding about something else, and the same after a trip through
pickle (how the rules' workers send them to the main process)."""

from __future__ import annotations

import dataclasses
import pickle

import orjson
import pytest

from plancheck.findings import Evidence, Finding, Severity


def _finding(**kw) -> Finding:
    ev = Evidence(plan="p", file="p.txt", line=3, quote="从2015年的X亿元增加到2020年的Y亿元", plan_file="plans/p.yaml",
                  plan_line=12, item="f1", plan_column=5)
    return Finding(**{"rule": "PC101", "severity": Severity.error, "plans": ["p"], "message_zh": "甲",
                      "message_en": "a", "key": "p/f1", "evidence": [ev], **kw})


def test_no_instance_dict():
    f = _finding()
    for obj in (f, f.evidence[0]):
        assert not hasattr(obj, "__dict__")
        with pytest.raises((AttributeError, TypeError)):
            obj.not_a_field = 1  # a typo'd attribute is an error, not a silent extra


def test_id_is_stable_computed_once_and_not_a_field():
    f = _finding()
    first = f.id
    assert first.startswith("PC101-") and len(first) == len("PC101-") + 10
    assert f.id is first  # computed once
    assert "_id" not in repr(f)
    assert f == _finding()  # the cached id is not compared
    other = dataclasses.replace(f, key="p/f2")
    assert other.id != first  # a copy about another subject gets its own id
    assert dataclasses.replace(f).id == first


@pytest.mark.parametrize("computed", [True, False])
def test_pickle_round_trip_keeps_every_field(computed):
    f = _finding(values={"a": "1"}, waived=True, waiver_reason="原文如此", waiver_reason_en="as published",
                 baseline_status="new")
    defaults = Finding("", Severity.info, [], "", "", "")
    # every field of the finding (and of its evidence) differs from its default, so a field the
    # pickling forgot would show
    for obj, plain in ((f, defaults), (f.evidence[0], Evidence("", "", None, ""))):
        for fl in dataclasses.fields(obj):
            if fl.init:
                assert getattr(obj, fl.name) != getattr(plain, fl.name), fl.name
    if computed:
        f.id  # noqa: B018 - the id cached before the trip
    g = pickle.loads(pickle.dumps(f, protocol=pickle.HIGHEST_PROTOCOL))
    assert g == f and g.evidence == f.evidence and g.to_json("en") == f.to_json("en")
    assert g._id == f._id and g.id == f.id
    assert all(getattr(g, fl.name) == getattr(f, fl.name) for fl in dataclasses.fields(f))


def test_a_decoded_finding_cannot_bring_its_own_id():
    """Waivers match findings by id: a findings cache entry (or any JSON decoded into findings)
    that carries `_id` must not choose it; the id is always the rule's and the key's."""
    from plancheck import cached

    body = orjson.dumps([{"rule": "PC101", "severity": "error", "plans": ["p"], "message_zh": "甲",
                          "message_en": "a", "key": "p/f1", "values": {}, "evidence": [],
                          "_id": "PC101-0000000000", "id": "PC101-0000000000"}])
    (f,) = cached.decode_findings(body)
    assert f.id == _finding().id != "PC101-0000000000"
