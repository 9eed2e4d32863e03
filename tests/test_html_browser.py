"""reports/report.html in a real browser: Debian's chromium driven by Playwright, from file://.

The page must load without console errors and without a single network request, its filters and
search must change what is shown, and markup from the plan files must stay text (no dialog).
Without chromium (or playwright) these tests skip, saying why; with CI=true they fail instead.
Screenshots go to the test's tmp folder; with PLANCHECK_SCREENSHOTS=DIR they are copied to DIR
too (docs/screenshots/ is made that way: `PLANCHECK_SCREENSHOTS=docs/screenshots make test`).
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from tests.test_reports import HOSTILE, ROOT, SCRIPT, copy_plans, hostile_corpus, plancheck, sample_doc

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SHOTS = Path(os.environ["PLANCHECK_SCREENSHOTS"]) if os.environ.get("PLANCHECK_SCREENSHOTS") else None


def _why_not() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the Python package playwright is not installed (pip install -e '.[dev]')"
    if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)):
        return f"Debian's chromium is not installed at {CHROMIUM} (apt-get install chromium; .ci/run installs it when CI=true)"
    return None


@pytest.fixture(scope="module")
def browser():
    reason = _why_not()
    if reason is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true, so the browser tests must run, but {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


class Opened:
    def __init__(self, browser, path: Path, width: int = 1366, height: int = 900, media: str | None = None):
        self.context = browser.new_context(viewport={"width": width, "height": height}, service_workers="block")
        self.page = self.context.new_page()
        self.console: list[tuple[str, str]] = []
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: self.console.append((m.type, m.text)))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", self._dialog)
        # nothing may leave the machine even if the page tried: record, then refuse
        self.context.route(re.compile(r"^(?!file:|data:).*"), lambda route: route.abort())
        if media:
            self.page.emulate_media(media=media)
        self.page.goto(path.as_uri(), wait_until="load")

    def _dialog(self, d) -> None:
        self.dialogs.append(d.message)
        d.dismiss()

    def shown(self) -> list[str]:
        return self.page.eval_on_selector_all("article.finding:not([hidden])", "els => els.map(e => e.id)")

    def count_text(self) -> str:
        return self.page.locator("#f-count").inner_text()

    def assert_clean(self) -> None:
        assert [m for m in self.console if m[0] in ("error", "warning")] == []
        assert self.errors == []
        assert all(u.startswith(("file:", "data:")) for u in self.requests), self.requests
        assert self.dialogs == []

    def close(self) -> None:
        self.context.close()


def _shot(page, tmp_path: Path, name: str, **kw) -> Path:
    out = tmp_path / name
    page.screenshot(path=str(out), **kw)
    assert out.stat().st_size > 10_000
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(out, SHOTS / name)
    return out


@pytest.fixture(scope="module")
def real_reports(tmp_path_factory):
    """The real plans checked into HTML in both languages (without the slow data-quality suite)."""
    work = copy_plans(tmp_path_factory.mktemp("browser"))
    shutil.copyfile(ROOT / "waivers.yaml", work / "waivers.yaml")  # the documents' known mistakes, with reasons
    for lang in ("zh", "en"):
        r = plancheck(work, "check", "plans", "--output-dir", f"out-{lang}", "--lang", lang, "--no-quality", "--format", "json,html",
                      "--waivers", "waivers.yaml")
        assert r.returncode in (0, 1), r.stderr
    return work


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_real_report_loads_offline_without_errors(browser, real_reports, tmp_path, lang):
    page_file = real_reports / f"out-{lang}" / "report.html"
    o = Opened(browser, page_file)
    try:
        o.assert_clean()
        assert o.requests == [page_file.as_uri()]
        total = o.page.locator("article.finding").count()
        assert len(o.shown()) == total
        assert o.count_text() == ("显示 {n} / {n} 条发现" if lang == "zh" else "{n} of {n} findings shown").format(n=total)
        assert o.page.locator("svg.chart").count() > 0  # the trajectories are drawn
        assert o.page.locator("#filters").is_visible()
        _shot(o.page, tmp_path, f"report-{lang}.png")
        o.page.locator("#charts").scroll_into_view_if_needed()
        o.page.evaluate("document.getElementById('charts').scrollIntoView()")
        _shot(o.page, tmp_path, f"report-{lang}-charts.png")
        # choosing a plan hides the other plans' charts too
        plan = o.page.eval_on_selector("[data-chart-plan]", "e => e.getAttribute('data-chart-plan')")
        o.page.select_option("#f-plan", plan)
        visible = o.page.eval_on_selector_all("[data-chart-plan]:not([hidden])", "els => els.map(e => e.getAttribute('data-chart-plan'))")
        assert visible == [plan]
        assert all(plan in (o.page.get_attribute(f"#{i}", "data-plans") or "").split() for i in o.shown())
        o.assert_clean()
    finally:
        o.close()


def test_print_layout_hides_the_controls(browser, real_reports, tmp_path):
    o = Opened(browser, real_reports / "out-zh" / "report.html", media="print")
    try:
        assert not o.page.locator("#filters").is_visible()
        assert o.page.locator("#summary").is_visible()
        _shot(o.page, tmp_path, "report-zh-print.png")
        pdf = o.page.pdf(path=str(tmp_path / "report.pdf"), format="A4")
        assert pdf[:4] == b"%PDF"
        o.assert_clean()
    finally:
        o.close()


def test_filters_and_search_change_what_is_shown(browser, tmp_path):
    from plancheck.report.html import render

    doc = sample_doc("en")
    ids = {(f["rule"], tuple(f["plans"])): "f-" + f["id"] for f in doc["findings"]}
    path = tmp_path / "report.html"
    path.write_text(render(doc), "utf-8")
    o = Opened(browser, path)
    try:
        p = o.page
        o.assert_clean()
        assert len(o.shown()) == 6 and o.count_text() == "6 of 6 findings shown"
        assert p.locator("#no-match").is_hidden()

        p.uncheck("input[name=sev][value=info]")  # severity
        assert ids[("PC106", ("alpha-de-2021",))] not in o.shown() and len(o.shown()) == 5
        p.check("input[name=sev][value=info]")

        p.select_option("#f-plan", "beta-de-2021")  # plan: its own findings and the cross-plan one
        assert sorted(o.shown()) == sorted([ids[("PC001", ("beta-de-2021",))], ids[("PC101", ("beta-de-2021",))],
                                            ids[("PC103", ("alpha-de-2021", "beta-de-2021"))]])

        p.select_option("#f-rule", "PC101")  # rule, combined with the plan
        assert o.shown() == [ids[("PC101", ("beta-de-2021",))]]
        assert o.count_text() == "1 of 6 findings shown"

        p.click("#f-reset")
        assert len(o.shown()) == 6

        p.select_option("#f-waived", "1")  # waived or not
        assert o.shown() == [ids[("PC001", ("beta-de-2021",))]]
        assert p.locator("#sec-warning article.finding:not([hidden])").count() == 0
        p.select_option("#f-waived", "0")
        assert len(o.shown()) == 5
        p.select_option("#f-waived", "")

        p.select_option("#f-baseline", "new")
        assert o.shown() == [ids[("PC103", ("alpha-de-2021", "beta-de-2021"))]]
        p.select_option("#f-baseline", "")

        p.fill("#f-search", "ZZZ nowhere")  # search: messages, quotes, ids, values
        assert o.shown() == [] and p.locator("#no-match").is_visible()
        p.fill("#f-search", "va-growth")
        assert o.shown() == [ids[("PC101", ("alpha-de-2021",))]]
        p.fill("#f-search", "年均增长10%")  # a quote, in Chinese
        assert o.shown() == [ids[("PC101", ("beta-de-2021",))]]
        fid = ids[("PC106", ("alpha-de-2021",))][2:]
        p.fill("#f-search", fid.lower())  # an id, any case
        assert o.shown() == ["f-" + fid]
        p.fill("#f-search", "")
        assert len(o.shown()) == 6
        # the rule's full documentation opens
        details = p.locator("details.ruledoc").first
        details.locator("summary").click()
        assert details.get_attribute("open") is not None
        _shot(p, tmp_path, "sample-en.png", full_page=True)
        o.assert_clean()
    finally:
        o.close()


def test_hostile_strings_stay_text_and_fire_no_dialog(browser, tmp_path):
    work = hostile_corpus(tmp_path)
    r = plancheck(work, "check", "plans", "--output-dir", "reports", "--no-quality", "--format", "json,html")
    assert r.returncode == 1, r.stderr
    o = Opened(browser, work / "reports" / "report.html")
    try:
        p = o.page
        p.wait_for_timeout(300)  # time for an injected handler to fire, were there one
        assert o.dialogs == []
        assert p.evaluate("document.querySelectorAll('img').length") == 0
        assert p.evaluate("document.scripts.length") == 2
        text = p.locator("body").inner_text()
        assert SCRIPT in text and HOSTILE in text  # shown as the characters they are
        assert p.locator("svg.chart").count() >= 1  # the fact with the hostile name is drawn, its name as text
        # searching for the markup finds the findings that quote it
        p.fill("#f-search", "<script>alert(1)")
        assert len(o.shown()) >= 1
        # a sample document with markup everywhere it can carry text: still no dialog
        from plancheck.report.html import render

        path = tmp_path / "sample-hostile.html"
        path.write_text(render(sample_doc("zh", hostile=True)), "utf-8")
        o2 = Opened(browser, path)
        try:
            o2.page.wait_for_timeout(300)
            assert o2.dialogs == [] and o2.page.evaluate("document.querySelectorAll('img').length") == 0
            o2.assert_clean()
        finally:
            o2.close()
        o.assert_clean()
    finally:
        o.close()


def test_discrepancies_lead_and_the_language_switches(browser, real_reports, tmp_path):
    """The first findings on the page are the errors (waived ones with their reasons), the year
    shift of the copy is one block, infos are folded; the zh/en switch changes every label."""
    o = Opened(browser, real_reports / "out-zh" / "report.html", height=1000)
    try:
        p = o.page
        o.assert_clean()
        first = p.eval_on_selector_all(
            "article.finding", "els => els.slice(0, 5).map(e => e.closest('section.sev-section').id)")
        assert first == ["sec-error"] * 5  # the page opens on the discrepancies
        # a block under errors is an error or a cause whose worst member is one
        assert p.locator("#sec-error > article.finding:not([data-sev=error])").count() == 0
        assert p.locator("#sec-error article.finding[data-sev=error]").count() >= 1
        tops = p.eval_on_selector_all("section.sev-section", "els => els.map(e => [e.id, e.getBoundingClientRect().top])")
        assert [i for i, _ in tops] == ["sec-error", "sec-warning", "sec-info"] and tops[0][1] < tops[1][1] < tops[2][1]
        assert p.locator("section.cause").count() >= 1
        assert p.locator("#sec-info details.infos").get_attribute("open") is None  # folded
        assert not p.locator("#sec-info article.finding").first.is_visible()
        reason = p.locator("#sec-error > article.finding .reason").first
        assert reason.is_visible() and reason.inner_text().strip()
        assert p.locator("#sec-error h2").inner_text().startswith("错误")
        p.evaluate("document.getElementById('sec-error').scrollIntoView()")
        _shot(p, tmp_path, "report-zh-discrepancies.png")
        def cjk_share(text: str) -> float:
            return sum("\u4e00" <= ch <= "\u9fff" for ch in text) / max(len(text), 1)

        reason_zh = reason.inner_text()
        assert cjk_share(reason_zh) > 0.3  # the waiver's reason in Chinese on the zh page
        labels = "el => [el.getAttribute('aria-label'), el.getAttribute('placeholder')]"
        nav_zh, search_zh = p.eval_on_selector("nav.toc", labels)[0], p.eval_on_selector("#f-search", labels)[1]
        tip = "svg.chart g > title"
        tip_zh = p.eval_on_selector(tip, "e => e.textContent")
        aria_zh = p.eval_on_selector("svg.chart", "e => e.getAttribute('aria-label')")
        title_zh = p.title()
        # the labels every finding repeats are given by CSS (htmlarticle.label_css), in the page's language
        before = "e => getComputedStyle(e, '::before').content"
        assert p.eval_on_selector("#sec-error .badge.b-error", before) == '"错误"'
        assert p.eval_on_selector("#sec-error .loc .u-pf", before) == '"规划文件"'
        assert cjk_share(nav_zh) > 0.5 and cjk_share(search_zh) > 0.3 and cjk_share(title_zh) > 0.3
        p.click("#lang-switch")
        assert p.evaluate("document.documentElement.lang") == "en"
        assert p.locator("#sec-error h2").inner_text().startswith("Errors")
        # attributes, tooltips and the waiver's reason follow the switch too
        assert reason.inner_text() != reason_zh and cjk_share(reason.inner_text()) < 0.3
        nav_en, search_en = p.eval_on_selector("nav.toc", labels)[0], p.eval_on_selector("#f-search", labels)[1]
        assert nav_en != nav_zh and cjk_share(nav_en) == 0 and search_en != search_zh
        assert p.eval_on_selector(tip, "e => e.textContent") != tip_zh
        assert p.eval_on_selector("svg.chart", "e => e.getAttribute('aria-label')") != aria_zh
        assert p.title() != title_zh and cjk_share(p.title()) == 0
        assert p.eval_on_selector("#sec-error .badge.b-error", before) == '"error"'
        assert p.eval_on_selector("#sec-error .loc .u-pf", before) == '"plan file"'
        assert p.eval_on_selector("#f-rule option", "e => e.textContent") == "all rules"  # <option> text too
        assert o.count_text().endswith("findings shown")
        msg = p.locator("#sec-error article.finding .msg").first.inner_text()
        assert msg and not any("\u4e00" <= ch <= "\u9fff" for ch in msg.split("：")[0][:3])
        p.evaluate("document.getElementById('sec-error').scrollIntoView()")
        _shot(p, tmp_path, "report-en-discrepancies.png")
        p.click("#lang-switch")
        assert p.locator("#sec-error h2").inner_text().startswith("错误") and o.count_text().startswith("显示")
        assert reason.inner_text() == reason_zh and p.eval_on_selector("nav.toc", labels)[0] == nav_zh
        o.assert_clean()
    finally:
        o.close()
