"""Shared test helpers: build plan files from the real source texts in a temporary folder."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
PLANS = ROOT / "plans"
SOURCES = PLANS / "sources"
# The corpus the tests pin figures of ("2/11", "15.46%", exactly one PC201 finding): these five
# plans, not whatever plans/ holds, so a user adding a plan to plans/ breaks no test.
CORPUS = ("huzhou-de-2021", "jiaxing-de-2021", "jiaxing-de-2021-copy", "jiaxing-ie-2016", "zhejiang-de-2021")


def corpus_files(folder: Path = PLANS) -> list[Path]:
    """The pinned corpus's plan files in `folder` (the reference folder beside them is found too)."""
    return [folder / f"{pid}.yaml" for pid in CORPUS]


def copy_corpus(dest: Path) -> Path:
    """`dest/plans` with the pinned corpus: its plan files, their source texts and the reference
    folder, laid out as in plans/. Returns `dest`."""
    import shutil

    (dest / "plans" / "sources").mkdir(parents=True, exist_ok=True)
    for pid in CORPUS:
        shutil.copy(PLANS / f"{pid}.yaml", dest / "plans" / f"{pid}.yaml")
        shutil.copy(SOURCES / f"{pid}.txt", dest / "plans" / "sources" / f"{pid}.txt")
    shutil.copytree(PLANS / "reference", dest / "plans" / "reference", dirs_exist_ok=True)
    return dest

HEADERS = {
    "jiaxing-de-2021.txt": dict(region="330400", issued={"date": "2021-12-31", "quote": "2021年12月31日"},
                                period={"start": 2021, "end": 2025, "quote": "期限为2021-2025年"}),
    "zhejiang-de-2021.txt": dict(region="330000", issued={"date": "2021-06-16", "quote": "2021年6月16日"},
                                 period={"start": 2021, "end": 2025, "quote": "规划期限为2021—2025年"}),
    "huzhou-de-2021.txt": dict(region="330500", issued={"date": "2021-12-16", "quote": "2021年12月16日"},
                               period={"start": 2021, "end": 2025, "quote": "2021—2025年"}),
}


def fact(id, indicator, value, year, quote, *, unit="亿元", role="history", place="text", **kw):
    d = {"id": id, "indicator": indicator, "name": kw.pop("name", indicator), "role": role, "place": place,
         "year": year, "unit": unit, "quote": quote}
    if value is None:
        d["na"] = "/"
    else:
        d["value"] = value
    d.update(kw)
    return d


def copy_sources(folder: Path) -> Path:
    """The real source texts copied to `folder/sources/` (plans cite files under their folder)."""
    dest = folder / "sources"
    dest.mkdir(parents=True, exist_ok=True)
    for p in SOURCES.glob("*.txt"):
        if not (dest / p.name).exists():
            shutil.copyfile(p, dest / p.name)
    return dest


def write_plan(folder: Path, plan_id: str = "test-plan", source: str | Path = "jiaxing-de-2021.txt", *,
               facts=(), growth=(), footnotes=(), header=None, title: str = "测试规划", **extra) -> Path:
    """Write a plan file that quotes a source text: a real one by name, or any file by path (with
    the Jiaxing header). A source outside `folder` is copied to `folder/sources/` (a plan may
    only cite files under its own folder). Numbers given as strings are written as YAML number
    literals exactly as given (so '225.0' keeps its zero)."""
    src = source if isinstance(source, Path) else SOURCES / source
    folder.mkdir(parents=True, exist_ok=True)
    if not src.resolve().is_relative_to(folder.resolve()):
        copy = folder / "sources" / src.name
        copy.parent.mkdir(exist_ok=True)
        if not copy.exists() or copy.read_bytes() != src.read_bytes():
            shutil.copyfile(src, copy)
        src = copy
    h = dict(HEADERS[src.name if src.name in HEADERS else "jiaxing-de-2021.txt"])
    h.update(header or {})
    doc = {
        "id": plan_id,
        "title": title,
        "issuers": ["测试"],
        "cycle": "十四五",
        "vision_year": 2035,
        **h,
        "source": {"file": src.resolve().relative_to(folder.resolve()).as_posix(), "sha256": hashlib.sha256(src.read_bytes()).hexdigest()},
        "footnotes": list(footnotes),
        "facts": list(facts),
        "growth": list(growth),
        **extra,
    }
    text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
    # numbers were given as strings to keep their literal: unquote value/rate fields
    import re

    text = re.sub(r"^(\s*-?\s*(?:value|rate)): '([0-9.]+)'$", r"\1: \2", text, flags=re.M)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{plan_id}.yaml"
    path.write_text(text, "utf-8")
    return path


@pytest.fixture
def real_corpus():
    from plancheck.engine import load_corpus

    corpus, errors = load_corpus(corpus_files(), ROOT)
    assert not errors, errors
    return corpus


def run_rule(rule_cls, folder: Path, **params):
    from plancheck.engine import load_corpus

    corpus, errors = load_corpus([folder], folder)
    assert not errors, [str(e) for e in errors]
    return list(rule_cls(params=params or None).check(corpus))
