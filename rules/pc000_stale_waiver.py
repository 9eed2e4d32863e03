from __future__ import annotations

from plancheck.findings import Evidence, Severity
from plancheck.rules.base import Rule, Scope
from plancheck.rules.messages import render


class StaleWaiver(Rule):
    """A waiver matches no finding.

    **What it does.** After every rule has run, lists each waiver in the waivers file whose
    finding id no rule produced.

    **Why is this bad?** A waiver outlives what it excused: the document was corrected, the fact
    re-encoded, or the id mistyped. Left in place it could silence a different finding later.

    **Example (fails).** `waivers.yaml` waives `PC101-0123456789`, and no finding has that id.

    **Example (passes).** Every waiver's id appears in `reports/report.json` as a waived finding.
    """

    code = "PC000"
    name = "stale-waiver"
    severity = Severity.warning
    scope = Scope.waivers
    messages = ("stale",)

    def check(self, corpus):  # its findings come from check_waivers, once the others have run
        return []

    def check_waivers(self, waivers, used, checked):
        for w in waivers.waivers:
            if w.id not in used and set(w.plans) <= checked:  # a waiver of plans not checked is not stale
                yield self.stale(w, waivers.path, waivers.lines.get(w.id), waivers.columns.get(w.id))

    def stale(self, waiver, waivers_file: str | None, line: int | None, column: int | None = None):
        values = {"waiver": waiver.id, "reason": waiver.reason_in("zh")}
        f = self.finding(
            "stale",
            plans=[],
            key=f"waiver/{waiver.id}",
            values=values,
            facts=[Evidence(plan="", file=waivers_file or "", line=line, quote=waiver.reason_in("zh"),
                               plan_file=waivers_file, plan_line=line, plan_column=column)],
        )
        # a reason in both languages: the English message says the English one
        f.message_en = render(self.code, "stale", {**values, "reason": waiver.reason_in("en")}, "en")
        return f
