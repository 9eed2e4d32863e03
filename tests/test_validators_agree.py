"""The hot path validates plan files with pydantic only; jsonschema runs on the error path for
its wording. That is sound only if the models accept nothing the published schema refuses:
these cases (valid files, and every field set to values of the wrong type) pin the agreement."""

from __future__ import annotations

import copy
from decimal import Decimal

import pydantic
import pytest

from plancheck import loader, yamlsrc
from plancheck.models import Plan
from tests.planfactory import PLANS, corpus_files

WRONG = [None, True, 0, 2015, -1, Decimal("2015.0"), Decimal("1.5"), "2015", "yes", "", "x", "2021-12-31",
         "2021-12-31T00:00:00", 1640908800, [], {}, ["a"], {"a": 1}, "225.0", "1e3", "history", ">="]
FIELDS = [("id",), ("region",), ("issuers",), ("issued", "date"), ("period", "start"), ("cycle",), ("vision_year",),
          ("source", "sha256"), ("facts", 0, "value"), ("facts", 0, "year"), ("facts", 0, "year_implied"), ("facts", 0, "year_source"),
          ("facts", 0, "role"), ("facts", 0, "comparator"), ("facts", 0, "marks"), ("facts", 0, "since"),
          ("facts", 0, "unit"), ("growth", 0, "rate"), ("growth", 0, "start", "year"), ("growth", 0, "measure")]


def _schema_ok(data) -> bool:
    return not any(True for _ in loader._validator().iter_errors(data))


def _model_ok(data) -> bool:
    try:
        Plan.model_validate(data)
    except pydantic.ValidationError:
        return False
    return True


@pytest.fixture(scope="module")
def base():
    data, _ = yamlsrc.load((PLANS / "jiaxing-de-2021.yaml").read_text("utf-8"))
    data["facts"][0].update(year_implied=False, since=2016)
    assert _schema_ok(data) and _model_ok(data)
    return data


def test_the_corpus_is_valid_for_both():
    for p in corpus_files():
        data, _ = yamlsrc.load(p.read_text("utf-8"))
        assert _schema_ok(data) and _model_ok(data), p.name


@pytest.mark.parametrize("path", FIELDS, ids=lambda p: ".".join(map(str, p)))
def test_the_models_accept_nothing_the_schema_refuses(base, path):
    for value in WRONG:
        data = copy.deepcopy(base)
        node = data
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = value
        if _model_ok(data):
            assert _schema_ok(data), f"{path} = {value!r}: accepted by the models, refused by the schema"


def test_errors_still_carry_the_schema_wording(tmp_path):
    text = (PLANS / "jiaxing-de-2021.yaml").read_text("utf-8").replace("role: baseline", "role: basline", 1)
    path = tmp_path / "jiaxing-de-2021.yaml"
    path.write_text(text, "utf-8")
    _, errors = loader.read_plan(path)
    assert any("'basline' is not one of" in e.message for e in errors), [str(e) for e in errors]


def test_validating_twice_gives_the_same_plans(monkeypatch):
    once = loader.load_plans(corpus_files(), PLANS.parent, workers=1)
    monkeypatch.setattr(loader, "VALIDATE_TWICE", True)
    twice = loader.load_plans(corpus_files(), PLANS.parent, workers=1)
    assert [lp.plan for lp in once.plans] == [lp.plan for lp in twice.plans] and not twice.errors
