"""Reports of a large corpus rendered in forked workers are the serial reports, byte for byte
(issue 13): the plan pages of the split HTML report, on the real corpus and on a synthetic country."""

from __future__ import annotations

import pytest

from plancheck import engine, forkpool
from plancheck.report import html, htmlsplit
from plancheck.report.build import build
from tests.planfactory import ROOT

pytestmark = pytest.mark.skipif(not forkpool.can_fork(), reason="forked workers need fork (POSIX)")


def _result(folder, root):
    rules = engine.build_rules(engine.selected([], ["PC501"]), {})  # the suite: tests/test_quality.py
    return engine.run([folder], rules, root=root)


@pytest.fixture(scope="module")
def country(tmp_path_factory):
    from bench.corpus import build as build_country

    folder = tmp_path_factory.mktemp("country") / "plans"
    shape = build_country(folder, 24, counties=0)  # 2 provinces, 22 prefectures
    assert shape["provinces"] == 2
    return _result(folder, folder.parent)


@pytest.fixture(scope="module")
def real():
    return _result(ROOT / "plans", ROOT)


def _pages(result, monkeypatch, workers):
    monkeypatch.setattr(htmlsplit, "PLANS_ONE_PAGE", 1)  # split even five plans
    monkeypatch.setattr(htmlsplit, "PAGES_IN_WORKERS", 2)
    return list(htmlsplit.render_files(build(result), result, workers=workers))


@pytest.mark.parametrize("which", ["real", "country"])
def test_plan_pages_from_workers_are_the_serial_pages_in_order(which, request, monkeypatch):
    result = request.getfixturevalue(which)
    serial = _pages(result, monkeypatch, workers=1)
    tables = [htmlsplit.table_page(i) for i in range(-(-len(result.tables) // htmlsplit.TABLES_PER_PAGE))]
    assert [n for n, _ in serial] == ["report.html"] + [htmlsplit.file_name(lp.plan.id) for lp in result.corpus.plans] + tables
    assert any("<svg" in text for _, text in serial[1:])  # the pages draw charts: the series are used
    assert _pages(result, monkeypatch, workers=2) == serial


def test_charts_of_a_plan_from_the_shared_series_are_the_charts_computed_for_it(real):
    from plancheck.report.bilingual import BiDict
    from plancheck.report.series import trajectories

    plans = build(real)["plans"]
    every = trajectories(real.corpus)
    t = BiDict("zh")
    for p in plans:
        assert html._charts([p], t, real.corpus, {p["id"]}, every) == html._charts([p], t, real.corpus, {p["id"]})


def test_an_error_in_a_worker_is_raised_in_the_caller():
    with pytest.raises(ZeroDivisionError):
        list(forkpool.ordered_map(_divide, 0, range(50), workers=2, min_items=2, chunk=3))
    assert list(forkpool.ordered_map(_divide, 1, range(1, 50), workers=2, min_items=2, chunk=3)) == \
        [1 / i for i in range(1, 50)]


def _divide(state, i):
    return i / state if state == 0 else state / i


@pytest.mark.parametrize("workers", [1, 2])
def test_pages_written_where_they_are_rendered_are_the_rendered_pages_and_their_digests(country, monkeypatch,
                                                                                         tmp_path, workers):
    import hashlib

    from plancheck.report.reportset import SetWriter

    pages = dict(_pages(country, monkeypatch, workers=1))
    with SetWriter(tmp_path / "out", {"report.html", "report-plans"}) as out:
        htmlsplit.write_files(out, build(country), country, workers=workers)
        staging = out.staging
        written = {name: (staging / name).read_bytes() for name in out.files}
        assert written == {name: text.encode() for name, text in pages.items()}
        assert out.files == {name: hashlib.sha256(data).hexdigest() for name, data in written.items()}
        assert out.sizes == {name: len(data) for name, data in written.items()}
        out.commit()
    assert sorted(p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*.html")) == sorted(pages)


def test_a_page_a_worker_cannot_write_is_the_output_error_of_the_set(country, monkeypatch, tmp_path):
    from plancheck.report.reportset import OutputError, SetWriter

    monkeypatch.setattr(htmlsplit, "PLANS_ONE_PAGE", 1)
    monkeypatch.setattr(htmlsplit, "PAGES_IN_WORKERS", 2)
    with pytest.raises(OutputError, match="writing report-plans/"), \
            SetWriter(tmp_path / "out", {"report.html", "report-plans"}) as out:
        (out.staging / "report-plans").write_text("a file where the pages' folder goes")
        htmlsplit.write_files(out, build(country), country, workers=2)
    assert not (tmp_path / "out").exists()  # the set was abandoned: nothing switched into place
