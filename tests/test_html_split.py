"""The HTML report at scale (issue 13): an index page and one page per plan, deterministic, and
every attribute and SVG label in both languages (issue 11)."""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

from markupsafe import escape

from plancheck.report import htmlarticle, htmlsplit, reportset, strings, writers
from plancheck.report.htmlfindings import MAX_ARTICLES, home_plan
from tests.test_reports import sample_doc

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from report_scale import synthetic  # noqa: E402


class _Tags(HTMLParser):
    """Every start tag with its attributes, and the text of <title> elements."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _tags(page: str) -> list[tuple[str, dict]]:
    p = _Tags()
    p.feed(page)
    return p.tags


def _write(doc: dict, out: Path) -> dict[str, bytes]:
    with writers.SetWriter(out, writers.REPORT_NAMES) as w:
        writers.write_format(w, "html", doc, SimpleNamespace(corpus=None, tables=[]))
        w.commit()
    return reportset.read(out)


def test_a_small_corpus_is_one_page():
    doc = sample_doc("zh")
    assert not htmlsplit.split(doc)
    assert [name for name, _ in htmlsplit.render_files(doc)] == ["report.html"]


def test_a_large_corpus_is_an_index_and_a_page_per_plan_written_the_same_twice(tmp_path):
    doc = synthetic(3 * MAX_ARTICLES, 120)
    files = _write(doc, tmp_path / "a")
    assert files == _write(synthetic(3 * MAX_ARTICLES, 120), tmp_path / "b")  # same input, same bytes
    pages = {n for n in files if n.endswith(".html")}
    assert pages == {"report.html"} | {f"report-plans/{p['id']}.html" for p in doc["plans"]}
    index = files["report.html"].decode()
    # the index links each plan's page; those files exist; it lists at most INDEX_ARTICLES findings
    links = set(re.findall(r'href="(report-plans/[^"]+)"', index))
    assert links == pages - {"report.html"}
    assert index.count("<article ") <= htmlsplit.INDEX_ARTICLES
    first = re.search(r'<article [^>]*data-sev="(\w+)"', index).group(1)
    assert first == "error"  # the discrepancies lead
    # every finding is on the page of each plan it is about, once; each page fits a browser
    seen: dict[str, set[str]] = {}
    for name in pages - {"report.html"}:
        page = files[name].decode()
        ids = re.findall(r'<article [^>]*id="f-([^"]+)"', page)
        assert len(ids) == len(set(ids)) <= MAX_ARTICLES
        assert 'href="../report.html"' in page and 'href="../report.html#rule-' in page
        seen[name] = set(ids)
    for f in doc["findings"]:
        for p in f["plans"]:
            assert f["id"] in seen[f"report-plans/{p}.html"], (f["id"], p)


def test_plan_ids_that_are_not_file_names_get_safe_distinct_names():
    a, b = htmlsplit.file_name("a/../b"), htmlsplit.file_name("a_.._b")
    assert a != b and a.startswith("report-plans/") and "/.." not in a and a.count("/") == 1
    assert htmlsplit.file_name("..").startswith("report-plans/plan-")
    assert htmlsplit.file_name("jiaxing-de-2021") == "report-plans/jiaxing-de-2021.html"


def test_attributes_hold_text_only_and_carry_both_languages():
    """No attribute holds markup; every tooltip, aria-label and placeholder that differs between the
    languages carries both forms for the switch; so do the <option> and <title> texts."""
    for lang in ("zh", "en"):
        page = htmlsplit.page.render(sample_doc(lang))
        tags = _tags(page)
        assert all("<" not in (v or "") for _, attrs in tags for v in attrs.values())
        translated = [(t, a) for t, a in tags if "data-i18n" in a]
        assert translated
        for tag, attrs in translated:
            for name in attrs["data-i18n"].split():
                zh, en = attrs[f"data-zh-{name}"], attrs[f"data-en-{name}"]
                assert zh != en
                if name != "text":
                    assert attrs[name] == (zh if lang == "zh" else en), (tag, name)
        names = {n for _, a in translated for n in a["data-i18n"].split()}
        assert {"aria-label", "placeholder", "text"} <= names, names
        # the UI's own labels: every aria-label, placeholder and title of the page is translated,
        # except values that read the same in both languages (codes, ids)
        for tag, attrs in tags:
            for name in ("aria-label", "placeholder"):
                if name in attrs and re.search(r"[\u4e00-\u9fff]", attrs[name] or "") and lang == "zh":
                    assert name in attrs.get("data-i18n", "").split(), (tag, attrs)


def test_the_cross_plan_tables_of_a_split_report_are_pages_of_their_own_linked_from_the_index():
    doc = synthetic(3 * MAX_ARTICLES, 120)
    n = 2 * htmlsplit.TABLES_PER_PAGE + 3
    tables = [{"title": f"table {i:04d}: 省{i} / 下级地区", "columns": ["地区 region", "值 value"],
               "rows": [{"地区 region": f"r{i}", "值 value": str(i)}], "notes": []} for i in range(n)]
    files = dict(htmlsplit.render_files(doc, SimpleNamespace(corpus=None, tables=tables), workers=1))
    names = [htmlsplit.table_page(i) for i in range(3)]
    assert [x for x in files if x.startswith(htmlsplit.TABLES_FOLDER)] == names
    index = files["report.html"]
    assert 'class="xtable"' not in index  # the index links the tables, it does not hold them
    assert [f'href="{x}"' in index for x in names] == [True] * 3
    held = [re.findall(r'<h3>(table \d+)', files[x]) for x in names]
    assert [len(h) for h in held] == [htmlsplit.TABLES_PER_PAGE, htmlsplit.TABLES_PER_PAGE, 3]
    assert sum(held, []) == [f"table {i:04d}" for i in range(n)]  # every table once, in order
    for x in names:  # each page switches language and links back to the index
        assert 'id="lang-switch"' in files[x] and 'href="../../report.html"' in files[x]
        assert "<script>" in files[x] and "script-src 'sha256-" in files[x]


def _cross_plan(doc: dict, n: int) -> list[tuple[dict, str]]:
    """Make `n` of the synthetic findings cross-plan: each also names another plan, whose evidence
    comes first (so that plan is its home)."""
    out, plans = [], [p["id"] for p in doc["plans"]]
    for i, f in enumerate(doc["findings"][:n]):
        other = plans[(i * 7 + 3) % len(plans)]
        if other in f["plans"]:
            continue
        first = {**f["evidence"][0], "plan": other, "plan_file": f"plans/{other}.yaml"}
        f["plans"] = f["located"] = sorted([*f["plans"], other])
        f["evidence"] = [first, *f["evidence"]]
        out.append((f, other))
    return out


def test_a_cross_plan_finding_is_whole_on_its_home_page_and_listed_with_a_link_on_the_others():
    doc = synthetic(3 * MAX_ARTICLES, 120)
    cross = _cross_plan(doc, 400)
    assert len(cross) > 300
    files = dict(htmlsplit.render_files(doc, SimpleNamespace(corpus=None, tables=[]), workers=1))
    whole: dict[str, list[tuple[str, str]]] = defaultdict(list)
    refs: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for name, page in files.items():
        if name == "report.html":
            continue
        assert 'id="lang-switch"' in page and htmlarticle.label_css() in page  # every page switches language
        for m in re.finditer(r'<article class="([^"]*)" id="f-([^"]+)"[^>]*>(.*?)</article>', page, re.S):
            (refs if m.group(1).endswith(" ref") else whole)[m.group(2)].append((name, m.group(3)))
    for f in doc["findings"]:  # every finding: its whole article once, on its home plan's page
        home = htmlsplit.file_name(home_plan(f))
        assert [n for n, _ in whole[f["id"]]] == [home], f["id"]
        body = whole[f["id"]][0][1]
        assert '<table class="values"' in body and "<blockquote>" in body and 'class="v tol"' in body
    for f, other in cross:  # ... and on each other page it names, its message and a link to it
        assert home_plan(f) == other
        named = sorted(htmlsplit.file_name(p) for p in f["plans"] if p != other)
        assert sorted(n for n, _ in refs[f["id"]]) == named
        for _, body in refs[f["id"]]:
            assert f'href="{other}.html#f-{f["id"]}"' in body and escape(f["message_en"]) in body
            assert "<blockquote>" not in body
    assert set(refs) <= {f["id"] for f, _ in cross}


def test_the_labels_given_by_css_read_in_both_languages():
    css = htmlarticle.label_css()
    zh, en = strings.section("zh", "html"), strings.section("en", "html")
    for cls, key in htmlarticle.LABELS:
        assert f".{cls}::before{{content:" in css
        assert (f"html[data-ui=en] .{cls}::before" in css) == (zh[key] != en[key]), cls
    assert '"规划文件"' in css and '"plan file"' in css
    # a text cannot end the string or the <style>: quotes, backslashes and brackets are escapes
    assert htmlarticle._css_text('a"</style>\\') == '"a\\22 \\3c \\2f style\\3e \\5c "'
