"""The HTML report of a large corpus: an index page and one page per plan (issue 13).

One page holds at most `htmlfindings.MAX_ARTICLES` findings (a browser opens it in about a second).
A corpus with more findings, or more than `PLANS_ONE_PAGE` plans, gets instead:

- `report.html`: the index — the counts, every plan with its counts and a link to its page, the
  counts by rule, the discrepancies first (errors, then warnings, at most `INDEX_ARTICLES`
  findings; the rest are on the plans' pages) and links to the pages of cross-plan tables;
- `report-plans/tables/NNN.html`: the cross-plan tables, `TABLES_PER_PAGE` a page, in order;
- `report-plans/<plan>.html`: each plan's page — its findings and its charts. A cross-plan finding
  is listed on the page of every plan it is about (a shared cause keeps all its members); its whole
  article (values, tolerance, quotes) is on its home plan's page (`htmlfindings.home_plan`: where
  the terminal and SARIF locate it), the other pages list its head and message with a link there.

Pages are rendered one at a time (for a large corpus in forked worker processes, a few pages
ahead of the parent) and each is written where it is rendered (`write_files`: a worker writes its
pages into the report set's staging folder, only their sha256 and size come back; the report set
never holds them all), with names from the plan ids: the same input gives the same files, byte
for byte.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from plancheck import forkpool
from plancheck.report import causes as causes_mod
from plancheck.report import html as page
from plancheck.report.bilingual import BiDict
from plancheck.report.htmlfindings import MAX_ARTICLES, anchor, home_plan, plan_keys
from plancheck.report.series import facts_by_plan, plan_trajectories

FOLDER = "report-plans"
PLANS_ONE_PAGE = 200  # more plans than this: an index and a page per plan, whatever the findings
INDEX_ARTICLES = 200  # findings shown on the index page (errors first): it opens in under 2 s at 3,000 plans
PAGES_IN_WORKERS = 64  # fewer plan pages than this: rendered here (starting workers costs more)
PAGES_A_TASK = 2  # pages a worker renders per task: with 4 tasks a worker in flight, ~16 pages held here at once
# cross-plan tables on one page of their own (report-plans/tables/NNN.html): PC202 writes one per
# parent region and indicator, 14,550 at 3,000 plans (64 MB, each with its chart) — on the index
# they made it 69 MB; 100 tables (~0.5 MB) open in well under a second
TABLES_PER_PAGE = 100
TABLES_FOLDER = f"{FOLDER}/tables"  # no plan page is in it: a plan's file name has no "/"


def split(doc: dict) -> bool:
    return len(doc.get("findings", [])) > MAX_ARTICLES or len(doc.get("plans", [])) > PLANS_ONE_PAGE


def file_name(plan_id: str) -> str:
    """The page of a plan: its id where it is a safe file name, else a readable part and a hash."""
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", plan_id).lstrip(".") or "plan"
    if safe != plan_id:
        safe = f"{safe[:60]}-{hashlib.sha256(plan_id.encode()).hexdigest()[:8]}"
    return f"{FOLDER}/{safe[:80]}.html"


def render_files(doc: dict, result=None, workers: int | None = None) -> Iterator[tuple[str, str]]:
    """(name, text) of each page of the HTML report, in order: one page, or the index and the plans'.
    The plans' pages are rendered in `workers` forked processes (default: the cores) for a large
    corpus (`plancheck.forkpool`): the same pages, in the same order, as rendered serially."""
    return _files(doc, result, workers, _page)


def write_files(out, doc: dict, result=None, workers: int | None = None) -> None:
    """The pages of `render_files` written into the report set `out` (a `reportset.SetWriter`).
    A page rendered in a worker is written there, into the set's staging folder, and only its
    sha256 and size come back (issue 13: at 3,000 plans the pages are ~750 MB of text, which
    went through a pipe to this process to be decoded, encoded and hashed again here)."""
    files = _files(doc, result, workers, _page_into, out)
    out.write(*next(files))  # the first page (the only one, or the index) is rendered here
    for name, digest, size in files:
        out.record(name, digest, size)


def _files(doc: dict, result, workers: int | None, task, out=None) -> Iterator[tuple]:
    """The first page ((name, text), rendered here), then `task(pages, item)` of every other
    page, in order (`_page`: (name, text); `_page_into`: the page written into `out`)."""
    if "causes" not in doc:
        doc = {**doc, "findings": [dict(f) for f in doc.get("findings", [])]}
        doc["causes"] = causes_mod.group(doc)
    if not split(doc):
        yield "report.html", page.render(doc, result)
        return
    lang = doc.get("lang", "zh")
    t = BiDict(lang)
    plans = doc.get("plans", [])
    names = {p["id"]: file_name(p["id"]) for p in plans}
    counts = page._counts(doc["findings"])
    rows = page.plan_rows(plans, counts, t, href=names.get)
    tables = list(getattr(result, "tables", None) or [])
    chunks = [tables[i:i + TABLES_PER_PAGE] for i in range(0, len(tables), TABLES_PER_PAGE)]
    index = page.page_context(doc, result, t, plans=plans, findings=doc["findings"], tables=[], plan_rows=rows,
                              room=INDEX_ARTICLES, charts=False, plans_more=t.fmt("split_note", n=len(plans)),
                              table_pages=_table_pages(chunks, t) if chunks else None)
    yield "report.html", page.env().get_template("report.html.j2").render(index)
    del index

    by_plan: dict[str, list[dict]] = defaultdict(list)
    for f in doc["findings"]:
        for p in sorted(set(f.get("located") or []) | set(plan_keys(f))):
            by_plan[p].append(f)
    cause_of = {}
    for c in doc.get("causes") or []:
        for m in c["members"]:
            cause_of[m] = c
    # the corpus's facts by plan once (one pass, not one per page): a plan page draws its plan's
    # series from its own facts where it is rendered (in a worker: in parallel)
    facts = facts_by_plan(getattr(result, "corpus", None))
    pages = _Pages(doc, result, t, names, by_plan, cause_of, {f["id"]: i for i, f in enumerate(doc["findings"])}, facts,
                   chunks, len(tables), len(plans), out)
    # the plans' pages, then the pages of tables (their charts cost as much): in the same workers
    items = [(False, p) for p in plans] + [(True, i) for i in range(len(chunks))]
    yield from forkpool.ordered_map(task, pages, items, workers=workers, min_items=PAGES_IN_WORKERS, chunk=PAGES_A_TASK)


def table_page(i: int) -> str:
    return f"{TABLES_FOLDER}/{i + 1:03d}.html"


def _table_pages(chunks: list[list[dict]], t: BiDict) -> dict:
    """The index's list of the pages of tables: each with its range and first and last titles."""
    pages, at = [], 0
    for i, chunk in enumerate(chunks):
        pages.append({"href": table_page(i), "label": t.fmt("tables_page", a=at + 1, b=at + len(chunk)),
                      "first": chunk[0].get("title", ""), "last": chunk[-1].get("title", "")})
        at += len(chunk)
    return {"note": t.fmt("tables_pages", n=at, p=len(chunks), k=TABLES_PER_PAGE), "pages": pages}


@dataclass(frozen=True)
class _Pages:
    """What every plan page is rendered from (inherited by forked workers, never pickled)."""

    doc: dict
    result: object
    t: BiDict
    names: dict[str, str]
    by_plan: dict[str, list[dict]]
    cause_of: dict[str, dict]
    pos: dict[str, int]
    facts: dict[str, list]  # plan id -> its facts (`series.facts_by_plan`)
    tables: list[list[dict]]  # the cross-plan tables, `TABLES_PER_PAGE` a page
    n_tables: int
    n_plans: int
    out: object = None  # the report set the pages are written into (`write_files`), or None


def _page(pages: _Pages, item: tuple[bool, object]) -> tuple[str, str]:
    """(name, text) of a plan's page (item (False, plan)) or of the `i`th page of tables ((True, i))."""
    is_tables, what = item
    if not is_tables:
        return _plan_page(pages, what)
    chunk = pages.tables[what]
    at = what * TABLES_PER_PAGE
    title = pages.t.fmt("tables_page_title", a=at + 1, b=at + len(chunk), n=pages.n_tables)
    return table_page(what), page.render_tables(pages.doc, pages.t, chunk, title, "../../report.html", pages.n_plans)


def _page_into(pages: _Pages, item: tuple[bool, object]) -> tuple[str, str, int]:
    """A page (`_page`) written into the set where it is rendered: (name, sha256, size) back."""
    name, text = _page(pages, item)
    pages.out.write(name, text)
    return name, pages.out.files[name], pages.out.sizes[name]


def _plan_page(pages: _Pages, p: dict) -> tuple[str, str]:
    """(name, text) of one plan's page: its findings, the whole of each cause they belong to, its charts."""
    doc, t = pages.doc, pages.t
    mine = pages.by_plan.get(p["id"], [])
    ids = {f["id"] for f in mine}
    causes, seen = [], set()
    for f in mine:
        c = pages.cause_of.get(f["id"])
        if c is not None and c["id"] not in seen:
            seen.add(c["id"])
            causes.append(c)
            ids.update(c["members"])
    findings = mine
    if len(ids) > len(mine):
        findings = [doc["findings"][i] for i in sorted(pages.pos[x] for x in ids)]
    view = {**doc, "findings": findings, "causes": causes}
    here = p["id"]
    corpus = getattr(pages.result, "corpus", None)
    drawn = plan_trajectories(corpus, here, pages.facts[here]) if here in pages.facts else []

    def home(f: dict) -> tuple[str, str] | None:
        """A finding homed on another plan's page: listed here, its article there (linked)."""
        h = home_plan(f)
        if h == here or h not in pages.names:
            return None
        return f"{pages.names[h][len(FOLDER) + 1:]}#{anchor('f-' + f['id'])}", h

    ctx = page.page_context(view, pages.result, t, plans=[p], findings=findings, tables=[], plan_rows=None,
                            index_link="../report.html", title=t.fmt("plan_page_title", plan=p["title"], id=p["id"]),
                            rule_href="../report.html#rule-", series={here: drawn} if drawn else {}, home=home)
    return pages.names[p["id"]], page.env().get_template("report.html.j2").render(ctx)
