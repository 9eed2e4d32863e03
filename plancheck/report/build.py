"""Build the report.json document (a plain dict) from an engine result."""

from __future__ import annotations

from plancheck import __version__, collector
from plancheck.engine import Result
from plancheck.report import causes, jsonstream, rulesi18n


def summary(doc: dict, result: Result) -> dict:
    """Counts of the findings; a data-quality repeat attached to an engine finding counts once."""
    counted = [f for f in doc["findings"] if not f.get("related_to")]
    live = [f for f in counted if not f["waived"]]
    return {
        "errors": sum(f["severity"] == "error" for f in live),
        "warnings": sum(f["severity"] == "warning" for f in live),
        "infos": sum(f["severity"] == "info" for f in live),
        "waived": sum(f["waived"] for f in counted),
        "waived_errors": sum(f["waived"] and f["severity"] == "error" for f in counted),
        "plans": len(result.corpus.plans),
        "input_errors": len(result.input_errors),
        "attached": len(doc["findings"]) - len(counted),
        "causes": len(doc["causes"]),
    }


def build(result: Result, lang: str = "zh", baseline: dict | None = None) -> dict:
    """The document, built with the cyclic collector paused (it is a tree of new dicts and lists:
    nothing for the collector to free, and each collection it starts while the document grows
    walks the engine result too; at 3,000 plans that was most of the build's time)."""
    with collector.paused():
        return _build(result, lang, baseline)


def _build(result: Result, lang: str, baseline: dict | None) -> dict:
    corpus = result.corpus
    evidence: dict = {}  # one dict per distinct piece of evidence (Finding.to_json)
    doc = {
        "tool": {"name": "plancheck", "version": __version__},
        "lang": lang,
        "summary": {},
        "plans": [
            {
                "id": lp.plan.id,
                "title": lp.plan.title,
                "region": lp.plan.region,
                "file": corpus.display(lp),
                "source": lp.plan.source.file,
                "facts": len(lp.plan.facts),
                "growth": len(lp.plan.growth),
                "edition_of": lp.plan.edition_of,
            }
            for lp in corpus.plans
        ],
        "rules": [
            {"code": r.code, "name": r.name, "severity": r.effective_severity.value, "scope": r.scope.value,
             "summary": rulesi18n.summary(r.code, lang, r.summary())}
            for r in result.rules
        ],
        "input_errors": [
            {"file": e.file, "line": e.line, "column": e.column, "field": e.field, "message": e.message}
            for e in result.input_errors
        ],
        "findings": [f.to_json(lang, evidence) for f in result.findings],
    }
    copies = {p["id"] for p in doc["plans"] if p["edition_of"]}
    homes = [causes.home_plans(f, copies) for f in doc["findings"]]
    for f, home in zip(doc["findings"], homes, strict=True):
        f["located"] = home
    doc["causes"] = causes.group(doc, homes)
    doc["summary"] = summary(doc, result)
    if baseline is not None:
        old = {f["id"] for f in baseline.get("findings", [])}
        new_ids = {f.id for f in result.findings}
        for f in doc["findings"]:
            f["baseline_status"] = "unchanged" if f["id"] in old else "new"
        doc["summary"]["new"] = sum(f["baseline_status"] == "new" and not f["waived"] and not f.get("related_to")
                                    for f in doc["findings"])
        doc["summary"]["fixed"] = len(old - new_ids)
    return doc


def dumps(doc: dict) -> str:
    """The text of report.json: its skeleton indented, each plan, rule, finding and cause compact
    on its own line (`plancheck.report.jsonstream`)."""
    return jsonstream.dumps(doc)


def stream_json(doc: dict, size: int = 1 << 16):
    """The same text as `dumps(doc)`, in chunks of about `size` characters (at least `size` but
    the last), never held whole."""
    return jsonstream.chunks(doc, size)


def stream_json_bytes(doc: dict, size: int = 1 << 16):
    """`stream_json` in UTF-8, in chunks of at least `size` bytes: what report.json is written from."""
    return jsonstream.byte_chunks(doc, size)
