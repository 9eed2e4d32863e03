"""Report languages: UI strings per language in data files, every rule with a zh summary and doc."""

from __future__ import annotations

from markupsafe import escape

from plancheck.report import html as report_html
from plancheck.report import rulesi18n, strings
from plancheck.rules import all_rules
from tests.test_reports import sample_doc


def test_every_ui_string_exists_in_every_language():
    zh, en = strings.load("zh"), strings.load("en")
    assert set(zh) == set(en)
    for section in zh:
        assert set(zh[section]) == set(en[section]), section
        assert all(str(v).strip() for v in zh[section].values()) and all(str(v).strip() for v in en[section].values())


def test_every_registered_rule_has_zh_and_en_summary_and_doc():
    """Adding a rule means adding its entry to plancheck/report/i18n/rules.zh.yaml (en is its docstring)."""
    zh = rulesi18n.zh_rules()
    missing = [r.code for r in all_rules() if not (zh.get(r.code, {}).get("summary") and zh[r.code].get("doc"))]
    assert missing == [], f"add these rules to plancheck/report/i18n/rules.zh.yaml: {missing}"
    for r in all_rules():
        assert r.summary() and r.doc(), r.code
        assert any("\u4e00" <= ch <= "\u9fff" for ch in zh[r.code]["summary"]), r.code
    assert set(zh) <= {r.code for r in all_rules()}, "entries for rules that do not exist"


def test_the_page_carries_both_languages_and_a_switch():
    page = report_html.render(sample_doc("zh"))
    assert 'id="lang-switch"' in page and 'data-ui="zh"' in page
    for f in sample_doc("zh")["findings"]:
        if f["message_zh"] != f["message_en"]:
            assert f'<span class="le" lang="en">{escape(f["message_en"])}</span>' in page
    assert rulesi18n.summary("PC101", "zh") in page and rulesi18n.summary("PC101", "en") in page
    assert strings.section("zh", "values")["stated"] in page and strings.section("en", "values")["stated"] in page
