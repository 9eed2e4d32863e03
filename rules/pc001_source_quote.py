from __future__ import annotations

from plancheck.findings import Severity
from plancheck.quotes import quote_problems
from plancheck.rules.base import Rule, Scope
from plancheck.rules.runrows import rows_of, tables


class SourceQuote(Rule):
    """Every fact quotes its source verbatim, and its number stands in the quote.

    **What it does.** Looks up each `quote` of a plan file (facts, growth claims, priorities,
    period, issue date, bases, footnotes) in the plan's source text, ignoring whitespace and
    full-/half-width differences only. For a fact it then checks that the value's literal as
    written (`225.0`, not `225`) stands in the quote as a number of its own, and for a text fact
    that its year does too (unless the fact says `year_implied: true`).

    **Why is this bad?** A fact that cannot be found in its document cannot be reviewed, and a
    number that is not in its quote was retyped or converted on the way into `plans/`.

    **Example (fails).** Jiaxing's history encoded as `value: 225` with the quote
    `从2015年的225.0亿元增加到2020年的506.9亿元`: the literal `225` does not stand in the quote.

    **Example (passes).** `value: 225.0` with the same quote. A table row quoted as its cells,
    `数字经济核心产业增加值 亿元 506.9 1350`, matches the flattened table in the source.

    A number found only inside a run of digits (a copied table whose cells run together, such as
    `件50008000`) is reported as information, once per table (issue 12: one cause, one finding):
    the value is there, but the quote cannot show where one cell ends. The note lists each
    row's run, the split the plan encodes and the other splits, best first by the general
    evidence of plancheck.extract.splits (a percent over 100, decimals in a count of whole
    things, the yearly factor between the year columns, written precision), and says where the
    encoded split stands among them: the best, tied with the best, or not the best-supported.
    """

    code = "PC001"
    name = "source-quote"
    severity = Severity.error
    scope = Scope.corpus
    input_check = True

    per_plan = True
    messages = ("quote-missing", "number-missing", "year-missing", "run-together")

    def check_plan(self, corpus, lp):
        facts = {f.id: f for f in lp.plan.facts}  # one index per plan: Plan.fact() scans the list
        in_run: dict[str, list[int]] = {}  # quote -> its source lines, for facts found only in a run
        for prob, lines in quote_problems(lp):
            item = facts.get(prob.item_id) if prob.item_id else None
            if prob.kind == "number-in-run" and item is not None:
                in_run.setdefault(item.quote, lines)
                continue
            path = prob.path
            ev = corpus.evidence(lp, item, quote=prob.quote, path=path)
            where = prob.item_id or ".".join(str(p) for p in path)
            yield self.finding(
                prob.kind, corpus,
                plans=[lp.plan.id],
                key=f"{lp.plan.id}/{where}/{prob.kind}",
                values={"check": prob.kind, "where": where, "detail": prob.detail, "file": lp.plan.source.file},
                facts=[ev],
            )
        yield from self._run_together(corpus, lp, in_run)

    def _run_together(self, corpus, lp, in_run: dict[str, list[int]]):
        by_quote: dict[str, list] = {}
        for f in lp.plan.facts:
            if f.quote in in_run:
                by_quote.setdefault(f.quote, []).append(f)
        for table in tables([(q, fs, in_run[q]) for q, fs in by_quote.items()]):
            rows = rows_of(table)
            items = [f for _, fs, _ in table for f in fs]
            yield self.finding(
                "run-together", corpus,
                plans=[lp.plan.id],
                key=f"{lp.plan.id}/{items[0].id}/run-together",
                values={"check": "number-in-run", "where": items[0].id, "file": lp.plan.source.file,
                        "n_facts": str(len(items)), "n_rows": str(len(rows)),
                        "n_not_best": str(sum(r["standing"] != "best" for r in rows)), "rows": rows},
                facts=[corpus.evidence(lp, fs[0]) for _, fs, _ in table],
                severity=Severity.info,
            )
