"""A waiver's reason in both report languages (`reason: {zh: ..., en: ...}`); one text stays valid."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from plancheck.cli import main
from plancheck.waivers import load
from tests.planfactory import ROOT
from tests.test_cli import _bad_growth_plan

ZH = "已发布的规划写作18.6%，按起止数值计算为17.6%；已告知起草方"
EN = "the published plan prints 18.6%; the endpoints give 17.6%; reported to the drafters"


def _run(folder: Path, out: Path, waivers: Path, lang: str) -> tuple[int, dict, str, str]:
    rc = main(["check", str(folder), "--output-dir", str(out), "--format", "json,md,html,sarif,junit", "--no-quality",
               "-q", "--select", "PC000,PC101", "--waivers", str(waivers), "--lang", lang])
    doc = json.loads((out / "report.json").read_text("utf-8"))
    return rc, doc, (out / "report.md").read_text("utf-8"), (out / "report.html").read_text("utf-8")


def _waiver_file(tmp_path: Path, folder: Path, reason: str) -> tuple[Path, str]:
    rc = main(["check", str(folder), "--output-dir", str(tmp_path / "r0"), "--format", "json", "--no-quality", "-q",
               "--select", "PC101"])
    assert rc == 1
    (f,) = json.loads((tmp_path / "r0" / "report.json").read_text("utf-8"))["findings"]
    w = tmp_path / "waivers.yaml"
    w.write_text(f"waivers:\n  - id: {f['id']}\n    reason:{reason}\n    date: 2026-11-23\n", "utf-8")
    return w, f["id"]


def test_each_report_shows_the_reason_in_its_language_and_the_page_carries_both(tmp_path):
    folder = _bad_growth_plan(tmp_path / "plans")
    w, fid = _waiver_file(tmp_path, folder, f'\n      zh: "{ZH}"\n      en: "{EN}"')
    for lang, mine, other in (("zh", ZH, EN), ("en", EN, ZH)):
        rc, doc, md, html = _run(folder, tmp_path / lang, w, lang)
        assert rc == 0
        (f,) = [x for x in doc["findings"] if x["id"] == fid]
        assert f["waived"] and f["waiver_reason"] == mine
        assert (f["waiver_reason_zh"], f["waiver_reason_en"]) == (ZH, EN)
        assert mine in md and other not in md  # the Markdown report: its own language only
        assert mine in html and other in html  # the page: both, for its language switch
        sarif = json.loads((tmp_path / lang / "report.sarif").read_text("utf-8"))
        (res,) = sarif["runs"][0]["results"]
        assert res["suppressions"][0]["justification"] == mine
        assert mine in (tmp_path / lang / "junit.xml").read_text("utf-8")


def test_a_one_language_reason_is_still_valid_and_reads_the_same_in_both(tmp_path):
    folder = _bad_growth_plan(tmp_path / "plans")
    w, fid = _waiver_file(tmp_path, folder, f' "{EN}"')
    for lang in ("zh", "en"):
        rc, doc, md, _ = _run(folder, tmp_path / lang, w, lang)
        (f,) = [x for x in doc["findings"] if x["id"] == fid]
        assert rc == 0 and f["waiver_reason"] == f["waiver_reason_zh"] == f["waiver_reason_en"] == EN
        assert EN in md


def test_a_stale_bilingual_waiver_says_its_reason_in_the_message_language(tmp_path):
    folder = _bad_growth_plan(tmp_path / "plans")
    w = tmp_path / "waivers.yaml"
    w.write_text(f'waivers:\n  - id: PC101-0000000000\n    reason:\n      zh: "{ZH}"\n      en: "{EN}"\n    date: 2026-11-23\n',
                 "utf-8")
    rc, doc, _, _ = _run(folder, tmp_path / "r", w, "en")
    (stale,) = [x for x in doc["findings"] if x["rule"] == "PC000"]
    assert ZH in stale["message_zh"] and EN in stale["message_en"] and EN not in stale["message_zh"]
    assert stale["evidence"][0]["plan_line"] == 2 and stale["evidence"][0]["plan_column"] == 5


def test_bad_reasons_are_input_errors_naming_the_field(tmp_path):
    cases = {
        'reason: "short"': "reason",
        'reason:\n      zh: "已告知起草方，印刷错误"': "reason",  # English missing
        f'reason:\n      zh: "{ZH}"\n      en: "{EN}"\n      fr: "la raison, en français"': "reason",
        'reason:\n      zh: "短"\n      en: "the published plan is wrong"': "reason",
    }
    for i, (text, field) in enumerate(cases.items()):
        p = tmp_path / f"w{i}.yaml"
        p.write_text(f"waivers:\n  - id: PC101-0123456789\n    {text}\n    date: 2026-11-23\n", "utf-8")
        loaded, errors = load(p)
        assert loaded.waivers == [] and errors, text
        assert all(field in e.field and e.line and e.line >= 3 for e in errors), (text, errors)


def test_every_waiver_of_the_repository_has_both_languages():
    data = yaml.safe_load((ROOT / "waivers.yaml").read_text("utf-8"))
    loaded, errors = load(ROOT / "waivers.yaml")
    assert errors == [] and len(loaded.waivers) == len(data["waivers"]) > 0
    for w in loaded.waivers:
        zh, en = w.reason_in("zh"), w.reason_in("en")
        assert zh != en and any("\u4e00" <= ch <= "\u9fff" for ch in zh), w.id
        assert sum("\u4e00" <= ch <= "\u9fff" for ch in zh) > len(zh) / 3, w.id  # written in Chinese, not quoted English
